/**
 * US time zones without a time-zone database (no Intl): runs the same on Apps Script V8 and Node.
 *
 * Rules
 * - Supported zones: Pacific (America/Los_Angeles), Mountain (America/Denver), Arizona
 *   (America/Phoenix, MST all year), Central (America/Chicago), Eastern (America/New_York),
 *   Alaska (America/Anchorage), Hawaii (Pacific/Honolulu, HST all year).
 * - DST since 2007: from the 2nd Sunday of March 02:00 local standard time to the 1st Sunday of
 *   November 02:00 local daylight time. Years 1987-2006 use the older rule (1st Sunday of April to
 *   last Sunday of October); earlier years are treated like 1987 (not historically exact).
 * - Nonexistent local times (the skipped hour of a spring-forward day, e.g. 02:30) are read with
 *   the offset in force *before* the change, so 02:30 becomes 03:30 daylight time. Ambiguous local
 *   times (the repeated hour of a fall-back day, e.g. 01:30) take the *earlier* instant (daylight
 *   time) unless the caller states which offset is meant. This is Temporal's and java.time's
 *   "compatible" behaviour.
 * - Durations are elapsed time: end = start instant + minutes, shown in the zone's offset at the
 *   end instant (a 3 h charter from 00:30 on a spring-forward day ends at 04:30 local).
 */

export const US_TIME_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Phoenix',
  'America/Chicago',
  'America/New_York',
  'America/Anchorage',
  'Pacific/Honolulu',
] as const;
export type UsTimeZone = (typeof US_TIME_ZONES)[number];

export const DEFAULT_TIME_ZONE: UsTimeZone = 'America/Los_Angeles';

interface ZoneRule {
  /** Standard-time offset in minutes east of UTC (Pacific: -480). */
  std: number;
  /** Daylight-time offset, or null for zones without DST. */
  dst: number | null;
  stdAbbr: string;
  dstAbbr: string | null;
  /** Region name as people write it ("Pacific"). */
  region: string;
}

const ZONES: Record<UsTimeZone, ZoneRule> = {
  'America/Los_Angeles': {
    std: -480,
    dst: -420,
    stdAbbr: 'PST',
    dstAbbr: 'PDT',
    region: 'Pacific',
  },
  'America/Denver': { std: -420, dst: -360, stdAbbr: 'MST', dstAbbr: 'MDT', region: 'Mountain' },
  'America/Phoenix': { std: -420, dst: null, stdAbbr: 'MST', dstAbbr: null, region: 'Arizona' },
  'America/Chicago': { std: -360, dst: -300, stdAbbr: 'CST', dstAbbr: 'CDT', region: 'Central' },
  'America/New_York': { std: -300, dst: -240, stdAbbr: 'EST', dstAbbr: 'EDT', region: 'Eastern' },
  'America/Anchorage': { std: -540, dst: -480, stdAbbr: 'AKST', dstAbbr: 'AKDT', region: 'Alaska' },
  'Pacific/Honolulu': { std: -600, dst: null, stdAbbr: 'HST', dstAbbr: null, region: 'Hawaii' },
};

const ZONE_ALIASES: Record<string, UsTimeZone> = {
  'us/pacific': 'America/Los_Angeles',
  'us/mountain': 'America/Denver',
  'us/arizona': 'America/Phoenix',
  'us/central': 'America/Chicago',
  'us/eastern': 'America/New_York',
  'us/alaska': 'America/Anchorage',
  'us/hawaii': 'Pacific/Honolulu',
  'america/tijuana': 'America/Los_Angeles',
  'america/boise': 'America/Denver',
  'america/detroit': 'America/New_York',
  'america/juneau': 'America/Anchorage',
  pacific: 'America/Los_Angeles',
  mountain: 'America/Denver',
  arizona: 'America/Phoenix',
  central: 'America/Chicago',
  eastern: 'America/New_York',
  alaska: 'America/Anchorage',
  hawaii: 'Pacific/Honolulu',
  hawaiian: 'Pacific/Honolulu',
};

export interface LocalDateTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

export class TimeError extends Error {
  override readonly name = 'TimeError';
}

