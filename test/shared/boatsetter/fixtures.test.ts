/**
 * Every fixture in test/fixtures/boatsetter gives exactly what EXPECTED.json says.
 * The test is driven by EXPECTED.json: adding a fixture there adds a case here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBoatsetterEmail, type BoatsetterParseResult } from '../../../shared/boatsetter';
import { BookingEventSchema } from '../../../shared/booking';
import { addMinutesInZone, isUsTimeZone } from '../../../shared/time';
import { readEml } from './eml';

interface Expected {
  kind: string;
  action: string;
  bookingId: string | null;
  startDateTime?: string;
  endDateTime?: string;
  durationHours?: number;
  guestName?: string;
  partySize?: number | null;
  boat?: string;
  listingFee?: number | null;
  ownerEarnings?: number | null;
  boatPrice?: number | null;
  captainFee?: number | null;
  pickupLocation?: string;
  captain?: { mode: string; name: string | null; status: string | null };
  fuelPolicy?: string;
  renterPhone?: string;
  renterEmail?: string;
  cancelledBy?: string;
  previous?: { date: string; startDateTime: string; durationHours: number; partySize: number };
}

const DIR = join(__dirname, '..', '..', 'fixtures', 'boatsetter');
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'EXPECTED.json'), 'utf8')) as {
  files: Record<string, Expected>;
};

/** EXPECTED's action vocabulary -> the parser's result kinds. */
const ACTION_TO_KIND: Record<string, string> = {
  process: 'new',
  update_existing: 'changed',
  cancel_existing: 'cancelled',
  ignore: 'ignore',
  flag: 'needs-review',
};
/** EXPECTED's kind vocabulary -> the parser's result kinds. */
const EXPECTED_KIND_TO_KIND: Record<string, string> = {
  booking_confirmed: 'new',
  booking_modified: 'changed',
  booking_cancelled: 'cancelled',
  booking_request: 'ignore',
  marketing: 'ignore',
  malformed: 'needs-review',
};
const KIND_TO_IGNORE_REASON: Record<string, string> = {
  booking_request: 'request',
  marketing: 'marketing',
};

const cents = (dollars: number | null | undefined): number | null | undefined =>
  dollars === undefined ? undefined : dollars === null ? null : Math.round(dollars * 100);

describe('Function: parseBoatsetterEmail on the fixtures', () => {
  const entries = Object.entries(EXPECTED.files);

  it('covers every .eml fixture in the folder', () => {
    // Prepare / Act
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.eml'))
      .sort();
    // Assess
    expect(files).toEqual(entries.map(([name]) => name).sort());
  });

  describe.each(entries)('%s', (file, expected) => {
    let result: BoatsetterParseResult;

    beforeAll(async () => {
      result = parseBoatsetterEmail(await readEml(join(DIR, file)));
    });

    it(`maps action "${expected.action}" to kind "${ACTION_TO_KIND[expected.action]}"`, () => {
      expect(result.kind).toBe(ACTION_TO_KIND[expected.action]);
      expect(result.kind).toBe(EXPECTED_KIND_TO_KIND[expected.kind]);
      if (result.kind === 'ignore')
        expect(result.reason).toBe(KIND_TO_IGNORE_REASON[expected.kind]);
    });

    if (!['process', 'update_existing', 'cancel_existing'].includes(expected.action)) return;

    it('extracts the booking exactly as EXPECTED.json says', () => {
      // Prepare
      if (result.kind !== 'new' && result.kind !== 'changed' && result.kind !== 'cancelled') {
        throw new Error(`expected a booking event, got ${JSON.stringify(result)}`);
      }
      const { booking } = result.event;
      // Assess
      expect(BookingEventSchema.safeParse(result.event).success).toBe(true);
      expect(result.event.kind).toBe(result.kind);
      expect(booking.id).toBe(expected.bookingId);
      expect(booking.source).toBe('boatsetter');
      expect(booking.start).toBe(expected.startDateTime);
      expect(isUsTimeZone(booking.timeZone)).toBe(true);
      expect(booking.timeZone).toBe('America/Los_Angeles');
      expect(booking.durationMinutes).toBe((expected.durationHours as number) * 60);
      const end = addMinutesInZone(booking.start, booking.durationMinutes, 'America/Los_Angeles');
      if (expected.endDateTime) expect(end).toBe(expected.endDateTime);
      expect(result.details.end).toBe(end);
      expect(booking.guestName).toBe(expected.guestName);
      if (expected.partySize !== undefined) expect(booking.partySize).toBe(expected.partySize);
      expect(booking.boat).toBe(expected.boat);
      if (expected.pickupLocation !== undefined)
        expect(booking.pickupLocation).toBe(expected.pickupLocation);
      if (expected.ownerEarnings !== undefined) {
        expect(booking.money.ownerEarningsCents).toBe(cents(expected.ownerEarnings));
      }
      if (expected.boatPrice !== undefined)
        expect(booking.money.boatPriceCents).toBe(cents(expected.boatPrice));
      if (expected.listingFee !== undefined) {
        expect(booking.money.platformFeeCents).toBe(cents(expected.listingFee));
        expect(result.details.listingFeeCents).toBe(cents(expected.listingFee));
      }
      expect(booking.crewPlan).toBeNull();
    });

    it('reports the extras (captain, fuel, contact, captain fee, cancellation, previous values)', () => {
      if (result.kind !== 'new' && result.kind !== 'changed' && result.kind !== 'cancelled') {
        throw new Error(`expected a booking event, got ${JSON.stringify(result)}`);
      }
      const { details } = result;
      if (expected.captainFee !== undefined)
        expect(details.captainFeeCents).toBe(cents(expected.captainFee));
      if (expected.captain) {
        expect(details.captain).toEqual(expected.captain);
        expect(result.event.booking.captainName).toBe(expected.captain.name);
      }
      if (expected.fuelPolicy) expect(details.fuelPolicy).toBe(expected.fuelPolicy);
      if (expected.renterPhone) expect(details.renterPhone).toBe(expected.renterPhone);
      if (expected.renterEmail) expect(details.renterEmail).toBe(expected.renterEmail);
      if (expected.cancelledBy) expect(details.cancelledBy).toBe(expected.cancelledBy);
      if (expected.previous) {
        expect(details.previous).toEqual({
          start: expected.previous.startDateTime,
          durationMinutes: expected.previous.durationHours * 60,
          partySize: expected.previous.partySize,
        });
      } else {
        expect(details.previous).toBeNull();
      }
      expect(details.placeholders).toEqual([]);
      expect(details.warnings).toEqual([]);
    });

    it('never adds the captain fee to gross or earnings', () => {
      if (result.kind !== 'new' && result.kind !== 'changed' && result.kind !== 'cancelled') return;
      const { money } = result.event.booking;
      if (
        money.boatPriceCents !== null &&
        money.platformFeeCents !== null &&
        money.ownerEarningsCents !== null
      ) {
        expect(money.boatPriceCents - money.platformFeeCents).toBe(money.ownerEarningsCents);
      }
    });
  });
});
