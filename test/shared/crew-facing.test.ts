/**
 * Privacy: nothing crew-facing (SCC event fields and notes, the crew checklist) ever carries a
 * money figure, whatever the booking's notes say. Property-tested over many generated bookings.
 */
import fc from 'fast-check';
import { renderCrewChecklist } from '../../shared/crew-checklist';
import {
  sccEventBody,
  crewSafeNotes,
  endOf,
  mentionsMoney,
  redactMoney,
} from '../../shared/crew-facing';
import { computeFinance } from '../../shared/finance';
import { SccEventBodySchema } from '../../shared/scc-contract';
import { centsToDecimalString, formatUsd } from '../../shared/money';
import type { Booking } from '../../shared/booking';
import { workedExampleBooking, workedExampleRequest } from '../lambda-bridge/helpers';

const SAFE_WORDS = [
  'birthday',
  'celebration',
  'bring',
  'sunscreen',
  'guests',
  'love',
  'whales',
  'sunset',
  'please',
  'vegetarian',
  'snacks',
  'kids',
  'aboard',
  'anniversary',
  'music',
  'quiet',
  'photos',
  'dolphins',
  'early',
  'late',
  'arrival',
  'parking',
  'dock',
  'swim',
  'towels',
  'coolers',
  'allowed',
];

const cents = fc.integer({ min: 100, max: 5_000_000 });

/** One way a person or Boatsetter might write an amount into the notes. */
const moneyPhrase = (c: number) =>
  fc.constantFrom(
    `Guest paid ${formatUsd(c)}.`,
    `your earnings ${centsToDecimalString(c)}`,
    `${Math.round(c / 100)} USD total`,
    `USD ${centsToDecimalString(c)} was charged`,
    `payout: ${formatUsd(c)}`,
    `Gross ${centsToDecimalString(c)}, fee ${Math.round(c / 1000)}, net ${Math.round(c / 300)}`,
    `tip of $${Math.round(c / 100)} expected`,
    `price was ${formatUsd(c).replace('$', '')} dollars`,
    `(${formatUsd(c)})`,
    `Boat price ${formatUsd(c)}\nService fee ${formatUsd(Math.round(c / 10))}`,
    `${(c / 100_000).toFixed(1)}k in revenue`,
    `\u20ac${centsToDecimalString(c)} deposit`,
  );

const safeSentence = fc
  .array(fc.constantFrom(...SAFE_WORDS), { minLength: 1, maxLength: 8 })
  .map((words) => `${words.join(' ')}.`);

const notes = fc
  .array(fc.oneof(safeSentence, cents.chain(moneyPhrase)), { maxLength: 8 })
  .chain((parts) => fc.constantFrom(' ', '\n', '; ').map((sep) => parts.join(sep)));

const bookingArb = fc.record({
  earnings: cents,
  price: cents,
  fee: cents,
  notes,
  duration: fc.integer({ min: 60, max: 600 }),
  party: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
  boatSuffix: fc.constantFrom('', ' ($1,200/day)', ' 45ft', ' - from 900 USD'),
  pickupSuffix: fc.constantFrom('', ' (parking $20)', ', gate fee 15 dollars', ', dock 5'),
});

function moneyFigures(booking: Booking, finance: ReturnType<typeof computeFinance>): string[] {
  const values = [
    booking.money.boatPriceCents,
    booking.money.platformFeeCents,
    booking.money.ownerEarningsCents,
    finance.revenueCents,
    finance.crewCostCents,
    finance.portFeeCents,
    finance.netCents,
    ...finance.crew.map((c) => c.costCents),
  ].filter((v): v is number => v !== null && v !== 0);
  return values.flatMap((v) => [formatUsd(v), centsToDecimalString(Math.abs(v))]);
}

