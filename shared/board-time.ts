/**
 * When a trip counts as past on the board. One rule for the server (doGet's page inlines the
 * trips that have not ended and leaves the past ones to a second load) and the browser (the
 * Upcoming and Past filters); no dependencies, so the board client bundles it as is.
 */

/** A trip's departure and return as epoch ms (null when the sheet's value cannot be read). */
export interface TripTimes {
  startMs: number | null;
  endMs: number | null;
}

/** Past once it has ended (its departure when its length is unknown); an unreadable start never is. */
export function isPastTrip(trip: TripTimes, nowMs: number): boolean {
  const end = trip.endMs ?? trip.startMs;
  return end !== null && end < nowMs;
}

/**
 * The User Timing mark the board page sets once its first screen is painted (the bench reads it:
 * milliseconds from the navigation's start).
 */
export const FIRST_SCREEN_MARK = 'board-first-screen';
