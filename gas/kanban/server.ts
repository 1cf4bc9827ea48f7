/**
 * The kanban board's server side: what `boardLoad`, `boardMoveCard`, `boardCardDetail` and
 * `boardRetryStep` do, over the Kanban tab (one row per card), the Bookings tab (status, money,
 * step columns) and the Log tab (run history). Apps Script services come in as arguments
 * (gas/ports.ts), so this module has no platform globals and its types are shared with the
 * browser client, which derives its typed `google.script.run` wrapper from `BoardServer`.
 *
 * Two open tabs never silently lose a move: every card carries a version; a move names the
 * version the client saw and is refused (with the card as it is now) when the row has changed
 * since. Moves run under the script lock, the same lock the inbox run holds.
 */
import { STEP_NAMES, type StepName } from '../../shared/bridge-contract';
import {
  CREW_STATUSES,
  DEFAULT_LANES,
  type CrewStatus,
  type KanbanCard,
} from '../../shared/kanban';
import { centsFromCell, type Cents } from '../../shared/money';
import { ENTRYPOINTS } from '../entrypoints';
import type { CellValue, Clock, ScriptLock, SheetRepository } from '../ports';
import {
  BOOKINGS_MONEY_HEADERS,
  LOG_HEADERS,
  STEP_COLUMNS,
  TABS,
  type BookingsHeader,
  type KanbanHeader,
} from '../sheets/schema';

/** How long a move waits for the inbox run (or another move) to release the script lock. */
export const MOVE_LOCK_TIMEOUT_MS = 10_000;
export const HISTORY_LIMIT = 30;
export const LOG_TRIGGER = 'board';

export interface RetryOutcome {
  ok: boolean;
  /** Shown to the captain as is: what happened, in words. */
  message: string;
}

export interface BoardServices {
  sheets: SheetRepository;
  lock: ScriptLock;
  /** `localIso` (the script's time zone, as the pipeline writes times) is used when given. */
  clock: Pick<Clock, 'now'> & Partial<Pick<Clock, 'localIso'>>;
  /**
   * Re-sends one booking to the bridge now (the bridge resumes its failed steps and never
   * repeats a finished one). Wired by gas/main.ts to the pipeline's retry.
   */
  retryBooking?: (bookingId: string) => RetryOutcome;
}

/** A card as the board shows it, plus whatever in its row could not be read. */
export interface BoardCard extends KanbanCard {
  /** "2024-05" (from the start) for the month filter; "" when the start is unreadable. */
  month: string;
  problems: string[];
  /** Labels of the systems whose step failed on the last run (from the Bookings row). */
  failedSteps: string[];
}

export interface BoardState {
  /** Lanes from Settings (key "lanes"), then any lane a card sits in that Settings no longer lists. */
  lanes: string[];
  /** Lanes a card may be moved to (the Settings ones). */
  movableLanes: string[];
  cards: BoardCard[];
  loadedAt: string;
  /** Problems with the sheet itself, e.g. a missing tab. */
  warnings: string[];
}

export interface MoveRequest {
  bookingId: string;
  toLane: string;
  /** The card version the client saw. */
  expectedVersion: number;
}

export const MOVE_ERROR_CODES = [
  'invalid-request',
  'unknown-booking',
  'unknown-lane',
  'version-conflict',
  'busy',
  'sheet-error',
] as const;
export type MoveErrorCode = (typeof MOVE_ERROR_CODES)[number];

export type MoveResult =
  | { ok: true; card: BoardCard; unchanged: boolean }
  | {
      ok: false;
      code: MoveErrorCode;
      message: string;
      /** The card as the sheet holds it now, when there is one: the client shows this. */
      current: BoardCard | null;
    };

export const STEP_LABELS: Record<StepName, string> = {
  calendar: 'Calendar',
  crewEvent: 'Crew event (SCC)',
  checklist: 'Crew checklist',
  guestPage: 'Guest page',
  invalidation: 'Page refresh (CDN)',
  captainEmail: 'Captain e-mail',
};

