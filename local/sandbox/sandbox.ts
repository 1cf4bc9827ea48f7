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
 * State lives in one folder (default .local/sandbox): `aws/` (the stack's data), the sheet,
 * the Gmail fake, which inbox files were delivered, and the run history.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parseBoatsetterEmail } from '../../shared/boatsetter';
import { BookingSchema } from '../../shared/booking';
import { computeFinance, type Finance } from '../../shared/finance';
import { CANCELLED_LANE } from '../../shared/kanban';
import { centsFromCell, centsToDecimalString, formatUsd } from '../../shared/money';
import { parseSettings } from '../../gas/core/settings';
import { stepStateOf } from '../../gas/core/records';
import type { CellValue } from '../../gas/ports';
import { STEP_COLUMNS, TABS } from '../../gas/sheets/schema';
import { createS3Client, readSesStore } from '../aws/emulators';
import { createBoardHarnessHandler } from '../board-harness/harness';
import {
  createGasRuntime,
  FakeSpreadsheetStore,
  loadBundle,
  type GasBundle,
  type GasRuntime,
} from '../gas-runtime';
import { findCloudFrontFunctionFile, LocalEdge } from './edge';
import { InboxFolder, type DeliveredFile } from './inbox';
import { loadGmail, readJson, saveGmail, writeJsonAtomic } from './persist';
import {
  kanbanCards,
  MONEY_COLUMNS,
  REPORT_VERSION,
  rowsAsObjects,
  type ReportEmail,
  type ReportFinance,
  type ReportGuestPage,
  type ReportInvalidation,
  type ReportMessage,
  type SandboxReport,
} from './report';
import { startStackProcess, type StackProcess } from './stack-process';
import { handleHome } from './home';
import {
  applyProviderChoice,
  googleCalendarReport,
  loadGoogleCalendar,
  type ProviderChoice,
} from './providers';
import { patientKeepAlive } from '../patient-server';

export const ROOT = resolve(__dirname, '../..');
export const CODE_JS = join(ROOT, 'dist/gas/Code.js');
export const CAPTAIN_EMAIL = 'captain@charter.example';
export const OWNER_EMAIL = 'owner@charter.example';

/** Crew a fresh sandbox sheet starts with (the Crew tab can be edited like any sheet). */
export const SAMPLE_CREW: ReadonlyArray<[string, string, string, number, boolean]> = [
  ['Sam Rivera', 'captain', 'sam.rivera@crew.example', 50, true],
  ['Dana Deck', 'deckhand', 'dana.deck@crew.example', 25, true],
  ['Lee Line', 'deckhand', 'lee.line@crew.example', 25, true],
];

const LABEL_IGNORED = 'charter/ignored';
const LABEL_REVIEW = 'charter/needs-review';

export interface SandboxOptions {
  /** Where state persists; null: a fresh temporary folder, removed on stop. */
  stateDir: string | null;
  inboxDir: string;
  /** Home page port on 127.0.0.1; 0 = ephemeral. */
  port: number;
  /** Delete the state folder first. */
  reset?: boolean;
  /** Progress lines (default: stderr, so a report on stdout is never mixed with them). */
  log?: (line: string) => void;
  /** Echo the Apps Script console to stderr. */
  echoGasLog?: boolean;
  /** Calendar and crew providers to set in Settings (unset: the sheet keeps its own). */
  providers?: ProviderChoice;
}

export interface RunRecord {
  trigger: string;
  at: string;
  delivered: string[];
  summary: string;
  error?: string;
}

interface SandboxFiles {
  spreadsheet: string;
  gmail: string;
  inbox: string;
  runs: string;
  calendar: string;
}

export class Sandbox {
  private runs: RunRecord[];
  private queue: Promise<unknown> = Promise.resolve();
  private sentAt: string[];
  private stopped: Promise<void> | undefined;
  readonly errors: string[] = [];

