/**
 * Dates as the captain reads them on the board. Cards carry the charter's own local time
 * ("2026-11-28T09:00:00-08:00"), so day and hour are read from the text, never through the
 * browser's time zone; "today" comes from the server (the script's time zone).
 */
import { MONTH_ABBREVIATIONS } from '../../../shared/time';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function ymd(text: string): Ymd | null {
  const m = LOCAL_DATE.exec(text);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

function dayNumber({ y, m, d }: Ymd): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** "9:00 AM" from a local ISO date-time; '' when it has no time. */
export function timeOf(startIso: string): string {
  const m = /T(\d{2}):(\d{2})/.exec(startIso);
  if (!m) return '';
  const h = Number(m[1]);
  return `${((h + 11) % 12) + 1}:${m[2]} ${h < 12 ? 'AM' : 'PM'}`;
}

/** "Sat, Nov 28", with the year when it is not `today`'s year: "Sat, Jan 9, 2027". */
export function dayLabel(startIso: string, today: string): string {
  const date = ymd(startIso);
  if (!date) return startIso;
  const weekday = WEEKDAYS[new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay()];
  const year = ymd(today)?.y === date.y ? '' : `, ${date.y}`;
  return `${weekday}, ${MONTH_ABBREVIATIONS[date.m - 1]} ${date.d}${year}`;
}

/** "Sat, Nov 28, 2026, 9:00 AM": the detail panel's full start. */
export function fullStart(startIso: string): string {
  const date = ymd(startIso);
  if (!date) return startIso;
  return `${dayLabel(startIso, '')}, ${timeOf(startIso)}`.replace(/, $/, '');
}

/** "4h", "2.5h", "26h": the charter's length. */
export function lengthLabel(hours: number | null): string {
  if (hours === null) return '';
  return `${Number.isInteger(hours) ? hours : Number(hours.toFixed(2))}h`;
}

/** "Nov 2026" for "2026-11". */
export function monthLabel(key: string): string {
  const [y, m] = key.split('-');
  return `${MONTH_ABBREVIATIONS[Number(m) - 1] ?? m} ${y}`;
}

export type DayMark = 'today' | 'this-week' | null;

/** Today, or later in the same Monday-to-Sunday week as today. */
export function dayMark(startIso: string, today: string): DayMark {
  const date = ymd(startIso);
  const now = ymd(today);
  if (!date || !now) return null;
  const day = dayNumber(date);
  const todayNumber = dayNumber(now);
  if (day === todayNumber) return 'today';
  // Day 0 of the epoch (1970-01-01) was a Thursday: +3 makes Monday the first day of a week.
  const week = (n: number) => Math.floor((n + 3) / 7);
  return day > todayNumber && week(day) === week(todayNumber) ? 'this-week' : null;
}

/** "Nov 21, 2:05 PM" for a history time. */
export function whenLabel(iso: string): string {
  const date = ymd(iso);
  if (!date) return iso;
  const time = timeOf(iso);
  return `${MONTH_ABBREVIATIONS[date.m - 1]} ${date.d}${time ? `, ${time}` : ''}`;
}
