/**
 * The supported US time zones and their rules: names and aliases, offsets, the DST window
 * and abbreviations in force at an instant (no Intl, no time-zone database).
 * The rules are described in ./index.ts.
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

export interface ZoneRule {
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

export function zoneRule(zone: UsTimeZone): ZoneRule {
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

/** 7 -> "07" */
export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
