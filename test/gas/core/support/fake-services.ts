/**
 * Small in-memory fakes of every port in gas/ports.ts, for unit tests of gas/core. Each fake
 * keeps its state in plain fields a test can read (tabs as arrays of rows, sent mail, requests)
 * and counts its calls, so a test can say "one read per tab" or "one fetchAll" as well as what
 * was written. Not a model of Apps Script (that is local/gas-runtime, for the built bundle).
 */
import { createHash, createHmac } from 'node:crypto';
import type { BridgeResponse, StepName, StepResult } from '../../../../shared/bridge-contract';
import { BridgeRequestSchema, STEP_NAMES } from '../../../../shared/bridge-contract';
import { DEFAULT_TIME_ZONE, formatInstantInZone } from '../../../../shared/time';
import type {
  CalendarEntryFields,
  CalendarEntryRecord,
  CellValue,
  Clock,
  Crypto,
  EnsureTabResult,
  GoogleCalendarHandle,
  GoogleCalendarPort,
  HttpRequest,
  HttpResult,
  HttpTransport,
  Mailbox,
  MailThread,
  Notifier,
  Properties,
  ScriptLock,
  Services,
  SheetRepository,
} from '../../../../gas/ports';
import { SECRET_PROPERTY, BRIDGE_URL_PROPERTY } from '../../../../gas/bridge/client';
import { setUpSheet } from '../../../../gas/core/setup';
import { SETTING_KEYS } from '../../../../gas/core/settings';
import { TABS } from '../../../../gas/sheets/schema';

/** A counter per method name: `calls.read` is how many times read() ran. */
type Calls<K extends string> = Record<K, number>;

function counters<K extends string>(names: readonly K[]): Calls<K> {
  return Object.fromEntries(names.map((n) => [n, 0])) as Calls<K>;
}

/** The spreadsheet: each tab an array of rows (row 0 is the header row). */
export class FakeSheets implements SheetRepository {
  readonly tabs = new Map<string, CellValue[][]>();
  readonly calls = counters([
    'read',
    'readFormulas',
    'write',
    'lastRow',
    'ensureTab',
    'appendRows',
    'flush',
  ] as const);

  read(tab: string): CellValue[][] | null {
    this.calls.read++;
    const rows = this.tabs.get(tab);
    if (!rows) return null;
    const width = Math.max(0, ...rows.map((r) => r.length));
    return rows.map((r) => [...r, ...Array<CellValue>(width - r.length).fill('')]);
  }

  readFormulas(tab: string): string[][] | null {
    this.calls.readFormulas++;
    const rows = this.tabs.get(tab);
    return rows ? rows.map((r) => r.map(() => '')) : null;
  }

