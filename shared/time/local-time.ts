/** Wall-clock times in a zone: checked, resolved to instants (gaps and overlaps), and back. */
import { offsetAtInstant, TimeError, zoneRule, type LocalDateTime, type UsTimeZone } from './zones';

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
