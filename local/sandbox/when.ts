/**
 * Dates on the sandbox's pages as a person reads them, in the script's time zone (Settings:
 * time zone): "Thu, May 30, 2024 · 9:00 AM – 12:00 PM PDT"; the year only when it is not this
 * year's.
 */
import { parseSettings } from '../../gas/core/settings';
import type { CellValue } from '../../gas/ports';
import { DEFAULT_TIME_ZONE } from '../../shared/time';

/** The script's time zone from the Settings tab (the default when it cannot be read). */
export function scriptTimeZone(settingsTab: unknown[][] | null): string {
  try {
    return parseSettings(settingsTab as CellValue[][] | null).timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/**
 * Epoch ms of an ISO date-time value (a sheet cell, a captured e-mail's time), or null when it is
 * empty or unreadable: the pages show what they can (shared/booking's `instantOf` throws instead).
 */
export function instantOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = Date.parse(String(value));
  return Number.isNaN(ms) ? null : ms;
}

function parts(ms: number, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, ...options }).format(new Date(ms));
}

function yearOf(ms: number, timeZone: string): string {
  return parts(ms, timeZone, { year: 'numeric' });
}

/** "Thu, May 30" plus ", 2024" when that is not the current year. */
export function humanDay(ms: number, timeZone: string, now = Date.now()): string {
  const sameYear = yearOf(ms, timeZone) === yearOf(now, timeZone);
  return parts(ms, timeZone, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

function clock(ms: number, timeZone: string, zoneName: boolean): string {
  return parts(ms, timeZone, {
    hour: 'numeric',
    minute: '2-digit',
    ...(zoneName ? { timeZoneName: 'short' } : {}),
  });
}

/** A trip: "Thu, May 30, 2024 · 9:00 AM – 12:00 PM PDT", or across days "… 9:00 AM – Sat, Jun 1, 5:00 PM PDT". */
export function humanTrip(
  startMs: number,
  endMs: number | null,
  timeZone: string,
  now = Date.now(),
): string {
  const day = humanDay(startMs, timeZone, now);
  if (endMs === null || endMs <= startMs) return `${day} · ${clock(startMs, timeZone, true)}`;
  const sameDay =
    parts(startMs, timeZone, { dateStyle: 'short' }) ===
    parts(endMs, timeZone, { dateStyle: 'short' });
  const end = sameDay
    ? clock(endMs, timeZone, true)
    : `${humanDay(endMs, timeZone, now)}, ${clock(endMs, timeZone, true)}`;
  return `${day} · ${clock(startMs, timeZone, false)} – ${end}`;
}

/** An instant: "Dec 2, 1:34 AM PST" (the year when it is not this year's). */
export function humanInstant(ms: number, timeZone: string, now = Date.now()): string {
  const sameYear = yearOf(ms, timeZone) === yearOf(now, timeZone);
  return parts(ms, timeZone, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}
