/**
 * Boat clashes: two active bookings of the same boat whose times overlap, or that leave less than
 * the turnaround buffer (Settings, default 60 minutes) between one's end and the other's start.
 * A clash is recorded, never refused: the marketplace already sold both trips; the captain is told.
 */
import type { Booking } from './booking';
import { epochOfIso } from './time';

export const DEFAULT_TURNAROUND_MINUTES = 60;

/** One booking as the clash rule sees it: a boat and a half-open interval [startMs, endMs). */
export interface BoatInterval {
  id: string;
  boat: string;
  startMs: number;
  endMs: number;
}

/**
 * The one boat identity rule: two names are the same boat when they match after dropping any
 * bracketed part (a type or description: "Sea Ray 32 (Sundancer)" = "Sea Ray 32" =
 * "Sea Ray 32 [Sundancer]"), ignoring case and spacing. Boatsetter names a boat with its type in
 * brackets and a captain types the bare name in the dialog. Two boats told apart only by their
 * bracketed type count as one: a false alarm costs a glance, a missed double booking a charter.
 * A name that is nothing but brackets keeps its text, so "(unknown boat)" stays a name.
 */
export function boatKey(boat: string): string {
  const spaced = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();
  const bare = spaced(boat.replace(/\([^()]*\)|\[[^[\]]*\]/g, ' '));
  return bare || spaced(boat);
}

export function intervalOf(
  booking: Pick<Booking, 'id' | 'boat' | 'start' | 'durationMinutes'>,
): BoatInterval {
  const startMs = epochOfIso(booking.start);
  return {
    id: booking.id,
    boat: booking.boat,
    startMs,
    endMs: startMs + booking.durationMinutes * 60_000,
  };
}

/** The rule for one pair: same boat, different bookings, less than the buffer apart (or overlapping). */
export function clashes(a: BoatInterval, b: BoatInterval, turnaroundMinutes: number): boolean {
  const buffer = turnaroundMinutes * 60_000;
  return (
    a.id !== b.id &&
    boatKey(a.boat) === boatKey(b.boat) &&
    a.startMs < b.endMs + buffer &&
    b.startMs < a.endMs + buffer
  );
}

/** The ids `target` clashes with, in the order of `others`. */
export function clashesWith(
  target: BoatInterval,
  others: readonly BoatInterval[],
  turnaroundMinutes: number,
): string[] {
  return others.filter((o) => clashes(target, o, turnaroundMinutes)).map((o) => o.id);
}

/**
 * Every clashing pair among `intervals` ([smaller id, larger id], sorted): per boat, a sweep in
 * start order that keeps only the bookings whose end plus buffer is still ahead (n log n + pairs).
 */
export function clashPairs(
  intervals: readonly BoatInterval[],
  turnaroundMinutes: number,
): Array<[string, string]> {
  const buffer = turnaroundMinutes * 60_000;
  const byBoat = new Map<string, BoatInterval[]>();
  for (const interval of intervals) {
    const key = boatKey(interval.boat);
    byBoat.set(key, [...(byBoat.get(key) ?? []), interval]);
  }
  const pairs: Array<[string, string]> = [];
  for (const list of byBoat.values()) {
    let active: BoatInterval[] = [];
    for (const current of [...list].sort((a, b) => a.startMs - b.startMs)) {
      active = active.filter((a) => a.endMs + buffer > current.startMs);
      for (const a of active) {
        if (a.id !== current.id)
          pairs.push(a.id < current.id ? [a.id, current.id] : [current.id, a.id]);
      }
      active.push(current);
    }
  }
  return pairs.sort(comparePairs);
}

function comparePairs(a: [string, string], b: [string, string]): number {
  return a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1;
}
