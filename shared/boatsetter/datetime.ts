/**
 * Dates, clock times, zones and durations as they appear in notification text. Every scanner is a
 * single bounded regular expression without nested quantifiers (no catastrophic backtracking).
 */
import {
  abbreviationInfo,
  MONTH_ABBREVIATIONS,
  localPartsAt,
  resolveTimeZone,
  type UsTimeZone,
  weekdayOf,
} from '../time';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const WEEKDAYS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};
const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

const MONTH_RE =
  'january|february|march|april|june|july|august|september|sept|october|november|december|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const WEEKDAY_RE =
  'monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs|thur|mon|tue|wed|thu|fri|sat|sun';

const MONTH_FIRST = new RegExp(
  `\\b(?:(${WEEKDAY_RE})\\.?,?\\s+)?(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`,
  'i',
);
const DAY_FIRST = new RegExp(
  `\\b(?:(${WEEKDAY_RE})\\.?,?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_RE})\\.?,?(?:\\s+(\\d{4})\\b)?`,
  'i',
);
const ISO_DATE = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/;
const US_NUMERIC = /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/;
const WEEKDAY_ANY = new RegExp(`\\b(${WEEKDAY_RE})\\b`, 'i');

export type DateReading =
  { ok: true; date: CalendarDate; yearInferred: boolean } | { ok: false; error: string };

function validDate(y: number, m: number, d: number): boolean {
  return (
    y >= 1970 &&
    y <= 2200 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
  );
}

/**
 * Finds a calendar date in text: "Thursday, May 30, 2024", "Sat, Aug 23, 2025", "30 May 2024",
 * "2024-05-30", "05/30/2024" (US order). A missing year is inferred from `referenceMs` (when the
 * mail arrived): the first matching date no more than 60 days before it, preferring the year whose
 * weekday matches. A weekday that contradicts the date is an error.
 * Returns null when no date is present at all.
 */
export function readDate(
  text: string,
  referenceMs: number | null,
  zone: UsTimeZone,
): DateReading | null {
  let y: number | null = null;
  let m = 0;
  let d = 0;
  let weekday: number | null = null;
  let weekdayWord = '';
  const iso = ISO_DATE.exec(text);
  const mf = iso ? null : MONTH_FIRST.exec(text);
  const df = iso || mf ? null : DAY_FIRST.exec(text);
  const us = iso || mf || df ? null : US_NUMERIC.exec(text);
  if (iso) {
    y = Number(iso[1]);
    m = Number(iso[2]);
    d = Number(iso[3]);
  } else if (mf) {
    weekdayWord = mf[1] ?? '';
    m = MONTHS[(mf[2] as string).toLowerCase()] ?? 0;
    d = Number(mf[3]);
    y = mf[4] ? Number(mf[4]) : null;
  } else if (df) {
    weekdayWord = df[1] ?? '';
    d = Number(df[2]);
    m = MONTHS[(df[3] as string).toLowerCase()] ?? 0;
    y = df[4] ? Number(df[4]) : null;
  } else if (us) {
    m = Number(us[1]);
    d = Number(us[2]);
    y = Number(us[3]);
    if (y < 100) y += 2000;
  } else return null;
  if (!weekdayWord) {
    const w = WEEKDAY_ANY.exec(text);
    if (w) weekdayWord = w[1] as string;
  }
  if (weekdayWord) weekday = WEEKDAYS[weekdayWord.toLowerCase()] ?? null;

  if (y === null) {
    if (referenceMs === null) return { ok: false, error: `trip date "${text.trim()}" has no year` };
    const ref = localPartsAt(zone, referenceMs);
    const refDay = Date.UTC(ref.year, ref.month - 1, ref.day);
    const candidates = [ref.year - 1, ref.year, ref.year + 1, ref.year + 2].filter(
      (yy) => validDate(yy, m, d) && Date.UTC(yy, m - 1, d) >= refDay - 60 * 86_400_000,
    );
    const byWeekday =
      weekday === null ? [] : candidates.filter((yy) => weekdayOf(yy, m, d) === weekday);
    const chosen = byWeekday[0] ?? candidates[0];
    if (chosen === undefined)
      return { ok: false, error: `trip date "${text.trim()}" is not a real date` };
    if (weekday !== null && byWeekday.length === 0) {
      return {
        ok: false,
        error: `trip date "${text.trim()}" has no year and its weekday fits no nearby year`,
      };
    }
    return { ok: true, date: { year: chosen, month: m, day: d }, yearInferred: true };
  }
  if (!validDate(y, m, d))
    return { ok: false, error: `trip date "${text.trim()}" is not a real date` };
  if (weekday !== null && weekdayOf(y, m, d) !== weekday) {
    return {
      ok: false,
      error: `trip date "${text.trim()}" says ${WEEKDAY_NAMES[weekday]} but ${MONTH_ABBREVIATIONS[m - 1]} ${d}, ${y} is a ${WEEKDAY_NAMES[weekdayOf(y, m, d)]}`,
    };
  }
  return { ok: true, date: { year: y, month: m, day: d }, yearInferred: false };
}

