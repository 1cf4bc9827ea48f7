/**
 * The booking schema: one definition, validated on both sides (Apps Script before it signs a
 * request, the bridge before it does anything). Times always carry their UTC offset *and* the
 * IANA zone they were expressed in, so "9:00 AM PDT" is never mistaken for 09:00Z.
 */
import * as z from './schema';
import { epochOfIso, ISO_WITH_OFFSET } from './time';

import { BOOKING_ID_PATTERN } from './booking-id';

export { BOOKING_ID_PATTERN };

/** 2024-05-30T09:00:00-07:00 (seconds optional, offset mandatory, no "Z" shortcut). */
export const LOCAL_ISO_WITH_OFFSET = ISO_WITH_OFFSET;

export const BOOKING_SOURCES = ['boatsetter', 'manual'] as const;
export type BookingSource = (typeof BOOKING_SOURCES)[number];

export const EVENT_KINDS = ['new', 'changed', 'cancelled'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const cents = z
  .number()
  .check(
    z.int('must be whole cents'),
    z.minimum(0, 'must not be negative'),
    z.maximum(100_000_000),
  );

export const CrewRequirementSchema = z.object({
  role: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  count: z.number().check(z.int(), z.minimum(0), z.maximum(50)),
  rateCents: cents,
  minutes: z.number().check(z.int(), z.minimum(0), z.maximum(7 * 24 * 60)),
});
export type CrewRequirement = z.infer<typeof CrewRequirementSchema>;

export const MoneySchema = z.object({
  /** Owner's list/package price before the platform's fee. */
  boatPriceCents: z.nullable(cents),
  /** Platform (Boatsetter listing) fee deducted from the owner, as a positive number. */
  platformFeeCents: z.nullable(cents),
  /** "Your earnings": what the owner is paid; the default revenue basis. */
  ownerEarningsCents: z.nullable(cents),
});
export type Money = z.infer<typeof MoneySchema>;

export const BookingSchema = z.object({
  id: z
    .string()
    .check(z.regex(BOOKING_ID_PATTERN, 'booking id must be 4-32 letters, digits or dashes')),
  source: z.enum(BOOKING_SOURCES),
  start: z
    .string()
    .check(
      z.regex(LOCAL_ISO_WITH_OFFSET, 'start must be a local ISO date-time with its UTC offset'),
      z.refine(isRealLocalIso, 'start is not a real calendar date and time'),
    ),
  timeZone: z
    .string()
    .check(z.regex(/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$|^UTC$/, 'timeZone must be an IANA zone')),
  /** Whole minutes; fractional hours such as 2.5 h are 150 minutes. */
  durationMinutes: z
    .number()
    .check(z.int(), z.minimum(15, 'a charter lasts at least 15 minutes'), z.maximum(7 * 24 * 60)),
  guestName: z.string().check(z.trim(), z.minLength(1, 'guest name is required'), z.maxLength(200)),
  partySize: z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(500))),
  boat: z.string().check(z.trim(), z.minLength(1, 'boat is required'), z.maxLength(200)),
  pickupLocation: z.string().check(z.trim(), z.maxLength(500)),
  money: MoneySchema,
  /** null: use the crew rules from Settings. A manual booking may set its own plan. */
  crewPlan: z.nullable(z.array(CrewRequirementSchema).check(z.maxLength(20))),
  captainName: z.nullable(z.string().check(z.trim(), z.maxLength(200))),
  notes: z.string().check(z.maxLength(5000)),
});
export type Booking = z.infer<typeof BookingSchema>;

export const BookingEventSchema = z.object({
  kind: z.enum(EVENT_KINDS),
  booking: BookingSchema,
});
export type BookingEvent = z.infer<typeof BookingEventSchema>;

function isRealLocalIso(value: string): boolean {
  const m = LOCAL_ISO_WITH_OFFSET.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s = '0', , oh, om] = m.map((part) => part ?? '0');
  const date = new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)),
  );
  return (
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d) &&
    date.getUTCHours() === Number(h) &&
    date.getUTCMinutes() === Number(mi) &&
    Number(oh) <= 14 &&
    Number(om) < 60
  );
}

/** Parts of the booking's local start as written (its own zone), no time-zone database needed. */
export function localStartParts(start: string): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
} {
  const m = LOCAL_ISO_WITH_OFFSET.exec(start);
  if (!m) throw new Error(`not a local ISO date-time with offset: ${start}`);
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
  };
}

/** Epoch milliseconds of a local ISO date-time with offset (one implementation, in time.ts). */
export const instantOf = epochOfIso;

/** "3h", "4.5h", "2h15m": how a duration is shown on cards and pages. */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (m === 0) return `${h}h`;
  if (m === 30) return `${h}.5h`;
  return h > 0 ? `${h}h${m}m` : `${m}m`;
}

/** A readable list of what is wrong with a value, each issue naming its field. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
