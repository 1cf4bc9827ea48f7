/**
 * Bookings and Kanban rows: how a booking, its finances, its bridge steps and its card are
 * written to and read from the sheet. Money cells hold dollars as numbers (so the captain can
 * sum them); everything is computed in integer cents first.
 */
import { BookingSchema, type Booking } from '../../shared/booking';
import { STEP_NAMES } from '../../shared/bridge-contract';
import type { Finance } from '../../shared/finance';
import { crewAnswersCell, crewFromCells, type KanbanCard } from '../../shared/kanban';
import { charterEnd } from '../../shared/time';
import { centsFromCell, dollarsForCell, MoneyError } from '../../shared/money';
import { PROVIDER_LABELS } from '../../shared/providers';
import type { CellValue } from '../ports';
import {
  KANBAN_MONEY_HEADERS,
  STEP_COLUMNS,
  type BookingsHeader,
  type KanbanHeader,
} from '../sheets/schema';
import type { Table } from '../sheets/table';

export { STEP_COLUMNS };

/** What a step cell can say. */
export const STEP_CELL = {
  pending: 'pending', // waiting for the bridge to accept this revision
  done: 'done',
  skipped: 'skipped',
  failed: 'failed', // the bridge will be asked again by the next run
  failedPermanent: 'failed (permanent)', // retried only by "Retry failed steps"
  rejected: 'failed (rejected)', // the bridge refused the request (4xx); retried only by "Retry failed steps"
  notApplicable: 'skipped (never published)', // a cancellation for a booking never seen
  gaveUp: 'failed (gave up)', // every try of the retry schedule failed; retried only by the captain
  doubt: 'uncertain (not re-sent)', // an e-mail (captain's, or crew's) an earlier try may have sent; never sent again
} as const;

export type StepCell = (typeof STEP_CELL)[keyof typeof STEP_CELL];

/** What a step cell means, for anyone who shows it (board, sandbox): one entry per STEP_CELL word. */
export type StepState =
  'done' | 'failed' | 'skipped' | 'pending' | 'doubt' | 'not-run' | 'unreadable';
export const STEP_STATE_OF_CELL = {
  [STEP_CELL.pending]: 'pending',
  [STEP_CELL.done]: 'done',
  [STEP_CELL.skipped]: 'skipped',
  [STEP_CELL.failed]: 'failed',
  [STEP_CELL.failedPermanent]: 'failed',
  [STEP_CELL.rejected]: 'failed',
  [STEP_CELL.notApplicable]: 'skipped',
  [STEP_CELL.gaveUp]: 'failed',
  [STEP_CELL.doubt]: 'doubt',
} as const satisfies Record<StepCell, StepState>;

/**
 * The state of a step cell. Only words the pipeline writes count; anything else (a captain's
 * typing) is "unreadable", never guessed. An empty cell: the step never ran.
 */
export function stepStateOf(cell: string): StepState {
  const text = cell.trim();
  if (text === '') return 'not-run';
  const known = (STEP_STATE_OF_CELL as Record<string, StepState>)[text];
  if (known) return known;
  const handled = HANDLED_CELL.exec(text);
  return handled && HANDLED_BY.has(handled[2] ?? '') ? (handled[1] as StepState) : 'unreadable';
}

/** Who may handle a step instead of the bridge's own service: the providers' labels. */
const HANDLED_BY: ReadonlySet<string> = new Set(Object.values(PROVIDER_LABELS));
const HANDLED_CELL = /^(done|skipped) \((.+)\)$/;

/**
 * A step cell for a step the provider chosen in Settings handled, e.g. "done (Google Calendar)"
 * or "done (built-in invitations)"; stepStateOf reads it as done/skipped.
 */
export function handledCell(status: 'done' | 'skipped', handledBy: string): string {
  return HANDLED_BY.has(handledBy) ? `${status} (${handledBy})` : status;
}

/** Failed steps that only the captain's Retry (board or "Retry failed steps") sends again. */
const CAPTAIN_RETRIES: ReadonlySet<string> = new Set([
  STEP_CELL.failedPermanent,
  STEP_CELL.rejected,
  STEP_CELL.gaveUp,
]);

/** A failed step that only "Retry failed steps" (or the board's Retry) sends again. */
export function isWaitingForCaptain(cell: string): boolean {
  return CAPTAIN_RETRIES.has(cell.trim());
}

/** Steps the bridge still owes and the retry schedule sends again by itself. */
export function isOwed(cell: string): boolean {
  return cell === STEP_CELL.pending || cell === STEP_CELL.failed;
}

export const MESSAGE_IDS_KEPT = 30;

export const dollars = dollarsForCell;

/**
 * A Kanban money cell as cents, exactly (shared centsFromCell). Blank or unreadable cells count
 * as 0 here: the card's figures are recomputed from the booking on every write, and the board
 * itself flags a cell it cannot read.
 */
export function centsOf(value: CellValue): number {
  if (value === null || value === undefined || value === '') return 0;
  try {
    return centsFromCell(value);
  } catch (error) {
    if (error instanceof MoneyError) return 0;
    throw error;
  }
}

export function stepCells(table: Table<BookingsHeader>, index: number): string[] {
  return STEP_NAMES.map((step) => table.text(index, STEP_COLUMNS[step]));
}

/** Rows the bridge still owes (with `includeRefused`: also refused, permanent and gave-up ones). */
export function needsDelivery(
  table: Table<BookingsHeader>,
  index: number,
  includeRefused: boolean,
): boolean {
  if (!table.text(index, 'Booking JSON')) return false;
  const cells = stepCells(table, index);
  if (cells.some(isOwed)) return true;
  return includeRefused && cells.some(isWaitingForCaptain);
}

