/**
 * In-memory CalendarApp: calendars holding timed events with tags and guests, the subset of
 * Apps Script's Calendar service the `google` calendar provider uses, with the same shapes
 * (iCalUID ids "...@google.com", Date instants, getEvents overlapping a window, null for an
 * unknown id, an error when an event ends before it starts). Invitations Google would send are
 * recorded, and the store saves to / loads from JSON so the sandbox keeps its calendar.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { CallCounter, guarded } from './common';

export interface FakeCalendarEvent {
  id: string;
  calendarId: string;
  title: string;
  start: string; // ISO instant
  end: string;
  description: string;
  location: string;
  tags: Record<string, string>;
  guests: string[];
  createdAt: string;
  updatedAt: string;
}

export interface FakeCalendar {
  id: string;
  name: string;
  timeZone: string;
}

export interface CalendarInvitation {
  eventId: string;
  to: string;
  title: string;
  at: string;
}

interface StoreData {
  calendars: FakeCalendar[];
  events: FakeCalendarEvent[];
  deleted: FakeCalendarEvent[];
  invitations: CalendarInvitation[];
}

type GasDate = GoogleAppsScript.Base.Date;

function instant(value: GasDate | Date, what: string): number {
  const ms = value instanceof Date || typeof value?.getTime === 'function' ? value.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new Error(`Exception: Invalid argument: ${what}`);
  return ms;
}

export class FakeCalendarStore {
  readonly calls = new CallCounter();
  calendars: FakeCalendar[] = [];
  events: FakeCalendarEvent[] = [];
  deleted: FakeCalendarEvent[] = [];
  invitations: CalendarInvitation[] = [];
  /** Instant of "now" for createdAt/updatedAt (the runtime's clock when it has one). */
  now: () => number = Date.now;

  addCalendar(id: string, name = id, timeZone = 'America/Los_Angeles'): FakeCalendar {
    const existing = this.calendars.find((c) => c.id === id);
    if (existing) return existing;
    const calendar = { id, name, timeZone };
    this.calendars.push(calendar);
    return calendar;
  }

  /** Live events of a calendar, earliest first. */
  eventsOf(calendarId: string): FakeCalendarEvent[] {
    return this.events
      .filter((e) => e.calendarId === calendarId)
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  toJSON(): StoreData {
    return {
      calendars: this.calendars,
      events: this.events,
      deleted: this.deleted,
      invitations: this.invitations,
    };
  }

  save(file: string): void {
    fs.writeFileSync(file, `${JSON.stringify(this.toJSON(), null, 2)}\n`);
  }

  static load(file: string): FakeCalendarStore {
    const store = new FakeCalendarStore();
    if (!fs.existsSync(file)) return store;
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StoreData>;
    store.calendars = data.calendars ?? [];
    store.events = data.events ?? [];
    store.deleted = data.deleted ?? [];
    store.invitations = data.invitations ?? [];
    return store;
  }
}

