/**
 * Properties of the parser over many generated mails: it never throws, every booking it returns
 * is valid, generated notifications round-trip (checked against Node's ICU time zones, not against
 * shared/time), and nothing in a renter's message can become the booking id.
 */
import fc from 'fast-check';
import { parseBoatsetterEmail, type BoatsetterParseResult } from '../../../shared/boatsetter';
import { BOOKING_ID_PATTERN, BookingEventSchema } from '../../../shared/booking';
import { formatUsd } from '../../../shared/money';
import { htmlMail, plainMail, type Fields } from './mail-builder';
import { icuOffset } from '../icu-offset';

const KINDS = ['new', 'changed', 'cancelled', 'ignore', 'needs-review'];

function assertWellFormed(result: BoatsetterParseResult): void {
  expect(KINDS).toContain(result.kind);
  if (result.kind === 'needs-review') {
    expect(result.reason).not.toMatch(/internal parser error/);
    expect(result.reason.length).toBeGreaterThan(0);
  } else if (result.kind === 'ignore') {
    expect(['request', 'marketing', 'other']).toContain(result.reason);
  } else {
    expect(BookingEventSchema.safeParse(result.event).success).toBe(true);
    expect(result.event.kind).toBe(result.kind);
    expect(BOOKING_ID_PATTERN.test(result.event.booking.id)).toBe(true);
  }
}

const MAIL_TOKENS = [
  'Booking ID: ',
  'Booking #',
  'Request ID: ',
  'XHQGMDH',
  '4829173',
  'FAKE-1',
  'Boat: ',
  'Renter: ',
  'Date: ',
  'Start time: ',
  'Time: ',
  'Duration: ',
  'Passengers: ',
  'Sat, Aug 23, 2025',
  'Sunday, March 9, 2025',
  'February 30, 2025',
  '9:00 AM PDT',
  '10:30am – 6:30pm (PDT)',
  '25:99',
  '2:30 AM',
  '12:00 AM – 12:00 AM',
  '3 hours',
  '0 hours',
  '999 hours',
  '4.5 hrs',
  '$1,240.50',
  '($431.25)',
  '-$9,999,999,999.99',
  'has been approved',
  'has canceled',
  'approve or decline',
  'WHAT CHANGED',
  '   Previous     New',
  'Message from Alicia:',
  '"',
  '> ',
  '---------- Forwarded message ---------',
  'From: Boatsetter <no-reply@boatsetter.com>',
  'Subject: Booking approved',
  '&amp;',
  '&#0;',
  '&#xD800;',
  '=C3=A9',
  '=\n',
  'Â\u00a0',
  '\u200b',
  '<table><tr><td>',
  '</td><td>',
  '</tr></table>',
  '<br>',
  '|',
  ':',
  '\n',
  '\n\n',
  ' ',
];

const mailText = fc
  .array(fc.oneof(fc.constantFrom(...MAIL_TOKENS), fc.string({ maxLength: 12 })), { maxLength: 80 })
  .map((parts) => parts.join(''));

