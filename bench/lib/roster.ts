/**
 * The roster of the performance issue's side-by-side measurement: 200 partnerships × 100 owners
 * = 20,000 weekly commitments (one per owner), the owners in New York, London, Kolkata and Sydney
 * (5,000 each, 25 of each in every partnership), every check-in on Monday at 09:30 local.
 *
 * Four weeks of history lie behind it, written as rows (every Monday slot prompted: about 60 %
 * answered with a check-in, 35 % sent, reminded and unanswered, 5 % skipped while away), then
 * settled by the app's own ticks (sending stubbed) at `LAST_TICK`, Sunday 29 November 2026 21:58
 * and 21:59 UTC, as the app would have left it: reminders sent, silent owners escalated, each
 * partnership's digest posted, every commitment's next look (`plan_at`) at its Monday slot.
 *
 * The app then stops ticking until `DUE_AT`, Monday 14:30 UTC, New York's 09:30 (the process was
 * down, or a deploy held the scheduler): the first tick there finds every owner's Monday slot due
 * at once (Sydney's since 22:30 UTC the day before, Kolkata's since 04:00, London's since 09:30),
 * the 20,000-prompt case. A tick at `NOTHING_DUE` (Sunday 22:00 UTC, before Sydney's Monday) has
 * nothing to do.
 *
 * Written fresh in the bench's scratch folder (a few seconds); benches copy it per case.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { openDatabase } from "../../src/db/index.js";
import { type CadenceSpec, digestSlot, nextSlot, type Slot } from "../../src/domain/schedule.js";
import { SECTORS } from "../../src/domain/types.js";
import { dmChannelId } from "../../src/emulator/index.js";
import { rowWriters, settle } from "./history.js";
import { seededRandom } from "./random.js";

export const ROSTER_ZONES = [
  "America/New_York",
  "Europe/London",
  "Asia/Kolkata",
  "Australia/Sydney",
] as const;
export const ROSTER_LOCAL_TIME = "09:30";
/** Before Sydney's Monday slot: nothing due. */
export const NOTHING_DUE = Date.parse("2026-11-29T22:00:00Z");
/** New York's Monday 09:30: every owner's Monday slot has come. */
export const DUE_AT = Date.parse("2026-11-30T14:30:00Z");
/** The settling ticks run at these instants, the last before the app stops ticking. */
const LAST_TICKS = [NOTHING_DUE - 120_000, NOTHING_DUE - 60_000];
const STARTED_AT = Date.parse("2026-11-01T00:00:00Z");
const HISTORY_WEEKS = 4;
/** Who set the roster's partnerships and commitments up (a user id no member has). */
const CREATED_BY = "UR0000000";

export interface RosterShape {
  readonly partnerships: number;
  /** Owners per partnership, one commitment each, spread evenly over the four zones. */
  readonly ownersPerPartnership: number;
}

export const ROSTER: RosterShape = { partnerships: 200, ownersPerPartnership: 100 };
export const QUICK_ROSTER: RosterShape = { partnerships: 20, ownersPerPartnership: 100 };

export interface Roster {
  readonly file: string;
  readonly shape: RosterShape;
  readonly commitments: number;
  readonly nothingDue: number;
  readonly dueAt: number;
  /** Rows written, and what the settling ticks did. */
  readonly counts: Readonly<Record<string, number>>;
}