export function isUsTimeZone(value: string): value is UsTimeZone {
  return (US_TIME_ZONES as readonly string[]).includes(value);
}

/** "America/New_York", "US/Eastern", "Eastern" -> the supported IANA zone, else null. */
export function resolveTimeZone(name: string): UsTimeZone | null {
  const trimmed = name.trim();
  if (isUsTimeZone(trimmed)) return trimmed;
  for (const zone of US_TIME_ZONES) if (zone.toLowerCase() === trimmed.toLowerCase()) return zone;
  return ZONE_ALIASES[trimmed.toLowerCase()] ?? null;
}

function zoneRule(zone: UsTimeZone): ZoneRule {
  const rule = ZONES[zone];
  if (!rule) throw new TimeError(`unsupported time zone "${String(zone)}"`);
  return rule;
}

/** Day of month of the n-th (1-based) `weekday` (0 = Sunday) of month (0-based); n = -1: last. */
function nthWeekday(year: number, month0: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month0, 1)).getUTCDay();
    return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  }
  const lastDay = new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
  const lastWeekday = new Date(Date.UTC(year, month0, lastDay)).getUTCDay();
  return lastDay - ((lastWeekday - weekday + 7) % 7);
}

/** The UTC instants (epoch ms) at which DST starts and ends in `zone` in `year`; null: no DST. */
export function dstWindow(
  zone: UsTimeZone,
  year: number,
): { startMs: number; endMs: number } | null {
  const rule = zoneRule(zone);
  if (rule.dst === null) return null;
  let startDay: number;
  let startMonth0: number;
  let endDay: number;
  let endMonth0: number;
  if (year >= 2007) {
    startMonth0 = 2;
    startDay = nthWeekday(year, 2, 0, 2);
    endMonth0 = 10;
    endDay = nthWeekday(year, 10, 0, 1);
  } else {
    startMonth0 = 3;
    startDay = nthWeekday(year, 3, 0, 1);
    endMonth0 = 9;
    endDay = nthWeekday(year, 9, 0, -1);
  }
  // 02:00 local standard time / 02:00 local daylight time, expressed in UTC.
  const startMs = Date.UTC(year, startMonth0, startDay, 2) - rule.std * 60_000;
  const endMs = Date.UTC(year, endMonth0, endDay, 2) - rule.dst * 60_000;
  return { startMs, endMs };
}

/** Offset (minutes east of UTC) in force in `zone` at the instant `epochMs`. */
export function offsetAtInstant(zone: UsTimeZone, epochMs: number): number {
  const rule = zoneRule(zone);
  if (rule.dst === null) return rule.std;
  // The DST window always lies inside one UTC calendar year for US zones.
  const year = new Date(epochMs).getUTCFullYear();
  const window = dstWindow(zone, year);
  if (window && epochMs >= window.startMs && epochMs < window.endMs) return rule.dst;
  return rule.std;
}

/** "PDT" / "PST" etc. in force at an instant. */
export function abbreviationAt(zone: UsTimeZone, epochMs: number): string {
  const rule = zoneRule(zone);
  const offset = offsetAtInstant(zone, epochMs);
  return offset === rule.dst && rule.dstAbbr ? rule.dstAbbr : rule.stdAbbr;
}

/** -420 -> "-07:00" */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function assertLocal(local: LocalDateTime): void {
  const { year, month, day, hour, minute } = local;
  const second = local.second ?? 0;
  const ok =
    Number.isInteger(year) &&
    year >= 1900 &&
    year <= 2999 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= new Date(Date.UTC(year, month, 0)).getUTCDate() &&
    Number.isInteger(hour) &&
    hour >= 0 &&
    hour <= 23 &&
    Number.isInteger(minute) &&
    minute >= 0 &&
    minute <= 59 &&
    Number.isInteger(second) &&
    second >= 0 &&
    second <= 59;
  if (!ok) throw new TimeError(`not a real local date and time: ${JSON.stringify(local)}`);
}

/** The local wall-clock time read as if it were UTC (epoch ms). */
function localAsUtc(local: LocalDateTime): number {
  return Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second ?? 0,
  );
}

export type LocalTimeStatus = 'exact' | 'gap' | 'ambiguous';

