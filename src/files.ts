/**
 * File-system errors as sentences an operator can act on. Node's own messages
 * (`ENOENT: no such file or directory, open 'x'`, `EEXIST: file already exists, mkdir 'y'`) name
 * a system call and a code; `poc` and the database opener say what is wrong with which path.
 */
import { type Stats, statSync } from "node:fs";

const SENTENCES: Record<string, (path: string) => string> = {
  ENOENT: (path) => `there is no file or folder ${path}`,
  EEXIST: (path) => `${path} already exists and is a file, not a folder`,
  ENOTDIR: (path) => `a part of ${path} is a file where a folder should be`,
  EISDIR: (path) => `${path} is a folder, not a file`,
  EACCES: (path) => `permission denied for ${path}`,
  EPERM: (path) => `permission denied for ${path}`,
  EROFS: (path) => `${path} is on a read-only file system`,
  ENOSPC: (path) => `the disk is full: ${path} could not be written`,
  ENAMETOOLONG: (path) => `the name ${path} is too long`,
};

/** The file or folder at `path`, or undefined when there is none (also when a part of the path is a file). */
export function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw error;
  }
}

/** True for an error Node's `fs` throws (it carries a code such as ENOENT). */
export function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === "string" &&
    /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code as string)
  );
}

/**
 * One sentence for a file-system error about `path` (the path as the operator wrote it; the
 * error's own path is used when none is given). Other errors keep their message.
 */
export function fileErrorSentence(error: unknown, path?: string): string {
  if (!isFileError(error)) return error instanceof Error ? error.message : String(error);
  const where = path ?? error.path ?? "the file";
  const sentence = SENTENCES[error.code as string];
  if (sentence !== undefined) return sentence(where);
  // An unusual code: keep what the system said, without the code and the system call.
  const said = error.message.replace(/^E[A-Z]+:\s*/, "").replace(/,\s*\w+\s+'[^']*'$/, "");
  return `${where}: ${said}`;
}
