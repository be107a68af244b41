/** `poc export` and `poc backup`: placeholders until the export slice lands. */
export async function runExport(
  _args: string[],
  io: { out(line: string): void; err(line: string): void },
  _env?: NodeJS.ProcessEnv,
): Promise<number> {
  io.err("poc: export is not available in this version yet");
  return 1;
}

export async function runBackup(
  _args: string[],
  io: { out(line: string): void; err(line: string): void },
  _env?: NodeJS.ProcessEnv,
): Promise<number> {
  io.err("poc: backup is not available in this version yet");
  return 1;
}
