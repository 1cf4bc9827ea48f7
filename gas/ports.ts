/**
 * The seams between the pipeline and Apps Script. Logic modules receive these as arguments;
 * only gas/adapters/* (wired in gas/main.ts) touch Apps Script globals, so the logic can be
 * read and tested without them.
 */

export type CellValue = string | number | boolean | Date | null;

/** The spreadsheet, tab by tab: whole-tab reads and rectangular block writes. */
export interface SheetRepository {
  /** Every value of a tab (one getDataRange().getValues()), or null when the tab does not exist. */
  read(tab: string): CellValue[][] | null;
  /**
   * The formulas of the same range as the last read(tab) ('' where a cell has none), so that a
   * block write can put a captain's formulas back instead of their computed values.
   */
  readFormulas?(tab: string): string[][] | null;
  /** One setValues of `rows` with its top-left corner at (row, column), both 1-based. */
  write(tab: string, row: number, column: number, rows: CellValue[][]): void;
  /** Last row with content (for appending to a tab that is never read whole, like Log). */
  lastRow(tab: string): number;
  /** Creates or repairs a tab's header row; never touches data rows. */
  ensureTab(tab: string, headers: readonly string[], options?: TabOptions): EnsureTabResult;
  /** Appends rows below the last row of a tab (one setValues). */
  appendRows(tab: string, rows: CellValue[][]): void;
  flush(): void;
}

export interface TabOptions {
  /** Columns (by header) to keep as plain text so ids like 0042 keep their zeros. */
  textColumns?: readonly string[];
  /** Columns (by header) shown as US dollars. */
  moneyColumns?: readonly string[];
  /**
   * Columns (by header) whose non-empty cells are a warning, shown red by a conditional format
   * rule of the tab (e.g. "Clash with"); set up again, the rule is replaced, never duplicated.
   */
  flagColumns?: readonly string[];
}

export interface EnsureTabResult {
  tab: string;
  created: boolean;
  addedHeaders: string[];
}

/** A Gmail message as the pipeline needs it. */
export interface MailMessage {
  id: string;
  threadId: string;
  /** RFC 822 Message-ID when the message has one. */
  rfcMessageId: string | null;
  from: string;
  subject: string;
  date: number;
  plainBody: string;
  htmlBody: string;
  headers: Record<string, string>;
}

export interface MailThread {
  id: string;
  messages: MailMessage[];
}

export interface Mailbox {
  /** Every thread matching `query`, paged in pages of at most `pageSize` (<= 500). */
  search(query: string, pageSize: number): MailThread[];
  /** Adds a user label (created when missing) to threads, at most 100 threads per call. */
  addLabel(label: string, threadIds: readonly string[]): void;
  sendEmail(to: string, subject: string, body: string): void;
  /** The account the script runs as (where alerts go when Settings names no captain). */
  ownEmail(): string;
}

export interface HttpRequest {
  url: string;
  method: 'post';
  contentType: 'application/json';
  payload: string;
  headers: Record<string, string>;
}

export type HttpResult =
  { kind: 'response'; status: number; body: string } | { kind: 'network-error'; message: string };

export interface HttpTransport {
  /** All requests in parallel (one UrlFetchApp.fetchAll), results in the same order. */
  fetchAll(requests: readonly HttpRequest[]): HttpResult[];
}

export interface Clock {
  now(): number;
  /** Local ISO date-time with offset in the script's time zone, e.g. 2025-07-12T09:00:00-07:00. */
  localIso(epochMs: number): string;
}

export interface ScriptLock {
  tryLock(timeoutMs: number): boolean;
  release(): void;
}

export interface Properties {
  get(key: string): string | null;
}

export interface Crypto {
  hmacSha256Hex(key: string, message: string): string;
  sha256Hex(message: string): string;
  uuid(): string;
}

export interface Notifier {
  toast(message: string, title?: string): void;
}

/** What a calendar entry holds, as instants (CalendarApp takes Dates, so the zone cannot slip). */
export interface CalendarEntryFields {
  title: string;
  startMs: number;
  endMs: number;
  description: string;
  location: string;
  /** Guests' e-mail addresses (lower case); [] invites nobody. */
  guests: string[];
}

export interface CalendarEntryRecord extends CalendarEntryFields {
  /** The entry's iCalUID (CalendarEvent.getId()). */
  id: string;
}

/** One Google Calendar (CalendarApp.getCalendarById), as the pipeline needs it. */
export interface GoogleCalendarHandle {
  /** null when the entry no longer exists. */
  byId(eventId: string): CalendarEntryRecord | null;
  /** Entries between the two instants whose tag `key` is `value`. */
  tagged(key: string, value: string, fromMs: number, toMs: number): CalendarEntryRecord[];
  /** Creates the entry and tags it; guests get Google's invitation when `sendInvites`. */
  create(
    fields: CalendarEntryFields,
    tag: { key: string; value: string },
    sendInvites: boolean,
  ): CalendarEntryRecord;
  /** Rewrites title, time, description, location, and adds/removes guests to match. */
  update(eventId: string, fields: CalendarEntryFields): void;
  remove(eventId: string): void;
}

export interface GoogleCalendarPort {
  /** null when the script's account cannot see a calendar with this id. */
  open(calendarId: string): GoogleCalendarHandle | null;
}

/** Everything a pipeline run needs. */
export interface Services {
  sheets: SheetRepository;
  mailbox: Mailbox;
  http: HttpTransport;
  clock: Clock;
  lock: ScriptLock;
  properties: Properties;
  crypto: Crypto;
  notifier: Notifier;
  /** Used only with the `google` calendar provider. */
  calendar: GoogleCalendarPort;
}
