/**
 * The sandbox's state folder (default .local/sandbox): where each file lives. The stack keeps its
 * own data under `aws/`; the sheet, the Gmail fake, the inbox record, the run history and the
 * owner's Google Calendar are the files below.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** Opens (creating it) the state folder; `reset` deletes what a persistent one held first. */
export function openStateFolder(stateDir: string | null, reset: boolean): StateFolder {
  const persistent = stateDir !== null;
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'charter-sandbox-'));
  if (reset && persistent) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
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

/** Removes a temporary state folder (a persistent one stays). */
export function closeStateFolder(state: StateFolder): void {
  if (!state.persistent) rmSync(state.dir, { recursive: true, force: true });
}
