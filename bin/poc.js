#!/usr/bin/env node
// The `poc` operator CLI. Runs the TypeScript sources directly through tsx, so `npx poc ...`
// works right after `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/cli/index.ts");
process.exitCode = await runCli(process.argv.slice(2));
