import { type ChildProcess, spawn } from "node:child_process";

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  /** Resolves with the first match of `pattern` in everything printed so far (stdout + stderr). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

/** Runs a command from the project root with only PATH and `env`, collecting what it prints. */
export function runProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Running {
  const child = spawn(command, args, {
    cwd: new URL("../../", import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = (stdout + stderr).match(pattern);
        if (!match) return;
        child.stdout?.off("data", check);
        child.stderr?.off("data", check);
        resolve(match);
      };
      child.stdout?.on("data", check);
      child.stderr?.on("data", check);
      void exited.then(() => reject(new Error(`exited before ${pattern}: ${stdout}${stderr}`)));
      check();
    });
  return { child, exited, waitFor };
}
