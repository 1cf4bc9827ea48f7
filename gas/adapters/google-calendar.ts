/**
 * The Google Calendar port on CalendarApp (passed in by gas/main.ts; nothing here reaches for a
 * global). Entries are created with createEvent(title, start, end, options) from instants, so the
 * calendar shows them in its own zone at the right moment, multi-day trips included; each carries
 * the booking id as an event tag so it is found again even if its id was never recorded.
 */
import type {
  CalendarEntryFields,
  CalendarEntryRecord,
  GoogleCalendarHandle,
  GoogleCalendarPort,
} from '../ports';

type CalendarEvent = GoogleAppsScript.Calendar.CalendarEvent;

const lower = (emails: readonly string[]): string[] => emails.map((e) => e.trim().toLowerCase());

function guestsOf(event: CalendarEvent): string[] {
  return lower(event.getGuestList().map((g) => g.getEmail()));
}

function record(event: CalendarEvent): CalendarEntryRecord {
  return {
    id: event.getId(),
    title: event.getTitle(),
    startMs: event.getStartTime().getTime(),
    endMs: event.getEndTime().getTime(),
    description: event.getDescription(),
    location: event.getLocation(),
    guests: guestsOf(event),
  };
}

function handle(calendar: GoogleAppsScript.Calendar.Calendar): GoogleCalendarHandle {
  const byId = (eventId: string): CalendarEvent | null => calendar.getEventById(eventId) ?? null;
  const required = (eventId: string): CalendarEvent => {
    const event = byId(eventId);
    if (!event) throw new Error(`Google Calendar entry ${eventId} no longer exists`);
    return event;
  };
  return {
    byId(eventId) {
      const event = byId(eventId);
      return event ? record(event) : null;
    },
    tagged(key, value, fromMs, toMs) {
      return calendar
        .getEvents(new Date(fromMs), new Date(toMs))
        .filter((event) => event.getTag(key) === value)
        .map(record);
    },
    create(fields: CalendarEntryFields, tag, sendInvites) {
      const event = calendar.createEvent(
        fields.title,
        new Date(fields.startMs),
        new Date(fields.endMs),
        {
          description: fields.description,
          location: fields.location,
          ...(fields.guests.length ? { guests: fields.guests.join(','), sendInvites } : {}),
        },
      );
      event.setTag(tag.key, tag.value);
      return record(event);
    },
    update(eventId, fields) {
      const event = required(eventId);
      event.setTitle(fields.title);
      event.setTime(new Date(fields.startMs), new Date(fields.endMs));
      event.setDescription(fields.description);
      event.setLocation(fields.location);
      const had = guestsOf(event);
      const wanted = lower(fields.guests);
      for (const email of wanted) if (!had.includes(email)) event.addGuest(email);
      for (const email of had) if (!wanted.includes(email)) event.removeGuest(email);
    },
    remove(eventId) {
      byId(eventId)?.deleteEvent();
    },
  };
}

/** `calendarApp` is read only when a calendar is opened (only the `google` provider does). */
export function googleCalendar(
  calendarApp: () => GoogleAppsScript.Calendar.CalendarApp,
): GoogleCalendarPort {
  return {
    open(calendarId) {
      const calendar = calendarApp().getCalendarById(calendarId);
      return calendar ? handle(calendar) : null;
    },
  };
}