export interface ResolvedLocalTime {
  epochMs: number;
  /** Offset applied to the local time as written. */
  offsetMinutes: number;
  /** exact: one reading; gap: the local time does not exist; ambiguous: it happens twice. */
  status: LocalTimeStatus;
  /** Offsets under which the wall time really occurs (0, 1 or 2 of them). */
  validOffsets: number[];
}

/**
 * Resolves a wall-clock time in `zone` to an instant (see the module comment for the gap and
 * overlap rule). `preferredOffset` (from a stated abbreviation such as "PST") picks the reading of
 * an ambiguous time when it is one of the two.
 */
export function resolveLocalTime(
  zone: UsTimeZone,
  local: LocalDateTime,
  preferredOffset?: number | null,
): ResolvedLocalTime {
  assertLocal(local);
  const rule = zoneRule(zone);
  const wall = localAsUtc(local);
  const candidates = rule.dst === null ? [rule.std] : [rule.dst, rule.std];
  const validOffsets = candidates.filter(
    (offset) => offsetAtInstant(zone, wall - offset * 60_000) === offset,
  );
  if (validOffsets.length === 1) {
    const offset = validOffsets[0] as number;
    return {
      epochMs: wall - offset * 60_000,
      offsetMinutes: offset,
      status: 'exact',
      validOffsets,
    };
  }
  if (validOffsets.length === 2) {
    const offset =
      preferredOffset !== undefined &&
      preferredOffset !== null &&
      validOffsets.includes(preferredOffset)
        ? preferredOffset
        : Math.max(...validOffsets); // larger offset east = earlier instant
    return {
      epochMs: wall - offset * 60_000,
      offsetMinutes: offset,
      status: 'ambiguous',
      validOffsets,
    };
  }
  // Gap: only on a spring-forward day; the offset before the change is standard time.
  return {
    epochMs: wall - rule.std * 60_000,
    offsetMinutes: rule.std,
    status: 'gap',
    validOffsets,
  };
}

/** The UTC offset (minutes) that applies to a local date-time in `zone`. */
export function offsetFor(zone: UsTimeZone, local: LocalDateTime): number {
  const resolved = resolveLocalTime(zone, local);
  // For a gap time the *displayed* offset is the one in force at the resulting instant.
  return offsetAtInstant(zone, resolved.epochMs);
}

/** An instant shown as local ISO with the offset in force in `zone`: 2024-05-30T09:00:00-07:00. */
export function formatInstantInZone(zone: UsTimeZone, epochMs: number): string {
  return formatInstantWithOffset(epochMs, offsetAtInstant(zone, epochMs));
}

/** An instant shown as local ISO with a given offset (minutes east of UTC). */
export function formatInstantWithOffset(epochMs: number, offset: number): string {
  const d = new Date(epochMs + offset * 60_000);
  return (
    `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` +
    `T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}${formatOffset(offset)}`
  );
}

/**
 * A wall-clock time in `zone` as local ISO with offset. Nonexistent times are moved forward by the
 * gap (02:30 on a spring-forward day -> 03:30 daylight time); ambiguous times take daylight time
 * unless `preferredOffset` says otherwise.
 */
export function toLocalIsoWithOffset(
  zone: UsTimeZone,
  local: LocalDateTime,
  preferredOffset?: number | null,
): string {
  return formatInstantInZone(zone, resolveLocalTime(zone, local, preferredOffset).epochMs);
}

/** 2024-05-30T09:00:00-07:00 (seconds optional, offset mandatory, no "Z" shortcut). */
export const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?([+-])(\d{2}):(\d{2})$/;

/** English month abbreviations, January first. */
export const MONTH_ABBREVIATIONS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** Epoch ms of "2024-05-30T09:00:00-07:00". */
export function epochOfIso(iso: string): number {
  const m = ISO_WITH_OFFSET.exec(iso);
  if (!m) throw new TimeError(`not a local ISO date-time with offset: "${iso}"`);
  const wall = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
  );
  const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  return wall - offset * 60_000;
}