export interface ClockTime {
  hour: number;
  minute: number;
  /** Whether am/pm (or a 24-hour value) fixed the half of the day. */
  meridiem: 'am' | 'pm' | '24h' | null;
  index: number;
  end: number;
}

// "9:00 AM", "9am", "9 a.m.", "21:00", "noon"; a bare number is not a time.
const TIME_RE =
  /(?<![\d:$.,])(\d{1,2})(?::(\d{2}))?(?!\d)(?:\s?(a\.?\s?m\.?|p\.?\s?m\.?|am|pm)(?![a-z]))?|\b(noon|midnight)\b/gi;

export function findTimes(text: string): ClockTime[] {
  const out: ClockTime[] = [];
  TIME_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = TIME_RE.exec(text)) !== null && guard < 50) {
    guard += 1;
    if (m[0].length === 0) {
      TIME_RE.lastIndex += 1;
      continue;
    }
    if (m[4]) {
      const noon = m[4].toLowerCase() === 'noon';
      out.push({
        hour: noon ? 12 : 0,
        minute: 0,
        meridiem: '24h',
        index: m.index,
        end: m.index + m[0].length,
      });
      continue;
    }
    const hour = Number(m[1]);
    const minute = m[2] === undefined ? 0 : Number(m[2]);
    const mer = m[3] ? (m[3].toLowerCase().startsWith('a') ? 'am' : 'pm') : null;
    if (m[2] === undefined && !mer) continue; // "12 guests", "2025"
    if (minute > 59) continue;
    if (mer) {
      if (hour < 1 || hour > 12) continue;
      out.push({
        hour: (hour % 12) + (mer === 'pm' ? 12 : 0),
        minute,
        meridiem: mer,
        index: m.index,
        end: m.index + m[0].length,
      });
    } else {
      if (hour > 23) continue;
      // "09:00" / "21:00" are 24-hour; "9:00" without am/pm is ambiguous only for 1-12
      out.push({
        hour,
        minute,
        meridiem: hour >= 13 || hour === 0 || m[1]!.length === 2 ? '24h' : null,
        index: m.index,
        end: m.index + m[0].length,
      });
    }
  }
  return out;
}

const RANGE_SEPARATOR = /^\s*(?:-|–|—|to|until|till|thru|through)\s*$/i;

export interface TimeRange {
  start: ClockTime;
  end: ClockTime | null;
}

/**
 * The first clock time in text, and the end of a range if one follows ("10:30am – 6:30pm").
 * A start without am/pm takes the end's half of the day unless that would put it after the end.
 */
export function readTimeRange(text: string): TimeRange | null {
  const times = findTimes(text);
  const first = times[0];
  if (!first) return null;
  const second = times[1];
  if (second && RANGE_SEPARATOR.test(text.slice(first.end, second.index))) {
    let start = first;
    if (first.meridiem === null && (second.meridiem === 'am' || second.meridiem === 'pm')) {
      const asPm = { ...first, hour: (first.hour % 12) + 12, meridiem: 'pm' as const };
      const asAm = { ...first, hour: first.hour % 12, meridiem: 'am' as const };
      const endMin = second.hour * 60 + second.minute;
      start = second.meridiem === 'pm' && asPm.hour * 60 + asPm.minute < endMin ? asPm : asAm;
    }
    return { start, end: second };
  }
  return { start: first, end: null };
}

