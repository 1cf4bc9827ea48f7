/**
 * The board's view of the sheet, read through the pipeline's own row layer: `Table` for the tabs,
 * `readCard` for the Kanban row, the step-cell vocabulary for the Bookings step columns and the
 * settings parser for the lanes. Every lookup by booking id goes through one index built in one
 * pass, so reading N cards is linear.
 */
import { STEP_NAMES, type StepName } from '../../shared/bridge-contract';
import { epochOfIso } from '../../shared/time';
import { cardProblems, readCard, readMoneyCell, stepStateOf } from '../core/records';
import { parseLanes, settingsMap } from '../core/settings';
import type { CellValue, SheetRepository } from '../ports';
import {
  BOOKINGS_HEADERS,
  BOOKINGS_MONEY_HEADERS,
  KANBAN_HEADERS,
  LOG_HEADERS,
  STEP_COLUMNS,
  TABS,
  type BookingsHeader,
  type KanbanHeader,
} from '../sheets/schema';
import { SheetSchemaError, Table } from '../sheets/table';
import { STEP_LABELS, stepAlerts, type AlertClock } from './alerts';
import type { BoardCard, CardDetail, FinanceLine, HistoryEntry } from './types';

export const HISTORY_LIMIT = 30;

/** A tab with an index of its rows by booking id. */
export interface Indexed<H extends string> {
  table: Table<H>;
  rowOf: Map<string, number>;
}

function indexed<H extends string>(
  sheets: SheetRepository,
  tab: string,
  headers: readonly H[],
): Indexed<H> {
  const table = new Table<H>(tab, sheets.read(tab), headers, sheets.readFormulas?.(tab));
  return { table, rowOf: table.indexBy('Booking ID' as H) };
}

export const readKanban = (sheets: SheetRepository): Indexed<KanbanHeader> =>
  indexed(sheets, TABS.kanban, KANBAN_HEADERS);

/** The Bookings tab, or null with the reason in `warnings` (cards still show without it). */
export function readBookings(
  sheets: SheetRepository,
  warnings: string[],
): Indexed<BookingsHeader> | null {
  try {
    return indexed(sheets, TABS.bookings, BOOKINGS_HEADERS);
  } catch (error) {
    if (!(error instanceof SheetSchemaError)) throw error;
    warnings.push(error.message);
    return null;
  }
}

/** The lanes from Settings (SettingsError when they cannot be read). */
export function readLanes(sheets: SheetRepository): string[] {
  return parseLanes(settingsMap(sheets.read(TABS.settings)));
}

function monthOf(startIso: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(startIso);
  return m ? `${m[1]}-${m[2]}` : '';
}

function epochOrNull(iso: string): number | null {
  try {
    return epochOfIso(iso);
  } catch {
    return null;
  }
}

function stepCells(bookings: Indexed<BookingsHeader>, row: number): Record<StepName, string> {
  const cells = {} as Record<StepName, string>;
  for (const step of STEP_NAMES) cells[step] = bookings.table.text(row, STEP_COLUMNS[step]);
  return cells;
}

/** The card in Kanban row `index`, with its booking's facts and alerts when the row exists. */
export function boardCardAt(
  kanban: Indexed<KanbanHeader>,
  index: number,
  bookings: Indexed<BookingsHeader> | null,
  clock: AlertClock,
): BoardCard {
  const card = readCard(kanban.table, index);
  const row = bookings?.rowOf.get(card.bookingId);
  const text = (header: BookingsHeader): string =>
    bookings && row !== undefined ? bookings.table.text(row, header) : '';
  const startMs = epochOrNull(card.startIso);
  // The return is the row's End, which the pipeline writes from the one rule (charterEnd):
  // shown and compared from the same value, never worked out again from start and hours.
  const endIso = text('End');
  const hoursText = text('Duration (h)');
  const hours = hoursText && Number.isFinite(Number(hoursText)) ? Number(hoursText) : null;
  const cells = bookings && row !== undefined ? stepCells(bookings, row) : null;
  // Object.assign onto the fresh card, not a spread: V8 spreads of these wide objects into a
  // literal were the slowest step of a 1,000-card load.
  return Object.assign(card, {
    title: card.title || card.bookingId,
    month: monthOf(card.startIso),
    startMs,
    endMs: epochOrNull(endIso),
    endIso,
    hours,
    guestName: text('Guest') || card.guestFirstName,
    boat: text('Boat'),
    source: text('Source'),
    problems: cardProblems(kanban.table, index),
    failedSteps: cells
      ? STEP_NAMES.filter((step) => stepStateOf(cells[step]) === 'failed').map(
          (step) => STEP_LABELS[step],
        )
      : [],
    alerts: cells
      ? stepAlerts(
          {
            cells,
            lastError: text('Last error'),
            lastRun: text('Last run'),
            tries: Number(text('Tries')) || 0,
            nextTry: text('Next try'),
          },
          clock,
        )
      : [],
  });
}