/** End of a charter: start + elapsed minutes, shown in `zone` (DST-aware). */
export function addMinutesInZone(startIso: string, minutes: number, zone: UsTimeZone): string {
  if (!Number.isFinite(minutes)) throw new TimeError('minutes must be a finite number');
  return formatInstantInZone(zone, epochOfIso(startIso) + Math.round(minutes) * 60_000);
}

/**
 * When a charter ends: the one definition, used by the parser, the sheet and the bridge. Start
 * instant + elapsed minutes, written with the offset in force at the end in the charter's zone
 * (DST-aware: a 12 h trip from 20:00 PDT on the night the clocks go back ends at 07:00 PST). A zone
 * this module does not know keeps the start's own offset.
 */
export function charterEnd(charter: {
  start: string;
  timeZone: string;
  durationMinutes: number;
}): string {
  const zone = resolveTimeZone(charter.timeZone);
  if (zone) return addMinutesInZone(charter.start, charter.durationMinutes, zone);
  const m = ISO_WITH_OFFSET.exec(charter.start);
  if (!m) throw new TimeError(`not a local ISO date-time with offset: "${charter.start}"`);
  const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  return formatInstantWithOffset(
    epochOfIso(charter.start) + Math.round(charter.durationMinutes) * 60_000,
    offset,
  );
}

/** Whole minutes between two local ISO date-times (end - start). */
export function minutesBetween(startIso: string, endIso: string): number {
  return Math.round((epochOfIso(endIso) - epochOfIso(startIso)) / 60_000);
}

export interface AbbreviationInfo {
  /** The zone the abbreviation names (MST: Denver; see zoneForAbbreviation for Arizona). */
  zone: UsTimeZone;
  /** Zones that use this abbreviation. */
  zones: UsTimeZone[];
  /** The offset the abbreviation states, or null for region-only forms such as "PT". */
  offsetMinutes: number | null;
  /** true: daylight time (PDT); false: standard (PST); null: region only (PT). */
  daylight: boolean | null;
}

const ABBREVIATIONS: Record<string, AbbreviationInfo> = {
  PST: {
    zone: 'America/Los_Angeles',
    zones: ['America/Los_Angeles'],
    offsetMinutes: -480,
    daylight: false,
  },
  PDT: {
    zone: 'America/Los_Angeles',
    zones: ['America/Los_Angeles'],
    offsetMinutes: -420,
    daylight: true,
  },
  PT: {
    zone: 'America/Los_Angeles',
    zones: ['America/Los_Angeles'],
    offsetMinutes: null,
    daylight: null,
  },
  MST: {
    zone: 'America/Denver',
    zones: ['America/Denver', 'America/Phoenix'],
    offsetMinutes: -420,
    daylight: false,
  },
  MDT: { zone: 'America/Denver', zones: ['America/Denver'], offsetMinutes: -360, daylight: true },
  MT: {
    zone: 'America/Denver',
    zones: ['America/Denver', 'America/Phoenix'],
    offsetMinutes: null,
    daylight: null,
  },
  CST: {
    zone: 'America/Chicago',
    zones: ['America/Chicago'],
    offsetMinutes: -360,
    daylight: false,
  },
  CDT: { zone: 'America/Chicago', zones: ['America/Chicago'], offsetMinutes: -300, daylight: true },
  CT: { zone: 'America/Chicago', zones: ['America/Chicago'], offsetMinutes: null, daylight: null },
  EST: {
    zone: 'America/New_York',
    zones: ['America/New_York'],
    offsetMinutes: -300,
    daylight: false,
  },
  EDT: {
    zone: 'America/New_York',
    zones: ['America/New_York'],
    offsetMinutes: -240,
    daylight: true,
  },
  ET: {
    zone: 'America/New_York',
    zones: ['America/New_York'],
    offsetMinutes: null,
    daylight: null,
  },
  AKST: {
    zone: 'America/Anchorage',
    zones: ['America/Anchorage'],
    offsetMinutes: -540,
    daylight: false,
  },
  AKDT: {
    zone: 'America/Anchorage',
    zones: ['America/Anchorage'],
    offsetMinutes: -480,
    daylight: true,
  },
  AKT: {
    zone: 'America/Anchorage',
    zones: ['America/Anchorage'],
    offsetMinutes: null,
    daylight: null,
  },
  HST: {
    zone: 'Pacific/Honolulu',
    zones: ['Pacific/Honolulu'],
    offsetMinutes: -600,
    daylight: false,
  },
  HAST: {
    zone: 'Pacific/Honolulu',
    zones: ['Pacific/Honolulu'],
    offsetMinutes: -600,
    daylight: false,
  },
  HT: {
    zone: 'Pacific/Honolulu',
    zones: ['Pacific/Honolulu'],
    offsetMinutes: null,
    daylight: null,
  },
};

