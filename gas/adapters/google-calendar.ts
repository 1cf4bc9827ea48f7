/**
 * The Google Calendar port on CalendarApp (passed in by gas/main.ts; nothing here reaches for a
 * global). Entries are created with createEvent(title, start, end, options) from instants, so the
 * calendar shows them in its own zone at the right moment, multi-day trips included; each carries
 * the booking id as an event tag so it is found again even if its id was never recorded.
 *
 * createEvent cannot set a tag, and a run can die between createEvent and setTag. So the tag is
 * also written INTO the entry by createEvent itself, as the description's last line
 * (`charterBookingId: XHQGMDH`): the search finds an entry by its tag or by that line, and a
 * found entry missing its tag gets it. The line is kept on every update (and added to entries
 * made before it existed) and never shown to the core: records come back without it, so an
 * unchanged entry compares equal.
 */
import { CALENDAR_TAG_KEY } from '../../shared/providers';
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

/**
 * The tag as the description's last line (`charterBookingId: XHQGMDH`), written by createEvent in
 * the same call. Only the product's own tag key is recognised, never any other "Key: value" line.
 */
const MARKER = new RegExp(`(?:^|\\n\\n)${CALENDAR_TAG_KEY}: ([^\\n]+)$`);

/** The description without the marker line, and the booking id the marker names (if any). */
function splitMarker(description: string): { text: string; value?: string } {
  const m = MARKER.exec(description);
  return m ? { text: description.slice(0, m.index), value: m[1] } : { text: description };
}

const withMarker = (text: string, value: string): string => {
  const line = `${CALENDAR_TAG_KEY}: ${value}`;
  return text ? `${text}\n\n${line}` : line;
};

function record(event: CalendarEvent): CalendarEntryRecord {
  return {
    id: event.getId(),
    title: event.getTitle(),
    startMs: event.getStartTime().getTime(),
    endMs: event.getEndTime().getTime(),
    description: splitMarker(event.getDescription()).text,
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
      const found: CalendarEvent[] = [];
      for (const event of calendar.getEvents(new Date(fromMs), new Date(toMs))) {
        if (event.getTag(key) === value) found.push(event);
        else {
          if (key !== CALENDAR_TAG_KEY || splitMarker(event.getDescription()).value !== value)
            continue;
          event.setTag(key, value); // created by a run that died before tagging it
          found.push(event);
        }
      }
      return found.map(record);
    },
    create(fields: CalendarEntryFields, tag, sendInvites) {
      const event = calendar.createEvent(
        fields.title,
        new Date(fields.startMs),
        new Date(fields.endMs),
        {
          description:
            tag.key === CALENDAR_TAG_KEY
              ? withMarker(fields.description, tag.value)
              : fields.description,
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
      const marked = splitMarker(event.getDescription()).value ?? event.getTag(CALENDAR_TAG_KEY);
      event.setDescription(marked ? withMarker(fields.description, marked) : fields.description);
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
