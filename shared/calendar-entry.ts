/**
 * The charter's calendar entry, one definition for both calendar providers: the bridge sends it
 * to the calendar dashboard, Apps Script writes it to Google Calendar. Crew may be invited to the
 * entry as guests, so it is built from crew-facing fields only (no money, notes filtered).
 */
import type { Booking } from './booking';
import { crewSafeNotes, endOf, redactMoney, tripWhen } from './crew-facing';

export interface CalendarEntrySource {
  booking: Booking;
  crew: ReadonlyArray<{ name: string; role: string }>;
  revision: number;
}

export interface CalendarEntryLinks {
  guestPage: string;
  /** The crew checklist; only the bridge knows it (its path is derived from a bridge secret). */
  checklist?: string | null;
}

export interface CalendarEntry {
  title: string;
  /** Local ISO date-times with offset; the instants are what a calendar stores. */
  start: string;
  end: string;
  timeZone: string;
  location: string;
  description: string;
}

export function calendarEntry(
  source: CalendarEntrySource,
  links: CalendarEntryLinks,
): CalendarEntry {
  const b = source.booking;
  const party = b.partySize ? ` (${b.partySize})` : '';
  const notes = crewSafeNotes(b.notes);
  const guest = redactMoney(b.guestName);
  const boat = redactMoney(b.boat);
  const place = redactMoney(b.pickupLocation);
  const crew = source.crew.length
    ? source.crew.map((m) => `${redactMoney(m.name)} (${redactMoney(m.role)})`).join(', ')
    : 'none yet';
  const description = [
    `Booking ${b.id} (${b.source}), revision ${source.revision}`,
    `Guest: ${guest}${party}`,
    `Boat: ${boat}`,
    `Meeting point: ${place || '(not given)'}`,
    `When: ${tripWhen(b)}`,
    `Crew: ${crew}`,
    ...(links.guestPage ? [`Guest page: ${links.guestPage}`] : []),
    ...(links.checklist ? [`Crew checklist: ${links.checklist}`] : []),
    ...(notes ? ['', notes] : []),
  ].join('\n');
  return {
    title: `Charter ${b.id}: ${guest}${party}, ${boat}`,
    start: b.start,
    end: endOf(b),
    timeZone: b.timeZone,
    location: place,
    description,
  };
}
