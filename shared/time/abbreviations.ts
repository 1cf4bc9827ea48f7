/** Zone abbreviations as people write them (PDT, PT, MST in Arizona) and times read with them. */
import { formatInstantInZone } from './iso';
import { resolveLocalTime, type LocalTimeStatus } from './local-time';
import {
  abbreviationAt,
  DEFAULT_TIME_ZONE,
  formatOffset,
  pad2,
  zoneRule,
  type LocalDateTime,
  type UsTimeZone,
} from './zones';

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
