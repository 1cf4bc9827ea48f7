/**
 * The Settings tab (key / value / notes) and the Crew tab, parsed into typed values.
 * A value that cannot be read gives an error naming the setting and showing an example,
 * so the captain can fix it in the sheet.
 */
import { menuPath } from '../entrypoints';
import { DEFAULT_TURNAROUND_MINUTES } from '../../shared/clash';
import {
  CrewRuleSchema,
  DEFAULT_CREW_MINUTES_PER_DAY,
  type CrewRule,
  type FinanceSettings,
  REVENUE_BASES,
  type RevenueBasis,
} from '../../shared/finance';
import { DEFAULT_NO_ANSWER_HOURS } from '../../shared/crew-status';
import { DEFAULT_LANES } from '../../shared/kanban';
import {
  CALENDAR_PROVIDERS,
  CREW_PROVIDERS,
  DEFAULT_PROVIDERS,
  type Providers,
} from '../../shared/providers';
import {
  centsFromCell,
  MoneyError,
  parseMoney,
  parsePercentToBasisPoints,
} from '../../shared/money';
import { DEFAULT_TIME_ZONE } from '../../shared/time';
import { BRIDGE_URL_PROPERTY } from '../bridge/client';
import type { CellValue, Services } from '../ports';
import { CREW_HEADERS, TABS } from '../sheets/schema';
import { Table } from '../sheets/table';

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export const SETTING_KEYS = {
  portFeePercent: 'finance.portFeePercent',
  revenueBasis: 'finance.revenueBasis',
  crewHoursPerDay: 'finance.crewHoursPerDay',
  turnaroundMinutes: 'booking.turnaroundMinutes',
  lanes: 'lanes', // read by the kanban board too
  captainEmail: 'captain.email',
  captainName: 'captain.name',
  bridgeUrl: 'bridge.url',
  guestPageBaseUrl: 'guestPage.baseUrl',
  timeZone: 'booking.timeZone',
  timeBudgetSeconds: 'inbox.timeBudgetSeconds',
  batchSize: 'inbox.batchSize',
  since: 'inbox.since',
  forwarders: 'inbox.forwarders',
  calendarProvider: 'provider.calendar',
  crewProvider: 'provider.crew',
  googleCalendarId: 'googleCalendar.id',
  googleCalendarInviteCrew: 'googleCalendar.inviteCrew',
  noAnswerHours: 'crewAnswers.noAnswerHours',
  keepReadingDays: 'crewAnswers.keepReadingDays',
} as const;

/** Crew rules are one row per role: `crew.<role>`. */
export const CREW_RULE_PREFIX = 'crew.';

