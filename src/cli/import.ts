/** `poc import FILE [--dry-run]`: placeholder until the import slice lands. */
export async function runImport(
  _args: string[],
  io: { out(line: string): void; err(line: string): void },
): Promise<number> {
  io.err("poc: import is not available in this version yet");
  return 1;
}
