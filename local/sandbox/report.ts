/**
 * The sandbox report: what every system holds after a run, in one JSON document. This is the
 * format `npm start -- --once --report FILE` writes; acceptance checks rely on it, so fields are
 * only ever added, never renamed or removed.
 */
import { idList } from '../../gas/core/records';
import type { Providers } from '../../shared/providers';
import type { GoogleCalendarReport } from './providers';
import type { MemberAnswer } from '../../shared/crew-status';
import { crewFromCells } from '../../shared/kanban';
import { centsFromCell, centsToDecimalString, formatUsd } from '../../shared/money';
import { BOOKINGS_MONEY_HEADERS, KANBAN_MONEY_HEADERS } from '../../gas/sheets/schema';

export const REPORT_VERSION = 1;

/** Bookings columns that hold money (dollars as numbers in the sheet; decimal strings here). */
export const MONEY_COLUMNS = BOOKINGS_MONEY_HEADERS;
export const KANBAN_MONEY_COLUMNS = KANBAN_MONEY_HEADERS;

export type Row = Record<string, string | number | boolean | null>;

export interface KanbanReportCard {
  bookingId: string;
  lane: string;
  title: string;
  start: string;
  guestFirstName: string;
  partySize: number | null;
  gross: string | null;
  crewCost: string | null;
  portFee: string | null;
  net: string | null;
  /** At a glance: "all 3 confirmed", "2 of 3 confirmed", "declined: Lee (deckhand)", "no answers yet". */
  crewStatus: string;
  /** The card's colour: unknown, pending, confirmed, declined. */
  crewState: string;
  /** Each invited member's answer (confirmed / declined / waiting) and since when. */
  crew: MemberAnswer[];
  /** When the answers were last read ('' when never). */
  crewCheckedAt: string;
  guestPageUrl: string;
  version: number;
  updatedAt: string;
  /** Other active bookings of the same boat this card clashes with (its red mark); [] when none. */
  clashWith: string[];
}

export interface ReportEmail {
  /** `ses`: sent by the bridge through SES; `apps-script`: sent by the Apps Script bundle. */
  source: 'ses' | 'apps-script';
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  at: string;
}

export interface ReportGuestPage {
  slug: string;
  path: string;
  url: string;
  status: number;
  contentType: string | null;
  cacheControl: string | null;
  html: string;
}

export interface ReportInvalidation {
  id: string;
  distributionId: string;
  callerReference: string;
  paths: string[];
  status: string;
  createTime: string;
}

export interface ReportMessage {
  /** The .eml file the message came from (relative to the inbox folder). */
  file: string | null;
  subject: string;
  from: string;
  labels: string[];
}

export interface ReportFinance {
  bookingId: string;
  revenueBasis: string;
  revenue: string;
  crew: Array<{ role: string; count: number; rate: string; hours: number; cost: string }>;
  crewCost: string;
  portFeePercent: string;
  portFee: string;
  net: string;
}

export interface SandboxReport {
  reportVersion: number;
  generatedAt: string;
  ok: boolean;
  /** System failures (a booking in review is not one). */
  errors: string[];
  inbox: { dir: string; files: string[] };
  state: { dir: string; persistent: boolean };
  urls: { home: string; edge: string; bridge: string };
  /** What each inbox run reported (the Apps Script run summary). */
  runs: Array<{ trigger: string; at: string; summary: string }>;
  bookings: Row[];
  /**
   * Per booking, the finance breakdown (crew cost by role) by the shared finance rules from the
   * row's booking and the sheet's Settings: the same code the Apps Script run uses.
   */
  finances: ReportFinance[];
  kanban: KanbanReportCard[];
  calendar: Array<Record<string, unknown>>;
  calendarDeleted: Array<Record<string, unknown>>;
  /** The providers the sheet's Settings choose (provider.calendar, provider.crew). */
  providers: Providers;
  /** The owner's Google Calendar (the in-memory CalendarApp), used with provider.calendar = google. */
  googleCalendar: GoogleCalendarReport;
  crewEvents: Array<Record<string, unknown>>;
  crewInvitations: Array<Record<string, unknown>>;
  crewNotices: Array<Record<string, unknown>>;
  guestPages: ReportGuestPage[];
  invalidations: ReportInvalidation[];
  emails: ReportEmail[];
  review: Array<ReportMessage & { reason: string }>;
  ignored: Array<ReportMessage & { kind: string; reason: string }>;
  messages: ReportMessage[];
  log: Row[];
}

