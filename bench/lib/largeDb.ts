/**
 * The large data set the benchmarks share: 200 partnerships, 2,000 organizations, 20,000
 * commitments and exactly 1,000,000 check-ins over two years, generated from a seed into a real
 * SQLite file with the real migrations, then kept in bench/.data/ (gitignored) so later runs reuse
 * it. Benches copy it into their scratch folder before writing to it.
 *
 * Shape (what makes the figures mean something):
 * - one workspace; partnership 1 has 500 commitments (the digest bench's big one), the other 199
 *   share 19,500; 10 organizations each (the sectors in turn), 5 objectives each;
 * - 4,000 owners with 5 commitments each, plus 2 coordinators per partnership: 4,400 members, each
 *   with a Slack id, zone (nine zones from Bogota to Sydney), a fresh zone lookup and a cached DM
 *   channel, as in a workspace that has been running for two years;
 * - cadences weekly 50 %, biweekly 35 %, monthly 15 %; every slot up to `now` has its prompt
 *   (answered, sent and reminded, or skipped while away) and exactly 1,000,000 of them a check-in
 *   (selection sampling over all slots); every digest week up to `now` is posted;
 * - blockers on ~3 % of check-ins (most resolved), decisions per partnership, audit rows;
 * - `now` is Monday 2026-11-30 07:59 UTC. Exactly `dueAt` (08:00 UTC) is the next slot of 5,000
 *   weekly commitments (owners in zones where that is working hours) and of nobody else, and no
 *   digest falls in between: a tick at `now` has nothing to do, one at `dueAt` plans 5,000 prompts.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../../src/db/index.js";
import {
  type CadenceSpec,
  digestSlot,
  latestSlot,
  nextDigestSlot,
  nextSlot,
  type Slot,
} from "../../src/domain/schedule.js";
import { type Cadence, SECTORS, type Weekday } from "../../src/domain/types.js";
import type { EmulatorUser } from "../../src/emulator/index.js";
import { dmChannelId } from "../../src/emulator/index.js";
import { rowWriters, settle } from "./history.js";
import { type Random, seededRandom } from "./random.js";

export const DATA_FOLDER = fileURLToPath(new URL("../.data/", import.meta.url));
/** Bump when the generator changes, so a stale file is not reused. */
const GENERATOR_VERSION = 11;

export const TEAM_ID = "T0BENCH";
export const BOT_TOKEN = "xoxb-bench-token";
export const NOW = Date.parse("2026-11-30T07:59:00Z");
export const DUE_AT = Date.parse("2026-11-30T08:00:00Z");
const START = Date.parse("2024-11-25T00:00:00Z"); // two years and a few days before NOW

export interface LargeDataSetShape {
  readonly partnerships: number;
  readonly organizationsPerPartnership: number;
  readonly commitments: number;
  /** Commitments of partnership 1. */
  readonly bigPartnershipCommitments: number;
  readonly checkIns: number;
  readonly dueAtOnce: number;
}

export const FULL_SHAPE: LargeDataSetShape = {
  partnerships: 200,
  organizationsPerPartnership: 10,
  commitments: 20_000,
  bigPartnershipCommitments: 500,
  checkIns: 1_000_000,
  dueAtOnce: 5_000,
};

/** For `--quick`: the same shape, a tenth of the size. */
export const QUICK_SHAPE: LargeDataSetShape = {
  partnerships: 20,
  organizationsPerPartnership: 10,
  commitments: 2_000,
  bigPartnershipCommitments: 500,
  checkIns: 100_000,
  dueAtOnce: 500,
};

export interface BenchPartnership {
  readonly id: number;
  readonly channelId: string;
  readonly zone: string;
  readonly commitments: number;
  readonly coordinatorUserId: string;
  readonly ownerUserIds: readonly string[];
}

export interface LargeDataSet {
  /** The master file: copy it (copyLargeDataSet) before writing. */
  readonly file: string;
  readonly seed: number;
  readonly shape: LargeDataSetShape;
  readonly teamId: string;
  readonly botToken: string;
  readonly now: number;
  readonly dueAt: number;
  readonly partnerships: readonly BenchPartnership[];
  /** Every member as a Slack user, for the emulator's directory. */
  readonly users: readonly EmulatorUser[];
  /** Row counts as written. */
  readonly counts: Readonly<Record<string, number>>;
  /** Seconds the generation took (0 when the file was reused). */
  readonly generatedSeconds: number;
}

