import fc from 'fast-check';
import {
  BookingSchema,
  describeIssues,
  formatDuration,
  instantOf,
  type Booking,
} from '../../shared/booking';
import { computeFinance, DEFAULT_FINANCE_SETTINGS } from '../../shared/finance';
import { buildCard, cardTitle, CANCELLED_LANE, NEW_LANE } from '../../shared/kanban';
import { guestPageLocations, isValidSlug, slugForBookingId, SLUG_PATTERN } from '../../shared/slug';
import { escapeHtml } from '../../shared/html';
import { workedExampleBooking } from '../lambda-bridge/helpers';

const booking: Booking = workedExampleBooking();

describe('slug rules', () => {
  it('lower-cases a booking id', () => {
    expect(slugForBookingId('XHQGMDH')).toBe('xhqgmdh');
    expect(guestPageLocations('xhqgmdh')).toEqual({
      key: 'xhqgmdh.html',
      objectPath: '/xhqgmdh.html',
      publicPath: '/g/xhqgmdh',
    });
  });

  it.each(['', 'a b', 'ab.html', '../x', 'x'.repeat(65), 'ÄBC', 'a_b'])('rejects %j', (id) => {
    expect(() => slugForBookingId(id)).toThrow(/slug/);
  });

  it('only ever yields slugs the edge accepts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (id) => {
        let slug: string | null = null;
        try {
          slug = slugForBookingId(id);
        } catch {
          return;
        }
        expect(SLUG_PATTERN.test(slug)).toBe(true);
        expect(isValidSlug(slug)).toBe(true);
      }),
    );
  });
});

describe('booking schema', () => {
  it('accepts the worked example', () => {
    expect(BookingSchema.parse(booking)).toEqual(booking);
  });

  it('knows the instant: 9:00 PDT is 16:00Z, not 09:00Z', () => {
    expect(new Date(instantOf(booking.start)).toISOString()).toBe('2024-05-30T16:00:00.000Z');
  });

  it('names each bad field', () => {
    const result = BookingSchema.safeParse({
      ...booking,
      id: 'no spaces allowed',
      start: '2024-05-30T09:00:00Z',
      money: { ...booking.money, ownerEarningsCents: 1.5 },
    });
    expect(result.success).toBe(false);
    if (!result.success) {
      const message = describeIssues(result.error);
      expect(message).toMatch(/^id: booking id/);
      expect(message).toContain('start: start must be a local ISO date-time with its UTC offset');
      expect(message).toContain('money.ownerEarningsCents: must be whole cents');
    }
  });

  it('rejects impossible dates', () => {
    expect(
      BookingSchema.safeParse({ ...booking, start: '2024-02-30T09:00:00-08:00' }).success,
    ).toBe(false);
  });

  it('shows durations compactly', () => {
    expect([
      formatDuration(180),
      formatDuration(270),
      formatDuration(135),
      formatDuration(45),
    ]).toEqual(['3h', '4.5h', '2h15m', '45m']);
  });
});

describe('kanban card model', () => {
  const finance = computeFinance(booking, DEFAULT_FINANCE_SETTINGS);

  it('titles a card with source, local date and length', () => {
    expect(cardTitle(booking)).toBe('Boatsetter \u2014 May 30 (3h)');
    expect(
      cardTitle({
        ...booking,
        source: 'manual',
        start: '2025-01-01T23:30:00-08:00',
        durationMinutes: 150,
      }),
    ).toBe('Direct \u2014 Jan 1 (2.5h)');
  });

  it('starts new cards in New Bookings, keeps the lane on a change, and moves cancellations', () => {
    const args = {
      booking,
      finance,
      guestPageUrl: 'https://x/g/xhqgmdh',
      now: '2024-05-13T17:05:12Z',
    };
    const first = buildCard({ ...args, previous: null, cancelled: false });
    expect(first).toMatchObject({
      lane: NEW_LANE,
      version: 1,
      grossCents: 84_075,
      netCents: 28_941,
      guestFirstName: 'Alicia',
    });

    const moved = { ...first, lane: 'Ready' };
    expect(buildCard({ ...args, previous: moved, cancelled: false })).toMatchObject({
      lane: 'Ready',
      version: 2,
    });
    expect(buildCard({ ...args, previous: moved, cancelled: true }).lane).toBe(CANCELLED_LANE);
  });
});

describe('html escaping', () => {
  it('makes hostile text inert', () => {
    expect(escapeHtml(`Tyler <script>alert('x')</script> "Brooks" & co`)).toBe(
      'Tyler &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;Brooks&quot; &amp; co',
    );
  });
});
