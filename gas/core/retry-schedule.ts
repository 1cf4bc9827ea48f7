/**
 * The retry schedule: when the sheet sends a booking to the bridge again after a try that did not
 * finish (the bridge did not answer, answered 5xx/429/409, or ran the booking with a retryable
 * step failed). Defined once here; the captain's and developer's guides quote it.
 *
 *   try 1 at once, then each next try this long after the previous one failed:
 *   5 min, 20 min, 1 h, 3 h, 6 h, 12 h  ->  7 tries spread over about 22.5 hours.
 *
 * That beats Zapier's autoreplay (5 tries over about 10 hours) on both counts and rides out an
 * overnight outage. After the 7th try the booking "gave up": its unfinished step cells say
 * STEP_CELL.gaveUp and only the captain's Retry (board card or Charter > Retry failed steps)
 * sends it again, with a fresh schedule. The per-booking state lives in the Bookings row:
 * "Tries" (tries of this revision that did not finish) and "Next try" (local ISO time).
 */
import { epochOfIso } from '../../shared/time';
import type { Clock } from '../ports';
import type { BookingsHeader } from '../sheets/schema';
import type { Table } from '../sheets/table';

/** Minutes to wait after the 1st, 2nd, ... failed try before the next one. */
export const RETRY_DELAYS_MINUTES = [5, 20, 60, 180, 360, 720] as const;

/** Every try of one revision: the first plus one per delay. */
export const MAX_TRIES = RETRY_DELAYS_MINUTES.length + 1;

/**
 * A try is due this close before its time: the time-driven trigger fires about every 5 minutes
 * but not to the second, and a run that comes 20 s early should not wait 5 more minutes.
 */
export const DUE_EARLY_MS = 60_000;

/** From the first try to the last one, when every try fails at once (for the guides and alerts). */
export const SCHEDULE_SPAN_MINUTES = RETRY_DELAYS_MINUTES.reduce((sum, m) => sum + m, 0);

/** "22.4 h", "25 min": a duration for the captain. */
export function spanText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = minutes / 60;
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} h`;
}

/** Tries of the row's revision that did not finish (0 when the cell is blank or unreadable). */
export function triesOf(table: Table<BookingsHeader>, index: number): number {
  const n = Number(table.text(index, 'Tries'));
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** When the next automatic try is due (epoch ms), or null when the cell is blank/unreadable. */
export function nextTryOf(table: Table<BookingsHeader>, index: number): number | null {
  const text = table.text(index, 'Next try');
  if (!text) return null;
  try {
    return epochOfIso(text);
  } catch {
    return null;
  }
}

/** Whether an automatic run may send the row now (a blank or unreadable "Next try" is due). */
export function isDue(table: Table<BookingsHeader>, index: number, nowMs: number): boolean {
  const next = nextTryOf(table, index);
  return next === null || nowMs >= next - DUE_EARLY_MS;
}

/** Forgets the tries: a new revision, a finished delivery, or the captain's Retry. */
export function clearSchedule(table: Table<BookingsHeader>, index: number): void {
  if (table.text(index, 'Tries') !== '') table.set(index, 'Tries', '');
  if (table.text(index, 'Next try') !== '') table.set(index, 'Next try', '');
}

export type AfterFailure =
  { gaveUp: false; tries: number; nextAt: number } | { gaveUp: true; tries: number };

/** Counts one failed try and schedules the next, or says the schedule is used up. */
export function recordFailedTry(
  table: Table<BookingsHeader>,
  index: number,
  clock: Pick<Clock, 'now' | 'localIso'>,
): AfterFailure {
  const tries = triesOf(table, index) + 1;
  table.set(index, 'Tries', tries);
  const delay = RETRY_DELAYS_MINUTES[tries - 1];
  if (delay === undefined) {
    table.set(index, 'Next try', '');
    return { gaveUp: true, tries };
  }
  const nextAt = clock.now() + delay * 60_000;
  table.set(index, 'Next try', clock.localIso(nextAt));
  return { gaveUp: false, tries, nextAt };
}