/** Every card on the board, in sheet order (rows without a booking id are skipped). */
export function readBoardCards(
  kanban: Indexed<KanbanHeader>,
  bookings: Indexed<BookingsHeader> | null,
  clock: AlertClock,
): BoardCard[] {
  const cards: BoardCard[] = [];
  for (const index of kanban.table.indexes()) {
    if (kanban.table.text(index, 'Booking ID')) {
      cards.push(boardCardAt(kanban, index, bookings, clock));
    }
  }
  return cards;
}

function readHistory(sheets: SheetRepository, bookingId: string): HistoryEntry[] {
  let log: Table<(typeof LOG_HEADERS)[number]>;
  try {
    log = new Table(TABS.log, sheets.read(TABS.log), LOG_HEADERS);
  } catch (error) {
    if (error instanceof SheetSchemaError) return [];
    throw error;
  }
  const history: HistoryEntry[] = [];
  for (let i = log.size - 1; i >= 0 && history.length < HISTORY_LIMIT; i -= 1) {
    if (log.text(i, 'Booking ID') !== bookingId) continue;
    history.push({
      time: log.text(i, 'Time'),
      trigger: log.text(i, 'Trigger'),
      action: log.text(i, 'Action'),
      result: log.text(i, 'Result'),
      details: log.text(i, 'Details'),
    });
  }
  return history;
}

function financeLines(
  card: BoardCard,
  bookings: Indexed<BookingsHeader> | null,
  row: number | undefined,
): FinanceLine[] {
  if (!bookings || row === undefined) {
    return [
      { label: 'Revenue', cents: card.grossCents },
      { label: 'Crew cost', cents: card.crewCostCents },
      { label: 'Port fee', cents: card.portFeeCents },
      { label: 'Net', cents: card.netCents },
    ];
  }
  return BOOKINGS_MONEY_HEADERS.map((label): FinanceLine => {
    const value: CellValue = bookings.table.get(row, label);
    if (value === null || String(value).trim() === '') return { label, cents: null };
    const { cents, problem } = readMoneyCell(value);
    return problem === null ? { label, cents } : { label, cents: null, problem };
  });
}

/** Everything the detail panel shows for one booking, or null when its card is gone. */
export function readDetail(
  sheets: SheetRepository,
  bookingId: string,
  clock: AlertClock,
): CardDetail | null {
  const kanban = readKanban(sheets);
  const index = kanban.rowOf.get(bookingId);
  if (index === undefined) return null;
  const bookings = readBookings(sheets, []);
  const card = boardCardAt(kanban, index, bookings, clock);
  const row = bookings?.rowOf.get(bookingId);
  const text = (header: BookingsHeader): string =>
    bookings && row !== undefined ? bookings.table.text(row, header) : '';
  return {
    card,
    booking: {
      found: row !== undefined,
      source: text('Source'),
      status: text('Status'),
      start: text('Start'),
      durationHours: text('Duration (h)'),
      guest: text('Guest'),
      partySize: text('Party size'),
      boat: text('Boat'),
      pickup: text('Pick-up'),
      guestPageUrl: text('Guest page URL') || card.guestPageUrl,
      lastRun: text('Last run'),
      lastError: text('Last error'),
    },
    finance: financeLines(card, bookings, row),
    steps: STEP_NAMES.map((step) => {
      const cell = text(STEP_COLUMNS[step]);
      return { step, label: STEP_LABELS[step], state: stepStateOf(cell), text: cell };
    }),
    history: readHistory(sheets, bookingId),
  };
}
