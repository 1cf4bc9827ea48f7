/**
 * The spreadsheet's tabs and their headers: the one definition shared by the inbox pipeline,
 * the "New booking" dialog and the kanban board. Columns are found by header text at run time,
 * so a captain may reorder columns or add their own; "Set up sheet" only adds what is missing.
 */
import type { StepName } from '../../shared/bridge-contract';

export const TABS = {
  bookings: 'Bookings',
  kanban: 'Kanban',
  crew: 'Crew',
  settings: 'Settings',
  log: 'Log',
  /** Written by Charter > Month report: per month and boat (gas/kanban/report.ts). */
  report: 'Report',
} as const;

export const BOOKINGS_HEADERS = [
  'Booking ID',
  'Source',
  'Status', // the card's lane: New Bookings ... Cancelled
  'Crew status', // at a glance: "all 3 confirmed", "2 of 3 confirmed", "declined: Lee (deckhand)"
  'Start', // local ISO date-time with offset, e.g. 2024-05-30T09:00:00-07:00
  'Time zone',
  'Duration (h)',
  'End', // when the trip ends (local ISO with the offset in force then): multi-day trips
  'Guest',
  'Party size',
  'Boat',
  'Pick-up',
  'Boat price',
  'Platform fee',
  'Owner earnings',
  'Revenue',
  'Crew cost',
  'Port fee',
  'Net',
  'Calendar',
  'Crew event',
  'Checklist',
  'Guest page',
  'Invalidation',
  'Captain e-mail',
  'Guest page URL',
  'Revision',
  'Last run',
  'Last error',
  'Clash with', // other active bookings of the same boat closer than the turnaround buffer
  'Clash alerted', // pairs the captain was already told about (one alert per pair)
  'Booking JSON', // the last accepted booking (for retries); no secrets
  'Content hash', // detects a re-sent identical notification
  'Message IDs', // the e-mails already applied to this row (a re-run never applies one twice)
  'Calendar event ID', // provider.calendar = google: the Google Calendar entry's id
  'Crew checked', // when the crew answers were last read from the bridge
  'Crew notices', // the captain's crew notices already sent, one per line: key @ time
  'Crew sent', // fingerprint of the crew (and their hours) last sent to the crew event
  'Tries', // tries of this revision the bridge did not finish (gas/core/retry-schedule.ts)
  'Next try', // when the next automatic try is due (local ISO); empty: due now or none owed
] as const;

/** The Bookings column that shows each bridge step's status, in the bridge's step order. */
export const STEP_COLUMNS = {
  calendar: 'Calendar',
  crewEvent: 'Crew event',
  checklist: 'Checklist',
  guestPage: 'Guest page',
  invalidation: 'Invalidation',
  captainEmail: 'Captain e-mail',
} as const satisfies Record<StepName, BookingsHeader>;

export const KANBAN_HEADERS = [
  'Booking ID',
  'Lane',
  'Title',
  'Start',
  'Guest first name',
  'Party size',
  'Gross',
  'Crew cost',
  'Port fee',
  'Net',
  'Crew status', // the glanceable text, as in Bookings
  'Clash with',
  'Guest page URL',
  'Version',
  'Updated at',
  'Crew answers', // JSON: when read, and each member's answer and since when
] as const;

/** The Bookings and Kanban columns that hold money: dollars in the sheet, cents in code. */
export const BOOKINGS_MONEY_HEADERS = [
  'Boat price',
  'Platform fee',
  'Owner earnings',
  'Revenue',
  'Crew cost',
  'Port fee',
  'Net',
] as const satisfies readonly BookingsHeader[];
export const KANBAN_MONEY_HEADERS = [
  'Gross',
  'Crew cost',
  'Port fee',
  'Net',
] as const satisfies readonly KanbanHeader[];

export const CREW_HEADERS = ['Name', 'Role', 'E-mail', 'Hourly rate', 'Active'] as const;

/** Settings is a key/value tab: column A the setting, column B its value, column C a hint. */
export const SETTINGS_HEADERS = ['Setting', 'Value', 'Notes'] as const;

export const LOG_HEADERS = [
  'Time',
  'Trigger',
  'Booking ID',
  'Action',
  'Result',
  'Details',
] as const;

export type BookingsHeader = (typeof BOOKINGS_HEADERS)[number];
export type KanbanHeader = (typeof KANBAN_HEADERS)[number];