/** Every try of the schedule failed: the row waits for the captain's Retry. */
export function hasGivenUp(table: Table<BookingsHeader>, index: number): boolean {
  return stepCells(table, index).some((c) => c === STEP_CELL.gaveUp);
}

export function isWaitingForBridge(table: Table<BookingsHeader>, index: number): boolean {
  return stepCells(table, index).some((c) => c === STEP_CELL.pending);
}

export function isRefused(table: Table<BookingsHeader>, index: number): boolean {
  return stepCells(table, index).some((c) => c === STEP_CELL.rejected);
}

export function storedBooking(table: Table<BookingsHeader>, index: number): Booking | null {
  const json = table.text(index, 'Booking JSON');
  if (!json) return null;
  try {
    const parsed = BookingSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A cell listing booking ids ("A12 B34" or "A12, B34"). */
export function idList(cell: string): string[] {
  return cell.split(/[\s,]+/).filter(Boolean);
}

export function messageIds(table: Table<BookingsHeader>, index: number): string[] {
  return table.text(index, 'Message IDs').split(/\s+/).filter(Boolean);
}

export function bookingCells(
  booking: Booking,
  finance: Finance,
): Partial<Record<BookingsHeader, CellValue>> {
  const m = booking.money;
  return {
    'Booking ID': booking.id,
    Source: booking.source,
    Start: booking.start,
    'Time zone': booking.timeZone,
    'Duration (h)': booking.durationMinutes / 60,
    End: charterEnd(booking),
    Guest: booking.guestName,
    'Party size': booking.partySize ?? '',
    Boat: booking.boat,
    'Pick-up': booking.pickupLocation,
    'Boat price': m.boatPriceCents === null ? '' : dollars(m.boatPriceCents),
    'Platform fee': m.platformFeeCents === null ? '' : dollars(m.platformFeeCents),
    'Owner earnings': m.ownerEarningsCents === null ? '' : dollars(m.ownerEarningsCents),
    Revenue: dollars(finance.revenueCents),
    'Crew cost': dollars(finance.crewCostCents),
    'Port fee': dollars(finance.portFeeCents),
    Net: dollars(finance.netCents),
    'Booking JSON': JSON.stringify(booking),
  };
}

export function setSteps(table: Table<BookingsHeader>, index: number, value: string): void {
  for (const step of STEP_NAMES) table.set(index, STEP_COLUMNS[step], value);
}

/** A whole number cell (party size, version), or null when it holds anything else. */
export function wholeNumberOf(value: CellValue): number | null {
  const text = value === null ? '' : String(value).trim();
  if (!/^-?\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** A money cell read exactly: its cents (blank = 0), or why it is not an amount. */
export function readMoneyCell(
  value: CellValue,
): { cents: number; problem: null } | { cents: null; problem: string } {
  if (value === null || value === undefined || String(value).trim() === '') {
    return { cents: 0, problem: null };
  }
  try {
    return { cents: centsFromCell(value), problem: null };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    return { cents: null, problem: `"${String(value).trim()}" is not an amount` };
  }
}

/** The card's money cells that hold something other than an amount, e.g. `Net: "abc" is not an amount`. */
export function cardProblems(table: Table<KanbanHeader>, index: number): string[] {
  return KANBAN_MONEY_HEADERS.flatMap((header) => {
    const { problem } = readMoneyCell(table.get(index, header));
    return problem ? [`${header}: ${problem}`] : [];
  });
}

export function readCard(table: Table<KanbanHeader>, index: number): KanbanCard {
  return {
    bookingId: table.text(index, 'Booking ID'),
    lane: table.text(index, 'Lane'),
    title: table.text(index, 'Title'),
    startIso: table.text(index, 'Start'),
    guestFirstName: table.text(index, 'Guest first name'),
    partySize: wholeNumberOf(table.get(index, 'Party size')),
    grossCents: centsOf(table.get(index, 'Gross')),
    crewCostCents: centsOf(table.get(index, 'Crew cost')),
    portFeeCents: centsOf(table.get(index, 'Port fee')),
    netCents: centsOf(table.get(index, 'Net')),
    ...crewFromCells(table.text(index, 'Crew status'), table.text(index, 'Crew answers')),
    clashWith: idList(table.text(index, 'Clash with')),
    guestPageUrl: table.text(index, 'Guest page URL'),
    version: wholeNumberOf(table.get(index, 'Version')) ?? 0,
    updatedAt: table.text(index, 'Updated at'),
  };
}

export function cardCells(card: KanbanCard): Partial<Record<KanbanHeader, CellValue>> {
  return {
    'Booking ID': card.bookingId,
    Lane: card.lane,
    Title: card.title,
    Start: card.startIso,
    'Guest first name': card.guestFirstName,
    'Party size': card.partySize ?? '',
    Gross: dollars(card.grossCents),
    'Crew cost': dollars(card.crewCostCents),
    'Port fee': dollars(card.portFeeCents),
    Net: dollars(card.netCents),
    'Crew status': card.crewSummary,
    'Crew answers': crewAnswersCell(card),
    'Clash with': card.clashWith.join(' '),
    'Guest page URL': card.guestPageUrl,
    Version: card.version,
    'Updated at': card.updatedAt,
  };
}

/** Writes a card into its row (appending one for a new booking). */
export function upsertCard(table: Table<KanbanHeader>, card: KanbanCard): void {
  const index = table.find('Booking ID', card.bookingId);
  if (index < 0) table.append(cardCells(card));
  else table.setAll(index, cardCells(card));
}

/** JSON with sorted keys, so equal bookings hash equally whatever the key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
