/**
 * Boat clashes in the sheet: after a booking is recorded, changed or cancelled, the "Clash with"
 * cells of its boat's rows and cards are recomputed from the active bookings, and each new pair is
 * queued for one alert to the captain (remembered in "Clash alerted" on both rows, so a later run
 * never alerts about the same pair again). A cancellation leaves its rows, and its partners' rows,
 * without the flag. The rule itself (shared/clash.ts) is the one the dialog warns with.
 */
import type { Booking } from '../../shared/booking';
import { type BoatInterval, boatKey, clashesWith, intervalOf } from '../../shared/clash';
import { tripWhen } from '../../shared/crew-facing';
import { CANCELLED_LANE } from '../../shared/kanban';
import type { BookingsHeader } from '../sheets/schema';
import type { Table } from '../sheets/table';
import { idList, storedBooking } from './records';

export interface ClashAlert {
  boat: string;
  bookings: [Booking, Booking];
}

/** Active bookings (not cancelled, readable) by row index. */
export function activeBookings(bookings: Table<BookingsHeader>): Map<number, Booking> {
  const active = new Map<number, Booking>();
  for (const index of bookings.indexes()) {
    if (bookings.text(index, 'Status') === CANCELLED_LANE) continue;
    const booking = storedBooking(bookings, index);
    if (booking) active.set(index, booking);
  }
  return active;
}

/** The active bookings of the same boat that `candidate` would clash with (the dialog's warning). */
export function clashesFor(
  bookings: Table<BookingsHeader>,
  candidate: Pick<Booking, 'id' | 'boat' | 'start' | 'durationMinutes'>,
  turnaroundMinutes: number,
): Booking[] {
  const active = [...activeBookings(bookings).values()];
  const ids = clashesWith(intervalOf(candidate), active.map(intervalOf), turnaroundMinutes);
  return active.filter((b) => ids.includes(b.id));
}

export interface ClashUpdate {
  /** Rows whose "Clash with" cell changed: booking id -> the ids it now clashes with. */
  changed: Map<string, string[]>;
  alerts: ClashAlert[];
}

/**
 * Recomputes the clash cells of every row that shares a boat with `bookingId` (before or after
 * its change) or that listed it, and returns the new pairs that involve `bookingId`.
 */
export function refreshClashes(
  bookings: Table<BookingsHeader>,
  bookingId: string,
  turnaroundMinutes: number,
): ClashUpdate {
  const active = activeBookings(bookings);
  const intervals = new Map<string, BoatInterval>();
  for (const booking of active.values()) intervals.set(booking.id, intervalOf(booking));
  const all = [...intervals.values()];
  const self = bookings.find('Booking ID', bookingId);
  const boats = new Set<string>();
  const selfBoat = self >= 0 ? bookings.text(self, 'Boat') : '';
  if (selfBoat) boats.add(boatKey(selfBoat));
  const target = intervals.get(bookingId);
  if (target) boats.add(boatKey(target.boat));

  const changed = new Map<string, string[]>();
  for (const index of bookings.indexes()) {
    const id = bookings.text(index, 'Booking ID');
    const before = idList(bookings.text(index, 'Clash with'));
    const mine = intervals.get(id);
    const related =
      id === bookingId ||
      before.includes(bookingId) ||
      (mine !== undefined && boats.has(boatKey(mine.boat)));
    if (!related) continue;
    const after = mine ? clashesWith(mine, all, turnaroundMinutes) : [];
    if (after.join(' ') !== before.join(' ')) {
      bookings.set(index, 'Clash with', after.join(' '));
      changed.set(id, after);
    }
  }
  return { changed, alerts: newPairs(bookings, active, bookingId) };
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}+${b}` : `${b}+${a}`;
}

/** Pairs with `bookingId` the captain has not been told about; marks them told on both rows. */
function newPairs(
  bookings: Table<BookingsHeader>,
  active: Map<number, Booking>,
  bookingId: string,
): ClashAlert[] {
  const self = bookings.find('Booking ID', bookingId);
  const mine = active.get(self);
  if (!mine) return [];
  const alerts: ClashAlert[] = [];
  for (const otherId of idList(bookings.text(self, 'Clash with'))) {
    const key = pairKey(bookingId, otherId);
    if (idList(bookings.text(self, 'Clash alerted')).includes(key)) continue;
    const other = bookings.find('Booking ID', otherId);
    const theirs = active.get(other);
    if (!theirs) continue;
    for (const index of [self, other]) {
      const told = idList(bookings.text(index, 'Clash alerted'));
      bookings.set(index, 'Clash alerted', [...told, key].join(' '));
    }
    alerts.push({
      boat: mine.boat,
      bookings: mine.start <= theirs.start ? [mine, theirs] : [theirs, mine],
    });
  }
  return alerts;
}

/** Both bookings of a clashing pair, each with its whole trip (two lines each). */
function pairLines(alert: ClashAlert): string[] {
  const line = (x: Booking): string =>
    `- ${x.id} (${x.source}): ${x.guestName}${x.partySize ? `, party of ${x.partySize}` : ''}\n  ${tripWhen(x)}`;
  return alert.bookings.map(line);
}

const TURNAROUND_HINT = 'The turnaround is the Settings row "booking.turnaroundMinutes".';

/** The captain's alert about one clashing pair: both bookings named, with their whole trips. */
export function clashAlertEmail(
  alert: ClashAlert,
  turnaroundMinutes: number,
): { subject: string; body: string } {
  const [a, b] = alert.bookings;
  return {
    subject: `Charter: boat clash on ${alert.boat}: ${a.id} and ${b.id}`,
    body: [
      `Two active bookings of ${alert.boat} overlap or leave less than the ${turnaroundMinutes}-minute turnaround between them:`,
      '',
      ...pairLines(alert),
      '',
      'Both are recorded (the marketplace already sold them) and both cards carry a red clash mark.',
      'Decide which trip moves or is cancelled; the mark clears when the bookings no longer clash.',
      TURNAROUND_HINT,
    ].join('\n'),
  };
}

/**
 * The captain's alerts of one run in one e-mail, however many pairs clash. A single pair gets its
 * own alert (clashAlertEmail); several pairs (an imported backlog, a day of one boat sold twice
 * over) come as one digest naming every pair: pairs grow with the square of the bookings, and
 * MailApp's daily quota is small, so a run never sends an e-mail per pair.
 */
export function clashAlertsEmail(
  alerts: readonly ClashAlert[],
  turnaroundMinutes: number,
): { subject: string; body: string } {
  if (alerts.length === 1) return clashAlertEmail(alerts[0]!, turnaroundMinutes);
  const pairs = alerts.map((a) => `${a.bookings[0].id} and ${a.bookings[1].id}`);
  const shown = pairs.slice(0, 3).join(', ') + (pairs.length > 3 ? ', ...' : '');
  return {
    subject: `Charter: boat clashes: ${alerts.length} pairs (${shown})`,
    body: [
      `${alerts.length} pairs of active bookings of the same boat overlap or leave less than the ${turnaroundMinutes}-minute turnaround between them:`,
      '',
      ...alerts.flatMap((alert, i) => [`${i + 1}. ${alert.boat}`, ...pairLines(alert), '']),
      'All are recorded (the marketplace already sold them) and every card involved carries a red clash mark.',
      'Decide which trips move or are cancelled; a mark clears when its bookings no longer clash.',
      TURNAROUND_HINT,
    ].join('\n'),
  };
}
