/**
 * The sandbox's provider choice (`npm start -- --calendar google --crew builtin`): the Settings
 * rows it writes, the owner's Google Calendar on the in-memory CalendarApp (kept in the state
 * folder), and how that calendar shows on the home page and in the report.
 */
import { existsSync } from 'node:fs';
import type { CalendarProvider, CrewProvider } from '../../shared/providers';
import { SETTING_KEYS } from '../../gas/core/settings';
import { FakeCalendarStore } from '../gas-runtime';
import { escapeHtml, layout, table } from './html';

export interface ProviderChoice {
  /** Unset: the sheet keeps whatever its Settings say (dashboard and scc in a new sheet). */
  calendar?: CalendarProvider;
  crew?: CrewProvider;
}

/** The sandbox owner's Google Calendar (its id is the owner's address, as for a real account). */
export const SANDBOX_GOOGLE_CALENDAR = {
  id: 'owner@charter.example',
  name: 'Charters (sandbox Google Calendar)',
  timeZone: 'America/Los_Angeles',
};

export function loadGoogleCalendar(file: string): FakeCalendarStore {
  const store = existsSync(file) ? FakeCalendarStore.load(file) : new FakeCalendarStore();
  const c = SANDBOX_GOOGLE_CALENDAR;
  store.addCalendar(c.id, c.name, c.timeZone);
  return store;
}

/** Settings rows for the chosen providers; `set(key, value)` overwrites the row's value. */
export function applyProviderChoice(
  choice: ProviderChoice,
  set: (key: string, value: string) => void,
): void {
  if (choice.calendar) set(SETTING_KEYS.calendarProvider, choice.calendar);
  if (choice.calendar === 'google') set(SETTING_KEYS.googleCalendarId, SANDBOX_GOOGLE_CALENDAR.id);
  if (choice.crew) set(SETTING_KEYS.crewProvider, choice.crew);
}

export interface GoogleCalendarReport {
  calendarId: string;
  events: Array<Record<string, unknown>>;
  deleted: Array<Record<string, unknown>>;
  invitations: Array<Record<string, unknown>>;
}

export function googleCalendarReport(store: FakeCalendarStore): GoogleCalendarReport {
  const id = SANDBOX_GOOGLE_CALENDAR.id;
  const plain = <T>(value: T) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  return {
    calendarId: id,
    events: store.eventsOf(id).map(plain),
    deleted: store.deleted.filter((e) => e.calendarId === id).map(plain),
    invitations: store.invitations.map(plain),
  };
}

const LOCAL_TIME = new Intl.DateTimeFormat('en-US', {
  timeZone: SANDBOX_GOOGLE_CALENDAR.timeZone,
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** The /google-calendar page: the entries as the owner would see them in Google Calendar. */
export function googleCalendarPage(report: GoogleCalendarReport): string {
  const when = (iso: unknown) => LOCAL_TIME.format(new Date(String(iso)));
  const rows = (events: Array<Record<string, unknown>>) => [
    ['When (calendar time zone)', 'Title', 'Where', 'Guests', 'Tags', 'Description', 'Id'],
    ...events.map((e) => [
      `${when(e.start)} – ${when(e.end)}`,
      e.title,
      e.location,
      (e.guests as string[]).join(', '),
      e.tags,
      e.description,
      e.id,
    ]),
  ];
  return layout(
    'Google Calendar (sandbox)',
    `<h1>${escapeHtml(SANDBOX_GOOGLE_CALENDAR.name)}</h1>
    <p class="muted">The in-memory CalendarApp the Apps Script bundle writes to with
    <code>provider.calendar = google</code> (calendar <code>${escapeHtml(report.calendarId)}</code>,
    shown in ${escapeHtml(SANDBOX_GOOGLE_CALENDAR.timeZone)}).</p>
    <h2>Entries (${report.events.length})</h2>${report.events.length ? table(rows(report.events)) : '<p class="muted">No entries.</p>'}
    <h2>Deleted (${report.deleted.length})</h2>${report.deleted.length ? table(rows(report.deleted)) : '<p class="muted">None.</p>'}
    <h2>Invitations Google sent (${report.invitations.length})</h2>${table([
      ['To', 'Entry', 'At'],
      ...report.invitations.map((i) => [i.to, i.title, i.at]),
    ])}`,
  );
}