  private constructor(
    readonly options: SandboxOptions,
    readonly stateDir: string,
    readonly persistent: boolean,
    readonly homeUrl: string,
    private readonly server: Server,
    readonly stack: StackProcess,
    readonly s3: S3Client,
    readonly edge: LocalEdge,
    readonly gas: GasRuntime,
    readonly bundle: GasBundle,
    readonly inbox: InboxFolder,
    private readonly files: SandboxFiles,
    sentAt: string[],
  ) {
    this.runs = readJson<RunRecord[]>(files.runs, []);
    this.sentAt = sentAt;
    void stack.exited.then(({ code, signal }) => {
      if (this.stopped) return;
      const message = `the local stack process stopped unexpectedly (${signal ?? `exit ${code}`}); restart the sandbox`;
      this.errors.push(message);
      this.log(message);
    });
  }

  get log(): (line: string) => void {
    return this.options.log ?? ((line) => process.stderr.write(`${line}\n`));
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
    let route: Parameters<typeof createServer>[1] = (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The sandbox is starting.\n');
    };
    const server = createServer((req, res) => route?.(req, res));
    patientKeepAlive(server);
    await new Promise<void>((ok, fail) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        fail(
          error.code === 'EADDRINUSE'
            ? new Error(
                `port ${options.port} is in use (another sandbox running?); use --port N or --port 0`,
              )
            : error,
        ),
      );
      server.listen(options.port, '127.0.0.1', () => ok());
    });
    const homeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // The state folder only after the port is ours: a second sandbox must not touch the first's.
    const persistent = options.stateDir !== null;
    const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'charter-sandbox-'));
    if (options.reset && persistent) rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(stateDir, { recursive: true });
    const files: SandboxFiles = {
      spreadsheet: join(stateDir, 'spreadsheet.json'),
      gmail: join(stateDir, 'gmail.json'),
      inbox: join(stateDir, 'inbox.json'),
      runs: join(stateDir, 'runs.json'),
      calendar: join(stateDir, 'google-calendar.json'),
    };

    // 2. The stack in its child process.
    let stack: StackProcess;
    try {
      stack = await startStackProcess(
        { dataDir: join(stateDir, 'aws'), publicBaseUrl: homeUrl },
        (line) => log(`[stack] ${line}`),
      );
    } catch (error) {
      await closeServer(server);
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
      const freshSheet = !existsSync(files.spreadsheet);
      const spreadsheet = !freshSheet
        ? FakeSpreadsheetStore.load(files.spreadsheet)
        : new FakeSpreadsheetStore('Charter bookings (sandbox)');
      const gas = createGasRuntime({
        spreadsheet,
        calendar: loadGoogleCalendar(files.calendar),
        scriptProperties: {
          BRIDGE_URL: stack.info.bridgeUrl,
          BRIDGE_SIGNING_SECRET: stack.info.signingSecret,
        },
        userEmail: OWNER_EMAIL,
        webAppUrl: `${homeUrl}/board`,
        htmlDir: join(ROOT, 'dist/gas'),
      });
      gas.logs.echo = options.echoGasLog ?? false;
      const sentAt = loadGmail(gas.gmail, files.gmail);
      const bundle = loadBundle(gas, CODE_JS);
      bundle.call('onOpen');
      const alertsBefore = gas.spreadsheet.ui.alerts.length;
      bundle.call('menuSetupSheet');
      if (!gas.spreadsheet.sheet(TABS.settings)) {
        const said = gas.spreadsheet.ui.alerts.slice(alertsBefore).map((a) => a.prompt);
        throw new Error(
          `"Set up sheet" did not create the tabs: ${said.join(' ') || 'no message'}`,
        );
      }
      configureSheet(
        gas,
        { bridgeUrl: stack.info.bridgeUrl, homeUrl },
        freshSheet,
        options.providers ?? {},
      );

      const inbox = new InboxFolder(
        options.inboxDir,
        readJson<{ delivered: DeliveredFile[] }>(files.inbox, { delivered: [] }).delivered,
      );
      const sandbox = new Sandbox(
        options,
        stateDir,
        persistent,
        homeUrl,
        server,
        stack,
        s3,
        edge,
        gas,
        bundle,
        inbox,
        files,
        sentAt,
      );
      const board = createBoardHarnessHandler({
        gas: bundle.context,
        basePath: '/board',
        // "Charter > New booking" as the menu opens it: the real entry point builds the dialog.
        dialogs: { 'new-booking': () => sandbox.openMenuDialog('menuNewBooking') },
      });
      route = (req, res) => void handleHome(sandbox, board, req, res);
      sandbox.save();
      log(`Sandbox state: ${stateDir}${persistent ? '' : ' (temporary)'}`);
      return sandbox;
    } catch (error) {
      await stack.stop();
      await closeServer(server);
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
  processInbox(
    trigger: 'processInboxTrigger' | 'menuProcessInbox' | 'menuRetryFailed' = 'processInboxTrigger',
  ): Promise<RunRecord> {
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
      if (this.runs.length > 200) this.runs.splice(0, this.runs.length - 200);
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
    this.gas.spreadsheet.save(this.files.spreadsheet);
    this.gas.calendar.save(this.files.calendar);
    saveGmail(this.gas.gmail, this.sentAt, this.files.gmail);
    writeJsonAtomic(this.files.inbox, { dir: this.inbox.dir, delivered: this.inbox.delivered });
    writeJsonAtomic(this.files.runs, this.runs);
  }

  /** JSON from a stand-in's GET /__state. */
  async standinState<T>(which: 'calendar' | 'scc' | 'cloudfront'): Promise<T> {
    const res = await fetch(new URL('/__state', this.stack.info.endpoints[which]));
    if (!res.ok) throw new Error(`${which} stand-in GET /__state answered ${res.status}`);
    return (await res.json()) as T;
  }

  /** Every CreateInvalidation the CloudFront stand-in received (it persists them itself). */
  async invalidations(): Promise<ReportInvalidation[]> {
    const state = await this.standinState<{ invalidations: ReportInvalidation[] }>('cloudfront');
    return state.invalidations.map((inv) => ({
      id: inv.id,
      distributionId: inv.distributionId,
      callerReference: inv.callerReference,
      paths: inv.paths,
      status: inv.status,
      createTime: inv.createTime,
    }));
  }

  tab(name: string): unknown[][] | null {
    return this.gas.spreadsheet.sheet(name) ? this.gas.spreadsheet.values(name) : null;
  }

  /** Slugs of the guest pages in the bucket (keys `{slug}.html` at the top level). */
  async guestPageSlugs(): Promise<string[]> {
    const slugs: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.stack.info.config.pagesBucket,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        const m = /^([a-z0-9-]{1,64})\.html$/.exec(object.Key ?? '');
        if (m?.[1]) slugs.push(m[1]);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return slugs.sort();
  }

  /** Fetches `/g/{slug}` THROUGH the local edge (the CloudFront Function, then S3). */
  async fetchGuestPage(slug: string): Promise<ReportGuestPage> {
    const path = `/g/${slug}`;
    const res = await fetch(`${this.homeUrl}${path}`);
    return {
      slug,
      path,
      url: `${this.homeUrl}${path}`,
      status: res.status,
      contentType: res.headers.get('content-type'),
      cacheControl: res.headers.get('cache-control'),
      html: await res.text(),
    };
  }

  async emails(): Promise<ReportEmail[]> {
    const ses = await readSesStore(this.stack.info.endpoints.ses);
    const fromSes: ReportEmail[] = ses.emails.map((e) => ({
      source: 'ses',
      from: e.from,
      to: e.destination.to,
      subject: e.subject,
      text: e.body.text ?? '',
      html: e.body.html ?? '',
      at: new Date(e.at * 1000).toISOString(),
    }));
    const fromGas: ReportEmail[] = this.gas.gmail.sent.map((m, i) => ({
      source: 'apps-script',
      from: OWNER_EMAIL,
      to: m.to.split(',').map((s) => s.trim()),
      subject: m.subject,
      text: m.body,
      html: '',
      at: this.sentAt[i] ?? '',
    }));
    return [...fromSes, ...fromGas];
  }

  messages(): ReportMessage[] {
    return this.gas.gmail.messages.map((m) => ({
      file: this.inbox.fileOf(m.id),
      subject: m.subject,
      from: m.from,
      labels: this.gas.gmail.labelsOf(m.threadId),
    }));
  }

  /** Everything every system holds now (the --once report). */
  report(): Promise<SandboxReport> {
    return this.exclusive(async () => {
      const calendar = await this.standinState<{
        events: Array<Record<string, unknown>>;
        deleted?: Array<Record<string, unknown>>;
      }>('calendar');
      const scc = await this.standinState<{
        events: Array<Record<string, unknown>>;
        invitations?: Array<Record<string, unknown>>;
        notices?: Array<Record<string, unknown>>;
      }>('scc');
      const invalidations = await this.invalidations();
      const guestPages: ReportGuestPage[] = [];
      for (const slug of await this.guestPageSlugs())
        guestPages.push(await this.fetchGuestPage(slug));
      const logRows = rowsAsObjects(this.tab(TABS.log));
      const messages = this.messages();
      const gmailById = new Map(this.gas.gmail.messages.map((m) => [m.id, m]));

      const review: SandboxReport['review'] = [];
      const ignored: SandboxReport['ignored'] = [];
      this.gas.gmail.messages.forEach((m, i) => {
        const message = messages[i] as ReportMessage;
        if (message.labels.includes(LABEL_REVIEW)) {
          const logged = [...logRows]
            .reverse()
            .find(
              (row) =>
                row.Action === 'needs review' &&
                String(row.Details ?? '').startsWith(`${m.subject}: `),
            );
          const reason = logged
            ? String(logged.Details).slice(m.subject.length + 2)
            : reparse(gmailById.get(m.id)).reason;
          review.push({ ...message, reason });
        } else if (message.labels.includes(LABEL_IGNORED)) {
          const parsed = reparse(gmailById.get(m.id));
          ignored.push({ ...message, kind: parsed.kind, reason: parsed.reason });
        }
      });

      const bookings = rowsAsObjects(this.tab(TABS.bookings), MONEY_COLUMNS);
      const errors = [...this.errors, ...stepProblems(bookings)];
      return {
        reportVersion: REPORT_VERSION,
        generatedAt: new Date().toISOString(),
        ok: errors.length === 0,
        errors,
        inbox: { dir: this.inbox.dir, files: this.inbox.delivered.map((d) => d.file) },
        state: { dir: this.stateDir, persistent: this.persistent },
        urls: { home: this.homeUrl, edge: this.homeUrl, bridge: this.stack.info.bridgeUrl },
        runs: this.runs.map((r) => ({ trigger: r.trigger, at: r.at, summary: r.summary })),
        bookings,
        finances: financeBreakdowns(bookings, this.tab(TABS.settings)),
        kanban: kanbanCards(this.tab(TABS.kanban)),
        calendar: calendar.events,
        calendarDeleted: calendar.deleted ?? [],
        providers: this.providers(),
        googleCalendar: googleCalendarReport(this.gas.calendar),
        crewEvents: scc.events,
        crewInvitations: scc.invitations ?? [],
        crewNotices: scc.notices ?? [],
        guestPages,
        invalidations,
        emails: await this.emails(),
        review,
        ignored,
        messages,
        log: logRows,
      };
    });
  }

  /** The providers the sheet's Settings choose now (the captain may change them there). */
  providers(): SandboxReport['providers'] {
    try {
      return parseSettings(this.tab(TABS.settings) as CellValue[][] | null).providers;
    } catch {
      return { calendar: 'dashboard', crew: 'scc' };
    }
  }

  /** Stops everything, saving state first; a temporary state folder is removed. */
  stop(): Promise<void> {
    return (this.stopped ??= (async () => {
      await this.queue.catch(() => undefined);
      this.save();
      await closeServer(this.server);
      this.s3.destroy();
      await this.stack.stop();
      if (!this.persistent) rmSync(this.stateDir, { recursive: true, force: true });
    })());
  }
}

