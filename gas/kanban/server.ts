/**
 * The kanban board's server side: what `boardLoad`, `boardMoveCard`, `boardCardDetail` and
 * `boardRetryStep` do. The sheet is read and written through the pipeline's row layer
 * (gas/kanban/read.ts); this module keeps only board logic: which lanes, which moves are allowed,
 * and what a move writes. Apps Script services come in as arguments (gas/ports.ts).
 *
 * Two open tabs never silently lose a move: every card carries a version; a move names the
 * version the client saw and is refused (with the card as it is now) when the row has changed
 * since. Moves run under the script lock, the same lock the inbox run holds.
 */
import { menuPath } from '../entrypoints';
import { BOOKING_ID_PATTERN } from '../../shared/booking-id';
import { STEP_NAMES, type StepName } from '../../shared/bridge-contract';
import { CANCELLED_LANE, DEFAULT_LANES } from '../../shared/kanban';
import { ENTRYPOINTS } from '../entrypoints';
import { LockBusyError, logRow, withScriptLock } from '../core/pipeline';
import { SettingsError } from '../core/settings';
import type { Clock, ScriptLock, SheetRepository } from '../ports';
import { TABS } from '../sheets/schema';
import { SheetSchemaError, writeChanges } from '../sheets/table';
import { STEP_LABELS } from './alerts';
import { readReport, type ReportResult } from './report';
import {
  boardCardAt,
  readBoardCards,
  readBookings,
  readDetail,
  readKanban,
  readLanes,
} from './read';
import type {
  BoardCard,
  BoardState,
  DetailResult,
  MoveRequest,
  MoveResult,
  RetryOutcome,
  RetryRequest,
  RetryResult,
} from './types';

export * from './types';
export { STEP_LABELS } from './alerts';
export { BOARD_FILE, BOARD_TITLE, jsonForScript, renderBoardPage, VIEWPORT } from './page';
export type { BoardHtmlOutput } from './page';

/** How long a move waits for the inbox run (or another move) to release the script lock. */
export const MOVE_LOCK_TIMEOUT_MS = 10_000;

/**
 * What a move says when the lock stayed held for MOVE_LOCK_TIMEOUT_MS: the board's own words (the
 * card is already back in its lane); INBOX_BUSY_MESSAGE is for the menu, the dialog and Retry.
 */
export const MOVE_BUSY_MESSAGE =
  'The sheet is busy with another change (an inbox run, a saved booking or another move), so the card went back. Move it again in a minute.';
export const LOG_TRIGGER = 'board';

export interface BoardServices {
  sheets: SheetRepository;
  lock: ScriptLock;
  /** `localIso`: the script's time zone, as the pipeline writes times. */
  clock: Pick<Clock, 'now' | 'localIso'>;
  /**
   * Re-sends one booking to the bridge now (the bridge resumes its failed steps and never
   * repeats a finished one). Wired by gas/main.ts to the pipeline's retry.
   */
  retryBooking?: (bookingId: string) => RetryOutcome;
}

