/**
 * Providers: which system keeps the charter's calendar entry and which one invites the crew.
 * The captain chooses each in the Settings tab; the rest of the product does not care which.
 *
 *   calendar  dashboard: the first operator's internal calendar service, written by the bridge
 *             google:    the owner's Google Calendar, written by Apps Script (CalendarApp)
 *   crew      scc:       ShipCaptainCrew, which sends its own magic links and keeps the answers
 *             builtin:   the bridge's own invitations (SES e-mail, magic-link page, answers table)
 */
export const CALENDAR_PROVIDERS = ['dashboard', 'google'] as const;
export type CalendarProvider = (typeof CALENDAR_PROVIDERS)[number];

export const CREW_PROVIDERS = ['scc', 'builtin'] as const;
export type CrewProvider = (typeof CREW_PROVIDERS)[number];

export interface Providers {
  calendar: CalendarProvider;
  crew: CrewProvider;
}

/** What a request without a `providers` field means: the first operator's own services. */
export const DEFAULT_PROVIDERS: Providers = { calendar: 'dashboard', crew: 'scc' };

/** How the captain reads each provider (sheet cells, the card, the captain's e-mail). */
export const PROVIDER_LABELS: Record<CalendarProvider | CrewProvider, string> = {
  dashboard: 'calendar dashboard',
  google: 'Google Calendar',
  scc: 'ShipCaptainCrew',
  builtin: 'built-in invitations',
};

/** The tag key a Google Calendar entry carries, with the booking id as its value. */
export const CALENDAR_TAG_KEY = 'charterBookingId';
