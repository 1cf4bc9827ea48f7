/**
 * When the trip is: its date, start time, zone and length, read from the notification's fields
 * (the current values, or a change's previous ones). Every failure is a reason for review.
 */
import {
  abbreviationAt,
  epochOfIso,
  offsetAtInstant,
  readZonedTime,
  type UsTimeZone,
} from '../time';
import {
  addDays,
  type CalendarDate,
  findZoneMention,
  formatDate,
  readDate,
  readDurationMinutes,
  readEndTime,
  readTimeRange,
  type TimeRange,
} from './datetime';
import type { Field, MailDocument } from './document';
import type { ParseOptions } from './types';
import {
  type EndFields,
  MAX_TRIP_MINUTES,
  readUntilEnd,
  type Start,
  unreadableDuration,
} from './when-end';

export interface When {
  start: string;
  timeZone: UsTimeZone;
  durationMinutes: number;
  abbreviation: string;
  warnings: string[];
}

export type WhenReading = When | { error: string };

const DATE_KEYS = [/^(?:trip |charter |rental |start |departure |reservation )?date$/, /^day$/];
const COMPOSITE_KEYS = [
  /^(?:original |new |updated )?trip(?: date| details| time)?$/,
  /^when$/,
  /^(?:date|day) (?:&|and) time$/,
  /^(?:charter|reservation|schedule|itinerary)$/,
];
const TIME_KEYS = [
  /^(?:start|departure|pick-?up|trip|charter|begin) time$/,
  /^time$/,
  /^(?:start|starts|departs|departure|departs at|time slot|hours)$/,
];
const DURATION_KEYS = [/^(?:duration|length|trip length|charter length|trip duration|hours)$/];
/** Multi-day and overnight trips: a start line and an end line, each with date, time and zone. */
const START_KEYS = [
  /^(?:start|starts|trip start|charter start|departure|departs|check-?in)$/,
  /^(?:start|departure) (?:date )?(?:&|and) time$/,
];
const END_KEYS = [
  /^(?:end|ends|trip end|charter end|return|returns|check-?out)$/,
  /^(?:end|return) (?:date )?(?:&|and) time$/,
];
const END_DATE_KEYS = [/^(?:end|return|trip end|charter end) date$/];
const END_TIME_KEYS = [/^(?:end|return|trip end|charter end) time$/];

/** The time fields of one side of the mail (current or previous values). */
interface WhenFields {
  date: string | null;
  composite: string | null;
  time: string | null;
  duration: string | null;
  /** A start line that carries the date too ("Start: Sat, Nov 2, 2024, 6:00 PM PDT"). */
  start: string | null;
  end: EndFields | null;
}

function whenFields(doc: MailDocument, which: 'value' | 'previous'): WhenFields {
  const val = (f: Field | null): string | null =>
    f ? (which === 'value' ? f.value : (f.previous ?? f.value)) : null;
  const pick = (patterns: RegExp[]): string | null => {
    for (const re of patterns)
      for (const f of doc.fields) if (re.test(f.key) && val(f)) return val(f);
    return null;
  };
  return {
    date: pick(DATE_KEYS),
    composite: pick(COMPOSITE_KEYS),
    time: pick(TIME_KEYS),
    duration: pick(DURATION_KEYS),
    start: pick(START_KEYS),
    end: endFields(pick(END_KEYS), pick(END_DATE_KEYS), pick(END_TIME_KEYS)),
  };
}

function endFields(
  line: string | null,
  date: string | null,
  time: string | null,
): EndFields | null {
  return line || date || time ? { line, date, time } : null;
}

export function readWhen(
  doc: MailDocument,
  which: 'value' | 'previous',
  zone: UsTimeZone,
  referenceMs: number | null,
  opts: ParseOptions,
): WhenReading {
  const fields = whenFields(doc, which);
  const date = readTripDate(fields, referenceMs, zone);
  if ('error' in date) return date;
  const clock = readStartClock(fields);
  if ('error' in clock) return clock;
  const warnings: string[] = [];
  if (clock.range.start.meridiem === null)
    warnings.push(
      `start time "${clock.text}" has no am/pm; read as ${pad(clock.range.start.hour)}:${pad(clock.range.start.minute)}`,
    );
  const started = readStart(fields, clock, date.date, zone, opts, warnings);
  if ('error' in started) return started;
  const minutes = fields.end
    ? readUntilEnd(fields.end, fields.duration, started, zone, opts, warnings)
    : readLength(fields, clock.range, date.date, started, warnings);
  if ('error' in minutes) return minutes;
  return {
    start: started.iso,
    timeZone: started.zone,
    durationMinutes: minutes.minutes,
    abbreviation: abbreviationAt(started.zone, epochOfIso(started.iso)),
    warnings,
  };
}

function readTripDate(
  fields: WhenFields,
  referenceMs: number | null,
  zone: UsTimeZone,
): { date: CalendarDate } | { error: string } {
  for (const text of [fields.date, fields.composite, fields.start]) {
    if (!text) continue;
    const reading = readDate(text, referenceMs, zone);
    if (!reading) continue;
    if (!reading.ok) return { error: reading.error };
    return { date: reading.date };
  }
  const seen = fields.date ?? fields.composite;
  return {
    error: seen
      ? `trip date has no recognizable format: "${seen.slice(0, 80)}"`
      : 'no trip date field',
  };
}

