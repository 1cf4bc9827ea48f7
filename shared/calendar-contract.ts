/**
 * The calendar service contract (the captain's dashboard calendar), defined once: the bridge's
 * adapter (lambda-bridge/src/adapters/calendar.ts) speaks it and the local stand-in
 * (local/standins/calendar.ts) enforces it.
 *
 * Auth: header `X-Dashboard-Token` (compared in constant time; else 401).
 *   POST   /api/calendar/events              body CalendarEventInput -> 201 event
 *                                            (200 and the same event for a repeated Idempotency-Key)
 *   GET    /api/calendar/events?externalId=X -> 200 {events}
 *   GET    /api/calendar/events/{id}         -> 200 event | 404
 *   PUT    /api/calendar/events/{id}         body CalendarEventInput -> 200 event | 404
 *   DELETE /api/calendar/events/{id}         -> 204 | 404
 *
 * Idempotency: a POST that carries `Idempotency-Key` is applied at most once per key; a repeat
 * (a retry, or the original arriving late) answers the first result and creates nothing. Keys are
 * kept at least as long as the bridge may retry a booking (see docs/decisions).
 */
import * as z from './schema';

export const CALENDAR_EVENTS_PATH = '/api/calendar/events';
export const CALENDAR_TOKEN_HEADER = 'X-Dashboard-Token';
export { IDEMPOTENCY_KEY_HEADER } from './idempotency';

/** Whether the runtime's time-zone database knows `value` (standard Intl only). */
export function isIanaTimeZone(value: string): boolean {
  if (!value) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const isoDateTime = z.iso.datetime({ offset: true, local: true });

export const CalendarEventInputSchema = z
  .strictObject({
    externalId: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
    start: isoDateTime,
    end: isoDateTime,
    timeZone: z.string().check(z.refine(isIanaTimeZone, { message: 'must be an IANA time zone' })),
    location: z.string().check(z.maxLength(1000)),
    description: z.string().check(z.maxLength(20_000)),
  })
  .check(
    z.refine((e) => Date.parse(e.end) > Date.parse(e.start), {
      message: 'end must be after start',
      path: ['end'],
    }),
  );
export type CalendarEventInput = z.infer<typeof CalendarEventInputSchema>;

export interface CalendarEvent extends CalendarEventInput {
  id: string;
  createdAt?: string;
  updatedAt?: string;
}
