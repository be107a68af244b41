/**
 * What `npm start` runs, read from package.json: `prestart` builds (`npm run build`: tsc with
 * tsconfig.build.json into dist/), then `start` is `node [--flags...] <entry>`. The start tests
 * and the bench's app process run this command, flags included, instead of a copy of it.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface StartCommand {
  /** The node flags before the entry, e.g. ["--max-semi-space-size=2"]. */
  readonly nodeFlags: readonly string[];
  /** The entry module, relative to the project root, e.g. "dist/src/main.js". */
  readonly entry: string;
}

/** package.json's `start` script, split into node's flags and the entry module. */
export function startCommand(): StartCommand {
  const { scripts } = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as {
    scripts: Record<string, string>;
  };
  const [program, ...rest] = (scripts.start ?? "").trim().split(/\s+/);
  const entry = rest.pop();
  if (program !== "node" || entry === undefined || rest.some((word) => !word.startsWith("--")))
    throw new Error(
      `package.json's start script is not "node [--flags...] <entry>": ${scripts.start}`,
    );
  return { nodeFlags: rest, entry };
}

/**
 * Compiles the TypeScript with `project` (a tsconfig in the root) into dist/, as `npm run build`
 * does. The build is incremental: with nothing changed it takes a few seconds.
 */
export function build(project = "tsconfig.build.json"): void {
  try {
    execFileSync(`${ROOT}node_modules/.bin/tsc`, ["-p", project], { cwd: ROOT, stdio: "pipe" });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`tsc -p ${project} failed: ${stdout ?? ""}${stderr ?? ""}`);
  }
}