function eventObject(
  store: FakeCalendarStore,
  id: string,
): GoogleAppsScript.Calendar.CalendarEvent {
  const data = (): FakeCalendarEvent => {
    const found = store.events.find((e) => e.id === id);
    if (!found) throw new Error('Exception: The event was deleted or does not exist.');
    return found;
  };
  const touch = (change: (e: FakeCalendarEvent) => void) => {
    const e = data();
    change(e);
    e.updatedAt = new Date(store.now()).toISOString();
  };
  const target = {
    getId: () => data().id,
    getTitle: () => data().title,
    getDescription: () => data().description,
    getLocation: () => data().location,
    getStartTime: () => new Date(data().start),
    getEndTime: () => new Date(data().end),
    getTag: (key: string) => data().tags[key] ?? null,
    getAllTagKeys: () => Object.keys(data().tags),
    getGuestList: () =>
      data().guests.map((email) => ({
        getEmail: () => email,
        getGuestStatus: () => 'INVITED',
      })),
    setTitle: (title: string) => (touch((e) => (e.title = String(title))), self),
    setDescription: (text: string) => (touch((e) => (e.description = String(text))), self),
    setLocation: (text: string) => (touch((e) => (e.location = String(text))), self),
    setTag: (key: string, value: string) => (touch((e) => (e.tags[key] = String(value))), self),
    deleteTag: (key: string) => (touch((e) => delete e.tags[key]), self),
    setTime: (start: GasDate, end: GasDate) => {
      const s = instant(start, 'startTime');
      const f = instant(end, 'endTime');
      if (f < s) throw new Error('Exception: Event start date must be before event end date.');
      touch((e) => {
        e.start = new Date(s).toISOString();
        e.end = new Date(f).toISOString();
      });
      return self;
    },
    addGuest: (email: string) => {
      const address = String(email).toLowerCase();
      touch((e) => {
        if (!e.guests.includes(address)) e.guests.push(address);
      });
      return self;
    },
    removeGuest: (email: string) => {
      const address = String(email).toLowerCase();
      touch((e) => (e.guests = e.guests.filter((g) => g !== address)));
      return self;
    },
    deleteEvent: () => {
      const e = data();
      store.events = store.events.filter((x) => x.id !== id);
      store.deleted.push({ ...e, updatedAt: new Date(store.now()).toISOString() });
    },
  };
  const self = guarded<GoogleAppsScript.Calendar.CalendarEvent>(
    'CalendarEvent',
    target,
    store.calls,
  );
  return self;
}

function calendarObject(
  store: FakeCalendarStore,
  calendar: FakeCalendar,
): GoogleAppsScript.Calendar.Calendar {
  return guarded<GoogleAppsScript.Calendar.Calendar>(
    'Calendar',
    {
      getId: () => calendar.id,
      getName: () => calendar.name,
      getTimeZone: () => calendar.timeZone,
      getEventById: (id: string) =>
        store.events.some((e) => e.id === id && e.calendarId === calendar.id)
          ? eventObject(store, id)
          : null,
      getEvents: (start: GasDate, end: GasDate) => {
        const from = instant(start, 'startTime');
        const to = instant(end, 'endTime');
        return store
          .eventsOf(calendar.id)
          .filter((e) => Date.parse(e.start) < to && Date.parse(e.end) > from)
          .map((e) => eventObject(store, e.id));
      },
      createEvent: (
        title: string,
        start: GasDate,
        end: GasDate,
        options: {
          description?: string;
          location?: string;
          guests?: string;
          sendInvites?: boolean;
        } = {},
      ) => {
        const s = instant(start, 'startTime');
        const f = instant(end, 'endTime');
        if (f < s) throw new Error('Exception: Event start date must be before event end date.');
        const at = new Date(store.now()).toISOString();
        const guests = (options.guests ?? '')
          .split(',')
          .map((g) => g.trim().toLowerCase())
          .filter(Boolean);
        const event: FakeCalendarEvent = {
          id: `${randomBytes(13).toString('hex')}@google.com`,
          calendarId: calendar.id,
          title: String(title),
          start: new Date(s).toISOString(),
          end: new Date(f).toISOString(),
          description: options.description ?? '',
          location: options.location ?? '',
          tags: {},
          guests,
          createdAt: at,
          updatedAt: at,
        };
        store.events.push(event);
        if (options.sendInvites)
          for (const to of guests) store.invitations.push({ eventId: event.id, to, title, at });
        return eventObject(store, event.id);
      },
    },
    store.calls,
  );
}

export function createCalendarApp(store: FakeCalendarStore): GoogleAppsScript.Calendar.CalendarApp {
  return guarded<GoogleAppsScript.Calendar.CalendarApp>(
    'CalendarApp',
    {
      getCalendarById: (id: string) => {
        const calendar = store.calendars.find((c) => c.id === id);
        return calendar ? calendarObject(store, calendar) : null;
      },
    },
    store.calls,
  );
}
