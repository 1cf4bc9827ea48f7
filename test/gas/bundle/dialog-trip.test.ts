/**
 * The "New booking" dialog for trips of any length: a start and an end (multi-day included)
 * instead of a duration, the whole trip and the capped crew hours in the preview, and a warning
 * before saving a booking that clashes with another of the same boat.
 */
import { bundleSuite } from '../support/bundle-suite';

const suite = bundleSuite();
const { sandbox } = suite;

const TRIP = {
  date: '2026-07-10',
  time: '10:00',
  endDate: '2026-07-12',
  endTime: '16:00',
  durationHours: '',
  timeZone: 'America/Los_Angeles',
  guestName: 'Grace Whitaker',
  partySize: '6',
  boat: 'Sea Breeze',
  pickupLocation: 'Shelter Island',
  ownerEarnings: '6480',
};

interface Result {
  ok: boolean;
  bookingId: string;
  message: string;
  fieldErrors: Record<string, string>;
  lines?: Array<{ label: string; amount: string }>;
  trip?: string;
  clashes?: string[];
}

describe('New booking dialog: trips of any length', () => {
  it('previews a multi-day trip from its start and end with capped crew hours', () => {
    const s = sandbox();
    const preview = s.bundle.call<Result>('dialogPreviewFinance', TRIP);
    expect(preview.ok).toBe(true);
    expect(preview.trip).toBe(
      'Friday, July 10, 2026, 10:00 AM PDT \u2013 Sunday, July 12, 2026, 4:00 PM PDT (54h)',
    );
    expect(preview.lines).toContainEqual({
      label: '2 deckhands × $25.00/h × 36 h (capped at 12 h per trip day)',
      amount: '$1,800.00',
    });
    expect(preview.lines?.at(-1)).toEqual({ label: 'Net', amount: '$1,713.60' });
    expect(preview.clashes).toEqual([]);
  });

  it('refuses an end before the start and a duration that disagrees with the end', () => {
    const s = sandbox();
    const before = s.bundle.call<Result>('dialogSubmitBooking', { ...TRIP, endDate: '2026-07-09' });
    expect(before.fieldErrors.endTime).toBe('the end must be after the start');
    const both = s.bundle.call<Result>('dialogSubmitBooking', { ...TRIP, durationHours: '4' });
    expect(both.fieldErrors.durationHours).toBe('disagrees with the end (54 h); clear one of them');
  });

  it('warns before saving a clashing booking, and saves it when the captain confirms', () => {
    const s = sandbox();
    expect(s.bundle.call<Result>('dialogSubmitBooking', { ...TRIP, bookingId: 'MD-0710' }).ok).toBe(
      true,
    );
    const dayTrip = {
      ...TRIP,
      bookingId: 'DAY-0712',
      guestName: 'Daniel Okafor',
      date: '2026-07-12',
      time: '16:30',
      endDate: '',
      endTime: '19:00',
      ownerEarnings: '612.50',
    };
    const preview = s.bundle.call<Result>('dialogPreviewFinance', dayTrip);
    expect(preview.clashes).toEqual([
      'MD-0710 (Grace Whitaker, Friday, July 10, 2026, 10:00 AM PDT \u2013 Sunday, July 12, 2026, 4:00 PM PDT (54h)) on Sea Breeze',
    ]);
    const warned = s.bundle.call<Result>('dialogSubmitBooking', dayTrip);
    expect(warned.ok).toBe(false);
    expect(warned.clashes).toHaveLength(1);
    expect(s.rows('Bookings').map((r) => r['Booking ID'])).toEqual(['MD-0710']);
    const saved = s.bundle.call<Result>('dialogSubmitBooking', { ...dayTrip, confirmClash: 'yes' });
    expect(saved.ok).toBe(true);
    const clashOf = (id: string) =>
      s.rows('Bookings').find((r) => r['Booking ID'] === id)?.['Clash with'];
    expect([clashOf('MD-0710'), clashOf('DAY-0712')]).toEqual(['DAY-0712', 'MD-0710']);
    expect(
      s.runtime.gmail.sent.filter((m) => m.subject.startsWith('Charter: boat clash')),
    ).toHaveLength(1);
  });
});
