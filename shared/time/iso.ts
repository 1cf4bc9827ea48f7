/** Local ISO date-times with offset (2024-05-30T09:00:00-07:00): reading, writing, charter ends. */
import { resolveLocalTime } from './local-time';
import {
  formatOffset,
  offsetAtInstant,
  pad2,
  resolveTimeZone,
  TimeError,
  type LocalDateTime,
  type UsTimeZone,
} from './zones';

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
