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

export {
  abbreviationAt,
  DEFAULT_TIME_ZONE,
  dstWindow,
  formatOffset,
  isUsTimeZone,
  offsetAtInstant,
  resolveTimeZone,
  TimeError,
  US_TIME_ZONES,
  type LocalDateTime,
  type UsTimeZone,
} from './zones';
export {
  localPartsAt,
  offsetFor,
  resolveLocalTime,
  weekdayOf,
  type LocalTimeStatus,
  type ResolvedLocalTime,
} from './local-time';
export {
  addMinutesInZone,
  charterEnd,
  epochOfIso,
  formatInstantInZone,
  formatInstantWithOffset,
  ISO_WITH_OFFSET,
  minutesBetween,
  MONTH_ABBREVIATIONS,
  toLocalIsoWithOffset,
} from './iso';
export {
  abbreviationInfo,
  readZonedTime,
  type AbbreviationInfo,
  type ZoneReading,
} from './abbreviations';
