/**
 * Failed steps in words a captain can act on: what failed, what happens next and when
 * ("Calendar didn't answer; retrying at 14:05"). Amber when the system retries by itself, red
 * when it waits for the captain. Reads the step cells in the pipeline's own vocabulary.
 */
import { STEP_NAMES, type StepName } from '../../shared/bridge-contract';
import { INBOX_TRIGGER_MINUTES } from '../entrypoints';
import { STEP_CELL, stepStateOf } from '../core/records';
import type { StepAlert } from './types';

export const STEP_LABELS: Record<StepName, string> = {
  calendar: 'Calendar',
  crewEvent: 'Crew event (SCC)',
  checklist: 'Crew checklist',
  guestPage: 'Guest page',
  invalidation: 'Page refresh (CDN)',
  captainEmail: 'Captain e-mail',
};

export interface AlertInput {
  /** Step cell text by step. */
  cells: Record<StepName, string>;
  /** The Bookings row's "Last error": "calendar: ...; guestPage: ..." or one bridge message. */
  lastError: string;
  /** The Bookings row's "Last run" (local ISO with offset), '' when never. */
  lastRun: string;
}

export interface AlertClock {
  now(): number;
  localIso(epochMs: number): string;
}

const NO_ANSWER =
  /\b5\d\d\b|time[sd]? ?out|timeout|ECONN|ENOTFOUND|network|unreachable|did not answer|didn't answer/i;
const REFUSED = /\b4\d\d\b|refused|rejected|forbidden|unauthori[sz]ed|invalid/i;

/** The reason the bridge gave for one step, taken from "Last error". */
export function reasonFor(step: StepName, lastError: string): string {
  const prefix = `${step}: `;
  const part = lastError.split('; ').find((p) => p.startsWith(prefix));
  return part ? part.slice(prefix.length).trim() : '';
}

/** When the time-driven run will try again: "at 14:05", or "with the next inbox run". */
function nextTry(lastRun: string, clock: AlertClock): string {
  const last = Date.parse(lastRun);
  if (!Number.isFinite(last)) return 'with the next inbox run';
  const every = INBOX_TRIGGER_MINUTES * 60_000;
  const now = clock.now();
  // The trigger keeps its rhythm: the first run after now, counted from the last one.
  const next = last + every * Math.max(1, Math.ceil((now - last) / every));
  return `at ${clock.localIso(next).slice(11, 16)}`;
}

function whatWentWrong(label: string, reason: string): string {
  if (NO_ANSWER.test(reason)) return `${label} didn't answer`;
  if (REFUSED.test(reason)) return `${label} refused the booking`;
  return reason ? `${label} failed (${reason})` : `${label} failed`;
}

/** One alert per step that needs attention, in the bridge's step order. */
export function stepAlerts(input: AlertInput, clock: AlertClock): StepAlert[] {
  const alerts: StepAlert[] = [];
  for (const step of STEP_NAMES) {
    const cell = input.cells[step].trim();
    const label = STEP_LABELS[step];
    const state = stepStateOf(cell);
    if (state === 'unreadable') {
      alerts.push({
        step,
        severity: 'red',
        message: `${label}: the sheet says "${cell}", which is not a step state; press Retry to send the booking again`,
      });
      continue;
    }
    if (state !== 'failed') continue;
    const reason = reasonFor(step, input.lastError);
    if (cell === STEP_CELL.rejected) {
      alerts.push({
        step,
        severity: 'red',
        message: `The bridge refused the booking${input.lastError ? ` (${input.lastError})` : ''}; nothing is retried until you press Retry`,
      });
    } else if (cell === STEP_CELL.failedPermanent) {
      alerts.push({
        step,
        severity: 'red',
        message: `${whatWentWrong(label, reason)}; it will not be retried by itself: fix the cause, then press Retry`,
      });
    } else {
      alerts.push({
        step,
        severity: 'amber',
        message: `${whatWentWrong(label, reason)}; retrying ${nextTry(input.lastRun, clock)}`,
      });
    }
  }
  return alerts;
}
