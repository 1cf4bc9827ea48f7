/**
 * ShipCaptainCrew's event body: the one definition used by the bridge's SCC adapter (what we
 * send) and by the local SCC stand-in (what it accepts, strictly).
 *
 * The seed post documents the fields SCC reads:
 *   event_name      "May 30 Boatsetter Charter"
 *   start_time      UTC, ISO 8601 with Z ("2024-05-30T16:00:00Z")
 *   duration_hours  number, fractional allowed (3, 2.5)
 *   crew            [{ role, name, rate, hours }]: the member's own hourly rate in dollars and the
 *                   hours the crew rules give them (their pay, which they may see)
 *   notes           crew-safe text
 * Our extras ride beside them: `booking_ref` (how we find the event again), each member's
 * `email` (SCC sends the magic link there), `boat`, `meeting_point`, `checklist_url`,
 * `time_zone` (for showing local times). Nothing here is charter revenue, a fee or a net figure.
 */
import * as z from './schema';

/** UTC with a literal Z, seconds, optional fraction: 2024-05-30T16:00:00Z. */
export const UTC_ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

export const SccCrewEntrySchema = z.strictObject({
  role: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  /** Dollars per hour (the member's own rate). */
  rate: z.number().check(z.minimum(0), z.maximum(10_000)),
  hours: z.number().check(z.minimum(0), z.maximum(24 * 60)),
  email: z.email().check(z.maxLength(254)),
});
export type SccCrewEntry = z.infer<typeof SccCrewEntrySchema>;

export const SccEventBodySchema = z
  .strictObject({
    event_name: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
    start_time: z.string().check(z.regex(UTC_ISO_Z, 'must be UTC ISO 8601 ending in Z')),
    duration_hours: z.number().check(z.positive(), z.maximum(24 * 60)),
    crew: z.array(SccCrewEntrySchema).check(z.maxLength(50)),
    notes: z.string().check(z.maxLength(20_000)),
    booking_ref: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    boat: z.string().check(z.maxLength(200)),
    meeting_point: z.string().check(z.maxLength(1000)),
    checklist_url: z.union([z.url(), z.literal('')]),
    time_zone: z.string().check(z.minLength(1), z.maxLength(100)),
  })
  .check(
    z.refine((e) => new Set(e.crew.map((c) => c.email.toLowerCase())).size === e.crew.length, {
      message: 'each crew member needs a distinct email',
      path: ['crew'],
    }),
  );
export type SccEventBody = z.infer<typeof SccEventBodySchema>;

/** The fields the seed post documents: a body missing any of them is not an SCC event. */
export const SCC_SEED_FIELDS = [
  'event_name',
  'start_time',
  'duration_hours',
  'crew',
  'notes',
] as const;

/** "2024-05-30T16:00:00Z" for an instant in epoch ms (no milliseconds when they are zero). */
export function utcIsoZ(instantMs: number): string {
  return new Date(instantMs).toISOString().replace(/\.000Z$/, 'Z');
}

/** Hours as SCC reads them: minutes / 60, to two decimals at most (150 min -> 2.5). */
export function hoursOf(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}