/** Settings and Crew a sandbox needs; ports change between starts, so URLs are always rewritten. */
function configureSheet(
  gas: GasRuntime,
  urls: { bridgeUrl: string; homeUrl: string },
  freshSheet: boolean,
  providers: ProviderChoice,
): void {
  const settings = gas.spreadsheet.sheet(TABS.settings);
  if (!settings) throw new Error('the sheet has no Settings tab');
  const set = (key: string, value: string, onlyIfEmpty: boolean) => {
    const row = settings.rows.find((r) => r[0] === key);
    if (!row) settings.rows.push([key, value, '']);
    else if (!onlyIfEmpty || row[1] === '' || row[1] === null) row[1] = value;
  };
  set('captain.email', CAPTAIN_EMAIL, true);
  set('captain.name', 'Sam Rivera', true);
  set('bridge.url', urls.bridgeUrl, false);
  set('guestPage.baseUrl', urls.homeUrl, false);
  // "Set up sheet" limits the inbox to mail received from today on (so a real mailbox's history
  // is never published); the sample inbox is older than that, so a new sandbox sheet has no limit.
  if (freshSheet) set('inbox.since', '', false);
  applyProviderChoice(providers, (key, value) => set(key, value, false));
  // Crew answers are read until a charter ends; the sample charters are in the past, so a new
  // sandbox sheet keeps reading theirs (crew can still answer them through their magic links).
  if (freshSheet) set('crewAnswers.keepReadingDays', '3650', false);
  const crew = gas.spreadsheet.sheet(TABS.crew);
  if (crew && crew.rows.length <= 1) crew.rows.push(...SAMPLE_CREW.map((row) => [...row]));
}