interface StartClock {
  range: TimeRange;
  text: string;
}

/** The start time (and a range's end) from the time field, else the composite or date field. */
function readStartClock(fields: WhenFields): StartClock | { error: string } {
  for (const text of [fields.time, fields.composite, fields.date, fields.start]) {
    if (!text) continue;
    const range = readTimeRange(text);
    if (range) return { range, text };
  }
  return {
    error: fields.time
      ? `start time has no recognizable format: "${fields.time.slice(0, 80)}"`
      : 'no start time field',
  };
}

/** The start instant: zone from the time text, else the composite/duration text, else the default. */
function readStart(
  fields: WhenFields,
  clock: StartClock,
  date: CalendarDate,
  zone: UsTimeZone,
  opts: ParseOptions,
  warnings: string[],
): Start | { error: string } {
  let mention: ReturnType<typeof findZoneMention> = null;
  for (const text of [clock.text, fields.composite, fields.duration]) {
    if (text && (mention = findZoneMention(text))) break;
  }
  if (mention?.kind === 'unsupported')
    return { error: `time zone "${mention.text}" is not a supported US zone` };
  const local = { ...date, hour: clock.range.start.hour, minute: clock.range.start.minute };
  const reading =
    mention?.kind === 'abbreviation'
      ? readZonedTime(local, mention.abbreviation, zone)
      : readZonedTime(local, null, mention?.kind === 'zone' ? mention.zone : zone);
  if (reading.mismatch) {
    if (opts.onZoneMismatch === 'review')
      return { error: `time zone abbreviation contradicts the date: ${reading.mismatch}` };
    warnings.push(reading.mismatch);
  }
  if (reading.status === 'gap')
    warnings.push(
      `local time ${pad(local.hour)}:${pad(local.minute)} does not exist on ${formatDate(date)} (clocks spring forward); read as ${reading.iso}`,
    );
  if (
    reading.status === 'ambiguous' &&
    !(mention?.kind === 'abbreviation' && /DT$|ST$/.test(mention.abbreviation))
  ) {
    warnings.push(
      `local time ${pad(local.hour)}:${pad(local.minute)} happens twice on ${formatDate(date)}; read as the first (${reading.iso})`,
    );
  }
  return { iso: reading.iso, zone: reading.zone, local };
}

/**
 * Elapsed minutes: the Duration field, else the range end, else "ends ..." text. An end written
 * in wall-clock terms across a DST change differs from the stated duration by the DST hour; the
 * duration (elapsed time) wins then, and any other disagreement is a real contradiction.
 */
function readLength(
  fields: WhenFields,
  range: TimeRange,
  date: CalendarDate,
  start: Start,
  warnings: string[],
): { minutes: number } | { error: string } {
  const durationText = fields.duration;
  let duration = durationText ? readDurationMinutes(durationText) : null;
  if (duration === null && fields.composite)
    duration = readDurationMinutes(stripTimes(fields.composite));
  const endClock = range.end ?? (durationText ? readEndTime(durationText) : null);
  let rangeMinutes: number | null = null;
  if (endClock) {
    const sameDay =
      endClock.hour * 60 + endClock.minute > start.local.hour * 60 + start.local.minute;
    const endDate = sameDay ? date : addDays(date, 1);
    const endReading = readZonedTime(
      { ...endDate, hour: endClock.hour, minute: endClock.minute },
      null,
      start.zone,
    );
    rangeMinutes = Math.round((endReading.epochMs - epochOfIso(start.iso)) / 60_000);
  }
  if (duration !== null && rangeMinutes !== null && duration !== rangeMinutes) {
    const endEpoch = epochOfIso(start.iso) + duration * 60_000;
    const dstChange =
      offsetAtInstant(start.zone, epochOfIso(start.iso)) !== offsetAtInstant(start.zone, endEpoch);
    if (!dstChange || Math.abs(duration - rangeMinutes) !== 60) {
      return {
        error: `duration ${durationText ?? ''} disagrees with the time range (${rangeMinutes} minutes)`,
      };
    }
    warnings.push(`end time differs by one hour from the duration (DST change); used the duration`);
  }
  const minutes = duration ?? rangeMinutes;
  if (minutes === null && durationText) {
    const unreadable = unreadableDuration(durationText);
    if (unreadable) return { error: unreadable };
  }
  if (minutes === null) {
    return {
      error: durationText
        ? `duration has no recognizable format: "${durationText.slice(0, 80)}"`
        : 'no duration: neither a Duration field nor an end time',
    };
  }
  return plausible(minutes);
}

function plausible(minutes: number): { minutes: number } | { error: string } {
  if (minutes < 15 || minutes > MAX_TRIP_MINUTES)
    return { error: `duration of ${minutes} minutes is not plausible` };
  return { minutes };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function stripTimes(text: string): string {
  return text.replace(/\d{1,2}:\d{2}/g, ' ');
}