/** A sheet cell as JSON: dates as ISO strings, everything else as is. */
export function jsonCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
    return value;
  return String(value);
}

/** A money cell (dollars, as the sheet holds them) as a decimal string such as "840.75". */
export function moneyCell(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  try {
    return centsToDecimalString(centsFromCell(value));
  } catch {
    return String(value); // shown as the sheet has it, not as a guessed figure
  }
}

/** A money cell as a person reads it ("$840.75"), or as the sheet has it when it is not an amount. */
export function formatCellUsd(value: unknown): string {
  try {
    return formatUsd(centsFromCell(value));
  } catch {
    return String(value);
  }
}

/** Rows of a tab (header row first) as objects keyed by header; blank rows are dropped. */
export function rowsAsObjects(
  values: readonly (readonly unknown[])[] | null,
  moneyColumns: readonly string[] = [],
): Row[] {
  if (!values || values.length === 0) return [];
  const [header = [], ...data] = values;
  const names = header.map((h) => String(h ?? '').trim());
  return data
    .filter((row) => row.some((cell) => cell !== '' && cell !== null && cell !== undefined))
    .map((row) => {
      const out: Row = {};
      names.forEach((name, i) => {
        if (!name) return;
        out[name] = moneyColumns.includes(name) ? moneyCell(row[i]) : jsonCell(row[i]);
      });
      return out;
    });
}

export function kanbanCards(values: readonly (readonly unknown[])[] | null): KanbanReportCard[] {
  return rowsAsObjects(values, KANBAN_MONEY_COLUMNS).map((row) => {
    const crew = crewFromCells(String(row['Crew status'] ?? ''), String(row['Crew answers'] ?? ''));
    return {
      bookingId: String(row['Booking ID'] ?? ''),
      lane: String(row.Lane ?? ''),
      title: String(row.Title ?? ''),
      start: String(row.Start ?? ''),
      guestFirstName: String(row['Guest first name'] ?? ''),
      partySize:
        row['Party size'] === null || row['Party size'] === '' ? null : Number(row['Party size']),
      gross: row.Gross as string | null,
      crewCost: row['Crew cost'] as string | null,
      portFee: row['Port fee'] as string | null,
      net: row.Net as string | null,
      crewStatus: String(row['Crew status'] ?? ''),
      crewState: crew.crewStatus,
      crew: crew.crew,
      crewCheckedAt: crew.crewCheckedAt,
      guestPageUrl: String(row['Guest page URL'] ?? ''),
      version: Number(row.Version ?? 0),
      updatedAt: String(row['Updated at'] ?? ''),
      clashWith: idList(String(row['Clash with'] ?? '')),
    };
  });
}

/** Keys whose values change from run to run without the system's state changing. */
const VOLATILE_KEYS = new Set([
  'generatedAt',
  'at',
  'createdAt',
  'updatedAt',
  'createTime',
  'sentAt',
  'invitedAt',
  'respondedAt',
  'since',
  'crewCheckedAt',
  'Crew checked',
  'deletedAt',
  'cancelledAt',
  'Last run',
  'Updated at',
  'Time',
  'urls',
  'state',
  'runs',
  'log',
]);

/**
 * The report without timestamps, run history and ports: two runs over the same state give equal
 * results. Used by the "nothing changes the second time" test, and handy for diffing by hand.
 */
export function stableView(report: SandboxReport): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (!VOLATILE_KEYS.has(k)) out[k] = strip(v);
      }
      return out;
    }
    if (typeof value === 'string') return value.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
    return value;
  };
  const view = strip(report) as Record<string, unknown>;
  // An invalidation going from InProgress to Completed is CloudFront's clock, not our state.
  if (Array.isArray(view.invalidations)) {
    view.invalidations = (view.invalidations as Array<Record<string, unknown>>).map(
      ({ status: _status, ...rest }) => rest,
    );
  }
  return view;
}