/** The month report for the web app's Report view. */
export type ReportAnswer = ({ ok: true } & ReportResult) | { ok: false; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validBookingId(value: unknown): value is string {
  return typeof value === 'string' && BOOKING_ID_PATTERN.test(value);
}

/** Errors that carry a message for the captain (a missing tab or column, a bad setting). */
function isSheetProblem(error: unknown): error is Error {
  return error instanceof SheetSchemaError || error instanceof SettingsError;
}

function sheetErrorMessage(error: unknown): string {
  return isSheetProblem(error)
    ? error.message
    : `The sheet could not be read or written. Try again; if it keeps failing, run ${menuPath('setupSheet')}.`;
}

function cardName(card: BoardCard): string {
  return card.guestName ? `${card.guestName}'s charter` : card.title;
}

/** The board's google.script.run targets; names are the ENTRYPOINTS ones. */
export function createBoardServer(services: BoardServices) {
  const { sheets, clock } = services;

  function load(): BoardState {
    const warnings: string[] = [];
    let movableLanes: string[] = [];
    try {
      movableLanes = readLanes(sheets);
    } catch (error) {
      if (!isSheetProblem(error)) throw error;
      warnings.push(`${error.message} Moves are off until then.`);
    }
    let cards: BoardCard[] = [];
    try {
      const kanban = readKanban(sheets);
      const bookings = kanban.table.size > 0 ? readBookings(sheets, warnings) : null;
      cards = readBoardCards(kanban, bookings, clock);
    } catch (error) {
      if (!isSheetProblem(error)) throw error;
      warnings.push(error.message);
    }
    const lanes = [...(movableLanes.length ? movableLanes : DEFAULT_LANES)];
    for (const card of cards) {
      if (!lanes.includes(card.lane)) lanes.push(card.lane);
    }
    const unreadable = cards.filter((c) => c.problems.length > 0).length;
    if (unreadable > 0) {
      warnings.push(
        `${unreadable} card(s) have cells that could not be read; open them for details.`,
      );
    }
    const now = clock.now();
    return {
      lanes,
      movableLanes,
      cards,
      loadedAt: new Date(now).toISOString(),
      today: clock.localIso(now).slice(0, 10),
      warnings,
    };
  }

  function parseMove(request: unknown): MoveRequest | null {
    if (
      !isRecord(request) ||
      !validBookingId(request.bookingId) ||
      typeof request.toLane !== 'string' ||
      !Number.isSafeInteger(request.expectedVersion)
    ) {
      return null;
    }
    return {
      bookingId: request.bookingId,
      toLane: request.toLane,
      expectedVersion: request.expectedVersion as number,
      confirmCancelled: request.confirmCancelled === true,
    };
  }

  function moveLocked(request: MoveRequest): MoveResult {
    const { bookingId, toLane } = request;
    const lanes = readLanes(sheets);
    const kanban = readKanban(sheets);
    const index = kanban.rowOf.get(bookingId);
    if (index === undefined) {
      return {
        ok: false,
        code: 'unknown-booking',
        message: `Booking ${bookingId} is not on the board any more. Reload the board.`,
        current: null,
      };
    }
    const bookings = readBookings(sheets, []);
    const current = boardCardAt(kanban, index, bookings, clock);
    if (!lanes.includes(toLane)) {
      return {
        ok: false,
        code: 'unknown-lane',
        message: `There is no lane "${toLane}". Lanes are set in Settings ("lanes").`,
        current,
      };
    }
    if (current.version !== request.expectedVersion) {
      return {
        ok: false,
        code: 'version-conflict',
        message: `${cardName(current)} was changed elsewhere (now in "${current.lane}"). Your move was not applied; the board shows the card as it is now.`,
        current,
      };
    }
    if (current.lane === toLane) return { ok: true, card: current, unchanged: true };
    if (current.lane === CANCELLED_LANE && !request.confirmCancelled) {
      return {
        ok: false,
        code: 'confirm-cancelled',
        message: `${cardName(current)} was cancelled. Moving it to "${toLane}" does not book it again: its calendar entry, crew event and guest page stay withdrawn.`,
        current,
      };
    }

    const updatedAt = clock.localIso(clock.now());
    const version = current.version + 1;
    kanban.table.setAll(index, { Lane: toLane, Version: version, 'Updated at': updatedAt });
    writeChanges(sheets, kanban.table);
    const row = bookings?.rowOf.get(bookingId);
    if (bookings && row !== undefined) {
      bookings.table.set(row, 'Status', toLane);
      writeChanges(sheets, bookings.table);
    }
    appendLog(bookingId, 'move', 'ok', `${current.lane} \u2192 ${toLane} (version ${version})`);
    return { ok: true, card: { ...current, lane: toLane, version, updatedAt }, unchanged: false };
  }

  function move(request: unknown): MoveResult {
    const parsed = parseMove(request);
    if (!parsed) {
      return {
        ok: false,
        code: 'invalid-request',
        message: 'The move was not understood. Reload the board.',
        current: null,
      };
    }
    try {
      return withScriptLock(services, MOVE_LOCK_TIMEOUT_MS, () => moveLocked(parsed));
    } catch (error) {
      if (error instanceof LockBusyError) {
        return {
          ok: false,
          code: 'busy',
          message: MOVE_BUSY_MESSAGE,
          current: null,
        };
      }
      return { ok: false, code: 'sheet-error', message: sheetErrorMessage(error), current: null };
    }
  }

  /** One Log row appended without reading the tab; a missing Log tab never fails the move. */
  function appendLog(bookingId: string, action: string, result: string, details: string): void {
    try {
      if (sheets.lastRow(TABS.log) === 0) return;
    } catch {
      return;
    }
    sheets.appendRows(TABS.log, [logRow(clock, 'board', bookingId, action, result, details)]);
  }

  function detail(bookingId: unknown): DetailResult {
    if (!validBookingId(bookingId)) {
      return { ok: false, code: 'invalid-request', message: 'That is not a booking id.' };
    }
    try {
      const found = readDetail(sheets, bookingId, clock);
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
      return { ok: false, code: before.code, message: before.message, detail: null };
    }
    const stepView = before.detail.steps.find((s) => s.step === step);
    if (stepView?.state !== 'failed' && stepView?.state !== 'unreadable') {
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
        message: `Retrying from the board is not available; use ${menuPath('retryFailed')} in the sheet.`,
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

  function report(): ReportAnswer {
    try {
      return { ok: true, ...readReport(sheets) };
    } catch (error) {
      return { ok: false, message: sheetErrorMessage(error) };
    }
  }

  return {
    [ENTRYPOINTS.boardLoad]: (): BoardState => load(),
    [ENTRYPOINTS.boardMoveCard]: (request: MoveRequest): MoveResult => move(request),
    [ENTRYPOINTS.boardCardDetail]: (bookingId: string): DetailResult => detail(bookingId),
    [ENTRYPOINTS.boardRetryStep]: (request: RetryRequest): RetryResult => retry(request),
    [ENTRYPOINTS.boardReport]: (): ReportAnswer => report(),
  };
}

export type BoardServer = ReturnType<typeof createBoardServer>;
export type BoardFunctionName = keyof BoardServer;
