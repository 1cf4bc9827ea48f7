/**
 * A folder owned by one running process: a lock file holding the owner's pid, created with
 * O_EXCL. A lock whose process is gone (a crash, kill -9) is taken over; a live one is refused.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

export class FolderInUseError extends Error {
  override readonly name = 'FolderInUseError';
  constructor(
    message: string,
    /** The process holding the lock. */
    readonly holder: number,
  ) {
    super(message);
  }
}

/**
 * Takes `lockFile` for this process. `what` names the folder in the error ("state folder
 * /x/.local/sandbox"); `hint` says what to do instead.
 */
export function takePidLock(lockFile: string, what: string, hint: string): void {
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = Number(readFileSync(lockFile, 'utf8').trim());
  if (holder === process.pid)
    throw new FolderInUseError(`${what} is already in use by this process; ${hint}`, holder);
  if (holder && isAlive(holder))
    throw new FolderInUseError(`${what} is in use by process ${holder}; ${hint}`, holder);
  // Left behind by a process that is gone: take it over.
  writeFileSync(lockFile, String(process.pid));
}

/** Releases the lock if this process holds it. */
export function releasePidLock(lockFile: string): void {
  try {
    if (Number(readFileSync(lockFile, 'utf8').trim()) !== process.pid) return;
  } catch {
    return;
  }
  rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