export type StepState = 'done' | 'failed' | 'skipped' | 'pending' | 'not-run';

export interface StepView {
  step: StepName;
  label: string;
  state: StepState;
  /** The cell as written by the pipeline (e.g. "failed: calendar answered 503"). */
  text: string;
}

export interface FinanceLine {
  label: string;
  cents: Cents | null;
  /** The cell could not be read as money: shown instead of a figure. */
  problem?: string;
}

export interface HistoryEntry {
  time: string;
  trigger: string;
  action: string;
  result: string;
  details: string;
}

export interface CardDetail {
  card: BoardCard;
  booking: {
    found: boolean;
    source: string;
    status: string;
    start: string;
    durationHours: string;
    guest: string;
    partySize: string;
    boat: string;
    pickup: string;
    guestPageUrl: string;
    lastRun: string;
    lastError: string;
  };
  finance: FinanceLine[];
  steps: StepView[];
  history: HistoryEntry[];
}

export type DetailResult =
  | { ok: true; detail: CardDetail }
  | { ok: false; code: 'invalid-request' | 'unknown-booking' | 'sheet-error'; message: string };

export interface RetryRequest {
  bookingId: string;
  step: StepName;
}

export type RetryResult =
  | { ok: true; message: string; detail: CardDetail | null }
  | {
      ok: false;
      code:
        'invalid-request' | 'unknown-booking' | 'nothing-to-retry' | 'retry-failed' | 'sheet-error';
      message: string;
      detail: CardDetail | null;
    };

// ---------------------------------------------------------------------------------------------
// Reading cells

function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value).trim();
}

/** A money cell as cents: numbers and text alike go through the shared parser, never floats. */
export function cellCents(value: CellValue | undefined): { cents: Cents; problem?: string } {
  const text = cellText(value);
  if (text === '') return { cents: 0 };
  try {
    return { cents: centsFromCell(typeof value === 'number' ? value : text) };
  } catch {
    return { cents: 0, problem: `"${text}" is not an amount` };
  }
}

