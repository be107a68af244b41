/**
 * Real `poc tick` processes for tests: an emulator started here, a database file prepared here
 * where each of `owners` people owns one commitment due 30 minutes before `now`, and
 * `node bin/poc.js tick --now <ISO>` (what `npx poc tick` runs) against both.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, schema } from "../../src/db/index.js";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";
import { BOT_TOKEN, CHANNEL_ID, MANIFEST_SCOPES, TEAM_ID, TEST_USERS } from "../support/app.js";
import { createBlockKitValidator } from "../support/blockKitValidator.js";
import { type Exit, runProcess } from "../support/process.js";
import { seedPartnership } from "../support/seed.js";
import { servicesOn } from "../support/services.js";
import { addCommitment, addMember, DAY, MINUTE, slotBefore } from "./support.js";

export interface World {
  readonly emulator: Emulator;
  readonly databasePath: string;
  /** The instant the commitments' slots were 30 minutes before. */
  readonly now: number;
}

export interface Cleanups {
  push(cleanup: () => Promise<void> | void): void;
}

/**
 * An emulator with `owners` extra people, and a database where each owns one due commitment.
 * `digestDue`: the partnership was set up three weeks ago and its digest slot was 30 minutes
 * before `now` (UTC), so the tick posts one digest; otherwise no digest is due.
 */
export async function prepare(
  cleanups: Cleanups,
  owners: number,
  options: { digestDue?: boolean; emulator?: EmulatorOptions } = {},
): Promise<World> {
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const ids = Array.from({ length: owners }, (_, i) => `U8${String(i).padStart(5, "0")}`);
  const emulator = await startEmulator({
    teamId: TEAM_ID,
    botToken: BOT_TOKEN,
    validator: createBlockKitValidator(),
    users: [...TEST_USERS, ...ids.map((id) => ({ id, name: id.toLowerCase(), tz: "UTC" }))],
    channels: [{ id: CHANNEL_ID, name: "partnership" }],
    scopes: MANIFEST_SCOPES,
    ...options.emulator,
  });
  const dir = mkdtempSync(join(tmpdir(), "poc-tick-"));
  cleanups.push(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const databasePath = join(dir, "poc.sqlite");
  const database = openDatabase(databasePath);
  try {
    const services = servicesOn(database);
    const seeded = seedPartnership(services);
    const { weekday, time } = slotBefore(now);
    database.sqlite.transaction(() => {
      for (const id of ids) {
        const member = addMember(services, seeded, id, { tz: "UTC", fetchedAt: now });
        addCommitment(services, seeded, {
          owner: member,
          title: `Commitment of ${id}`,
          weekday,
          time,
          startedAt: now - 2 * DAY,
        });
      }
      // Set up three weeks ago with its digest slot 30 minutes ago, or set up just now: no
      // digest is due whatever today's date.
      database.sqlite
        .prepare(
          `UPDATE partnerships SET time_zone = 'UTC', digest_weekday = ?, digest_time = ?,
             created_at = ? WHERE id = ?`,
        )
        .run(weekday, time, options.digestDue ? now - 21 * DAY : now, seeded.partnershipId);
    })();
  } finally {
    database.close();
  }
  return { emulator, databasePath, now };
}

/** Starts `poc tick --now <at>` on the world's database and emulator (`env` overrides). */
export function startTick(
  cleanups: Cleanups,
  world: World,
  at: number,
  env: Record<string, string> = {},
): { child: ChildProcess; exit: Promise<Exit> } {
  const { child, exited } = runProcess(
    "node",
    ["bin/poc.js", "tick", "--now", new Date(at).toISOString()],
    {
      DATABASE_PATH: world.databasePath,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: world.emulator.url,
      LOG_LEVEL: "error",
      ...env,
    },
  );
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return { child, exit: exited };
}

/** Reads the world's database through a connection of its own. */
function readWorld<T>(world: World, read: (database: ReturnType<typeof openDatabase>) => T): T {
  const database = openDatabase(world.databasePath);
  try {
    return read(database);
  } finally {
    database.close();
  }
}

/** The world's prompt rows. */
export const promptRows = (world: World) =>
  readWorld(world, (d) => d.db.select().from(schema.prompts).all());

/** The world's digest rows. */
export const digestRows = (world: World) =>
  readWorld(world, (d) => d.db.select().from(schema.digests).all());