describe('Function: parseBoatsetterEmail — properties', () => {
  it('never throws and always returns one well-formed result on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.option(fc.string({ unit: 'binary', maxLength: 2000 })),
        fc.option(fc.string({ unit: 'binary', maxLength: 2000 })),
        (subject, from, plainBody, htmlBody) => {
          assertWellFormed(parseBoatsetterEmail({ subject, from, plainBody, htmlBody }));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws on Boatsetter-sent mail assembled from mail-like fragments', () => {
    fc.assert(
      fc.property(mailText, mailText, fc.boolean(), (subject, body, asHtml) => {
        const result = parseBoatsetterEmail({
          subject,
          from: 'Boatsetter <no-reply@boatsetter.com>',
          plainBody: asHtml ? null : body,
          htmlBody: asHtml ? body : null,
          receivedAt: '2025-07-01T00:00:00Z',
        });
        assertWellFormed(result);
      }),
      { numRuns: 1500 },
    );
  });

  it('never takes the id from a renter message, whatever the message says', () => {
    const message = fc
      .array(
        fc.oneof(
          fc.constantFrom('Booking ID: FAKE9999', 'Booking #FAKE8888', 'Hi!', '', 'Booking: ZZZZ1'),
          fc.string({ maxLength: 20 }),
        ),
        {
          minLength: 1,
          maxLength: 8,
        },
      )
      .map((lines) => `MESSAGE FROM ALICIA\n"${lines.join('\n')}"\n`);
    fc.assert(
      fc.property(
        message,
        fc.constantFrom<'before' | 'after'>('before', 'after'),
        (msgText, where) => {
          const result = parseBoatsetterEmail(plainMail({}, { [where]: msgText }));
          if (result.kind === 'new' || result.kind === 'changed' || result.kind === 'cancelled') {
            expect(result.event.booking.id).toBe('XHQGMDH');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  describe('round trip of generated notifications', () => {
    type Zone = { zone: string; std: number; dst: number | null; abbr: [string, string] };
    const ZONES: Zone[] = [
      { zone: 'America/Los_Angeles', std: -480, dst: -420, abbr: ['PST', 'PDT'] },
      { zone: 'America/Denver', std: -420, dst: -360, abbr: ['MST', 'MDT'] },
      { zone: 'America/Phoenix', std: -420, dst: null, abbr: ['MST', 'MST'] },
      { zone: 'America/Chicago', std: -360, dst: -300, abbr: ['CST', 'CDT'] },
      { zone: 'America/New_York', std: -300, dst: -240, abbr: ['EST', 'EDT'] },
      { zone: 'America/Anchorage', std: -540, dst: -480, abbr: ['AKST', 'AKDT'] },
      { zone: 'Pacific/Honolulu', std: -600, dst: null, abbr: ['HST', 'HST'] },
    ];

    const pad = (n: number): string => String(n).padStart(2, '0');
    function iso(zone: string, epochMs: number): string {
      const off = icuOffset(zone, epochMs);
      const d = new Date(epochMs + off * 60_000);
      const sign = off < 0 ? '-' : '+';
      const abs = Math.abs(off);
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    }

    const nameChar = fc.constantFrom(..."AaBéñÖøZx'<>&-ŁçÆ".split(''));
    const word = fc.string({ unit: nameChar, minLength: 1, maxLength: 8 });
    const guestName = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => `G${w.join(' ')}`);
    const booking = fc.record({
      id: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{3,14}[A-Z0-9]$/),
      zone: fc.constantFrom(...ZONES),
      day: fc.integer({
        min: Date.UTC(2024, 0, 1) / 86_400_000,
        max: Date.UTC(2030, 11, 31) / 86_400_000,
      }),
      hour: fc.integer({ min: 6, max: 20 }),
      minute: fc.constantFrom(0, 15, 30, 45),
      halfHours: fc.integer({ min: 1, max: 24 }),
      guestName,
      partySize: fc.integer({ min: 1, max: 60 }),
      boat: fc
        .array(fc.constantFrom('Queen', 'of', 'Señorita', 'Azul', 'Sea', 'Breeze', 'II'), {
          minLength: 1,
          maxLength: 4,
        })
        .map((w) => w.join(' ')),
      priceCents: fc.integer({ min: 10_000, max: 2_000_000 }),
      feePercent: fc.integer({ min: 5, max: 20 }),
      durationStyle: fc.constantFrom('decimal', 'hrs-min', 'range'),
      html: fc.boolean(),
    });

    it('parses what was written, with the offset ICU gives for that zone and date', () => {
      fc.assert(
        fc.property(booking, (b) => {
          // Prepare
          const date = new Date(b.day * 86_400_000);
          const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
          const wall = Date.UTC(y, m - 1, d, b.hour, b.minute);
          const offset = [b.zone.dst, b.zone.std].find(
            (o) => o !== null && icuOffset(b.zone.zone, wall - o * 60_000) === o,
          ) as number;
          const startMs = wall - offset * 60_000;
          const abbr = offset === b.zone.dst ? b.zone.abbr[1] : b.zone.abbr[0];
          const minutes = b.halfHours * 30;
          const h12 = ((b.hour + 11) % 12) + 1;
          const ampm = b.hour < 12 ? 'AM' : 'PM';
          const startText = `${h12}:${pad(b.minute)} ${ampm} ${abbr}`;
          const endMs = startMs + minutes * 60_000;
          const endOffset = icuOffset(b.zone.zone, endMs);
          const endWall = new Date(endMs + endOffset * 60_000);
          const eh = endWall.getUTCHours();
          const endText = `${((eh + 11) % 12) + 1}:${pad(endWall.getUTCMinutes())} ${eh < 12 ? 'AM' : 'PM'}`;
          const fee = Math.round((b.priceCents * b.feePercent) / 100);
          const fields: Fields = {
            'Booking ID': b.id,
            Renter: b.guestName,
            Boat: `${b.boat} (motor yacht)`,
            Date: date.toLocaleDateString('en-US', {
              weekday: 'long',
              month: 'long',
              day: 'numeric',
              year: 'numeric',
              timeZone: 'UTC',
            }),
            'Start time':
              b.durationStyle === 'range'
                ? `${startText.replace(` ${abbr}`, '')} – ${endText} (${abbr})`
                : startText,
            Duration:
              b.durationStyle === 'range'
                ? null
                : b.durationStyle === 'decimal'
                  ? `${minutes / 60} hours`
                  : `${Math.floor(minutes / 60)} hrs ${minutes % 60} min`,
            Passengers: String(b.partySize),
          };
          const money = {
            'Boat price': formatUsd(b.priceCents),
            'Listing fee (12.5%)': `-${formatUsd(fee)}`,
            'Your earnings': formatUsd(b.priceCents - fee),
          };
          const mail = (b.html ? htmlMail : plainMail)(fields, { money });
          // Act
          const result = parseBoatsetterEmail(mail, { defaultTimeZone: b.zone.zone });
          // Assess
          if (result.kind !== 'new')
            throw new Error(`${JSON.stringify(fields)} -> ${JSON.stringify(result)}`);
          expect(result.event.booking).toMatchObject({
            id: b.id,
            start: iso(b.zone.zone, startMs),
            timeZone: b.zone.zone,
            durationMinutes: minutes,
            guestName: b.guestName,
            partySize: b.partySize,
            boat: b.boat,
            money: {
              boatPriceCents: b.priceCents,
              platformFeeCents: fee,
              ownerEarningsCents: b.priceCents - fee,
            },
          });
          expect(result.details.end).toBe(iso(b.zone.zone, endMs));
          expect(result.details.warnings).toEqual([]);
        }),
        { numRuns: 500 },
      );
    });
  });
});