describe('crew-facing privacy (property)', () => {
  it('SCC fields and the checklist never contain money, over many generated bookings', () => {
    fc.assert(
      fc.property(bookingArb, (g) => {
        // Prepare
        const booking = workedExampleBooking({
          money: {
            boatPriceCents: g.price,
            platformFeeCents: g.fee,
            ownerEarningsCents: g.earnings,
          },
          notes: g.notes,
          durationMinutes: g.duration,
          partySize: g.party,
          boat: `Queen of San Diego${g.boatSuffix}`,
          pickupLocation: `Sheraton Marina, Harbor Island${g.pickupSuffix}`,
        });
        const request = workedExampleRequest({ booking });
        const finance = request.finance;

        // Act
        const fields = sccEventBody(request, 'https://charters.example/crew/x-0123.html');
        const checklist = renderCrewChecklist({ booking, crew: request.crew, cancelled: false });

        // Assess: everything but each member's own rate and hours (their pay, which they may see)
        const sccText = JSON.stringify({
          ...fields,
          duration_hours: null,
          crew: fields.crew.map(({ rate: _rate, hours: _hours, ...rest }) => rest),
        });
        const checklistText = checklist.replace(/<style>[\s\S]*?<\/style>/, '');
        for (const output of [sccText, checklistText]) {
          expect(output).not.toMatch(/[$\u20ac\u00a3]/);
          expect(output).not.toMatch(
            /\b(usd|dollars?|earnings|payout|gross|revenue|deposit|tip|price)\b/i,
          );
          expect(output).not.toMatch(/\d[\d,]*\.\d{2}(?!\d)/);
          for (const figure of moneyFigures(booking, finance)) expect(output).not.toContain(figure);
        }
        // Safe sentences survive.
        for (const line of g.notes.split(/\n|(?<=\.)\s|; /))
          if (line && !mentionsMoney(line) && SAFE_WORDS.some((w) => line.includes(w)))
            expect(fields.notes).toContain(line.replace(/;$/, '').trim().split(' ')[0]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('money filter examples', () => {
  it.each([
    ['$1,200 for the day. Bring towels.', 'Bring towels.'],
    ['1200 USD', ''],
    ['Your earnings: 840.75\nBirthday party', 'Birthday party'],
    ['Kids aboard; gross 960.86', 'Kids aboard;'],
    // no figure: nothing for the crew to learn about revenue, so the sentence stays
    ['Renter paid in cash', 'Renter paid in cash'],
    ['Renter paid 840 in cash', ''],
  ])('crewSafeNotes(%j) = %j', (input, expected) => {
    expect(crewSafeNotes(input)).toBe(expected);
  });

  it('redacts amounts in short fields but keeps the words', () => {
    expect(redactMoney('Queen of San Diego ($1,200/day)')).toBe('Queen of San Diego (/day)');
    expect(redactMoney('Dock 5, slip 12')).toBe('Dock 5, slip 12');
    expect(redactMoney('Harbor Island 900 USD')).toBe('Harbor Island');
  });

  it('builds the worked example SCC event by the seed contract: UTC start, hours, crew pay, no revenue', () => {
    const body = sccEventBody(workedExampleRequest(), 'https://charters.example/crew/x.html');
    expect(SccEventBodySchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      event_name: 'May 30 Boatsetter Charter',
      start_time: '2024-05-30T16:00:00Z',
      duration_hours: 3,
      booking_ref: 'XHQGMDH',
      boat: 'Queen of San Diego',
      time_zone: 'America/Los_Angeles',
      checklist_url: 'https://charters.example/crew/x.html',
    });
    expect(body.crew).toEqual([
      { role: 'captain', name: 'Sam Rivera', rate: 50, hours: 3, email: 'sam@crew.example' },
      { role: 'deckhand', name: 'Jo Park', rate: 25, hours: 5, email: 'jo@crew.example' },
      { role: 'deckhand', name: 'Lee Chen', rate: 25, hours: 5, email: 'lee@crew.example' },
    ]);
    expect(body.notes).toContain('Birthday celebration, please bring a cake knife.');
    expect(JSON.stringify(body)).not.toMatch(/840|289|151\.34|960/);
  });
});

describe('local time helpers', () => {
  it('computes the end across midnight', () => {
    const start = '2024-05-30T22:30:00-07:00';
    expect(endOf({ start, timeZone: 'America/Los_Angeles', durationMinutes: 150 })).toBe(
      '2024-05-31T01:00:00-07:00',
    );
  });

  it('computes the end in the offset in force at the end (the night the clocks go back)', () => {
    const start = '2024-11-02T20:00:00-07:00';
    expect(endOf({ start, timeZone: 'America/Los_Angeles', durationMinutes: 12 * 60 })).toBe(
      '2024-11-03T07:00:00-08:00',
    );
  });

  it('keeps the start offset for a zone the time rules do not know', () => {
    const start = '2024-01-01T00:15:00+05:30';
    expect(endOf({ start, timeZone: 'Asia/Kolkata', durationMinutes: 90 })).toBe(
      '2024-01-01T01:45:00+05:30',
    );
  });
});
