/**
 * The board's rules of time and order, one definition for the server (doGet's page inlines only
 * the first screen) and the browser (the filters, the lanes' order); no dependencies, so the board
 * client bundles it as is.
 */

/** A trip's departure and return as epoch ms (null when the sheet's value cannot be read). */
export interface TripTimes {
  startMs: number | null;
  endMs: number | null;
}

/** Past once it has ended (its departure when its length is unknown); an unreadable start never is. */
export function isPastTrip(trip: TripTimes, nowMs: number): boolean {
  if (trip.startMs === null) return false;
  return (trip.endMs ?? trip.startMs) < nowMs;
}

/**
 * Board order: upcoming trips soonest first, then past ones most recent first (`inMonth`: one
 * month in calendar order); trips whose start cannot be read go last; ties by booking id.
 */
export function boardOrder(
  a: TripTimes & { bookingId: string },
  b: TripTimes & { bookingId: string },
  nowMs: number,
  inMonth = false,
): number {
  if (a.startMs === null || b.startMs === null)
    return (a.startMs === null ? 1 : 0) - (b.startMs === null ? 1 : 0) || idOrder(a, b);
  if (inMonth) return a.startMs - b.startMs || idOrder(a, b);
  const pastA = isPastTrip(a, nowMs);
  const pastB = isPastTrip(b, nowMs);
  if (pastA !== pastB) return pastA ? 1 : -1;
  return (pastA ? b.startMs - a.startMs : a.startMs - b.startMs) || idOrder(a, b);
}

function idOrder(a: { bookingId: string }, b: { bookingId: string }): number {
  return a.bookingId < b.bookingId ? -1 : a.bookingId > b.bookingId ? 1 : 0;
}

/** Cards of a lane in the page's first paint: more than a tall screen shows. */
export const FIRST_SCREEN_CARDS = 6;

/** Count and money (integer cents) of a set of cards (a lane, or everything shown). */
export interface Totals {
  count: number;
  grossCents: number;
  netCents: number;
}

/** The totals of no card. */
export const noTotals = (): Totals => ({ count: 0, grossCents: 0, netCents: 0 });

/** Adds the cards' totals to `into` (a fresh zero by default) and answers it. */
export function totalsOf(
  cards: Iterable<{ grossCents: number; netCents: number }>,
  into: Totals = noTotals(),
): Totals {
  for (const card of cards) {
    into.count += 1;
    into.grossCents += card.grossCents;
    into.netCents += card.netCents;
  }
  return into;
}

/** The totals of several sets of cards together. */
export function sumTotals(parts: Iterable<Totals>): Totals {
  const sum = noTotals();
  for (const part of parts) {
    sum.count += part.count;
    sum.grossCents += part.grossCents;
    sum.netCents += part.netCents;
  }
  return sum;
}

/** `from` without the cards of `part` (a subset of them). */
export function subtractTotals(from: Totals, part: Totals): Totals {
  return {
    count: from.count - part.count,
    grossCents: from.grossCents - part.grossCents,
    netCents: from.netCents - part.netCents,
  };
}

/**
 * The User Timing mark the board page sets once its first screen is painted (the bench reads it:
 * milliseconds from the navigation's start).
 */
export const FIRST_SCREEN_MARK = 'board-first-screen';