/** What "Set up sheet" writes into a new Settings tab (only keys that are missing are added). */
export const DEFAULT_SETTINGS_ROWS: ReadonlyArray<[string, string, string]> = [
  [
    SETTING_KEYS.portFeePercent,
    '18',
    'Port/marina fee as a percentage of revenue, e.g. 18 or 12.5%',
  ],
  [SETTING_KEYS.revenueBasis, 'ownerEarnings', 'ownerEarnings ("Your earnings") or boatPrice'],
  [
    SETTING_KEYS.crewHoursPerDay,
    String(DEFAULT_CREW_MINUTES_PER_DAY / 60),
    'Long and overnight trips: at most this many paid hours per crew member for each started 24 hours of the trip (empty = no cap)',
  ],
  [
    SETTING_KEYS.turnaroundMinutes,
    String(DEFAULT_TURNAROUND_MINUTES),
    'Minutes a boat needs between two trips; bookings closer than this are flagged as a clash',
  ],
  [
    'crew.deckhand',
    'count=2; rate=25; hours=charter+2',
    'count per charter; $ per hour; hours=charter, charter+2, charter-0.5 or a fixed number like 4',
  ],
  [
    'crew.captain',
    'count=1; rate=50; hours=charter',
    'Finance uses these rates; the Crew tab says who is invited',
  ],
  [
    SETTING_KEYS.lanes,
    DEFAULT_LANES.join(', '),
    'Kanban lanes, comma-separated; the first is where new bookings land',
  ],
  [SETTING_KEYS.captainEmail, '', 'Receives the booking summary and the needs-review alerts'],
  [SETTING_KEYS.captainName, '', 'Shown to guests (first name only)'],
  [
    SETTING_KEYS.bridgeUrl,
    '',
    'Bridge base URL (or Script Property BRIDGE_URL); the secret is a Script Property',
  ],
  [
    SETTING_KEYS.guestPageBaseUrl,
    '',
    'Public site for guest pages, e.g. https://charter.example.com',
  ],
  [
    SETTING_KEYS.timeZone,
    DEFAULT_TIME_ZONE,
    'Time zone of bookings entered in the New booking dialog',
  ],
  [
    SETTING_KEYS.timeBudgetSeconds,
    '270',
    'An inbox run stops after this many seconds (Apps Script allows 360)',
  ],
  [
    SETTING_KEYS.batchSize,
    '50',
    'E-mail threads per batch (one sheet write and one bridge round trip per batch)',
  ],
  [
    SETTING_KEYS.noAnswerHours,
    String(DEFAULT_NO_ANSWER_HOURS),
    'Hours before departure at which you hear about crew who have not answered (crew invited later get half the time left)',
  ],
  [
    SETTING_KEYS.keepReadingDays,
    '0',
    'Days after a charter ends that crew answers are still read (0 = until it ends)',
  ],
  [
    SETTING_KEYS.forwarders,
    '',
    'Addresses (comma-separated) whose forwarded Boatsetter e-mails are read too, e.g. a manager',
  ],
  [
    SETTING_KEYS.calendarProvider,
    DEFAULT_PROVIDERS.calendar,
    'dashboard (the internal calendar service) or google (your Google Calendar, below)',
  ],
  [
    SETTING_KEYS.googleCalendarId,
    '',
    'With provider.calendar = google: the calendar id (Google Calendar > Settings > Integrate calendar), e.g. you@gmail.com',
  ],
  [
    SETTING_KEYS.googleCalendarInviteCrew,
    'no',
    'yes: the crew of each charter are invited to its Google Calendar entry as guests',
  ],
  [
    SETTING_KEYS.crewProvider,
    DEFAULT_PROVIDERS.crew,
    'scc (ShipCaptainCrew invites the crew) or builtin (the bridge e-mails each member a confirm/decline link)',
  ],
];

export interface Settings {
  finance: FinanceSettings;
  lanes: string[];
  captainEmail: string;
  captainName: string;
  bridgeUrl: string;
  guestPageBaseUrl: string;
  timeZone: string;
  /** Minutes a boat needs between two trips (clash rule). */
  turnaroundMinutes: number;
  timeBudgetMs: number;
  batchSize: number;
  /** Only e-mails received on or after this date (yyyy-mm-dd) are read; '' = no limit. */
  since: string;
  /** Addresses whose forwarded Boatsetter mail is read too (a manager's inbox forwarding to the owner). */
  forwarders: string[];
  /** Who keeps the calendar entry and who invites the crew. */
  providers: Providers;
  /** With the `google` calendar provider: which calendar, and whether crew become guests. */
  googleCalendar: { calendarId: string; inviteCrew: boolean };
  /** The crew loop: when a missing answer is reported, and how long after a charter answers are read. */
  crewAnswers: { noAnswerHours: number; keepReadingDays: number };
}

export interface CrewMemberRow {
  name: string;
  role: string;
  email: string;
  hourlyRateCents: number | null;
  active: boolean;
}

function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value).trim();
}

/** Reads the key/value tab into a map (first occurrence of a key wins). */
export function settingsMap(values: CellValue[][] | null): Map<string, string> {
  if (!values)
    throw new SettingsError(
      `The "Settings" tab is missing. Run ${menuPath('setupSheet')} to create it.`,
    );
  const map = new Map<string, string>();
  for (const row of values.slice(1)) {
    const key = cellText(row[0]);
    if (key && !map.has(key)) map.set(key, cellText(row[1]));
  }
  return map;
}

function bad(key: string, value: string, expected: string): SettingsError {
  return new SettingsError(
    `Setting "${key}" = "${value}" is not valid: ${expected}. Fix it in the Settings tab.`,
  );
}

