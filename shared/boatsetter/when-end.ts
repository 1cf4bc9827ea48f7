/**
 * The end of a multi-day or overnight trip, read from its own line(s): date, time and zone each.
 * The end's zone abbreviation may differ from the start's when the clocks change in between
 * ("6:00 PM PDT" to "10:00 AM PST"); the length is the real elapsed time between the instants.
 * Durations in days or half/full days without hours are never guessed: they go to review.
 */
import { epochOfIso, readZonedTime, type UsTimeZone } from '../time';
import {
  addDays,
  type CalendarDate,
  findZoneMention,
  formatDate,
  readDate,
  readDurationMinutes,
  readTimeRange,
} from './datetime';
import type { ParseOptions } from './types';

/** The longest booking the schema accepts: seven days. */
export const MAX_TRIP_MINUTES = 7 * 24 * 60;

/** The end of a multi-day or overnight trip, as one line or as separate date and time lines. */
export interface EndFields {
  line: string | null;
  date: string | null;
  time: string | null;
}

export interface Start {
  iso: string;
  zone: UsTimeZone;
  local: { year: number; month: number; day: number; hour: number; minute: number };
}

export function readUntilEnd(
  end: EndFields,
  durationText: string | null,
  start: Start,
  zone: UsTimeZone,
  opts: ParseOptions,
  warnings: string[],
): { minutes: number } | { error: string } {
  const startMs = epochOfIso(start.iso);
  const timeText = [end.time, end.line, end.date].find((t) => t && readTimeRange(t)) ?? null;
  if (!timeText) {
    const seen = end.time ?? end.line ?? end.date ?? '';
    return { error: `end of the trip has no recognizable time: "${seen.slice(0, 80)}"` };
  }
  const clock = readTimeRange(timeText)!.start;
  const date = readEndDate(end, start, startMs, zone, clock);
  if ('error' in date) return date;
  const mention = findZoneMention(timeText) ?? (end.line ? findZoneMention(end.line) : null);
  if (mention?.kind === 'unsupported')
    return { error: `time zone "${mention.text}" is not a supported US zone` };
  const local = { ...date.date, hour: clock.hour, minute: clock.minute };
  const reading =
    mention?.kind === 'abbreviation'
      ? readZonedTime(local, mention.abbreviation, start.zone)
      : readZonedTime(local, null, mention?.kind === 'zone' ? mention.zone : start.zone);
  if (reading.mismatch) {
    if (opts.onZoneMismatch === 'review')
      return { error: `end time zone abbreviation contradicts the date: ${reading.mismatch}` };
    warnings.push(`end: ${reading.mismatch}`);
  }
  if (reading.status === 'gap')
    warnings.push(
      `end time does not exist on ${formatDate(date.date)} (clocks spring forward); read as ${reading.iso}`,
    );
  const minutes = Math.round((reading.epochMs - startMs) / 60_000);
  if (minutes <= 0)
    return { error: `the trip ends (${reading.iso}) before it starts (${start.iso})` };
  const stated = durationText ? readDurationMinutes(durationText) : null;
  if (stated !== null && stated !== minutes) {
    return {
      error: `duration ${durationText ?? ''} disagrees with the start and end lines (${minutes} minutes elapsed)`,
    };
  }
  if (minutes < 15) return { error: `duration of ${minutes} minutes is not plausible` };
  if (minutes > MAX_TRIP_MINUTES)
    return {
      error: `the trip lasts ${(minutes / 60).toFixed(1)} hours; bookings longer than 7 days are entered by hand`,
    };
  return { minutes };
}

/**
 * The end's calendar date: its own date when written (a missing year is the first that falls on
 * or after the start), else the start's day, or the next day when the end clock is not later
 * (an overnight trip written as "End time: 10:00 AM").
 */
function readEndDate(
  end: EndFields,
  start: Start,
  startMs: number,
  zone: UsTimeZone,
  clock: { hour: number; minute: number },
): { date: CalendarDate } | { error: string } {
  for (const text of [end.date, end.line]) {
    if (!text) continue;
    const reading = readDate(text, startMs, zone);
    if (!reading) continue;
    if (!reading.ok) return { error: reading.error.replace(/^trip date/, 'end date') };
    return { date: reading.date };
  }
  const startDay = { year: start.local.year, month: start.local.month, day: start.local.day };
  const later = clock.hour * 60 + clock.minute > start.local.hour * 60 + start.local.minute;
  return { date: later ? startDay : addDays(startDay, 1) };
}

const DAYS =
  /(?<![\d.])(\d{1,2}(?:\.\d{1,2})?|one|two|three|four|five|six|seven)\s*(?:-\s*)?(?:days?|nights?)\b/i;
const PART_DAY = /\b(?:half|full|whole|multi)[\s-]?day\b|\bovernight\b/i;

/**
 * Why a duration that gave no minutes cannot be read without guessing, or null when it is
 * simply unrecognizable. "2 days" says nothing about the hours; "half day" means 4 hours to some
 * operators and 5 to others.
 */
export function unreadableDuration(text: string): string | null {
  const shown = text.trim().slice(0, 80);
  if (DAYS.test(text))
    return `duration "${shown}" is given in days without an end date and time; a multi-day trip needs its start and end lines (enter it by hand)`;
  if (PART_DAY.test(text))
    return `duration "${shown}" does not say how many hours (a half or full day differs between operators); enter it by hand`;
  return null;
}
