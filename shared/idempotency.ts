/**
 * Idempotency keys for creates on the operator's services (calendar, SCC): a POST that carries
 * `Idempotency-Key` acts at most once per key; a repeat, or the first request arriving late,
 * answers the result of the first and creates nothing. Both contracts (shared/calendar-contract.ts,
 * the SCC contract) and both local stand-ins honour it.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * The key of one thing a booking creates in one system. `generation` counts how many times that
 * thing was removed (a cancelled booking that is booked again gets a new entry, hence a new key);
 * every retry, late request and later revision before that reuses the same key.
 */
export function effectKey(bookingId: string, effect: string, generation: number): string {
  return `booking/${bookingId}/${effect}/${generation}`;
}
