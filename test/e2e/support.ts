/** Shared pieces of the end-to-end suites: the build, inbox folders of fixtures, lookups. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../local/start';
import type { SandboxReport } from '../../local/sandbox/report';
import { ensureGasBuilt } from '../gas/support/harness';

export const ROOT = path.resolve(__dirname, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/boatsetter');

export const FILES = {
  seed: '00_seed_example_xhqgmdh.eml',
  confirmed4h: '01_confirmed_4h_standard.eml',
  confirmed8h: '02_confirmed_instantbook_8h_table.eml',
  modified: '04_modified_date_time_change.eml',
  cancelled: '05_cancelled_by_renter.eml',
  request: '06_request_pending_do_not_process.eml',
  marketing: '07_marketing_same_sender.eml',
} as const;

/** dist/gas as the run found it (jest's globalSetup rebuilt it if stale; see gas-build.ts). */
export { ensureGasBuilt };

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(tmpdir(), prefix));
}

/** Copies fixtures into an inbox folder (creating it). */
export function addToInbox(dir: string, ...files: string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
}

/** An inbox file: a fixture by name, or an e-mail the test writes. */
export type InboxFile = string | { name: string; text: string };

export interface SandboxSuite {
  /** The running sandbox (inside tests and hooks). */
  readonly sandbox: Sandbox;
  readonly stateDir: string;
  readonly inboxDir: string;
  /** GET /report.json, as an acceptance check reads it. */
  report(): Promise<SandboxReport>;
  /** POST /actions/process-inbox, as the home page's button does (answered 303, back home). */
  processInbox(): Promise<void>;
}

/**
 * One sandbox for the enclosing describe block, as `npm start -- --port 0` runs it: `inbox` in a
 * fresh inbox folder and a fresh state folder (named after `name`), started before all (the
 * start processes the inbox once), stopped and both folders removed after all.
 */
export function sandboxSuite(
  name: string,
  inbox: InboxFile[],
  options: Pick<SandboxOptions, 'providers'> = {},
): SandboxSuite {
  let dirs: { stateDir: string; inboxDir: string } | undefined;
  let sandbox: Sandbox | undefined;
  const running = (): Sandbox => {
    if (!sandbox) throw new Error('the sandbox starts in beforeAll; use it inside a test');
    return sandbox;
  };
  const folders = () => {
    if (!dirs) throw new Error('the folders are made in beforeAll; use them inside a test');
    return dirs;
  };
  beforeAll(async () => {
    ensureGasBuilt();
    dirs = { stateDir: tempDir(`e2e-${name}-state-`), inboxDir: tempDir(`e2e-${name}-inbox-`) };
    for (const file of inbox) {
      if (typeof file === 'string') addToInbox(dirs.inboxDir, file);
      else fs.writeFileSync(path.join(dirs.inboxDir, file.name), file.text);
    }
    sandbox = await startSandbox({ ...dirs, port: 0, log: () => undefined, ...options });
  });
  afterAll(async () => {
    await sandbox?.stop();
    for (const dir of Object.values(dirs ?? {})) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get sandbox() {
      return running();
    },
    get stateDir() {
      return folders().stateDir;
    },
    get inboxDir() {
      return folders().inboxDir;
    },
    report: async () =>
      (await (await fetch(`${running().homeUrl}/report.json`)).json()) as SandboxReport,
    async processInbox() {
      const res = await fetch(`${running().homeUrl}/actions/process-inbox`, {
        method: 'POST',
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
    },
  };
}

export function booking(report: SandboxReport, id: string): Record<string, unknown> {
  const row = report.bookings.find((b) => b['Booking ID'] === id);
  if (!row)
    throw new Error(
      `no Bookings row ${id}; rows: ${report.bookings.map((b) => b['Booking ID']).join(', ')}`,
    );
  return row;
}

export function card(report: SandboxReport, id: string): SandboxReport['kanban'][number] {
  const found = report.kanban.filter((c) => c.bookingId === id);
  if (found.length !== 1) throw new Error(`expected one card ${id}, found ${found.length}`);
  return found[0] as SandboxReport['kanban'][number];
}

/** Events whose JSON mentions the booking id (each system keys them by booking reference). */
export function mentioning<T>(items: readonly T[], id: string): T[] {
  return items.filter((item) => JSON.stringify(item).includes(id));
}

/** Money as it would be printed anywhere: $840.75, 840.75, 840,75 ... */
export function moneyPatterns(...amounts: string[]): RegExp[] {
  return amounts.flatMap((a) => {
    const [whole = '', cents = ''] = a.split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return [new RegExp(`\\b${whole}\\.${cents}\\b`), new RegExp(`\\b${grouped}\\.${cents}\\b`)];
  });
}

export type StartProcess = ChildProcessByStdio<null, Readable, Readable>;

/** `npm start -- ARGS` (minus the build, which the suites ensure) in its own process group. */
export function spawnStart(args: string[]): StartProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
}

/** Collects a child's output; `waitFor` resolves once stdout has matched (rejects if it exits). */
export function outputOf(child: StartProcess): {
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
} {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(stdout);
        if (!m) return;
        child.stdout.off('data', check);
        resolve(m);
      };
      child.stdout.on('data', check);
      check();
      void exited.then(({ code, signal }) =>
        reject(new Error(`npm start exited (${signal ?? code}) before ${pattern}:\n${stderr}`)),
      );
    });
  return { stdout: () => stdout, stderr: () => stderr, exited, waitFor };
}