/** The finance breakdown of each booking row (see ReportFinance); [] if Settings cannot be read. */
export function financeBreakdowns(
  bookings: ReadonlyArray<Record<string, unknown>>,
  settingsTab: unknown[][] | null,
): ReportFinance[] {
  let settings: ReturnType<typeof parseSettings>;
  try {
    settings = parseSettings(settingsTab as CellValue[][] | null);
  } catch {
    return [];
  }
  const out: ReportFinance[] = [];
  for (const row of bookings) {
    const parsed = BookingSchema.safeParse(safeJson(String(row['Booking JSON'] ?? '')));
    if (!parsed.success) continue;
    const cancelled = String(row.Status ?? '') === CANCELLED_LANE;
    let finance: Finance;
    try {
      finance = computeFinance(parsed.data, settings.finance, cancelled ? 'cancelled' : 'new');
    } catch {
      continue;
    }
    out.push({
      bookingId: parsed.data.id,
      revenueBasis: finance.revenueBasis,
      revenue: centsToDecimalString(finance.revenueCents),
      crew: finance.crew.map((line) => ({
        role: line.role,
        count: line.count,
        rate: centsToDecimalString(line.rateCents),
        hours: line.minutes / 60,
        cost: centsToDecimalString(line.costCents),
      })),
      crewCost: centsToDecimalString(finance.crewCostCents),
      portFeePercent: centsToDecimalString(finance.portFeeBasisPoints),
      portFee: centsToDecimalString(finance.portFeeCents),
      net: centsToDecimalString(finance.netCents),
    });
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const STEP_HEADERS = Object.values(STEP_COLUMNS);

/**
 * Bridge steps that did not complete. Everything runs locally, so a failed or still pending step
 * means the system failed (unlike an e-mail in review, which is the system working).
 */
export function stepProblems(bookings: ReadonlyArray<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const row of bookings) {
    const bad = STEP_HEADERS.filter((step) =>
      ['failed', 'pending', 'unreadable'].includes(stepStateOf(String(row[step] ?? ''))),
    );
    if (bad.length === 0) continue;
    const detail = bad.map((step) => `${step} ${String(row[step])}`).join(', ');
    const lastError = row['Last error'] ? `: ${String(row['Last error'])}` : '';
    problems.push(`booking ${String(row['Booking ID'])}: ${detail}${lastError}`);
  }
  return problems;
}

function reparse(
  message:
    | {
        subject: string;
        from: string;
        headers: Record<string, string>;
        plainBody: string;
        htmlBody: string;
        date: Date;
      }
    | undefined,
): { kind: string; reason: string } {
  if (!message) return { kind: 'unknown', reason: '' };
  const parsed = parseBoatsetterEmail({
    subject: message.subject,
    from: message.from,
    headers: message.headers,
    plainBody: message.plainBody,
    htmlBody: message.htmlBody,
    receivedAt: message.date.toISOString(),
  });
  if (parsed.kind === 'ignore') return { kind: parsed.reason, reason: parsed.detail };
  if (parsed.kind === 'needs-review') return { kind: 'needs-review', reason: parsed.reason };
  return { kind: parsed.kind, reason: '' };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A readable summary: per booking its finances, each system's step, and links. */
export function summaryText(report: SandboxReport): string {
  const lines: string[] = [];
  const money = (value: unknown) =>
    value === null || value === undefined || value === '' ? '-' : formatCellUsd(value);
  lines.push(`Bookings (${report.bookings.length}):`);
  for (const b of report.bookings) {
    const id = String(b['Booking ID'] ?? '');
    const card = report.kanban.find((c) => c.bookingId === id);
    lines.push(
      `  ${id}  ${card?.title ?? ''}  ${String(b.Guest ?? '')}  [${String(b.Status ?? card?.lane ?? '')}]`,
    );
    lines.push(
      `    revenue ${money(b.Revenue)}  crew ${money(b['Crew cost'])}  port fee ${money(b['Port fee'])}  net ${money(b.Net)}`,
    );
    const breakdown = report.finances.find((f) => f.bookingId === id);
    if (breakdown && breakdown.crew.length > 0)
      lines.push(
        `    crew: ${breakdown.crew
          .map((c) => `${c.count} x ${c.role} x ${c.hours}h = ${money(c.cost)}`)
          .join(', ')}; port fee ${breakdown.portFeePercent.replace(/\.00$/, '')}%`,
      );
    const steps = [
      'Calendar',
      'Crew event',
      'Checklist',
      'Guest page',
      'Invalidation',
      'Captain e-mail',
    ]
      .map((s) => `${s.toLowerCase()}: ${String(b[s] ?? '') || '-'}`)
      .join(' | ');
    lines.push(`    ${steps}`);
    if (b['Last error']) lines.push(`    last error: ${String(b['Last error'])}`);
    const slug = id.toLowerCase();
    const page = report.guestPages.find((p) => p.slug === slug);
    if (page) lines.push(`    guest page: ${page.url} (${page.status})`);
  }
  lines.push(
    `Calendar entries: ${report.calendar.length}   Crew events: ${report.crewEvents.length}   Invalidations: ${report.invalidations.length}   E-mails: ${report.emails.length}`,
  );
  if (report.review.length > 0) {
    lines.push(`Needs review (${report.review.length}):`);
    for (const r of report.review) lines.push(`  ${r.file ?? r.subject}: ${r.reason}`);
  }
  if (report.ignored.length > 0) {
    lines.push(`Ignored (${report.ignored.length}):`);
    for (const r of report.ignored) lines.push(`  ${r.file ?? r.subject}: ${r.kind}`);
  }
  if (report.errors.length > 0) {
    lines.push('ERRORS:');
    for (const e of report.errors) lines.push(`  ${e}`);
  }
  return lines.join('\n');
}

/** A money cell for the summary: exact, or shown as the sheet has it when it is not an amount. */
function formatCellUsd(value: unknown): string {
  try {
    return formatUsd(centsFromCell(value));
  } catch {
    return String(value);
  }
}
