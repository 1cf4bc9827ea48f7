/**
 * The sandbox's state folder (default .local/sandbox): where each file lives. The stack keeps its
 * own data under `aws/`; the sheet, the Gmail fake, the inbox record, the run history and the
 * owner's Google Calendar are the files below.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releasePidLock, takePidLock } from '../pid-lock';

/** The running sandbox's pid, in the state folder: one sandbox per state folder. */
const LOCK_FILE = 'sandbox.lock';

export interface SandboxFiles {
  spreadsheet: string;
  gmail: string;
  inbox: string;
  runs: string;
  calendar: string;
  /** The local stack's data (DynamoDB, S3, captured SES mail, the stand-ins' state). */
  aws: string;
}

export interface StateFolder {
  dir: string;
  /** false: a temporary folder, removed when the sandbox stops. */
  persistent: boolean;
  files: SandboxFiles;
}

/**
 * Opens (creating it) the state folder and takes its lock: a second sandbox on the same folder is
 * refused with a clear error before it reads, writes or deletes anything. Only then does `reset`
 * empty a persistent folder (everything but the lock).
 */
export function openStateFolder(stateDir: string | null, reset: boolean): StateFolder {
  const persistent = stateDir !== null;
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'charter-sandbox-'));
  mkdirSync(dir, { recursive: true });
  takePidLock(
    join(dir, LOCK_FILE),
    `the state folder ${dir}`,
    'another sandbox is running on it: stop that one first, or use --state DIR for a separate one',
  );
  if (reset && persistent) {
    for (const name of readdirSync(dir))
      if (name !== LOCK_FILE) rmSync(join(dir, name), { recursive: true, force: true });
  }
  return { dir, persistent, files: stateFiles(dir) };
}

export function stateFiles(dir: string): SandboxFiles {
  return {
    spreadsheet: join(dir, 'spreadsheet.json'),
    gmail: join(dir, 'gmail.json'),
    inbox: join(dir, 'inbox.json'),
    runs: join(dir, 'runs.json'),
    calendar: join(dir, 'google-calendar.json'),
    aws: join(dir, 'aws'),
  };
}

/** Releases the folder's lock; a temporary folder is removed, a persistent one stays. */
export function closeStateFolder(state: StateFolder): void {
  if (!state.persistent) rmSync(state.dir, { recursive: true, force: true });
  else releasePidLock(join(state.dir, LOCK_FILE));
}
