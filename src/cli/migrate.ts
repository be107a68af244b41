/** `poc migrate`: creates the database if there is none and applies the migrations it lacks. */
import { readConfig } from "../config.js";
import { migrateDatabase } from "../db/index.js";
import { type CommandHelp, type Io, parseCommandArgs } from "./args.js";

export const MIGRATE_HELP: CommandHelp = {
  name: "migrate",
  synopsis: "poc migrate",
  help: `Usage: poc migrate

Creates the database at DATABASE_PATH if there is none, and applies the migrations it lacks (the
app also does this when it starts). Prints how many were applied.

  --help   this text`,
};

export async function runMigrate(
  args: readonly string[],
  io: Io,
  env?: NodeJS.ProcessEnv,
): Promise<number> {
  if (parseCommandArgs(MIGRATE_HELP, args, {}) === "help") {
    io.out(MIGRATE_HELP.help);
    return 0;
  }
  const config = readConfig("database", env);
  const result = migrateDatabase(config.databasePath);
  io.out(
    `${config.databasePath}: ${result.applied.length} migration(s) applied, ${result.after} in all`,
  );
  return 0;
}