  write(tab: string, row: number, column: number, block: CellValue[][]): void {
    this.calls.write++;
    const rows = this.existing(tab);
    block.forEach((values, r) => {
      const target = (rows[row - 1 + r] ??= []);
      while (target.length < column - 1) target.push('');
      values.forEach((value, c) => (target[column - 1 + c] = value));
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  }

  lastRow(tab: string): number {
    this.calls.lastRow++;
    return this.existing(tab).length;
  }

  ensureTab(tab: string, headers: readonly string[]): EnsureTabResult {
    this.calls.ensureTab++;
    const created = !this.tabs.has(tab);
    const rows = this.tabs.get(tab) ?? [[]];
    this.tabs.set(tab, rows);
    const header = (rows[0] ??= []);
    const missing = headers.filter((h) => !header.includes(h));
    header.push(...missing);
    return { tab, created, addedHeaders: created ? [] : missing };
  }

  appendRows(tab: string, rows: CellValue[][]): void {
    this.calls.appendRows++;
    this.existing(tab).push(...rows.map((r) => [...r]));
  }

  flush(): void {
    this.calls.flush++;
  }

  /** The data rows of a tab as objects keyed by header (for assertions). */
  records(tab: string): Array<Record<string, CellValue>> {
    const [header = [], ...data] = this.existing(tab);
    return data.map((row) =>
      Object.fromEntries(header.map((name, i) => [String(name), row[i] ?? ''])),
    );
  }

  /** The record whose `column` equals `value`, or undefined. */
  record(tab: string, column: string, value: string): Record<string, CellValue> | undefined {
    return this.records(tab).find((r) => String(r[column]) === value);
  }

  /** Sets (or adds) one key of the Settings tab. */
  setSetting(key: string, value: string): void {
    const rows = this.existing(TABS.settings);
    const row = rows.find((r, i) => i > 0 && r[0] === key);
    if (row) row[1] = value;
    else rows.push([key, value, '']);
  }

  /** Forgets the call counts (after a test's Prepare step). */
  resetCalls(): void {
    for (const name of Object.keys(this.calls) as Array<keyof typeof this.calls>)
      this.calls[name] = 0;
  }

  private existing(tab: string): CellValue[][] {
    const rows = this.tabs.get(tab);
    if (!rows) throw new Error(`fake sheet: the "${tab}" tab does not exist`);
    return rows;
  }
}

/** Gmail: threads a search finds until they carry a label its query excludes ("-label:x"). */
export class FakeMailbox implements Mailbox {
  readonly threads: MailThread[] = [];
  readonly labels = new Map<string, Set<string>>();
  readonly sent: Array<{ to: string; subject: string; body: string }> = [];
  readonly queries: string[] = [];
  readonly calls = counters(['search', 'addLabel', 'sendEmail'] as const);
  constructor(readonly address = 'owner@charter.example') {}

  search(query: string): MailThread[] {
    this.calls.search++;
    this.queries.push(query);
    const excluded = [...query.matchAll(/-label:(\S+)/g)].map((m) => m[1] as string);
    return this.threads.filter((t) => !excluded.some((label) => this.labelsOf(t.id).has(label)));
  }

  addLabel(label: string, threadIds: readonly string[]): void {
    this.calls.addLabel++;
    if (threadIds.length > 100) throw new Error('fake mailbox: more than 100 threads per call');
    for (const id of threadIds) this.labelsOf(id).add(label);
  }

  sendEmail(to: string, subject: string, body: string): void {
    this.calls.sendEmail++;
    this.sent.push({ to, subject, body });
  }

  ownEmail(): string {
    return this.address;
  }

  labelsOf(threadId: string): Set<string> {
    let set = this.labels.get(threadId);
    if (!set) this.labels.set(threadId, (set = new Set()));
    return set;
  }
}

export type Responder = (request: HttpRequest) => HttpResult;

/**
 * UrlFetchApp.fetchAll: every request is recorded; answers come from the scripted queue
 * (`script(...)`, one per request, in order) and otherwise from the default responder, which
 * answers like a bridge that did every step.
 */
export class FakeHttp implements HttpTransport {
  readonly requests: HttpRequest[] = [];
  readonly calls = counters(['fetchAll'] as const);
  private readonly queue: Array<HttpResult | Responder> = [];
  constructor(public responder: Responder = bridgeDidEverything) {}

  fetchAll(requests: readonly HttpRequest[]): HttpResult[] {
    this.calls.fetchAll++;
    this.requests.push(...requests);
    return requests.map((request) => {
      const next = this.queue.shift() ?? this.responder;
      return typeof next === 'function' ? next(request) : next;
    });
  }

  /** Answers for the next requests, in order: results, or responders for one request each. */
  script(...answers: Array<HttpResult | Responder>): void {
    this.queue.push(...answers);
  }

  /** The JSON bodies sent, parsed. */
  bodies(): unknown[] {
    return this.requests.map((r) => JSON.parse(r.payload) as unknown);
  }
}

/** A bridge answer to one booking request: every step `status` unless `steps` says otherwise. */
export function bridgeAnswer(
  request: HttpRequest,
  steps: Partial<Record<StepName, Partial<StepResult>>> = {},
  status: StepResult['status'] = 'done',
): HttpResult {
  const body = BridgeRequestSchema.parse(JSON.parse(request.payload));
  const results = STEP_NAMES.map((step) => ({
    step,
    status,
    attempts: 1,
    ids: {},
    ...steps[step],
  }));
  const response: BridgeResponse = {
    ok: true,
    bookingId: body.booking.id,
    revision: body.revision,
    outcome: results.some((s) => s.status === 'failed') ? 'partial' : 'completed',
    steps: results,
    links: {
      guestPage: `https://guests.example/g/${body.booking.id.toLowerCase()}`,
      checklist: null,
    },
  };
  return { kind: 'response', status: 200, body: JSON.stringify(response) };
}

export const bridgeDidEverything: Responder = (request) => bridgeAnswer(request);

export function httpStatus(status: number, code = 'internal', message = 'scripted'): HttpResult {
  return { kind: 'response', status, body: JSON.stringify({ error: { code, message } }) };
}

export function networkError(message = 'connection refused'): HttpResult {
  return { kind: 'network-error', message };
}

/** A clock that stands still until told to move; local times in the script's zone. */
export class FakeClock implements Clock {
  constructor(
    public nowMs = Date.parse('2026-07-01T16:00:00Z'),
    readonly zone = DEFAULT_TIME_ZONE,
  ) {}
  now(): number {
    return this.nowMs;
  }
  localIso(epochMs: number): string {
    return formatInstantInZone(this.zone, epochMs);
  }
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** The script lock; `heldElsewhere` makes tryLock fail as when another run holds it. */
export class FakeLock implements ScriptLock {
  heldElsewhere = false;
  held = false;
  readonly calls = counters(['tryLock', 'release'] as const);
  tryLock(): boolean {
    this.calls.tryLock++;
    if (this.heldElsewhere || this.held) return false;
    this.held = true;
    return true;
  }
  release(): void {
    this.calls.release++;
    this.held = false;
  }
}

export class FakeProperties implements Properties {
  readonly values = new Map<string, string>();
  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  set(key: string, value: string | null): void {
    if (value === null) this.values.delete(key);
    else this.values.set(key, value);
  }
}

/** Real hashes (node:crypto); uuids count up so ids are predictable. */
export class FakeCrypto implements Crypto {
  private issued = 0;
  hmacSha256Hex(key: string, message: string): string {
    return createHmac('sha256', key).update(message, 'utf8').digest('hex');
  }
  sha256Hex(message: string): string {
    return createHash('sha256').update(message, 'utf8').digest('hex');
  }
  uuid(): string {
    this.issued++;
    return `00000000-0000-4000-8000-${String(this.issued).padStart(12, '0')}`;
  }
}

export class FakeNotifier implements Notifier {
  readonly toasts: Array<{ message: string; title?: string }> = [];
  toast(message: string, title?: string): void {
    this.toasts.push(title === undefined ? { message } : { message, title });
  }
}

/** Google Calendar: calendars by id, entries in memory, tags kept per entry. */
export class FakeCalendar implements GoogleCalendarPort {
  readonly calendars = new Map<
    string,
    Map<string, CalendarEntryRecord & { tags: Record<string, string> }>
  >();
  readonly calls = counters(['open', 'create', 'update', 'remove'] as const);
  private issued = 0;

  addCalendar(id: string): void {
    this.calendars.set(id, new Map());
  }

  open(calendarId: string): GoogleCalendarHandle | null {
    this.calls.open++;
    const entries = this.calendars.get(calendarId);
    if (!entries) return null;
    const strip = (e: CalendarEntryRecord & { tags: Record<string, string> }) => {
      const { tags: _tags, ...record } = e;
      return { ...record, guests: [...record.guests] };
    };
    return {
      byId: (id) => {
        const entry = entries.get(id);
        return entry ? strip(entry) : null;
      },
      tagged: (key, value, fromMs, toMs) =>
        [...entries.values()]
          .filter((e) => e.tags[key] === value && e.endMs > fromMs && e.startMs < toMs)
          .map(strip),
      create: (fields: CalendarEntryFields, tag) => {
        this.calls.create++;
        const id = `entry-${++this.issued}@google.com`;
        entries.set(id, {
          ...fields,
          guests: [...fields.guests],
          id,
          tags: { [tag.key]: tag.value },
        });
        return strip(entries.get(id)!);
      },
      update: (id, fields) => {
        this.calls.update++;
        const entry = entries.get(id);
        if (!entry) throw new Error(`fake calendar: no entry ${id}`);
        entries.set(id, { ...entry, ...fields, guests: [...fields.guests] });
      },
      remove: (id) => {
        this.calls.remove++;
        entries.delete(id);
      },
    };
  }
}

export interface FakeServices extends Services {
  sheets: FakeSheets;
  mailbox: FakeMailbox;
  http: FakeHttp;
  clock: FakeClock;
  lock: FakeLock;
  properties: FakeProperties;
  crypto: FakeCrypto;
  notifier: FakeNotifier;
  calendar: FakeCalendar;
}

export const FAKE_BRIDGE_URL = 'https://bridge.example';
export const FAKE_SECRET = 'fake-signing-secret';
export const CAPTAIN_EMAIL = 'captain@charter.example';

/** Every port faked and nothing in the sheet (not even its tabs). */
export function bareServices(): FakeServices {
  return {
    sheets: new FakeSheets(),
    mailbox: new FakeMailbox(),
    http: new FakeHttp(),
    clock: new FakeClock(),
    lock: new FakeLock(),
    properties: new FakeProperties(),
    crypto: new FakeCrypto(),
    notifier: new FakeNotifier(),
    calendar: new FakeCalendar(),
  };
}

export interface CrewRow {
  name: string;
  role: string;
  email: string;
  rate: number;
}

export const DEFAULT_CREW: readonly CrewRow[] = [
  { name: 'Sam Ortiz', role: 'captain', email: 'sam@crew.example', rate: 50 },
  { name: 'Lee Park', role: 'deckhand', email: 'lee@crew.example', rate: 25 },
  { name: 'Ana Ruiz', role: 'deckhand', email: 'ana@crew.example', rate: 25 },
];

/**
 * A sheet as "Set up sheet" leaves it (the product's own setup), with a captain, crew and the
 * bridge's URL and secret in the Script Properties; call counts start at zero.
 */
export function fakeServices(
  options: { settings?: Record<string, string>; crew?: readonly CrewRow[] } = {},
): FakeServices {
  const services = bareServices();
  const { sheets, clock, properties } = services;
  setUpSheet(sheets, clock.localIso(clock.now()).slice(0, 10));
  sheets.setSetting(SETTING_KEYS.captainEmail, CAPTAIN_EMAIL);
  sheets.setSetting(SETTING_KEYS.captainName, 'Mike Hale');
  for (const [key, value] of Object.entries(options.settings ?? {})) sheets.setSetting(key, value);
  sheets.appendRows(
    TABS.crew,
    (options.crew ?? DEFAULT_CREW).map((c) => [c.name, c.role, c.email, c.rate, 'yes']),
  );
  properties.set(BRIDGE_URL_PROPERTY, FAKE_BRIDGE_URL);
  properties.set(SECRET_PROPERTY, FAKE_SECRET);
  sheets.resetCalls();
  return services;
}
