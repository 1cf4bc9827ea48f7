/**
 * The `google` calendar provider: Apps Script keeps the charter's entry in the owner's Google
 * Calendar (Settings: googleCalendar.id), then tells the bridge what it did so the bridge reports
 * its calendar step as handled by Google Calendar.
 *
 * Exactly once: the entry's id is kept in the Bookings row ("Calendar event ID") and the entry
 * carries the booking id as a tag, so a run that created it but died before the row was written
 * finds it again (tag search around the charter) instead of creating a second one. The adapter
 * makes the tag part of the create itself (a marker line createEvent writes), so even a run that
 * died between creating and tagging leaves an entry the search finds. A change
 * updates the entry in place (time, text, guests); a cancellation deletes it.
 */
import { instantOf } from '../../shared/booking';
import type { BridgeRequest, GoogleCalendarReport } from '../../shared/bridge-contract';
import { calendarEntry } from '../../shared/calendar-entry';
import { CALENDAR_TAG_KEY } from '../../shared/providers';
import type {
  CalendarEntryFields,
  CalendarEntryRecord,
  GoogleCalendarHandle,
  GoogleCalendarPort,
} from '../ports';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface GoogleCalendarSettings {
  calendarId: string;
  /** Invite the booking's crew to the entry as guests (Google sends them its invitation). */
  inviteCrew: boolean;
}

export interface CalendarSyncInput {
  request: Pick<BridgeRequest, 'op' | 'booking' | 'crew' | 'revision'>;
  guestPageUrl: string;
  /** The entry's id as the row last recorded it ('' when none). */
  storedEventId: string;
}

/** The entry's fields for this request (crew-facing text: invited crew can read it). */
export function entryFields(
  input: Pick<CalendarSyncInput, 'request' | 'guestPageUrl'>,
  inviteCrew: boolean,
): CalendarEntryFields {
  const entry = calendarEntry(input.request, { guestPage: input.guestPageUrl });
  return {
    title: entry.title,
    startMs: instantOf(entry.start),
    endMs: instantOf(entry.end),
    description: entry.description,
    location: entry.location,
    guests: inviteCrew ? input.request.crew.map((m) => m.email.trim().toLowerCase()) : [],
  };
}

function sameEntry(a: CalendarEntryFields, b: CalendarEntryFields): boolean {
  const guests = (g: string[]) => [...g].sort().join(',');
  return (
    a.title === b.title &&
    a.startMs === b.startMs &&
    a.endMs === b.endMs &&
    a.description === b.description &&
    a.location === b.location &&
    guests(a.guests) === guests(b.guests)
  );
}

/** The booking's entries: the recorded one, else any tagged with its id around the charter. */
function existing(
  calendar: GoogleCalendarHandle,
  input: CalendarSyncInput,
  fields: CalendarEntryFields,
): CalendarEntryRecord[] {
  const recorded = input.storedEventId ? calendar.byId(input.storedEventId) : null;
  const tagged = calendar.tagged(
    CALENDAR_TAG_KEY,
    input.request.booking.id,
    fields.startMs - DAY_MS,
    fields.endMs + DAY_MS,
  );
  const all = recorded ? [recorded, ...tagged] : tagged;
  return all.filter((e, i) => all.findIndex((o) => o.id === e.id) === i);
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 400);
}

/** Creates, updates or deletes the booking's entry; never throws (a failure is reported). */
export function syncGoogleCalendar(
  port: GoogleCalendarPort,
  settings: GoogleCalendarSettings,
  input: CalendarSyncInput,
): GoogleCalendarReport {
  const stored = input.storedEventId || null;
  if (!settings.calendarId)
    return {
      eventId: stored,
      action: 'none',
      error: 'set "googleCalendar.id" in the Settings tab (the calendar to write charters to)',
    };
  try {
    const calendar = port.open(settings.calendarId);
    if (!calendar)
      return {
        eventId: stored,
        action: 'none',
        error: `no Google Calendar "${settings.calendarId}" is visible to this account; check googleCalendar.id in Settings and that the calendar is shared with you with "make changes" rights`,
      };
    const fields = entryFields(input, settings.inviteCrew);
    const found = existing(calendar, input, fields);
    if (input.request.op === 'cancel') {
      for (const entry of found) calendar.remove(entry.id);
      return found[0]
        ? { eventId: found[0].id, action: 'deleted' }
        : { eventId: null, action: 'none' };
    }
    const current = found[0];
    if (current) {
      if (sameEntry(current, fields)) return { eventId: current.id, action: 'unchanged' };
      calendar.update(current.id, fields);
      return { eventId: current.id, action: 'updated' };
    }
    const created = calendar.create(
      fields,
      { key: CALENDAR_TAG_KEY, value: input.request.booking.id },
      settings.inviteCrew,
    );
    return { eventId: created.id, action: 'created' };
  } catch (error) {
    return { eventId: stored, action: 'none', error: `Google Calendar: ${errorText(error)}` };
  }
}
