#!/usr/bin/env node
// The `poc` operator CLI. Runs the TypeScript sources directly through tsx, so `npx poc ...`
// works right after `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
// A reader that stops early (`npx poc partnerships | head -3`) closes the pipe: what is left to
// print goes nowhere, and the command still finishes and exits with its own code.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
});
const { runCli } = await import("../src/cli/index.ts");
process.exitCode = await runCli(process.argv.slice(2));