/** `count=2; rate=25; hours=charter+2` -> a crew rule for `role`. */
export function parseCrewRule(key: string, role: string, value: string): CrewRule {
  const fields = new Map<string, string>();
  for (const part of value.split(';')) {
    if (!part.trim()) continue;
    const m = /^\s*([a-z]+)\s*=\s*(.+?)\s*$/i.exec(part);
    if (!m) throw bad(key, value, 'expected "count=2; rate=25; hours=charter+2"');
    fields.set((m[1] ?? '').toLowerCase(), m[2] ?? '');
  }
  const countText = fields.get('count') ?? '';
  if (!/^\d{1,2}$/.test(countText))
    throw bad(key, value, 'count must be a whole number, e.g. count=2');
  let rateCents: number;
  try {
    rateCents = parseMoney(fields.get('rate') ?? '');
  } catch (error) {
    if (error instanceof MoneyError)
      throw bad(key, value, 'rate must be dollars per hour, e.g. rate=25 or rate=$27.50');
    throw error;
  }
  const hoursText = (fields.get('hours') ?? '').replace(/\s+/g, '').toLowerCase();
  const hm = /^(?:charter(?:([+-])(\d+(?:\.\d+)?))?|(\d+(?:\.\d+)?))$/.exec(hoursText);
  if (!hm)
    throw bad(
      key,
      value,
      'hours must be charter, charter+2, charter-0.5 or a number of hours such as 4',
    );
  const toMinutes = (hours: string): number => Math.round(Number(hours) * 60);
  const hours: CrewRule['hours'] = hm[3]
    ? { kind: 'fixed', minutes: toMinutes(hm[3]) }
    : { kind: 'charter', plusMinutes: hm[2] ? (hm[1] === '-' ? -1 : 1) * toMinutes(hm[2]) : 0 };
  const parsed = CrewRuleSchema.safeParse({ role, count: Number(countText), rateCents, hours });
  if (!parsed.success) throw bad(key, value, parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/** The board's lanes (setting "lanes", comma-separated; default the six of shared/kanban). */
export function parseLanes(map: Map<string, string>): string[] {
  const lanesText = map.get(SETTING_KEYS.lanes) ?? '';
  const lanes = lanesText
    ? lanesText
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean)
    : [...DEFAULT_LANES];
  if (new Set(lanes).size !== lanes.length)
    throw bad(SETTING_KEYS.lanes, lanesText, 'lane names must be different');
  return lanes;
}

function positiveInt(map: Map<string, string>, key: string, fallback: number, max: number): number {
  const value = map.get(key) ?? '';
  if (value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw bad(key, value, `expected a whole number from 1 to ${max}`);
  }
  return Number(value);
}

function wholeNumber(map: Map<string, string>, key: string, fallback: number, max: number): number {
  const value = map.get(key) ?? '';
  if (value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw bad(key, value, `expected a whole number from 0 to ${max}`);
  return Number(value);
}

/** The Settings tab read once, with the bridge URL from its Script Property when one is set. */
export function readSettings(services: Pick<Services, 'sheets' | 'properties'>): Settings {
  return parseSettings(services.sheets.read(TABS.settings), {
    bridgeUrl: services.properties.get(BRIDGE_URL_PROPERTY),
  });
}

export function parseSettings(
  values: CellValue[][] | null,
  properties?: { bridgeUrl?: string | null },
): Settings {
  const map = settingsMap(values);
  const get = (key: string): string => map.get(key) ?? '';

  const feeText = get(SETTING_KEYS.portFeePercent) || '0';
  let portFeeBasisPoints: number;
  try {
    portFeeBasisPoints = parsePercentToBasisPoints(feeText);
  } catch {
    throw bad(SETTING_KEYS.portFeePercent, feeText, 'expected a percentage such as 18 or 12.5%');
  }
  if (portFeeBasisPoints > 10_000) throw bad(SETTING_KEYS.portFeePercent, feeText, 'at most 100%');

  const basisText = get(SETTING_KEYS.revenueBasis) || 'ownerEarnings';
  const revenueBasis = REVENUE_BASES.find((b) => b.toLowerCase() === basisText.toLowerCase());
  if (!revenueBasis)
    throw bad(SETTING_KEYS.revenueBasis, basisText, `expected one of ${REVENUE_BASES.join(', ')}`);

  const crewRules: CrewRule[] = [];
  for (const [key, value] of map) {
    if (!key.toLowerCase().startsWith(CREW_RULE_PREFIX) || value === '') continue;
    crewRules.push(
      parseCrewRule(key, key.slice(CREW_RULE_PREFIX.length).trim().toLowerCase(), value),
    );
  }

  const lanes = parseLanes(map);

  const captainEmail = get(SETTING_KEYS.captainEmail);
  if (captainEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(captainEmail)) {
    throw bad(SETTING_KEYS.captainEmail, captainEmail, 'expected an e-mail address');
  }
  const bridgeUrl = (get(SETTING_KEYS.bridgeUrl) || properties?.bridgeUrl || '').trim();
  if (bridgeUrl && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(bridgeUrl)) {
    throw bad(
      SETTING_KEYS.bridgeUrl,
      bridgeUrl,
      'expected a URL such as https://abc.lambda-url.us-west-2.on.aws',
    );
  }
  const guestPageBaseUrl = get(SETTING_KEYS.guestPageBaseUrl);
  if (guestPageBaseUrl && !/^https?:\/\/\S+$/.test(guestPageBaseUrl)) {
    throw bad(
      SETTING_KEYS.guestPageBaseUrl,
      guestPageBaseUrl,
      'expected a URL such as https://charter.example.com',
    );
  }
  const timeZone = get(SETTING_KEYS.timeZone) || DEFAULT_TIME_ZONE;
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$|^UTC$/.test(timeZone)) {
    throw bad(
      SETTING_KEYS.timeZone,
      timeZone,
      'expected an IANA time zone such as America/Los_Angeles',
    );
  }

  return {
    finance: {
      portFeeBasisPoints,
      revenueBasis: revenueBasis as RevenueBasis,
      crewRules,
      crewMinutesPerDay: crewMinutesPerDay(map),
    },
    lanes,
    captainEmail,
    captainName: get(SETTING_KEYS.captainName),
    bridgeUrl: bridgeUrl.replace(/\/+$/, ''),
    guestPageBaseUrl: guestPageBaseUrl.replace(/\/+$/, ''),
    timeZone,
    turnaroundMinutes: wholeMinutes(
      map,
      SETTING_KEYS.turnaroundMinutes,
      DEFAULT_TURNAROUND_MINUTES,
      24 * 60,
    ),
    timeBudgetMs: positiveInt(map, SETTING_KEYS.timeBudgetSeconds, 270, 330) * 1000,
    batchSize: positiveInt(map, SETTING_KEYS.batchSize, 50, 200),
    since: parseSince(get(SETTING_KEYS.since)),
    forwarders: parseForwarders(get(SETTING_KEYS.forwarders)),
    providers: {
      calendar: oneOf(SETTING_KEYS.calendarProvider, get, CALENDAR_PROVIDERS),
      crew: oneOf(SETTING_KEYS.crewProvider, get, CREW_PROVIDERS),
    },
    googleCalendar: {
      calendarId: get(SETTING_KEYS.googleCalendarId),
      inviteCrew: yesNo(SETTING_KEYS.googleCalendarInviteCrew, get),
    },
    crewAnswers: {
      noAnswerHours: positiveInt(map, SETTING_KEYS.noAnswerHours, DEFAULT_NO_ANSWER_HOURS, 720),
      keepReadingDays: wholeNumber(map, SETTING_KEYS.keepReadingDays, 0, 3650),
    },
  };
}

/** A choice among `options` (case-insensitive); empty means the first, the default. */
function oneOf<T extends string>(
  key: string,
  get: (key: string) => string,
  options: readonly [T, ...T[]],
): T {
  const value = get(key);
  if (!value) return options[0];
  const found = options.find((o) => o === value.toLowerCase());
  if (!found) throw bad(key, value, `expected one of ${options.join(', ')}`);
  return found;
}

function yesNo(key: string, get: (key: string) => string): boolean {
  const value = get(key);
  if (/^(|no|n|false|0)$/i.test(value)) return false;
  if (/^(yes|y|true|1)$/i.test(value)) return true;
  throw bad(key, value, 'expected yes or no');
}

/** Missing row: the documented default (12 h); an empty value: no cap; else 1-24 hours. */
function crewMinutesPerDay(map: Map<string, string>): number | null {
  const key = SETTING_KEYS.crewHoursPerDay;
  if (!map.has(key)) return DEFAULT_CREW_MINUTES_PER_DAY;
  const value = map.get(key) ?? '';
  if (value === '') return null;
  const m = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(value);
  const minutes = m ? Number(m[1]) * 60 + Math.round(Number(`0.${m[2] ?? '0'}`) * 60) : NaN;
  if (!(minutes >= 60 && minutes <= 24 * 60))
    throw bad(key, value, 'expected hours from 1 to 24, such as 12 or 10.5, or empty for no cap');
  return minutes;
}

function wholeMinutes(
  map: Map<string, string>,
  key: string,
  fallback: number,
  max: number,
): number {
  const value = map.get(key) ?? '';
  if (value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw bad(key, value, `expected a whole number of minutes from 0 to ${max}`);
  return Number(value);
}

function parseForwarders(value: string): string[] {
  const list = value
    .split(/[,;\s]+/)
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  const wrong = list.find((a) => !/^[^\s@()"]+@[^\s@()"]+\.[^\s@()"]+$/.test(a));
  if (wrong) throw bad(SETTING_KEYS.forwarders, value, `"${wrong}" is not an e-mail address`);
  return list;
}

function parseSince(value: string): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m)
    throw bad(
      SETTING_KEYS.since,
      value,
      'expected a date such as 2025-07-01, or empty for no limit',
    );
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** The Settings row "Set up sheet" adds with the day it ran, so old mail is never published. */
export function sinceRow(today: string): [string, string, string] {
  return [
    SETTING_KEYS.since,
    today,
    'Only Boatsetter e-mails received from this date on are processed (empty = all of them)',
  ];
}

function truthy(value: CellValue | undefined): boolean {
  if (typeof value === 'boolean') return value;
  return /^(true|yes|y|1|x|active)$/i.test(cellText(value));
}

/** The Crew tab. Rows without a name, role or e-mail are skipped (they cannot be invited). */
export function parseCrew(values: CellValue[][] | null): CrewMemberRow[] {
  const table = new Table('Crew', values, CREW_HEADERS);
  const members: CrewMemberRow[] = [];
  for (const i of table.indexes()) {
    const name = table.text(i, 'Name');
    const role = table.text(i, 'Role').toLowerCase();
    const email = table.text(i, 'E-mail');
    if (!name || !role || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) continue;
    const rateCell = table.get(i, 'Hourly rate');
    let hourlyRateCents: number | null = null;
    if (cellText(rateCell)) {
      try {
        hourlyRateCents = centsFromCell(rateCell);
      } catch {
        hourlyRateCents = null;
      }
    }
    members.push({ name, role, email, hourlyRateCents, active: truthy(table.get(i, 'Active')) });
  }
  return members;
}

/**
 * Who is invited: for each role of the crew plan, the first `count` ACTIVE members of that role
 * in Crew-tab order. Pay always comes from the plan (the Settings rule); the Crew tab's hourly
 * rate is for the captain's reference only, so one booking never mixes two rates for one role.
 */
export function pickCrew(
  plan: ReadonlyArray<{ role: string; count: number }>,
  crew: readonly CrewMemberRow[],
): { members: Array<{ name: string; role: string; email: string }>; shortfalls: string[] } {
  const members: Array<{ name: string; role: string; email: string }> = [];
  const shortfalls: string[] = [];
  for (const req of plan) {
    const role = req.role.toLowerCase();
    const available = crew.filter((m) => m.active && m.role === role).slice(0, req.count);
    for (const m of available) members.push({ name: m.name, role: m.role, email: m.email });
    if (available.length < req.count) {
      shortfalls.push(`${req.count} ${role} needed, ${available.length} active in the Crew tab`);
    }
  }
  return { members, shortfalls };
}