const ZONES = [
  "Europe/London",
  "Europe/Berlin",
  "Africa/Lagos",
  "Africa/Nairobi",
  "Asia/Kolkata",
  "Asia/Singapore",
  "America/Bogota",
  "America/New_York",
  "Australia/Sydney",
] as const;
/** Zones where DUE_AT (Monday 08:00 UTC) is a working hour. */
const DUE_ZONES = new Set([
  "Europe/London",
  "Europe/Berlin",
  "Africa/Lagos",
  "Africa/Nairobi",
  "Asia/Kolkata",
  "Asia/Singapore",
]);
const TIMES = ["08:30", "09:00", "09:30", "10:00", "11:00", "13:00", "14:00", "16:00"] as const;
const STATUSES = ["on_track", "on_track", "on_track", "at_risk", "off_track"] as const;
const WEEK = 7 * 86_400_000;

interface Paths {
  readonly file: string;
  readonly meta: string;
}

function pathsFor(seed: number, shape: LargeDataSetShape): Paths {
  const name = `large-v${GENERATOR_VERSION}-s${seed}-c${shape.commitments}-k${shape.checkIns}`;
  return {
    file: path.join(DATA_FOLDER, `${name}.sqlite`),
    meta: path.join(DATA_FOLDER, `${name}.json`),
  };
}

/**
 * The data set for this seed and shape: reused from bench/.data/ when present, generated
 * otherwise (about a minute for the full shape).
 */
export async function largeDataSet(
  options: { seed?: number; shape?: LargeDataSetShape; progress?: (line: string) => void } = {},
): Promise<LargeDataSet> {
  const seed = options.seed ?? 20261130;
  const shape = options.shape ?? FULL_SHAPE;
  const paths = pathsFor(seed, shape);
  if (existsSync(paths.file) && existsSync(paths.meta)) {
    const { readFileSync } = await import("node:fs");
    const meta = JSON.parse(readFileSync(paths.meta, "utf8")) as Omit<LargeDataSet, "file">;
    return { ...meta, file: paths.file, generatedSeconds: 0 };
  }
  options.progress?.(
    `generating the data set (${shape.commitments} commitments, ${shape.checkIns} check-ins, seed ${seed}) into ${path.relative(process.cwd(), paths.file)}`,
  );
  const started = performance.now();
  mkdirSync(DATA_FOLDER, { recursive: true });
  const temp = `${paths.file}.tmp`;
  rmSync(temp, { force: true });
  rmSync(`${temp}-wal`, { force: true });
  rmSync(`${temp}-shm`, { force: true });
  const meta = await generate(temp, seed, shape);
  const { writeFileSync } = await import("node:fs");
  renameSync(temp, paths.file);
  const generatedSeconds = (performance.now() - started) / 1000;
  const full: Omit<LargeDataSet, "file"> = { ...meta, generatedSeconds: 0 };
  writeFileSync(paths.meta, JSON.stringify(full));
  options.progress?.(`generated in ${generatedSeconds.toFixed(1)} s`);
  return { ...full, file: paths.file, generatedSeconds };
}

/** The full data set, or the quick one with `--quick`, with the bench's progress lines. */
export function benchDataSet(ctx: {
  readonly quick: boolean;
  readonly progress: (line: string) => void;
}): Promise<LargeDataSet> {
  return largeDataSet({ shape: ctx.quick ? QUICK_SHAPE : FULL_SHAPE, progress: ctx.progress });
}

/** A private copy of the data set's file (the benches write to their copy, never the master). */
export function copyLargeDataSet(data: LargeDataSet, folder: string, name = "poc.sqlite"): string {
  mkdirSync(folder, { recursive: true });
  const target = path.join(folder, name);
  copyFileSync(data.file, target);
  return target;
}

// ---- generation ----

interface SpecKey {
  readonly cadence: Cadence;
  readonly weekday: Weekday;
  readonly localTime: string;
  readonly zone: string;
}