/** "ends 12:00 PM PDT", "until 1 pm", "end time 13:00": an end time mentioned after a keyword. */
export function readEndTime(text: string): ClockTime | null {
  const m = /\b(?:ends?|ending|until|till|return(?:s|ing)?(?: at)?|back at|end time)\b:?/i.exec(
    text,
  );
  if (!m) return null;
  return findTimes(text.slice(m.index + m[0].length))[0] ?? null;
}

export type ZoneMention =
  | { kind: 'abbreviation'; abbreviation: string }
  | { kind: 'zone'; zone: UsTimeZone; text: string }
  | { kind: 'unsupported'; text: string };

const ABBR_RE = /\b(AKST|AKDT|HAST|PST|PDT|MST|MDT|CST|CDT|EST|EDT|HST|AKT|PT|MT|CT|ET|HT)\b/;
const REGION_RE =
  /\b(Pacific|Mountain|Central|Eastern|Alaska|Hawaii|Hawaiian|Arizona)(?:\s+(Standard|Daylight))?\s+Time\b/i;
const IANA_RE = /\b((?:America|Pacific|US)\/[A-Za-z_]{2,30})\b/;
const UNSUPPORTED_RE = /\b(UTC|GMT|BST|CET|CEST|AEST|AEDT|IST)\b|\b\d{1,2}:\d{2}\s?Z\b/;

const REGION_ABBR: Record<string, [string, string]> = {
  pacific: ['PST', 'PDT'],
  mountain: ['MST', 'MDT'],
  central: ['CST', 'CDT'],
  eastern: ['EST', 'EDT'],
  alaska: ['AKST', 'AKDT'],
  hawaii: ['HST', 'HST'],
  hawaiian: ['HST', 'HST'],
  arizona: ['MST', 'MST'],
};

/** The time zone a time text names, if any: "PDT", "(PT)", "Eastern Time", "America/Chicago". */
export function findZoneMention(text: string): ZoneMention | null {
  const abbr = ABBR_RE.exec(text);
  if (abbr && abbreviationInfo(abbr[1] as string))
    return { kind: 'abbreviation', abbreviation: abbr[1] as string };
  const region = REGION_RE.exec(text);
  if (region) {
    const key = (region[1] as string).toLowerCase();
    const kind = region[2]?.toLowerCase();
    if (kind && REGION_ABBR[key]) {
      const [std, dst] = REGION_ABBR[key] as [string, string];
      return { kind: 'abbreviation', abbreviation: kind === 'daylight' ? dst : std };
    }
    const zone = resolveTimeZone(key);
    if (zone) return { kind: 'zone', zone, text: region[0] };
  }
  const iana = IANA_RE.exec(text);
  if (iana) {
    const zone = resolveTimeZone(iana[1] as string);
    return zone
      ? { kind: 'zone', zone, text: iana[1] as string }
      : { kind: 'unsupported', text: iana[1] as string };
  }
  const unsupported = UNSUPPORTED_RE.exec(text);
  if (unsupported) return { kind: 'unsupported', text: unsupported[0] };
  return null;
}

const HOURS_RE =
  /(?<![\d.])(?:(\d{1,3}(?:\.\d{1,2})?)\s?(½)?|(½))\s*(?:hours?|hrs?\.?|h)(?![a-z])/i;
const TRAILING_MINUTES_RE = /^\s*(?:and\s+)?(\d{1,2})\s*(?:minutes?|mins?\.?|m)(?![a-z])/i;
const MINUTES_RE = /(?<![\d.])(\d{1,4})\s*(?:minutes?|mins?\.?)(?![a-z])/i;

/** "3 hours", "4.5 hours", "2 hrs 30 min", "2h30m", "4½ hours", "90 minutes" -> minutes. */
export function readDurationMinutes(text: string): number | null {
  const h = HOURS_RE.exec(text);
  if (h) {
    let hours = h[1] !== undefined ? Number(h[1]) : 0;
    if (h[2] || h[3]) hours += 0.5;
    let minutes = Math.round(hours * 60);
    const rest = TRAILING_MINUTES_RE.exec(text.slice(h.index + h[0].length));
    if (rest) minutes += Number(rest[1]);
    return minutes;
  }
  const m = MINUTES_RE.exec(text);
  if (m) return Number(m[1]);
  return null;
}

export function formatDate(date: CalendarDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
