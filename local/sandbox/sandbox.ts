/**
 * The whole system on one machine.
 *
 *   this process                                   child process (stack-process.ts)
 *   ------------------------------------------     -----------------------------------------
 *   Apps Script bundle (dist/gas/Code.js) in vm    dynalite, s3rver, aws-ses-v2-local
 *     on the in-memory Apps Script services  --->  bridge server (the Lambda handler)
 *     (sheet, Gmail, properties persisted)         calendar + SCC stand-ins, CloudFront stand-in
 *   home page server (127.0.0.1:8787)
 *     /board   kanban board harness (same bundle)
 *     /g/*     local edge: the real CloudFront Function, then S3 (the emulator in the child)
 *
 * This file starts, runs and stops it; apps-script.ts loads the bundle, state.ts says where state
 * lives, systems.ts reads each system, report-build.ts builds the report, home.ts serves the pages.
 */
import { existsSync } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../aws/emulators';
import { createBoardHarnessHandler } from '../board-harness/harness';
import type { GasBundle, GasRuntime } from '../gas-runtime';
import { CODE_JS, ROOT, startAppsScript } from './apps-script';
import { closeServer } from '../standins/http-kit';
import { findCloudFrontFunctionFile, LocalEdge } from './edge';
import { handleHome } from './home';
import { InboxFolder, type DeliveredFile } from './inbox';
import { listenHome, type HomeSocket } from './listen';
import { SANDBOX_CREW_LINK_BASE, SANDBOX_PUBLIC_ORIGIN } from './origin';
import { readJson, saveGmail, writeJsonAtomic } from './persist';
import type { ReportEmail, ReportMessage, SandboxReport } from './report';
import { buildReport } from './report-build';
import { startStackProcess, type StackProcess } from './stack-process';
import { closeStateFolder, openStateFolder, type StateFolder } from './state';
import { SystemReader } from './systems';
import type { HomeSandbox, InboxTrigger, RunRecord, SandboxOptions, StandinName } from './types';

export type { SandboxOptions, RunRecord } from './types';

/** Runs kept in the history (runs.json and the inbox page). */
const RUNS_KEPT = 200;

interface SandboxParts {
  options: SandboxOptions;
  state: StateFolder;
  socket: HomeSocket;
  stack: StackProcess;
  s3: S3Client;
  edge: LocalEdge;
  gas: GasRuntime;
  bundle: GasBundle;
  inbox: InboxFolder;
  sentAt: string[];
}

export class Sandbox implements HomeSandbox {
  readonly options: SandboxOptions;
  readonly stateDir: string;
  readonly persistent: boolean;
  readonly homeUrl: string;
  readonly stack: StackProcess;
  readonly s3: S3Client;
  readonly edge: LocalEdge;
  readonly gas: GasRuntime;
  readonly bundle: GasBundle;
  readonly inbox: InboxFolder;
  readonly errors: string[] = [];
  private readonly state: StateFolder;
  private readonly socket: HomeSocket;
  private readonly reader: SystemReader;
  private readonly runs: RunRecord[];
  private readonly sentAt: string[];
  private queue: Promise<unknown> = Promise.resolve();
  private stopped: Promise<void> | undefined;

  private constructor(parts: SandboxParts) {
    this.options = parts.options;
    this.state = parts.state;
    this.stateDir = parts.state.dir;
    this.persistent = parts.state.persistent;
    this.socket = parts.socket;
    this.homeUrl = parts.socket.url;
    this.stack = parts.stack;
    this.s3 = parts.s3;
    this.edge = parts.edge;
    this.gas = parts.gas;
    this.bundle = parts.bundle;
    this.inbox = parts.inbox;
    this.sentAt = parts.sentAt;
    this.runs = readJson<RunRecord[]>(parts.state.files.runs, []);
    this.reader = new SystemReader({
      stack: parts.stack.info,
      s3: parts.s3,
      homeUrl: this.homeUrl,
      gas: parts.gas,
      inbox: parts.inbox,
      sentAt: this.sentAt,
    });
    void parts.stack.exited.then(({ code, signal }) => {
      if (this.stopped) return;
      const message = `the local stack process stopped unexpectedly (${signal ?? `exit ${code}`}); restart the sandbox`;
      this.errors.push(message);
      this.log(message);
    });
  }