/** Every slot of a spec from START to NOW (inclusive), memoised: commitments share few specs. */
function slotsOf(memo: Map<string, Slot[]>, key: SpecKey): Slot[] {
  const id = `${key.cadence}|${key.weekday}|${key.localTime}|${key.zone}`;
  const known = memo.get(id);
  if (known) return known;
  const spec: CadenceSpec = { ...key, anchor: START };
  const slots: Slot[] = [];
  let slot = nextSlot(spec, START - 1);
  while (slot.at <= NOW) {
    slots.push(slot);
    slot = nextSlot(spec, slot.at);
  }
  memo.set(id, slots);
  return slots;
}

function localClock(at: number, zone: string): { weekday: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const weekday = (["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(get("weekday")) +
    1) as Weekday;
  return { weekday, time: `${get("hour")}:${get("minute")}` };
}

function pickCadence(r: Random): Cadence {
  const x = r.next();
  return x < 0.5 ? "weekly" : x < 0.85 ? "biweekly" : "monthly";
}

interface PlannedCommitment {
  readonly partnershipIndex: number;
  readonly spec: SpecKey;
  readonly slots: Slot[];
}

async function generate(
  file: string,
  seed: number,
  shape: LargeDataSetShape,
): Promise<Omit<LargeDataSet, "file" | "generatedSeconds">> {
  const r = seededRandom(seed);
  const database = openDatabase(file);
  const sqlite = database.sqlite;
  sqlite.pragma("synchronous = OFF");
  const counts: Record<string, number> = {};
  const count = (table: string, n = 1) => {
    counts[table] = (counts[table] ?? 0) + n;
  };
  const slotMemo = new Map<string, Slot[]>();

  // Partnership sizes: the big one first, the rest share the remainder evenly.
  const others = shape.partnerships - 1;
  const rest = shape.commitments - shape.bigPartnershipCommitments;
  const sizes = [shape.bigPartnershipCommitments];
  for (let i = 0; i < others; i++) {
    sizes.push(Math.floor(rest / others) + (i < rest % others ? 1 : 0));
  }

  const insert = {
    workspace: sqlite.prepare(
      `INSERT INTO workspaces (team_id, name, installed_at) VALUES (?, 'Bench Workspace', ?)`,
    ),
    ...rowWriters(sqlite),
    link: sqlite.prepare(
      `INSERT OR IGNORE INTO commitment_objectives (commitment_id, objective_id) VALUES (?, ?)`,
    ),
    blocker: sqlite.prepare(`
      INSERT INTO blockers (commitment_id, check_in_id, text, raised_by_member_id, state,
        resolved_by_member_id, resolved_at, resolution, channel_id, message_ts, created_at)
      VALUES (@commitmentId, @checkInId, @text, @memberId, @state, @resolvedBy, @resolvedAt,
        @resolution, @channelId, @ts, @at)`),
    decision: sqlite.prepare(`
      INSERT INTO decisions (partnership_id, text, owner_member_id, due_date, state, created_by,
        created_at, done_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    digest: sqlite.prepare(`
      INSERT INTO digests (partnership_id, period_key, state, channel_id, message_ts, posted_at,
        attempts, created_at, updated_at)
      VALUES (?, ?, 'posted', ?, ?, ?, 1, ?, ?)`),
    latest: sqlite.prepare(
      `UPDATE commitments SET current_status = ?, progress = ?, last_check_in_at = ? WHERE id = ?`,
    ),
    audit: sqlite.prepare(`
      INSERT INTO audit_log (workspace_id, partnership_id, actor_user_id, action, entity,
        entity_id, detail, at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  };

  const partnerships: BenchPartnership[] = [];
  const users: EmulatorUser[] = [];
  let userSeq = 0;
  const nextUser = (zone: string, label: string): EmulatorUser => {
    userSeq += 1;
    const id = `U${String(userSeq).padStart(7, "0")}`;
    const user: EmulatorUser = {
      id,
      name: `${label}${userSeq}`,
      realName: `${label} ${userSeq}`,
      tz: zone,
    };
    users.push(user);
    return user;
  };
  let tsSeq = 0;
  const ts = (at: number) => {
    tsSeq += 1;
    return `${Math.floor(at / 1000)}.${String(tsSeq % 1_000_000).padStart(6, "0")}`;
  };

  // Pass 1 (no writes): every commitment's spec and slots, so the check-in sampling can be exact.
  const planned: PlannedCommitment[] = [];
  let dueLeft = shape.dueAtOnce;
  let totalSlots = 0;
  const partnershipZones: string[] = [];
  for (let p = 0; p < shape.partnerships; p++) partnershipZones.push(r.pick(ZONES));
  for (let p = 0; p < shape.partnerships; p++) {
    const size = sizes[p] as number;
    const dueHere = Math.min(dueLeft, Math.round((shape.dueAtOnce * size) / shape.commitments));
    let dueCount = 0;
    let zone = partnershipZones[p] as string;
    for (let c = 0; c < size; c++) {
      // One owner per 5 commitments: mostly in the partnership's zone, a third elsewhere.
      if (c % 5 === 0) zone = r.chance(0.66) ? (partnershipZones[p] as string) : r.pick(ZONES);
      let spec: SpecKey;
      if (dueCount < dueHere && DUE_ZONES.has(zone)) {
        const local = localClock(DUE_AT, zone);
        spec = { cadence: "weekly", weekday: local.weekday, localTime: local.time, zone };
        dueCount += 1;
      } else {
        // Anything whose next slot after NOW is not DUE_AT (or before it).
        for (;;) {
          spec = {
            cadence: pickCadence(r),
            weekday: r.int(1, 5) as Weekday,
            localTime: r.pick(TIMES),
            zone,
          };
          if (nextSlot({ ...spec, anchor: START }, NOW).at > DUE_AT) break;
        }
      }
      const slots = slotsOf(slotMemo, spec);
      totalSlots += slots.length;
      planned.push({ partnershipIndex: p, spec, slots });
    }
    dueLeft -= dueCount;
  }
  // Any shortfall (a partnership whose owners were all in night zones) is taken from the others.
  if (dueLeft > 0) {
    for (const c of planned) {
      if (dueLeft === 0) break;
      if (c.spec.cadence !== "weekly" && DUE_ZONES.has(c.spec.zone)) {
        const local = localClock(DUE_AT, c.spec.zone);
        const spec: SpecKey = {
          cadence: "weekly",
          weekday: local.weekday,
          localTime: local.time,
          zone: c.spec.zone,
        };
        totalSlots += slotsOf(slotMemo, spec).length - c.slots.length;
        Object.assign(c, { spec, slots: slotsOf(slotMemo, spec) });
        dueLeft -= 1;
      }
    }
  }
  if (dueLeft > 0) throw new Error(`could not place ${dueLeft} due commitments`);

  // Pass 2: write.
  let slotsLeft = totalSlots;
  let checkInsLeft = shape.checkIns;
  const write = sqlite.transaction(() => {
    const workspaceId = Number(insert.workspace.run(TEAM_ID, START).lastInsertRowid);
    count("workspaces");
    let commitmentIndex = 0;
    for (let p = 0; p < shape.partnerships; p++) {
      const zone = partnershipZones[p] as string;
      const channelId = `C${String(p + 1).padStart(7, "0")}`;
      const coordinators = [nextUser(zone, "coord"), nextUser(zone, "coord")];
      // Digest Monday 09:00 local, unless that falls between NOW and DUE_AT.
      let digestTime = "09:00";
      if (nextDigestSlot({ weekday: 1, localTime: digestTime, zone }, NOW).at <= DUE_AT) {
        digestTime = "10:00";
      }
      const partnershipId = Number(
        insert.partnership.run({
          workspaceId,
          channelId,
          name: `Partnership ${p + 1}`,
          purpose: `Shared goal number ${p + 1} across sectors`,
          zone,
          digestWeekday: 1,
          digestTime,
          createdBy: coordinators[0]?.id,
          at: START,
        }).lastInsertRowid,
      );
      count("partnerships");
      const orgIds: number[] = [];
      for (let o = 0; o < shape.organizationsPerPartnership; o++) {
        const name = `Organization ${p + 1}-${o + 1}`;
        orgIds.push(
          Number(
            insert.organization.run({
              partnershipId,
              name,
              normalizedName: name.toLowerCase().replace(/\s+/g, ""),
              sector: SECTORS[o % SECTORS.length],
              at: START,
            }).lastInsertRowid,
          ),
        );
        count("organizations");
      }
      const coordinatorIds = coordinators.map((u, i) =>
        Number(
          insert.member.run({
            partnershipId,
            userId: u.id,
            organizationId: orgIds[i] ?? null,
            role: "coordinator",
            name: u.realName,
            zone: u.tz,
            fetchedAt: NOW - 3_600_000,
            dm: dmChannelId(u.id),
            at: START,
          }).lastInsertRowid,
        ),
      );
      count("members", coordinatorIds.length);
      const objectiveIds: number[] = [];
      for (let o = 0; o < 5; o++) {
        objectiveIds.push(
          Number(
            insert.objective.run({
              partnershipId,
              title: `Objective ${o + 1} of partnership ${p + 1}`,
              indicator: o % 2 === 0 ? "Households served" : null,
              unit: o % 2 === 0 ? "households" : null,
              baseline: o % 2 === 0 ? 0 : null,
              target: o % 2 === 0 ? 10_000 : null,
              targetDate: "2027-12-31",
              at: START,
            }).lastInsertRowid,
          ),
        );
        count("objectives");
      }
      const size = sizes[p] as number;
      const ownerIds: number[] = [];
      const ownerUserIds: string[] = [];
      let ownerId = 0;
      for (let c = 0; c < size; c++, commitmentIndex++) {
        const plan = planned[commitmentIndex] as PlannedCommitment;
        // A new owner every 5 commitments, in the zone the commitment's spec was drawn in.
        if (c % 5 === 0) {
          const user = nextUser(plan.spec.zone, "owner");
          ownerId = Number(
            insert.member.run({
              partnershipId,
              userId: user.id,
              organizationId: orgIds[(c / 5) % orgIds.length] ?? null,
              role: "partner",
              name: user.realName,
              zone: user.tz,
              fetchedAt: NOW - 3_600_000,
              dm: dmChannelId(user.id),
              at: START,
            }).lastInsertRowid,
          );
          count("members");
          ownerIds.push(ownerId);
          ownerUserIds.push(user.id);
        }
        const organizationId = orgIds[Math.floor(c / 5) % orgIds.length] as number;
        const commitmentId = Number(
          insert.commitment.run({
            partnershipId,
            organizationId,
            ownerId,
            title: `Commitment ${commitmentIndex + 1}: deliver part ${c + 1} of the plan`,
            dueDate: "2027-06-30",
            cadence: plan.spec.cadence,
            weekday: plan.spec.weekday,
            time: plan.spec.localTime,
            startedAt: START,
            status: null,
            progress: null,
            lastCheckInAt: null,
            createdBy: coordinators[0]?.id,
            updatedAt: START,
          }).lastInsertRowid,
        );
        count("commitments");
        insert.link.run(commitmentId, objectiveIds[c % objectiveIds.length]);
        count("commitment_objectives");
        if (c % 3 === 0) {
          insert.link.run(commitmentId, objectiveIds[(c + 1) % objectiveIds.length]);
          count("commitment_objectives");
        }
        let progress = 0;
        let lastStatus: string | null = null;
        let lastAt: number | null = null;
        const dm = dmChannelId(ownerUserIds[ownerUserIds.length - 1] as string);
        for (const slot of plan.slots) {
          // Selection sampling: exactly shape.checkIns answered slots over the whole data set.
          const answered = r.next() * slotsLeft < checkInsLeft;
          slotsLeft -= 1;
          const away = !answered && r.chance(0.05);
          const answeredAt = answered ? slot.at + r.int(5, 600) * 60_000 : null;
          const promptId = insert.prompt({
            commitmentId,
            periodKey: slot.periodKey,
            dueAt: slot.at,
            answeredAt,
            away,
            dm,
            ts: () => ts(slot.at),
          });
          count("prompts");
          if (!answered || answeredAt === null) continue;
          checkInsLeft -= 1;
          progress = Math.min(100, progress + r.int(0, 4));
          const status = r.pick(STATUSES);
          const checkInId = Number(
            insert.checkIn.run({
              commitmentId,
              promptId,
              periodKey: slot.periodKey,
              authorId: ownerId,
              status,
              progress,
              moved: `Moved step ${progress} forward with the district team`,
              next: "Next: confirm the site visit",
              learning: r.chance(0.1) ? "Local partners respond faster to calls than email" : null,
              at: answeredAt,
            }).lastInsertRowid,
          );
          count("check_ins");
          lastStatus = status;
          lastAt = answeredAt;
          if (status === "off_track" && r.chance(0.15)) {
            const open = answeredAt > NOW - 6 * WEEK && r.chance(0.5);
            insert.blocker.run({
              commitmentId,
              checkInId,
              text: "Waiting for the permit from the regional office",
              memberId: ownerId,
              state: open ? "open" : "resolved",
              resolvedBy: open ? null : coordinatorIds[0],
              resolvedAt: open ? null : answeredAt + 3 * 86_400_000,
              resolution: open ? null : "The ministry's liaison unblocked it",
              channelId,
              ts: ts(answeredAt),
              at: answeredAt,
            });
            count("blockers");
          }
        }
        insert.latest.run(lastStatus, lastStatus === null ? null : progress, lastAt, commitmentId);
      }
      for (let d = 0; d < 8; d++) {
        const createdAt = NOW - (d + 1) * 2 * WEEK;
        const done = d >= 3;
        insert.decision.run(
          partnershipId,
          `Decision ${d + 1}: agree the shared indicator definitions`,
          ownerIds[d % ownerIds.length] ?? null,
          new Date(createdAt + 4 * WEEK).toISOString().slice(0, 10),
          done ? "done" : "open",
          coordinators[0]?.id,
          createdAt,
          done ? createdAt + WEEK : null,
        );
        count("decisions");
      }
      // Every digest week up to NOW is posted.
      const digestSpec = { weekday: 1 as Weekday, localTime: digestTime, zone };
      for (let at = NOW; at >= START; at -= WEEK) {
        const slot = digestSlot(digestSpec, at);
        if (slot.at < START) break;
        insert.digest.run(
          partnershipId,
          slot.periodKey,
          channelId,
          ts(slot.at),
          slot.at,
          slot.at,
          slot.at,
        );
        count("digests");
      }
      for (let a = 0; a < 50; a++) {
        insert.audit.run(
          workspaceId,
          partnershipId,
          coordinators[0]?.id,
          "create",
          "commitment",
          a + 1,
          "created through /poc commit",
          START + a * 3_600_000,
        );
        count("audit_log");
      }
      partnerships.push({
        id: partnershipId,
        channelId,
        zone,
        commitments: size,
        coordinatorUserId: coordinators[0]?.id as string,
        ownerUserIds,
      });
    }
  });
  write();
  // Two ticks just before NOW bring the written history to the state the app itself would have
  // left, so a tick at NOW meets a settled outbox, as it would after two years of running.
  await settle(database, [NOW - 120_000, NOW - 60_000], counts);
  sqlite.pragma("synchronous = NORMAL");
  sqlite.exec("ANALYZE");
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  database.close();
  if (checkInsLeft !== 0) throw new Error(`sampling left ${checkInsLeft} check-ins unwritten`);
  // Sanity: the promise in the header (nothing due at NOW, dueAtOnce due at DUE_AT).
  let dueCheck = 0;
  for (const c of planned) {
    const spec = { ...c.spec, anchor: START };
    const latest = latestSlot(spec, DUE_AT);
    if (latest !== null && latest.at > NOW) dueCheck += 1;
  }
  if (dueCheck !== shape.dueAtOnce) {
    throw new Error(`expected ${shape.dueAtOnce} commitments due at DUE_AT, found ${dueCheck}`);
  }
  return {
    seed,
    shape,
    teamId: TEAM_ID,
    botToken: BOT_TOKEN,
    now: NOW,
    dueAt: DUE_AT,
    partnerships,
    users,
    counts,
  };
}
