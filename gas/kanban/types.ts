/**
 * What the board's server functions take and answer. The browser client imports these types (and
 * derives its typed google.script.run wrapper from `BoardServer`), so they hold no logic.
 */
import type { StepName } from '../../shared/bridge-contract';
import type { KanbanCard } from '../../shared/kanban';
import type { Totals } from '../../shared/board-time';
import type { Cents } from '../../shared/money';
import type { StepState } from '../core/records';

export type { StepState };

export interface RetryOutcome {
  ok: boolean;
  /** Shown to the captain as is: what happened, in words. */
  message: string;
}

/** A failed or stuck step as the captain reads it on the card and in the details. */
export interface StepAlert {
  step: StepName;
  /** "Calendar didn't answer; retrying at 14:05". */
  message: string;
  /**
   * amber: the system retries by itself; red: it waits for the captain; doubt: the captain e-mail
   * may have gone (never sent again; the captain checks the inbox).
   */
  severity: 'amber' | 'red' | 'doubt';
  /** Every try of the retry schedule failed: the card itself offers Retry (one click). */
  offerRetry?: boolean;
}

/** A card as the board shows it: the Kanban row, the booking facts and what needs attention. */
export interface BoardCard extends KanbanCard {
  /** "2024-05" (from the start) for the month filter; "" when the start is unreadable. */
  month: string;
  /** Departure as epoch ms (null when the start cannot be read). */
  startMs: number | null;
  /** Return as epoch ms: `endIso`'s instant (null when unknown). */
  endMs: number | null;
  /** The return in local ISO from the Bookings row's End ("" when unknown): shown when the trip ends on a later day. */
  endIso: string;
  /** Charter length in hours from the Bookings row (null when unknown). */
  hours: number | null;
  /** The guest's full name (Bookings), or the card's first name when the row is missing. */
  guestName: string;
  boat: string;
  /** "boatsetter", "manual" or "" when unknown. */
  source: string;
  problems: string[];
  /** Labels of the systems whose step failed on the last run (from the Bookings row). */
  failedSteps: string[];
  alerts: StepAlert[];
}

export interface BoardState {
  /** Lanes from Settings (key "lanes"), then any lane a card sits in that Settings no longer lists. */
  lanes: string[];
  /** Lanes a card may be moved to (the Settings ones). */
  movableLanes: string[];
  cards: BoardCard[];
  loadedAt: string;
  /** Today's date in the script's time zone (yyyy-mm-dd): "today", "this week" and "this year". */
  today: string;
  /** Problems with the sheet itself, e.g. a missing tab. */
  warnings: string[];
  /**
   * How many cards this state leaves out. doGet's page inlines only its first screen: the first
   * `FIRST_SCREEN_CARDS` upcoming cards of each lane (board order), with `laneTotals`; the page
   * loads the whole state with `boardLoad` once that is drawn. Absent (or 0): every card is here.
   */
  leftOut?: number;
  /** With `leftOut`: per lane, the count and money of all its upcoming cards (the first screen's heads). */
  laneTotals?: Record<string, Totals>;
}

export interface MoveRequest {
  bookingId: string;
  toLane: string;
  /** The card version the client saw. */
  expectedVersion: number;
  /** The captain was asked and agreed to move a cancelled card out of Cancelled. */
  confirmCancelled?: boolean;
}

export const MOVE_ERROR_CODES = [
  'invalid-request',
  'unknown-booking',
  'unknown-lane',
  'version-conflict',
  'confirm-cancelled',
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

export interface StepView {
  step: StepName;
  label: string;
  state: StepState;
  /** The cell as written by the pipeline (e.g. "failed (permanent)"). */
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