/** Writes the roster into `folder` (a fresh SQLite file with the real migrations). */
export async function writeRoster(
  folder: string,
  shape: RosterShape,
  seed = 20261207,
): Promise<Roster> {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, "roster.sqlite");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  const r = seededRandom(seed);
  const database = openDatabase(file);
  const sqlite = database.sqlite;
  const counts: Record<string, number> = {};
  const count = (table: string, n = 1) => {
    counts[table] = (counts[table] ?? 0) + n;
  };
  const slots = new Map<string, Slot[]>();
  for (const zone of ROSTER_ZONES) {
    const spec: CadenceSpec = {
      cadence: "weekly",
      weekday: 1,
      localTime: ROSTER_LOCAL_TIME,
      zone,
      anchor: STARTED_AT,
    };
    const list: Slot[] = [];
    for (let slot = nextSlot(spec, STARTED_AT - 1); slot.at <= NOTHING_DUE; ) {
      list.push(slot);
      slot = nextSlot(spec, slot.at);
    }
    if (list.length !== HISTORY_WEEKS) throw new Error(`${zone}: ${list.length} history slots`);
    slots.set(zone, list);
  }
  const insert = {
    workspace: sqlite.prepare(
      `INSERT INTO workspaces (team_id, name, installed_at) VALUES ('T0ROSTER', 'Roster', ?)`,
    ),
    ...rowWriters(sqlite),
    link: sqlite.prepare(
      `INSERT INTO commitment_objectives (commitment_id, objective_id) VALUES (?, ?)`,
    ),
  };
  let user = 0;
  let ts = 0;
  const fetchedAt = DUE_AT - 3_600_000;
  sqlite.transaction(() => {
    const workspaceId = Number(insert.workspace.run(STARTED_AT).lastInsertRowid);
    for (let p = 1; p <= shape.partnerships; p++) {
      const partnershipId = Number(
        insert.partnership.run({
          workspaceId,
          channelId: `C${String(p).padStart(8, "0")}`,
          name: `Partnership ${p}`,
          purpose: "A shared goal",
          zone: "Europe/London",
          digestWeekday: 5,
          digestTime: "16:00",
          createdBy: CREATED_BY,
          at: STARTED_AT,
        }).lastInsertRowid,
      );
      count("partnerships");
      const orgs: number[] = [];
      for (let o = 0; o < 10; o++) {
        const name = `Organization ${p}-${o + 1}`;
        orgs.push(
          Number(
            insert.organization.run({
              partnershipId,
              name,
              normalizedName: name.toLowerCase(),
              sector: SECTORS[o % SECTORS.length],
              at: STARTED_AT,
            }).lastInsertRowid,
          ),
        );
        count("organizations");
      }
      for (let c = 0; c < 2; c++) {
        user += 1;
        const id = `UR${String(user).padStart(7, "0")}`;
        insert.member.run({
          partnershipId,
          userId: id,
          organizationId: orgs[c],
          role: "coordinator",
          name: `Coordinator ${user}`,
          zone: "Europe/London",
          fetchedAt,
          dm: dmChannelId(id),
          at: STARTED_AT,
        });
        count("members");
      }
      const objective = Number(
        insert.objective.run({
          partnershipId,
          title: `Safe water in district ${p}`,
          indicator: "People with safe water",
          unit: "people",
          baseline: 0,
          target: 50_000,
          targetDate: "2027-12-31",
          at: STARTED_AT,
        }).lastInsertRowid,
      );
      count("objectives");
      for (let o = 0; o < shape.ownersPerPartnership; o++) {
        const zone = ROSTER_ZONES[o % ROSTER_ZONES.length] as string;
        user += 1;
        const userId = `UR${String(user).padStart(7, "0")}`;
        const organizationId = orgs[o % orgs.length] as number;
        const memberId = Number(
          insert.member.run({
            partnershipId,
            userId,
            organizationId,
            role: "partner",
            name: `Owner ${user}`,
            zone,
            fetchedAt,
            dm: dmChannelId(userId),
            at: STARTED_AT,
          }).lastInsertRowid,
        );
        count("members");
        const commitmentId = Number(
          insert.commitment.run({
            partnershipId,
            organizationId,
            ownerId: memberId,
            title: `Deliver part ${o + 1} of partnership ${p}'s plan`,
            dueDate: "2027-06-30",
            cadence: "weekly",
            weekday: 1,
            time: ROSTER_LOCAL_TIME,
            startedAt: STARTED_AT,
            status: null,
            progress: null,
            lastCheckInAt: null,
            createdBy: CREATED_BY,
            updatedAt: STARTED_AT,
          }).lastInsertRowid,
        );
        count("commitments");
        insert.link.run(commitmentId, objective);
        let progress = 0;
        for (const slot of slots.get(zone) ?? []) {
          const x = r.next();
          const answered = x < 0.6;
          const away = !answered && x < 0.65;
          const answeredAt = answered ? slot.at + r.int(5, 600) * 60_000 : null;
          ts += 1;
          const promptId = insert.prompt({
            commitmentId,
            periodKey: slot.periodKey,
            dueAt: slot.at,
            answeredAt,
            away,
            dm: dmChannelId(userId),
            ts: () => `${Math.floor(slot.at / 1000)}.${String(ts).padStart(6, "0")}`,
          });
          count("prompts");
          if (answeredAt === null) continue;
          progress = Math.min(100, progress + r.int(0, 10));
          insert.checkIn.run({
            commitmentId,
            promptId,
            periodKey: slot.periodKey,
            authorId: memberId,
            status: r.chance(0.8) ? "on_track" : "at_risk",
            progress,
            moved: "Moved the plan forward with the district team",
            next: "Next: confirm the site visit",
            learning: null,
            at: answeredAt,
          });
          count("check_ins");
        }
      }
    }
  })();
  sqlite.exec("ANALYZE");
  // The app's own ticks bring the written history to the state it would have left.
  await settle(database, LAST_TICKS, counts);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  database.close();
  // Each partnership's digest slot must not fall inside the measured ticks.
  const digest = digestSlot({ weekday: 5, localTime: "16:00", zone: "Europe/London" }, DUE_AT);
  if (digest.at > NOTHING_DUE) throw new Error("a digest falls between the roster's ticks");
  return {
    file,
    shape,
    commitments: shape.partnerships * shape.ownersPerPartnership,
    nothingDue: NOTHING_DUE,
    dueAt: DUE_AT,
    counts,
  };
}