function cellInt(value: CellValue | undefined): number | null {
  const text = cellText(value);
  if (!/^-?\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

function monthOf(startIso: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(startIso);
  return m ? `${m[1]}-${m[2]}` : '';
}

// ---------------------------------------------------------------------------------------------
// Tabs as header-indexed rows

class Tab<H extends string> {
  private readonly columns = new Map<string, number>();
  readonly rows: CellValue[][];

  constructor(
    readonly name: string,
    values: CellValue[][],
  ) {
    const [header = [], ...data] = values;
    header.forEach((cell, index) => {
      const key = cellText(cell);
      if (key && !this.columns.has(key)) this.columns.set(key, index);
    });
    this.rows = data;
  }

  has(header: H): boolean {
    return this.columns.has(header);
  }

  /** 1-based sheet column of a header. */
  column(header: H): number {
    const index = this.columns.get(header);
    if (index === undefined) {
      throw new BoardSheetError(
        `The "${this.name}" tab has no column "${header}". Run Charter > Set up sheet to add it.`,
      );
    }
    return index + 1;
  }

  get(rowIndex: number, header: H): CellValue | undefined {
    const index = this.columns.get(header);
    return index === undefined ? undefined : this.rows[rowIndex]?.[index];
  }

  text(rowIndex: number, header: H): string {
    return cellText(this.get(rowIndex, header));
  }

  /** Index of the first row whose `header` cell is `value` (the row the pipeline updates too). */
  find(header: H, value: string): number {
    const index = this.columns.get(header);
    if (index === undefined) return -1;
    return this.rows.findIndex((row) => cellText(row[index]) === value);
  }

  /** Sheet row (1-based) of a data row index. */
  static sheetRow(rowIndex: number): number {
    return rowIndex + 2;
  }
}

export class BoardSheetError extends Error {
  override readonly name = 'BoardSheetError';
}

function readTab<H extends string>(sheets: SheetRepository, name: string): Tab<H> | null {
  const values = sheets.read(name);
  return values && values.length > 0 ? new Tab<H>(name, values) : null;
}

function requireTab<H extends string>(sheets: SheetRepository, name: string): Tab<H> {
  const tab = readTab<H>(sheets, name);
  if (!tab) {
    throw new BoardSheetError(`The "${name}" tab is missing. Run Charter > Set up sheet.`);
  }
  return tab;
}

/**
 * Writes the given cells of one row with as few setValues calls as there are runs of adjacent
 * columns (Lane | Version + Updated at: two), leaving every other cell (and formula) alone.
 */
function writeCells(
  sheets: SheetRepository,
  tab: string,
  sheetRow: number,
  cells: ReadonlyArray<{ column: number; value: CellValue }>,
): void {
  const sorted = [...cells].sort((a, b) => a.column - b.column);
  let run: typeof sorted = [];
  const flush = () => {
    const first = run[0];
    if (first) sheets.write(tab, sheetRow, first.column, [run.map((c) => c.value)]);
    run = [];
  };
  for (const cell of sorted) {
    const last = run[run.length - 1];
    if (last && cell.column !== last.column + 1) flush();
    run.push(cell);
  }
  flush();
}

// ---------------------------------------------------------------------------------------------
// Lanes and cards

/** Lanes from the Settings tab (key "lanes", comma-separated), or the default six. */
export function readLanes(sheets: SheetRepository): string[] {
  const values = sheets.read(TABS.settings);
  for (const row of values?.slice(1) ?? []) {
    if (cellText(row[0]).toLowerCase() !== 'lanes') continue;
    const lanes = [
      ...new Set(
        cellText(row[1])
          .split(',')
          .map((lane) => lane.trim())
          .filter(Boolean),
      ),
    ];
    if (lanes.length > 0) return lanes;
  }
  return [...DEFAULT_LANES];
}

function cardAt(tab: Tab<KanbanHeader>, i: number): BoardCard {
  const problems: string[] = [];
  const money = (header: KanbanHeader): Cents => {
    const { cents, problem } = cellCents(tab.get(i, header));
    if (problem) problems.push(`${header}: ${problem}`);
    return cents;
  };
  const crew = tab.text(i, 'Crew status').toLowerCase();
  const startIso = tab.text(i, 'Start');
  return {
    bookingId: tab.text(i, 'Booking ID'),
    lane: tab.text(i, 'Lane'),
    title: tab.text(i, 'Title') || tab.text(i, 'Booking ID'),
    startIso,
    guestFirstName: tab.text(i, 'Guest first name'),
    partySize: cellInt(tab.get(i, 'Party size')),
    grossCents: money('Gross'),
    crewCostCents: money('Crew cost'),
    portFeeCents: money('Port fee'),
    netCents: money('Net'),
    crewStatus: (CREW_STATUSES as readonly string[]).includes(crew)
      ? (crew as CrewStatus)
      : 'unknown',
    guestPageUrl: tab.text(i, 'Guest page URL'),
    version: cellInt(tab.get(i, 'Version')) ?? 0,
    updatedAt: tab.text(i, 'Updated at'),
    month: monthOf(startIso),
    problems,
    failedSteps: [],
  };
}

function failedStepsAt(bookings: Tab<BookingsHeader> | null, bookingId: string): string[] {
  const b = bookings ? bookings.find('Booking ID', bookingId) : -1;
  if (!bookings || b < 0) return [];
  return STEP_NAMES.filter(
    (step) => stepState(bookings.text(b, STEP_COLUMNS[step])) === 'failed',
  ).map((step) => STEP_LABELS[step]);
}

function readCards(tab: Tab<KanbanHeader>): BoardCard[] {
  const cards: BoardCard[] = [];
  tab.rows.forEach((_, i) => {
    if (tab.text(i, 'Booking ID')) cards.push(cardAt(tab, i));
  });
  return cards;
}

// ---------------------------------------------------------------------------------------------
// Detail

function stepState(text: string): StepState {
  const word = text.toLowerCase();
  if (word === '') return 'not-run';
  if (/^(done|ok|sent|published|created|updated|cancelled)\b/.test(word)) return 'done';
  if (/^(failed|error|fail)\b/.test(word)) return 'failed';
  if (/^skipped\b/.test(word)) return 'skipped';
  return 'pending';
}

function readDetail(sheets: SheetRepository, bookingId: string): CardDetail | null {
  const kanban = requireTab<KanbanHeader>(sheets, TABS.kanban);
  const row = kanban.find('Booking ID', bookingId);
  if (row < 0) return null;
  const card = cardAt(kanban, row);

  const bookings = readTab<BookingsHeader>(sheets, TABS.bookings);
  card.failedSteps = failedStepsAt(bookings, bookingId);
  const b = bookings ? bookings.find('Booking ID', bookingId) : -1;
  const text = (header: BookingsHeader) => (bookings && b >= 0 ? bookings.text(b, header) : '');
  const financeHeaders: readonly BookingsHeader[] = BOOKINGS_MONEY_HEADERS;
  const finance: FinanceLine[] =
    bookings && b >= 0
      ? financeHeaders.map((label) => {
          if (text(label) === '') return { label, cents: null };
          const { cents, problem } = cellCents(bookings.get(b, label));
          return problem ? { label, cents: null, problem } : { label, cents };
        })
      : [
          { label: 'Revenue', cents: card.grossCents },
          { label: 'Crew cost', cents: card.crewCostCents },
          { label: 'Port fee', cents: card.portFeeCents },
          { label: 'Net', cents: card.netCents },
        ];

  const log = readTab<(typeof LOG_HEADERS)[number]>(sheets, TABS.log);
  const history: HistoryEntry[] = [];
  if (log) {
    for (let i = log.rows.length - 1; i >= 0 && history.length < HISTORY_LIMIT; i -= 1) {
      if (log.text(i, 'Booking ID') !== bookingId) continue;
      history.push({
        time: log.text(i, 'Time'),
        trigger: log.text(i, 'Trigger'),
        action: log.text(i, 'Action'),
        result: log.text(i, 'Result'),
        details: log.text(i, 'Details'),
      });
    }
  }

  return {
    card,
    booking: {
      found: b >= 0,
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
    finance,
    steps: STEP_NAMES.map((step) => {
      const cell = text(STEP_COLUMNS[step]);
      return { step, label: STEP_LABELS[step], state: stepState(cell), text: cell };
    }),
    history,
  };
}

// ---------------------------------------------------------------------------------------------
// The server functions

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validBookingId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(value);
}

function sheetErrorMessage(error: unknown): string {
  return error instanceof BoardSheetError
    ? error.message
    : 'The sheet could not be read or written. Try again; if it keeps failing, run Charter > Set up sheet.';
}

/** The board's google.script.run targets; names are the ENTRYPOINTS ones. */
export function createBoardServer(services: BoardServices) {
  const { sheets, lock, clock } = services;
  const timestamp = (): string => {
    const now = clock.now();
    return clock.localIso ? clock.localIso(now) : new Date(now).toISOString();
  };

  function load(): BoardState {
    const settingsLanes = readLanes(sheets);
    const warnings: string[] = [];
    const kanban = readTab<KanbanHeader>(sheets, TABS.kanban);
    if (!kanban) warnings.push('The "Kanban" tab is missing. Run Charter > Set up sheet.');
    const cards = kanban ? readCards(kanban) : [];
    const bookings = cards.length ? readTab<BookingsHeader>(sheets, TABS.bookings) : null;
    for (const card of cards) card.failedSteps = failedStepsAt(bookings, card.bookingId);
    const lanes = [...settingsLanes];
    for (const card of cards) {
      if (!lanes.includes(card.lane)) lanes.push(card.lane);
    }
    const cardsWithProblems = cards.filter((c) => c.problems.length > 0).length;
    if (cardsWithProblems > 0) {
      warnings.push(
        `${cardsWithProblems} card(s) have cells that could not be read; open them for details.`,
      );
    }
    return {
      lanes,
      movableLanes: settingsLanes,
      cards,
      loadedAt: new Date(clock.now()).toISOString(),
      warnings,
    };
  }

  function move(request: unknown): MoveResult {
    if (
      !isRecord(request) ||
      !validBookingId(request.bookingId) ||
      typeof request.toLane !== 'string' ||
      !Number.isSafeInteger(request.expectedVersion)
    ) {
      return {
        ok: false,
        code: 'invalid-request',
        message: 'The move was not understood. Reload the board.',
        current: null,
      };
    }
    const { bookingId, toLane } = request;
    const expectedVersion = request.expectedVersion as number;
    if (!lock.tryLock(MOVE_LOCK_TIMEOUT_MS)) {
      return {
        ok: false,
        code: 'busy',
        message:
          'The sheet is busy (the inbox is being processed). Try the move again in a minute.',
        current: null,
      };
    }
    try {
      const lanes = readLanes(sheets);
      const kanban = requireTab<KanbanHeader>(sheets, TABS.kanban);
      const row = kanban.find('Booking ID', bookingId);
      if (row < 0) {
        return {
          ok: false,
          code: 'unknown-booking',
          message: `Booking ${bookingId} is not on the board any more. Reload the board.`,
          current: null,
        };
      }
      const bookings = readTab<BookingsHeader>(sheets, TABS.bookings);
      const current = cardAt(kanban, row);
      current.failedSteps = failedStepsAt(bookings, bookingId);
      if (!lanes.includes(toLane)) {
        return {
          ok: false,
          code: 'unknown-lane',
          message: `There is no lane "${toLane}". Lanes are set in Settings ("lanes").`,
          current,
        };
      }
      if (current.version !== expectedVersion) {
        return {
          ok: false,
          code: 'version-conflict',
          message: `${current.title} was changed elsewhere (now in "${current.lane}"). Your move was not applied; the board shows the card as it is now.`,
          current,
        };
      }
      if (current.lane === toLane) return { ok: true, card: current, unchanged: true };

      const nowIso = timestamp();
      const version = current.version + 1;
      const sheetRow = Tab.sheetRow(row);
      writeCells(sheets, TABS.kanban, sheetRow, [
        { column: kanban.column('Lane'), value: toLane },
        { column: kanban.column('Version'), value: version },
        { column: kanban.column('Updated at'), value: nowIso },
      ]);

      const b = bookings ? bookings.find('Booking ID', bookingId) : -1;
      if (bookings && b >= 0 && bookings.has('Status')) {
        writeCells(sheets, TABS.bookings, Tab.sheetRow(b), [
          { column: bookings.column('Status'), value: toLane },
        ]);
      }
      appendLog(bookingId, 'move', 'ok', `${current.lane} \u2192 ${toLane} (version ${version})`);
      sheets.flush();
      return {
        ok: true,
        card: { ...current, lane: toLane, version, updatedAt: nowIso },
        unchanged: false,
      };
    } catch (error) {
      return { ok: false, code: 'sheet-error', message: sheetErrorMessage(error), current: null };
    } finally {
      lock.release();
    }
  }

  /**
   * One Log row in LOG_HEADERS order, appended without reading the tab (as the pipeline does).
   * The move itself is already written: a missing Log tab must not turn it into a failure.
   */
  function appendLog(bookingId: string, action: string, result: string, details: string): void {
    try {
      if (sheets.lastRow(TABS.log) === 0) return;
    } catch {
      return;
    }
    const byHeader: Record<(typeof LOG_HEADERS)[number], CellValue> = {
      Time: timestamp(),
      Trigger: LOG_TRIGGER,
      'Booking ID': bookingId,
      Action: action,
      Result: result,
      Details: details,
    };
    sheets.appendRows(TABS.log, [LOG_HEADERS.map((name) => byHeader[name])]);
  }

  function detail(bookingId: unknown): DetailResult {
    if (!validBookingId(bookingId)) {
      return { ok: false, code: 'invalid-request', message: 'That is not a booking id.' };
    }
    try {
      const found = readDetail(sheets, bookingId);
      return found
        ? { ok: true, detail: found }
        : {
            ok: false,
            code: 'unknown-booking',
            message: `Booking ${bookingId} is not on the board any more. Reload the board.`,
          };
    } catch (error) {
      return { ok: false, code: 'sheet-error', message: sheetErrorMessage(error) };
    }
  }

  function retry(request: unknown): RetryResult {
    if (
      !isRecord(request) ||
      !validBookingId(request.bookingId) ||
      !(STEP_NAMES as readonly unknown[]).includes(request.step)
    ) {
      return {
        ok: false,
        code: 'invalid-request',
        message: 'The retry was not understood. Reload the board.',
        detail: null,
      };
    }
    const { bookingId } = request;
    const step = request.step as StepName;
    const before = detail(bookingId);
    if (!before.ok) {
      return {
        ok: false,
        code: before.code === 'unknown-booking' ? 'unknown-booking' : before.code,
        message: before.message,
        detail: null,
      };
    }
    const stepView = before.detail.steps.find((s) => s.step === step);
    if (stepView?.state !== 'failed') {
      return {
        ok: false,
        code: 'nothing-to-retry',
        message: `${STEP_LABELS[step]} has not failed; there is nothing to retry.`,
        detail: before.detail,
      };
    }
    if (!services.retryBooking) {
      return {
        ok: false,
        code: 'retry-failed',
        message:
          'Retrying from the board is not available; use Charter > Retry failed steps in the sheet.',
        detail: before.detail,
      };
    }
    let outcome: RetryOutcome;
    try {
      outcome = services.retryBooking(bookingId);
    } catch {
      outcome = { ok: false, message: 'The retry could not run. Try again in a minute.' };
    }
    const after = detail(bookingId);
    const fresh = after.ok ? after.detail : before.detail;
    return outcome.ok
      ? { ok: true, message: outcome.message, detail: fresh }
      : { ok: false, code: 'retry-failed', message: outcome.message, detail: fresh };
  }

  return {
    [ENTRYPOINTS.boardLoad]: (): BoardState => load(),
    [ENTRYPOINTS.boardMoveCard]: (request: MoveRequest): MoveResult => move(request),
    [ENTRYPOINTS.boardCardDetail]: (bookingId: string): DetailResult => detail(bookingId),
    [ENTRYPOINTS.boardRetryStep]: (request: RetryRequest): RetryResult => retry(request),
  };
}

export type BoardServer = ReturnType<typeof createBoardServer>;
export type BoardFunctionName = keyof BoardServer;

// ---------------------------------------------------------------------------------------------
// The page

/**
 * JSON that is safe inside a <script> element: no "</script>", "<!--", "]]>" or line
 * separators can appear, so a hostile guest name stays data.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const BOARD_TITLE = 'Charter board';
export const BOARD_FILE = 'board';
export const VIEWPORT = 'width=device-width, initial-scale=1';

/** The parts of an HtmlOutput doGet uses (structural, so tests can use the local fake). */
export interface BoardHtmlOutput {
  setTitle(title: string): BoardHtmlOutput;
  addMetaTag(name: string, content: string): BoardHtmlOutput;
}

/**
 * doGet: the board page with the current state inlined (no round trip before the first paint).
 * Framing stays at the default (denied): the page shows revenue.
 */
export function renderBoardPage<O extends BoardHtmlOutput>(
  html: { createTemplateFromFile(name: string): { evaluate(): O; [key: string]: unknown } },
  state: BoardState,
): O {
  const template = html.createTemplateFromFile(BOARD_FILE);
  template.initialStateJson = jsonForScript(state);
  const output = template.evaluate();
  output.setTitle(BOARD_TITLE);
  output.addMetaTag('viewport', VIEWPORT);
  return output;
}
