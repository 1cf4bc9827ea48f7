/**
 * The retry schedule (gas/core/retry-schedule.ts): when a booking whose try did not finish is
 * sent again, how many tries it gets, and what the row keeps of it.
 */
import {
  clearSchedule,
  DUE_EARLY_MS,
  isDue,
  MAX_TRIES,
  recordFailedTry,
  RETRY_DELAYS_MINUTES,
  SCHEDULE_SPAN_MINUTES,
  triesOf,
} from '../../../gas/core/retry-schedule';
import { BOOKINGS_HEADERS, TABS } from '../../../gas/sheets/schema';
import { Table } from '../../../gas/sheets/table';
import { FakeClock } from './support/fake-services';

function oneRow(): Table<(typeof BOOKINGS_HEADERS)[number]> {
  const table = new Table(TABS.bookings, [[...BOOKINGS_HEADERS]], BOOKINGS_HEADERS);
  table.append({ 'Booking ID': 'XHQGMDH' });
  return table;
}

describe('Module: retry schedule', () => {
  it("beats Zapier's autoreplay (5 tries over about 10 hours): 7 tries over about 22 hours", () => {
    expect([...RETRY_DELAYS_MINUTES]).toEqual([5, 20, 60, 180, 360, 720]);
    expect(MAX_TRIES).toBe(7);
    expect(SCHEDULE_SPAN_MINUTES / 60).toBeCloseTo(22.4, 1);
  });

  it('counts each failed try in the row and writes when the next one is due, in local time', () => {
    // Prepare
    const table = oneRow();
    const clock = new FakeClock(Date.parse('2026-07-01T16:00:00Z'));

    // Act
    const first = recordFailedTry(table, 0, clock);
    const second = recordFailedTry(table, 0, clock);

    // Assess
    expect(first).toEqual({ gaveUp: false, tries: 1, nextAt: clock.now() + 5 * 60_000 });
    expect(second).toEqual({ gaveUp: false, tries: 2, nextAt: clock.now() + 20 * 60_000 });
    expect(table.get(0, 'Tries')).toBe(2);
    expect(table.text(0, 'Next try')).toBe('2026-07-01T09:20:00-07:00');
  });

  it('gives up after the last try and schedules none', () => {
    const table = oneRow();
    const clock = new FakeClock();
    const results = Array.from({ length: MAX_TRIES }, () => recordFailedTry(table, 0, clock));
    expect(results.map((r) => r.gaveUp)).toEqual([false, false, false, false, false, false, true]);
    expect(table.text(0, 'Next try')).toBe('');
  });

  it('is due from a minute before its time (the trigger is not punctual), or at once when unscheduled', () => {
    const table = oneRow();
    const clock = new FakeClock();
    expect(isDue(table, 0, clock.now())).toBe(true);
    const next = recordFailedTry(table, 0, clock);
    if (next.gaveUp) throw new Error('unexpected');
    expect(isDue(table, 0, next.nextAt - DUE_EARLY_MS - 1)).toBe(false);
    expect(isDue(table, 0, next.nextAt - DUE_EARLY_MS)).toBe(true);
    table.set(0, 'Next try', 'soon, I hope'); // a captain's typing: due, never stuck
    expect(isDue(table, 0, clock.now())).toBe(true);
  });

  it("forgets the tries on a new revision, a finished delivery or the captain's Retry", () => {
    const table = oneRow();
    recordFailedTry(table, 0, new FakeClock());
    clearSchedule(table, 0);
    expect(triesOf(table, 0)).toBe(0);
    expect(table.text(0, 'Next try')).toBe('');
  });
});
