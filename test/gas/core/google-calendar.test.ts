/**
 * The `google` calendar provider (gas/core/google-calendar.ts) through the adapter on CalendarApp
 * (gas/adapters/google-calendar.ts), run against the in-memory CalendarApp of local/gas-runtime.
 */
import { googleCalendar } from '../../../gas/adapters/google-calendar';
import { syncGoogleCalendar, type CalendarSyncInput } from '../../../gas/core/google-calendar';
import { CALENDAR_TAG_KEY } from '../../../shared/providers';
import { createCalendarApp, FakeCalendarStore } from '../../../local/gas-runtime/calendar';
import { workedExampleBooking, workedExampleRequest } from '../../lambda-bridge/helpers';

const CALENDAR_ID = 'owner@charter.example';

function setup(inviteCrew = false) {
  const store = new FakeCalendarStore();
  store.addCalendar(CALENDAR_ID);
  const port = googleCalendar(() => createCalendarApp(store));
  const settings = { calendarId: CALENDAR_ID, inviteCrew };
  let storedEventId = '';
  const sync = (request = workedExampleRequest(), stored = storedEventId) => {
    const input: CalendarSyncInput = {
      request,
      guestPageUrl: 'https://charter.example/g/xhqgmdh',
      storedEventId: stored,
    };
    const report = syncGoogleCalendar(port, settings, input);
    storedEventId = report.action === 'deleted' ? '' : (report.eventId ?? '');
    return report;
  };
  return { store, sync };
}

