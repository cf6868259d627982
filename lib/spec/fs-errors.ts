/*
 * File-system failures as one line: the path, the operation and what to do, never a bare errno.
 */

const HINTS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied; check the owner and mode',
  EPERM: 'operation not permitted; check the owner and mode',
  ENOSPC: 'the disk is full; free some space',
  EDQUOT: 'the disk quota is exceeded; free some space',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a parent of it is a file, not a folder',
  ENOTEMPTY: 'the folder is not empty; another process may be writing it',
  EEXIST: 'it already exists; another process may be writing it',
  EMFILE: 'too many open files; raise the limit (ulimit -n)',
  EBUSY: 'it is busy; another process is using it',
};

export function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** `<path>: cannot <operation> — <why>; <fix>`; `path` as the user knows it (relative to the project). */
export function describeFsError(error: unknown, path: string, operation: string): string {
  if (!isFsError(error)) return `${path}: cannot ${operation} — ${error instanceof Error ? error.message : String(error)}`;
  return `${path}: cannot ${operation} (${error.syscall}) — ${HINTS[error.code] ?? error.code} (${error.code})`;
}
