/**
 * Failed steps in words a captain can act on: what failed, what happens next and when
 * ("Calendar didn't answer; retrying at 14:05 (try 2 of 7)"). Amber when the system retries by
 * itself, red when it waits for the captain (a gave-up booking offers Retry on the card itself),
 * "doubt" for the captain e-mail that may have gone. Reads the step cells in the pipeline's own
 * vocabulary and the row's retry schedule (gas/core/retry-schedule.ts).
 */
import { STEP_NAMES, type StepName } from '../../shared/bridge-contract';
import { INBOX_TRIGGER_MINUTES } from '../entrypoints';
import { STEP_CELL, stepStateOf } from '../core/records';
import { MAX_TRIES, SCHEDULE_SPAN_MINUTES, spanText } from '../core/retry-schedule';
import type { StepAlert } from './types';

export const STEP_LABELS: Record<StepName, string> = {
  calendar: 'Calendar',
  // The Bookings column's own name: true for either crew provider (the cell names the built-in one).
  crewEvent: 'Crew event',
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
  /** The Bookings row's "Tries": tries of this revision that did not finish (0 when none). */
  tries?: number;
  /** The Bookings row's "Next try" (local ISO with offset), '' when none is scheduled. */
  nextTry?: string;
}

export const EMAIL_DOUBT_MESSAGE =
  'Captain e-mail uncertain: an earlier try may have sent it (the mail service never confirmed). It is never sent twice: look for it in your inbox';
/** The built-in invitations: some crew e-mails of this revision may or may not have gone. */
export const CREW_EMAIL_DOUBT_MESSAGE =
  'Crew e-mail uncertain: an earlier try may have sent some invitations (the mail service never confirmed). They are never sent twice: ask the crew members who have not answered whether they got theirs';

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
function nextTry(input: AlertInput, clock: AlertClock): string {
  const scheduled = Date.parse(input.nextTry ?? '');
  if (Number.isFinite(scheduled))
    return scheduled > clock.now()
      ? `at ${clock.localIso(scheduled).slice(11, 16)}`
      : 'with the next inbox run';
  const last = Date.parse(input.lastRun);
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

/** " (try 3 of 7)" for the try that comes next, or '' when the row counts no tries. */
function tryCount(input: AlertInput): string {
  const tries = input.tries ?? 0;
  return tries > 0 ? ` (try ${Math.min(tries + 1, MAX_TRIES)} of ${MAX_TRIES})` : '';
}

const GAVE_UP = `gave up after ${MAX_TRIES} tries over about ${spanText(SCHEDULE_SPAN_MINUTES)}`;

/**
 * Steps with no reason of their own in "Last error" (the bridge never ran them: it did not answer,
 * or the row could not be sent) share one alert, on the first of them, so a bridge outage reads as
 * one line, not six.
 */
function bridgeLevelAlert(input: AlertInput, clock: AlertClock): StepAlert | null {
  const waiting = STEP_NAMES.filter((step) => {
    const cell = input.cells[step].trim();
    if (cell === STEP_CELL.pending) return true;
    return cell === STEP_CELL.gaveUp && !reasonFor(step, input.lastError);
  });
  const first = waiting[0];
  if (!first) return null;
  const gaveUp = waiting.some((step) => input.cells[step].trim() === STEP_CELL.gaveUp);
  const what = NO_ANSWER.test(input.lastError) ? "the bridge didn't answer" : input.lastError;
  if (gaveUp)
    return {
      step: first,
      severity: 'red',
      message: `Not published: ${what || 'the bridge did not take it'}; ${GAVE_UP}. Press Retry to try again now`,
      offerRetry: true,
    };
  // A booking simply on its way (nothing has gone wrong yet) needs no words; nor does one whose
  // "Last error" speaks of steps the bridge ran (those steps have their own alerts).
  if (!input.lastError && !(input.tries ?? 0)) return null;
  if (STEP_NAMES.some((step) => reasonFor(step, input.lastError))) return null;
  return {
    step: first,
    severity: 'amber',
    message: `Not published yet: ${what || 'waiting for the bridge'}; retrying ${nextTry(input, clock)}${tryCount(input)}`,
  };
}

/** One alert per step that needs attention, in the bridge's step order. */
export function stepAlerts(input: AlertInput, clock: AlertClock): StepAlert[] {
  const alerts: StepAlert[] = [];
  const bridgeLevel = bridgeLevelAlert(input, clock);
  for (const step of STEP_NAMES) {
    const cell = input.cells[step].trim();
    const label = STEP_LABELS[step];
    const state = stepStateOf(cell);
    if (bridgeLevel?.step === step) alerts.push(bridgeLevel);
    if (state === 'doubt') {
      alerts.push({
        step,
        severity: 'doubt',
        message: step === 'crewEvent' ? CREW_EMAIL_DOUBT_MESSAGE : EMAIL_DOUBT_MESSAGE,
      });
      continue;
    }
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
    } else if (cell === STEP_CELL.gaveUp) {
      if (!reason) continue; // said once by the bridge-level alert
      alerts.push({
        step,
        severity: 'red',
        message: `${whatWentWrong(label, reason)}; ${GAVE_UP}. Press Retry to try again now`,
        offerRetry: true,
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
        message: `${whatWentWrong(label, reason)}; retrying ${nextTry(input, clock)}${tryCount(input)}`,
      });
    }
  }
  return alerts;
}