  get log(): (line: string) => void {
    return this.options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Where the bridge listens now (the built-in crew links reach it through the home page). */
  get bridgeUrl(): string {
    return this.stack.info.bridgeUrl;
  }

  get runHistory(): readonly RunRecord[] {
    return this.runs;
  }

  static async start(options: SandboxOptions): Promise<Sandbox> {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    if (!existsSync(CODE_JS))
      throw new Error(`${CODE_JS} is missing: run npm run build (npm start does it for you)`);
    const functionFile = findCloudFrontFunctionFile(ROOT);

    // 1. The home page listens first: its URL is the public base URL of the guest pages.
    const socket = await listenHome(options.port);

    // The state folder only after the port is ours, and locked before anything in it is touched:
    // a second sandbox (another port, the same folder) is refused and deletes nothing.
    let state: StateFolder;
    try {
      state = openStateFolder(options.stateDir, options.reset ?? false);
    } catch (error) {
      await closeServer(socket.server);
      throw error;
    }
    const { files } = state;

    // 2. The stack in its child process.
    let stack: StackProcess;
    try {
      // Stored links carry a fixed public origin, never this start's port (see origin.ts).
      stack = await startStackProcess(
        {
          dataDir: files.aws,
          publicBaseUrl: SANDBOX_PUBLIC_ORIGIN,
          crewLinkBaseUrl: SANDBOX_CREW_LINK_BASE,
        },
        (line) => log(`[stack] ${line}`),
      );
    } catch (error) {
      await closeServer(socket.server);
      closeStateFolder(state);
      throw error;
    }

    try {
      // 3. The edge, with its own S3 client for the emulator.
      const s3 = createS3Client(stack.info.endpoints.s3);
      const edge = new LocalEdge({
        functionFile,
        origin: { s3, bucket: stack.info.config.pagesBucket },
        distributionId: stack.info.config.distributionId,
        log,
      });

      // 4. The Apps Script bundle on the in-memory services, resumed from disk.
      const { gas, bundle, sentAt } = startAppsScript(options, files, stack.info, socket.url);

      const inbox = new InboxFolder(
        options.inboxDir,
        readJson<{ delivered: DeliveredFile[] }>(files.inbox, { delivered: [] }).delivered,
      );
      const sandbox = new Sandbox({
        options,
        state,
        socket,
        stack,
        s3,
        edge,
        gas,
        bundle,
        inbox,
        sentAt,
      });
      const board = createBoardHarnessHandler({
        gas: bundle.context,
        basePath: '/board',
        // "Charter > New booking" as the menu opens it: the real entry point builds the dialog.
        dialogs: { 'new-booking': () => sandbox.openMenuDialog('menuNewBooking') },
      });
      socket.route((req, res) => void handleHome(sandbox, board, req, res));
      sandbox.save();
      log(`Sandbox state: ${state.dir}${state.persistent ? '' : ' (temporary)'}`);
      return sandbox;
    } catch (error) {
      await stack.stop();
      await closeServer(socket.server);
      closeStateFolder(state);
      throw error;
    }
  }

  /** Runs one action at a time (inbox runs, retries, report snapshots). */
  private exclusive<T>(action: () => Promise<T>): Promise<T> {
    const next = this.queue.then(action, action);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Delivers new .eml files of the inbox folder to the Gmail fake and runs an Apps Script
   * entry point: the time-driven trigger (default), or "Retry failed steps".
   */
  processInbox(trigger: InboxTrigger = 'processInboxTrigger'): Promise<RunRecord> {
    return this.exclusive(async () => {
      const delivered = await this.inbox.deliverNew(this.gas.gmail);
      const firstLog = this.gas.logs.lines.length;
      const firstAlert = this.gas.spreadsheet.ui.alerts.length;
      const sentBefore = this.gas.gmail.sent.length;
      const record: RunRecord = {
        trigger,
        at: new Date().toISOString(),
        delivered: delivered.map((d) => d.file),
        summary: '',
      };
      try {
        this.bundle.call(trigger);
        const alerts = this.gas.spreadsheet.ui.alerts.slice(firstAlert).map((a) => a.prompt);
        const logs = this.gas.logs.lines.slice(firstLog).map((l) => l.replace(/^\[\w+\] /, ''));
        record.summary = (alerts.length > 0 ? alerts : logs).join('\n').trim();
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
        record.summary = `The run failed: ${record.error}`;
        this.errors.push(`${trigger}: ${record.error}`);
      }
      for (let i = sentBefore; i < this.gas.gmail.sent.length; i += 1) this.sentAt[i] = record.at;
      this.runs.push(record);
      if (this.runs.length > RUNS_KEPT) this.runs.splice(0, this.runs.length - RUNS_KEPT);
      this.save();
      return record;
    });
  }

  /** Runs a menu entry point that opens a dialog and returns the dialog's HTML output. */
  openMenuDialog(entry: 'menuNewBooking'): GoogleAppsScript.HTML.HtmlOutput {
    const dialogs = this.gas.spreadsheet.ui.dialogs;
    const before = dialogs.length;
    const alertsBefore = this.gas.spreadsheet.ui.alerts.length;
    this.bundle.call(entry);
    const opened = dialogs[dialogs.length - 1];
    if (dialogs.length === before || !opened) {
      const said = this.gas.spreadsheet.ui.alerts.slice(alertsBefore).map((a) => a.prompt);
      throw new Error(`${entry} opened no dialog: ${said.join(' ') || 'no message'}`);
    }
    return opened.output;
  }

  /** Writes the sheet, the Gmail fake, the inbox record and the run history to the state folder. */
  save(): void {
    const { files } = this.state;
    this.gas.spreadsheet.save(files.spreadsheet);
    this.gas.calendar.save(files.calendar);
    saveGmail(this.gas.gmail, this.sentAt, files.gmail);
    writeJsonAtomic(files.inbox, { dir: this.inbox.dir, delivered: this.inbox.delivered });
    writeJsonAtomic(files.runs, this.runs);
  }

  standinState<T>(which: StandinName): Promise<T> {
    return this.reader.standinState<T>(which);
  }

  tab(name: string): unknown[][] | null {
    return this.reader.tab(name);
  }

  emails(): Promise<ReportEmail[]> {
    return this.reader.emails();
  }

  messages(): ReportMessage[] {
    return this.reader.messages();
  }

  /** The providers the sheet's Settings choose now (the captain may change them there). */
  providers(): SandboxReport['providers'] {
    return this.reader.providers();
  }

  /** Everything every system holds now (the --once report). */
  report(): Promise<SandboxReport> {
    return this.exclusive(() =>
      buildReport({
        reader: this.reader,
        gas: this.gas,
        inbox: { dir: this.inbox.dir, files: this.inbox.delivered.map((d) => d.file) },
        state: { dir: this.stateDir, persistent: this.persistent },
        urls: { home: this.homeUrl, edge: this.homeUrl, bridge: this.stack.info.bridgeUrl },
        runs: this.runs,
        errors: this.errors,
      }),
    );
  }

  /** Stops everything, saving state first; a temporary state folder is removed. */
  stop(): Promise<void> {
    return (this.stopped ??= (async () => {
      await this.queue.catch(() => undefined);
      this.save();
      await closeServer(this.socket.server);
      this.s3.destroy();
      await this.stack.stop();
      closeStateFolder(this.state);
    })());
  }
}