describe('Google Calendar provider', () => {
  it('creates one entry at the charter instants, tagged with the booking id', () => {
    const { store, sync } = setup();
    const report = sync();
    expect(report).toEqual({ eventId: expect.stringMatching(/@google\.com$/), action: 'created' });
    const [entry, ...rest] = store.eventsOf(CALENDAR_ID);
    expect(rest).toEqual([]);
    // 9:00 PDT for 3 hours.
    expect(entry).toMatchObject({
      id: report.eventId,
      start: '2024-05-30T16:00:00.000Z',
      end: '2024-05-30T19:00:00.000Z',
      tags: { [CALENDAR_TAG_KEY]: 'XHQGMDH' },
      location: 'Sheraton Marina, Harbor Island, San Diego, CA 92101',
      guests: [],
    });
    expect(entry?.title).toContain('XHQGMDH');
    expect(entry?.description).toContain('Guest page: https://charter.example/g/xhqgmdh');
  });

  it('never shows money in the entry (crew may be guests)', () => {
    const { store, sync } = setup(true);
    sync();
    const entry = store.eventsOf(CALENDAR_ID)[0];
    expect(`${entry?.title} ${entry?.description}`).not.toMatch(/\$|840|960|earnings/i);
  });

  it('finds its entry again by tag when the id was never recorded: no second entry', () => {
    const { store, sync } = setup();
    const first = sync();
    const again = sync(workedExampleRequest(), '');
    expect(again).toEqual({ eventId: first.eventId, action: 'unchanged' });
    expect(store.eventsOf(CALENDAR_ID)).toHaveLength(1);
  });

  it('a run killed between createEvent and setTag leaves an entry the next run finds: no second entry', () => {
    // Prepare: CalendarApp whose first created event dies at setTag (the execution stopped)
    const store = new FakeCalendarStore();
    store.addCalendar(CALENDAR_ID);
    let killed = false;
    const dying = (): GoogleAppsScript.Calendar.CalendarApp => {
      const app = createCalendarApp(store);
      return {
        getCalendarById: (id: string) => {
          const calendar = app.getCalendarById(id);
          if (!calendar) return calendar;
          return new Proxy(calendar, {
            get: (target, prop) =>
              prop === 'createEvent' && !killed
                ? (...args: Parameters<typeof target.createEvent>) => {
                    const event = target.createEvent(...args);
                    killed = true;
                    return new Proxy(event, {
                      get: (e, p) =>
                        p === 'setTag'
                          ? () => {
                              throw new Error('Exceeded maximum execution time');
                            }
                          : Reflect.get(e, p),
                    });
                  }
                : Reflect.get(target, prop),
          });
        },
      } as unknown as GoogleAppsScript.Calendar.CalendarApp;
    };
    const port = googleCalendar(dying);
    const settings = { calendarId: CALENDAR_ID, inviteCrew: false };
    const input = (request = workedExampleRequest(), storedEventId = ''): CalendarSyncInput => ({
      request,
      guestPageUrl: 'https://charter.example/g/xhqgmdh',
      storedEventId,
    });

    // Act: the first run dies after creating; the row never got the id
    const first = syncGoogleCalendar(port, settings, input());
    const [made] = store.eventsOf(CALENDAR_ID);
    const tagsAfterCrash = { ...made?.tags };
    const second = syncGoogleCalendar(port, settings, input());

    // Assess: one entry, found by the line createEvent wrote, tagged now, not changed
    expect(first).toMatchObject({ eventId: null, action: 'none' });
    expect(tagsAfterCrash).toEqual({});
    expect(made?.description).toMatch(new RegExp(`\\n\\n${CALENDAR_TAG_KEY}: XHQGMDH$`));
    expect(second).toEqual({ eventId: made?.id, action: 'unchanged' });
    expect(store.eventsOf(CALENDAR_ID)).toHaveLength(1);
    expect(store.eventsOf(CALENDAR_ID)[0]?.tags).toEqual({ [CALENDAR_TAG_KEY]: 'XHQGMDH' });

    // ... and an update (the row has the id now) keeps that line
    const moved = workedExampleRequest({
      revision: 2,
      booking: workedExampleBooking({ start: '2024-06-02T13:30:00-07:00' }),
    });
    expect(syncGoogleCalendar(port, settings, input(moved, made?.id)).action).toBe('updated');
    expect(store.eventsOf(CALENDAR_ID)[0]?.description).toMatch(/charterBookingId: XHQGMDH$/);
  });

  it('updates the same entry in place when the booking changes, even to another day', () => {
    const { store, sync } = setup();
    const created = sync();
    const moved = workedExampleRequest({
      revision: 2,
      booking: workedExampleBooking({ start: '2024-06-02T13:30:00-07:00', durationMinutes: 240 }),
    });
    expect(sync(moved)).toEqual({ eventId: created.eventId, action: 'updated' });
    expect(store.eventsOf(CALENDAR_ID)).toEqual([
      expect.objectContaining({
        id: created.eventId,
        start: '2024-06-02T20:30:00.000Z',
        end: '2024-06-03T00:30:00.000Z',
      }),
    ]);
  });

  it('spans every day of a multi-day charter', () => {
    const { store, sync } = setup();
    sync(
      workedExampleRequest({
        booking: workedExampleBooking({
          start: '2024-07-03T18:00:00-07:00',
          durationMinutes: 2 * 24 * 60 + 900,
        }),
      }),
    );
    expect(store.eventsOf(CALENDAR_ID)[0]).toMatchObject({
      start: '2024-07-04T01:00:00.000Z',
      end: '2024-07-06T16:00:00.000Z',
    });
  });

  it('deletes the entry on cancellation, once', () => {
    const { store, sync } = setup();
    const created = sync();
    const cancel = workedExampleRequest({ op: 'cancel', revision: 2 });
    expect(sync(cancel)).toEqual({ eventId: created.eventId, action: 'deleted' });
    expect(store.eventsOf(CALENDAR_ID)).toEqual([]);
    expect(store.deleted.map((e) => e.id)).toEqual([created.eventId]);
    expect(sync(cancel)).toEqual({ eventId: null, action: 'none' });
  });

  it('invites the crew as guests when asked, and follows crew changes', () => {
    const { store, sync } = setup(true);
    sync();
    expect(store.eventsOf(CALENDAR_ID)[0]?.guests).toEqual([
      'sam@crew.example',
      'jo@crew.example',
      'lee@crew.example',
    ]);
    expect(store.invitations.map((i) => i.to)).toHaveLength(3);
    const request = workedExampleRequest({ revision: 2 });
    request.crew = [
      request.crew[0]!,
      { name: 'Max Roe', role: 'deckhand', email: 'Max@crew.example' },
    ];
    expect(sync(request).action).toBe('updated');
    expect(store.eventsOf(CALENDAR_ID)[0]?.guests).toEqual([
      'sam@crew.example',
      'max@crew.example',
    ]);
  });

  it('reports, never throws, when the calendar cannot be used', () => {
    const store = new FakeCalendarStore();
    const port = googleCalendar(() => createCalendarApp(store));
    const input = { request: workedExampleRequest(), guestPageUrl: '', storedEventId: '' };
    expect(syncGoogleCalendar(port, { calendarId: '', inviteCrew: false }, input)).toMatchObject({
      action: 'none',
      error: expect.stringContaining('googleCalendar.id'),
    });
    expect(
      syncGoogleCalendar(port, { calendarId: 'nobody@example.com', inviteCrew: false }, input),
    ).toMatchObject({ action: 'none', error: expect.stringContaining('nobody@example.com') });
    const failing = googleCalendar(() => {
      throw new Error('Exception: Service invoked too many times for one day: calendar.');
    });
    expect(
      syncGoogleCalendar(failing, { calendarId: CALENDAR_ID, inviteCrew: false }, input),
    ).toEqual({
      eventId: null,
      action: 'none',
      error: 'Google Calendar: Exception: Service invoked too many times for one day: calendar.',
    });
  });
});