/** "PDT" -> zone and stated offset; unknown abbreviations -> null. Case-insensitive. */
export function abbreviationInfo(abbreviation: string): AbbreviationInfo | null {
  return ABBREVIATIONS[abbreviation.trim().toUpperCase()] ?? null;
}

export interface ZoneReading {
  zone: UsTimeZone;
  /** Local ISO with the offset actually in force (wall-clock rule). */
  iso: string;
  epochMs: number;
  status: LocalTimeStatus;
  /**
   * Set when the stated abbreviation does not match the date (e.g. "PST" in July): the wall-clock
   * time is kept and the offset in force on that date is used; this text says what was corrected.
   */
  mismatch: string | null;
}

/**
 * Reads a wall-clock time with an optional zone abbreviation ("9:00 AM PDT").
 *
 * Rule for an abbreviation that contradicts the date ("PST" on a July date in Pacific time): the
 * wall-clock time and the *region* are trusted, the offset is the one in force on that date, and
 * `mismatch` describes the correction (callers may hold such mail for review). People write "PST"
 * all year; the boat leaves at 9:00 on the dock's clock either way.
 * Exceptions that are not mismatches: "MST" on a summer date is Arizona (America/Phoenix), the only
 * US zone on MST in summer; a stated abbreviation chooses between the two readings of an ambiguous
 * fall-back time ("1:30 AM PST" is the second 1:30).
 * `preferredZone` (the configured default) wins when it uses the abbreviation (MST + Phoenix).
 */
export function readZonedTime(
  local: LocalDateTime,
  abbreviation: string | null,
  preferredZone: UsTimeZone = DEFAULT_TIME_ZONE,
): ZoneReading {
  const info = abbreviation ? abbreviationInfo(abbreviation) : null;
  if (!info) {
    const resolved = resolveLocalTime(preferredZone, local);
    return {
      zone: preferredZone,
      iso: formatInstantInZone(preferredZone, resolved.epochMs),
      epochMs: resolved.epochMs,
      status: resolved.status,
      mismatch: null,
    };
  }
  let zone: UsTimeZone = info.zones.includes(preferredZone) ? preferredZone : info.zone;
  if (zone === 'America/Denver' && info.daylight === false) {
    // MST while Denver is on MDT can only be Arizona.
    const denver = resolveLocalTime('America/Denver', local);
    if (denver.status === 'exact' && denver.offsetMinutes !== -420) zone = 'America/Phoenix';
  }
  const resolved = resolveLocalTime(zone, local, info.offsetMinutes);
  let mismatch: string | null = null;
  if (
    info.offsetMinutes !== null &&
    resolved.status !== 'gap' &&
    !resolved.validOffsets.includes(info.offsetMinutes)
  ) {
    const actual = abbreviationAt(zone, resolved.epochMs);
    mismatch =
      `stated ${abbreviation!.toUpperCase()} but ${zoneRule(zone).region} time is on ${actual} ` +
      `on ${local.year}-${pad2(local.month)}-${pad2(local.day)}; used ${actual} (${formatOffset(resolved.offsetMinutes)})`;
  }
  return {
    zone,
    iso: formatInstantInZone(zone, resolved.epochMs),
    epochMs: resolved.epochMs,
    status: resolved.status,
    mismatch,
  };
}

/** Calendar date (in `zone`) of an instant: used to infer a missing year from the mail's date. */
export function localPartsAt(zone: UsTimeZone, epochMs: number): LocalDateTime {
  const d = new Date(epochMs + offsetAtInstant(zone, epochMs) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Day of week (0 = Sunday) of a calendar date. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}
