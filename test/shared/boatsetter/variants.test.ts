/**
 * Real mail varies more than the fixtures: HTML-only, forwarded, encoding leftovers, other zones,
 * DST change days, fractional and overnight charters, and mail that must go to review.
 */
import { join } from 'node:path';
import { parseBoatsetterEmail, type BoatsetterParseResult } from '../../../shared/boatsetter';
import type { Booking } from '../../../shared/booking';
import { readEml } from './eml';
import { htmlMail, plainMail } from './mail-builder';

const VARIANTS = join(__dirname, '..', '..', 'fixtures', 'boatsetter-variants');

type BookingResult = Extract<BoatsetterParseResult, { event: unknown }>;

function booked(result: BoatsetterParseResult): BookingResult {
  if (result.kind !== 'new' && result.kind !== 'changed' && result.kind !== 'cancelled') {
    throw new Error(`expected a booking event, got ${JSON.stringify(result)}`);
  }
  return result;
}

const SEED_BOOKING: Partial<Booking> = {
  id: 'XHQGMDH',
  start: '2024-05-30T09:00:00-07:00',
  timeZone: 'America/Los_Angeles',
  durationMinutes: 180,
  guestName: 'Alicia Gomez',
  partySize: 6,
  boat: 'Queen of San Diego',
  pickupLocation: 'Sheraton Marina, Harbor Island, San Diego, CA 92101',
  money: { boatPriceCents: 96086, platformFeeCents: 12011, ownerEarningsCents: 84075 },
};

const BOOKING_01: Partial<Booking> = {
  id: '4829173',
  start: '2025-07-12T09:00:00-07:00',
  durationMinutes: 240,
  guestName: "Renée O'Connor",
  partySize: 8,
  boat: 'Señorita Azul',
  pickupLocation: 'Harbor Island, Gate 5 - Dock C, Slip 14, San Diego, CA 92101',
  money: { boatPriceCents: 124050, platformFeeCents: 15506, ownerEarningsCents: 108544 },
  captainName: 'Dana Whitfield',
};

describe('Function: parseBoatsetterEmail on variant .eml files', () => {
  it('reads an HTML-only version of the seed mail (nested tables, entities, quoted-printable)', async () => {
    // Prepare
    const msg = await readEml(join(VARIANTS, '10_html_only_seed.eml'));
    // Act
    const result = booked(parseBoatsetterEmail(msg));
    // Assess
    expect(msg.plainBody).toBeNull();
    expect(result.kind).toBe('new');
    expect(result.event.booking).toMatchObject(SEED_BOOKING);
    expect(result.details.end).toBe('2024-05-30T12:00:00-07:00');
  });

  it('reads a mail forwarded by a person (Gmail "Forwarded message" block, forwarder note above)', async () => {
    const result = booked(
      parseBoatsetterEmail(await readEml(join(VARIANTS, '11_forwarded_gmail.eml'))),
    );
    expect(result.kind).toBe('new');
    expect(result.event.booking).toMatchObject(BOOKING_01);
    expect(result.details.forwardedBy).toBe('mike.ferreira@example-mail.com');
  });

  it('reads a mail forwarded as a quoted reply ("> " prefixes, "On ... wrote:")', async () => {
    const result = booked(
      parseBoatsetterEmail(await readEml(join(VARIANTS, '12_forwarded_quoted.eml'))),
    );
    expect(result.event.booking).toMatchObject(SEED_BOOKING);
    expect(result.details.forwardedBy).toBe('mike@example-charters.com');
  });

  it('decodes quoted-printable leftovers (=20, =C2=A0, =C3=A9, soft line breaks) in a plain body', async () => {
    const msg = await readEml(join(VARIANTS, '13_qp_leftovers.eml'));
    expect(msg.plainBody).toMatch(/Ren=C3=A9e/);
    const result = booked(parseBoatsetterEmail(msg));
    expect(result.event.booking).toMatchObject(BOOKING_01);
  });

  it('removes zero-width characters, BOM and soft hyphens, and repairs mojibake in the id and name lines', async () => {
    const result = booked(
      parseBoatsetterEmail(await readEml(join(VARIANTS, '14_zero_width_id.eml'))),
    );
    expect(result.event.booking.id).toBe('XHQGMDH');
    expect(result.event.booking.guestName).toBe('Alicia Gómez');
  });

  it('never takes the id from the renter message and keeps that message as plain-text notes', async () => {
    const result = booked(
      parseBoatsetterEmail(await readEml(join(VARIANTS, '15_renter_message_fake_id.eml'))),
    );
    expect(result.event.booking.id).toBe('XHQGMDH');
    expect(result.event.booking.notes).toContain('Booking ID: FAKE1234');
    expect(result.event.booking.notes).toMatch(/^Hi Mike!.*\n[\s\S]*cake\? Thanks!$/);
  });

  it('falls back to the HTML part when the plain part is a stub; reads Eastern time and an overnight range', async () => {
    const result = booked(
      parseBoatsetterEmail(
        await readEml(join(VARIANTS, '16_stub_plain_html_eastern_overnight.eml')),
      ),
    );
    expect(result.event.booking).toMatchObject({
      id: 'BS-77120',
      start: '2025-08-01T21:00:00-04:00',
      timeZone: 'America/New_York',
      durationMinutes: 240,
      guestName: 'Tyler &lt;b&gt; Brooks', // "&amp;lt;" decoded exactly once
      partySize: 4,
      boat: 'Midnight Sun',
      captainName: 'Ana Suárez',
      money: { boatPriceCents: 100000, platformFeeCents: 12500, ownerEarningsCents: 87500 },
    });
    expect(result.details.end).toBe('2025-08-02T01:00:00-04:00');
    expect(result.details.boatDescription).toBe("38' Catamaran");
  });
});

describe('Function: parseBoatsetterEmail — times, zones and DST', () => {
  const when = (
    fields: Record<string, string | null>,
    opts: Parameters<typeof parseBoatsetterEmail>[1] = {},
  ): BookingResult => booked(parseBoatsetterEmail(plainMail(fields), opts));

  it('reads a PST winter booking with a fractional duration', () => {
    const r = when({
      Date: 'Sunday, December 14, 2025',
      'Start time': '10:00 AM PST',
      Duration: '2.5 hours',
    });
    expect(r.event.booking.start).toBe('2025-12-14T10:00:00-08:00');
    expect(r.event.booking.durationMinutes).toBe(150);
    expect(r.details.end).toBe('2025-12-14T12:30:00-08:00');
    expect(r.details.timeZoneAbbreviation).toBe('PST');
  });

  it('ends a 3 h charter from 00:30 on the spring-forward day at 04:30 PDT (elapsed time)', () => {
    const r = when({
      Date: 'Sunday, March 9, 2025',
      'Start time': '12:30 AM PST',
      Duration: '3 hours',
    });
    expect(r.event.booking.start).toBe('2025-03-09T00:30:00-08:00');
    expect(r.details.end).toBe('2025-03-09T04:30:00-07:00');
  });

  it('derives 5 h from an overnight range across the spring-forward night (10 PM – 4 AM)', () => {
    const r = when({
      Date: 'Saturday, March 8, 2025',
      'Start time': '10:00 PM – 4:00 AM',
      Duration: null,
    });
    expect(r.event.booking.start).toBe('2025-03-08T22:00:00-08:00');
    expect(r.event.booking.durationMinutes).toBe(300);
    expect(r.details.end).toBe('2025-03-09T04:00:00-07:00');
  });

  it('moves a nonexistent spring-forward start (2:30 AM) to 3:30 PDT and says so', () => {
    const r = when({ Date: 'Sunday, March 9, 2025', 'Start time': '2:30 AM', Duration: '2 hours' });
    expect(r.event.booking.start).toBe('2025-03-09T03:30:00-07:00');
    expect(r.details.warnings.join(' ')).toMatch(/does not exist/);
  });

  it('uses a stated PST to pick the second 1:30 AM on the fall-back day', () => {
    const r = when({
      Date: 'Sunday, November 2, 2025',
      'Start time': '1:30 AM PST',
      Duration: '2 hours',
    });
    expect(r.event.booking.start).toBe('2025-11-02T01:30:00-08:00');
    expect(r.details.end).toBe('2025-11-02T03:30:00-08:00');
    expect(r.details.warnings).toEqual([]);
  });

  it('reads an unqualified ambiguous fall-back time as the first occurrence and warns', () => {
    const r = when({
      Date: 'Sunday, November 2, 2025',
      'Start time': '1:30 AM',
      Duration: '2 hours',
    });
    expect(r.event.booking.start).toBe('2025-11-02T01:30:00-07:00');
    expect(r.details.end).toBe('2025-11-02T02:30:00-08:00');
    expect(r.details.warnings.join(' ')).toMatch(/happens twice/);
  });

  it('derives elapsed minutes from a range across the fall-back night (12 AM – 3 AM is 4 h)', () => {
    const r = when({
      Date: 'Sunday, November 2, 2025',
      'Start time': '12:00 AM – 3:00 AM',
      Duration: null,
    });
    expect(r.event.booking.durationMinutes).toBe(240);
    expect(r.details.end).toBe('2025-11-02T03:00:00-08:00');
  });

  it.each([
    ['9:00 AM EDT', 'America/New_York', '2025-07-12T09:00:00-04:00'],
    ['9:00 AM Eastern Time', 'America/New_York', '2025-07-12T09:00:00-04:00'],
    ['9:00 AM (CT)', 'America/Chicago', '2025-07-12T09:00:00-05:00'],
    ['9:00 AM Central Daylight Time', 'America/Chicago', '2025-07-12T09:00:00-05:00'],
    ['9:00 AM MDT', 'America/Denver', '2025-07-12T09:00:00-06:00'],
    ['9:00 AM MST', 'America/Phoenix', '2025-07-12T09:00:00-07:00'],
    ['9:00 AM Arizona Time', 'America/Phoenix', '2025-07-12T09:00:00-07:00'],
    ['9:00 AM AKDT', 'America/Anchorage', '2025-07-12T09:00:00-08:00'],
    ['9:00 AM HST', 'Pacific/Honolulu', '2025-07-12T09:00:00-10:00'],
    ['9am', 'America/Los_Angeles', '2025-07-12T09:00:00-07:00'],
    ['21:00', 'America/Los_Angeles', '2025-07-12T21:00:00-07:00'],
  ])('reads "%s" on a July date as %s', (time, zone, start) => {
    const r = when({ Date: 'Saturday, July 12, 2025', 'Start time': time, Duration: '3 hours' });
    expect(r.event.booking.timeZone).toBe(zone);
    expect(r.event.booking.start).toBe(start);
  });

  it('uses the configured default zone when the mail names none', () => {
    const r = when(
      { Date: 'Saturday, July 12, 2025', 'Start time': '9:00 AM', Duration: '3 hours' },
      {
        defaultTimeZone: 'America/Chicago',
      },
    );
    expect(r.event.booking).toMatchObject({
      timeZone: 'America/Chicago',
      start: '2025-07-12T09:00:00-05:00',
    });
  });

  it('keeps the wall clock for "PST" in July and warns; holds it for review when configured to', () => {
    const fields = {
      Date: 'Saturday, July 12, 2025',
      'Start time': '9:00 AM PST',
      Duration: '3 hours',
    };
    const r = when(fields);
    expect(r.event.booking.start).toBe('2025-07-12T09:00:00-07:00');
    expect(r.details.warnings.join(' ')).toMatch(/stated PST but Pacific time is on PDT/);
    const strict = parseBoatsetterEmail(plainMail(fields), { onZoneMismatch: 'review' });
    expect(strict).toEqual({
      kind: 'needs-review',
      reason: expect.stringMatching(/contradicts the date/),
    });
  });

  it.each([
    ['3 hours', 180],
    ['4.5 hours', 270],
    ['2 hrs 30 min', 150],
    ['2h30m', 150],
    ['1 hour', 60],
    ['90 minutes', 90],
    ['Half day (4 hours)', 240],
    ['4½ hours', 270],
  ])('reads the duration "%s" as %i minutes', (duration, minutes) => {
    const r = when({
      Date: 'Saturday, July 12, 2025',
      'Start time': '9:00 AM PDT',
      Duration: duration,
    });
    expect(r.event.booking.durationMinutes).toBe(minutes);
  });

  it.each([
    ['10:30 am – 6:30 pm (PDT)', '2025-07-12T10:30:00-07:00', 480],
    ['10:30am—6:30pm PDT', '2025-07-12T10:30:00-07:00', 480],
    ['10:30 - 2:30 pm', '2025-07-12T10:30:00-07:00', 240],
    ['5 pm to 8 pm', '2025-07-12T17:00:00-07:00', 180],
    ['21:00 – 01:30', '2025-07-12T21:00:00-07:00', 270],
  ])('reads the range "%s" from a Time field', (range, start, minutes) => {
    const r = when({
      Date: 'Saturday, July 12, 2025',
      'Start time': null,
      Time: range,
      Duration: null,
    });
    expect(r.event.booking.start).toBe(start);
    expect(r.event.booking.durationMinutes).toBe(minutes);
  });

  it('infers a missing year from when the mail arrived, checking the weekday', () => {
    const msg = plainMail(
      { Date: 'Sat, Aug 23', 'Start time': '10:30 AM PDT', Duration: '8 hours' },
      {
        receivedAt: '2025-07-02T04:15:59.000Z',
      },
    );
    expect(booked(parseBoatsetterEmail(msg)).event.booking.start).toBe('2025-08-23T10:30:00-07:00');
  });
});

describe('Function: parseBoatsetterEmail — what goes to review', () => {
  const review = (result: BoatsetterParseResult): string => {
    if (result.kind !== 'needs-review')
      throw new Error(`expected needs-review, got ${JSON.stringify(result)}`);
    return result.reason;
  };

  it('holds a booking notification without a Booking ID field', () => {
    expect(review(parseBoatsetterEmail(plainMail({ 'Booking ID': null })))).toMatch(
      /no Booking ID field/,
    );
  });

  it('holds a notification without a start time', () => {
    expect(review(parseBoatsetterEmail(plainMail({ 'Start time': null })))).toMatch(
      /no start time field/,
    );
  });

  it('holds a start time in no recognizable format', () => {
    expect(review(parseBoatsetterEmail(plainMail({ 'Start time': 'morning, TBD' })))).toMatch(
      /start time has no recognizable format: "morning, TBD"/,
    );
  });

  it('holds a notification without a date, or with a weekday that contradicts the date', () => {
    expect(review(parseBoatsetterEmail(plainMail({ Date: null })))).toMatch(/no trip date field/);
    expect(review(parseBoatsetterEmail(plainMail({ Date: 'Friday, May 30, 2024' })))).toMatch(
      /says Friday but May 30, 2024 is a Thursday/,
    );
  });

  it('holds an id that does not match the id pattern', () => {
    expect(review(parseBoatsetterEmail(plainMail({ 'Booking ID': 'AB$%' })))).toMatch(
      /not a valid id/,
    );
  });

  it('holds a mail whose duration contradicts its time range', () => {
    expect(
      review(
        parseBoatsetterEmail(
          plainMail({ 'Start time': '9:00 AM – 1:00 PM PDT', Duration: '3 hours' }),
        ),
      ),
    ).toMatch(/disagrees with the time range/);
  });

  it('holds conflicting Booking ID fields (an unquoted renter message above the details)', () => {
    const msg = plainMail({}, { before: 'Alicia wrote:\nHi!\n\nBooking ID: FAKE1234\n' });
    expect(review(parseBoatsetterEmail(msg))).toMatch(
      /conflicting Booking ID fields: FAKE1234, XHQGMDH|conflicting Booking ID fields: XHQGMDH, FAKE1234/,
    );
  });

  it('holds a subject that names another booking than the Booking ID field', () => {
    const msg = plainMail({}, { subject: 'Booking updated (Booking 9999999)' });
    expect(review(parseBoatsetterEmail(msg))).toMatch(/subject names booking 9999999/);
  });

  it('holds bulk-mail headers on a booking notification rather than dropping a booking', () => {
    const msg = plainMail({}, { headers: { 'List-Unsubscribe': '<https://x.example/u>' } });
    expect(review(parseBoatsetterEmail(msg))).toMatch(/bulk-mail headers/);
  });

  it('holds a mail that reads both as a pending request and as a confirmed booking', () => {
    const msg = plainMail({}, { after: 'Please approve or decline within 24 hours.' });
    expect(review(parseBoatsetterEmail(msg))).toMatch(/pending request .* and as a booking/);
  });

  it('holds a Boatsetter mail with a Booking ID but no recognizable type', () => {
    const msg = plainMail({}, { intro: 'Here are the details.', subject: 'Your trip' });
    expect(review(parseBoatsetterEmail(msg))).toMatch(/no recognizable notification type/);
  });

  it('holds an unsupported time zone rather than guessing', () => {
    expect(review(parseBoatsetterEmail(plainMail({ 'Start time': '9:00 AM GMT' })))).toMatch(
      /GMT.*not a supported/,
    );
  });
});

describe('Function: parseBoatsetterEmail — classification', () => {
  it('ignores mail from senders other than Boatsetter', () => {
    const result = parseBoatsetterEmail(
      plainMail({}, { from: 'Boatsetter <no-reply@boatsetter.evil.example>' }),
    );
    expect(result).toEqual({
      kind: 'ignore',
      reason: 'other',
      detail: expect.stringMatching(/not Boatsetter/),
    });
  });

  it('ignores a forward whose original sender is not Boatsetter', () => {
    const msg = plainMail(
      {},
      {
        from: 'Mike <mike@example-charters.com>',
        before:
          '---------- Forwarded message ---------\nFrom: Someone <a@b.example>\nSubject: hi\n\n',
      },
    );
    expect(parseBoatsetterEmail(msg)).toMatchObject({ kind: 'ignore', reason: 'other' });
  });

  it('ignores Boatsetter notices that are not booking events (payout)', () => {
    const msg = plainMail(
      {},
      { subject: 'Your payout for booking XHQGMDH is on its way', intro: 'Payout sent.' },
    );
    expect(parseBoatsetterEmail(msg)).toMatchObject({ kind: 'ignore', reason: 'other' });
  });

  it('ignores a declined/expired request (Request ID, no Booking ID)', () => {
    const msg = plainMail(
      { 'Booking ID': null, 'Request ID': '4931055' },
      {
        subject: 'Booking request declined',
        intro: 'You declined this booking request. The request was canceled.',
      },
    );
    expect(parseBoatsetterEmail(msg)).toMatchObject({ kind: 'ignore', reason: 'request' });
  });

  it('ignores forwarded marketing by its content when bulk headers are gone', () => {
    const msg = plainMail(
      { 'Booking ID': null },
      {
        subject: 'Summer is booking up',
        intro: 'Turn on Instant Book! Your booking confirmed rate: 92%',
        after: 'Unsubscribe <https://email.boatsetter.example/unsub> | Manage email preferences',
      },
    );
    expect(parseBoatsetterEmail(msg)).toMatchObject({ kind: 'ignore', reason: 'marketing' });
  });

  it('reads a change written with arrows and keeps the previous values', () => {
    const msg = plainMail(
      {
        Date: 'Sat, Jul 12, 2025 → Sun, Jul 13, 2025',
        'Start time': '9:00 AM PDT -> 11:30 AM PDT',
        Duration: '4 hours',
      },
      { subject: 'Booking updated', intro: 'A booking change has been approved.' },
    );
    const r = booked(parseBoatsetterEmail(msg));
    expect(r.kind).toBe('changed');
    expect(r.event.booking.start).toBe('2025-07-13T11:30:00-07:00');
    expect(r.details.previous).toEqual({
      start: '2025-07-12T09:00:00-07:00',
      durationMinutes: 240,
      partySize: 6,
    });
  });

  it('reads a change from an HTML Previous/New table', () => {
    const table = `<table><tr><th></th><th>Previous</th><th>New</th></tr>
      <tr><td>Date</td><td>Sat, Jul 12, 2025</td><td>Sun, Jul 13, 2025</td></tr>
      <tr><td>Start time</td><td>9:00 AM PDT</td><td>11:30 AM PDT</td></tr>
      <tr><td>Passengers</td><td>8</td><td>10</td></tr></table>`;
    const msg = htmlMail(
      { Date: null, 'Start time': null, Passengers: null, Duration: '4 hours' },
      { subject: 'Booking updated', intro: 'A booking change has been approved.', before: table },
    );
    const r = booked(parseBoatsetterEmail(msg));
    expect(r.kind).toBe('changed');
    expect(r.event.booking).toMatchObject({ start: '2025-07-13T11:30:00-07:00', partySize: 10 });
    expect(r.details.previous).toEqual({
      start: '2025-07-12T09:00:00-07:00',
      durationMinutes: 240,
      partySize: 8,
    });
  });

  it('still cancels when a cancellation lacks the trip fields, using documented placeholders', () => {
    const msg = plainMail(
      { Renter: null, Date: null, 'Start time': null, Duration: null, Boat: null },
      {
        subject: 'Booking canceled',
        intro: 'The renter has canceled this booking.',
        money: { 'Boat price': null, 'Listing fee (12.5%)': null, 'Your earnings': null },
      },
    );
    const r = booked(parseBoatsetterEmail(msg));
    expect(r.kind).toBe('cancelled');
    expect(r.event.booking).toMatchObject({
      id: 'XHQGMDH',
      guestName: '(unknown guest)',
      boat: '(unknown boat)',
      durationMinutes: 60,
      start: '2024-05-13T00:00:00-07:00',
    });
    expect(r.details.placeholders).toEqual(['start', 'durationMinutes', 'guestName', 'boat']);
    expect(r.details.cancelledBy).toBe('renter');
  });

  it('decodes HTML entities in a plain body exactly once and repairs mojibake', () => {
    const r = booked(
      parseBoatsetterEmail(
        plainMail({ Renter: 'Tyler &amp;lt;b&amp;gt; RenÃ©e\u00c2\u00a0Brooks' }),
      ),
    );
    expect(r.event.booking.guestName).toBe('Tyler &lt;b&gt; Renée Brooks');
  });

  it('bounds notes to 5000 characters', () => {
    const long = 'x'.repeat(6000);
    const r = booked(
      parseBoatsetterEmail(plainMail({}, { before: `Message from Alicia: ${long}\n` })),
    );
    expect(r.event.booking.notes).toHaveLength(5000);
  });

  it('reads the same booking from plain text and from HTML', () => {
    const fromPlain = booked(parseBoatsetterEmail(plainMail())).event;
    const fromHtml = booked(parseBoatsetterEmail(htmlMail())).event;
    expect(fromHtml).toEqual(fromPlain);
  });
});

describe('Function: parseBoatsetterEmail — wording traps', () => {
  it('does not cancel a confirmation whose policy text mentions canceled trips', () => {
    const msg = plainMail(
      {},
      { after: 'If a trip was cancelled due to weather, the renter is refunded in full.' },
    );
    expect(parseBoatsetterEmail(msg).kind).toBe('new');
  });

  it('does not treat "your calendar was updated" in a confirmation as a change', () => {
    const msg = plainMail({}, { after: 'Your calendar was updated to block this date.' });
    expect(parseBoatsetterEmail(msg).kind).toBe('new');
  });

  it('reads a bare "Booking:" field only when its value looks like an id', () => {
    const withId = plainMail({ 'Booking ID': null, Booking: 'XHQGMDH' });
    expect(booked(parseBoatsetterEmail(withId)).event.booking.id).toBe('XHQGMDH');
    const withWord = plainMail({ 'Booking ID': null, Booking: 'Confirmed' });
    expect(parseBoatsetterEmail(withWord)).toEqual({
      kind: 'needs-review',
      reason: 'no Booking ID field in a Boatsetter booking notification',
    });
  });

  it('reads an HTML-only mail forwarded by a person (Gmail HTML forward block)', () => {
    const inner = htmlMail();
    const forwarded = {
      subject: 'Fwd: Booking approved - Queen of San Diego',
      from: 'Mike Ferreira <mike@example-charters.com>',
      headers: {},
      plainBody: null,
      htmlBody: `<div dir="ltr">Please add this one.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Boatsetter</strong> <span dir="auto">&lt;<a href="mailto:no-reply@boatsetter.com">no-reply@boatsetter.com</a>&gt;</span><br>Date: Mon, May 13, 2024 at 10:05 AM<br>Subject: Booking approved - Queen of San Diego<br>To: &lt;bookings@example-charters.com&gt;<br></div><br><br>${inner.htmlBody}</div>`,
      receivedAt: '2024-05-13T18:00:00.000Z',
    };
    const r = booked(parseBoatsetterEmail(forwarded));
    expect(r.event.booking).toMatchObject(SEED_BOOKING);
    expect(r.details.forwardedBy).toBe('mike@example-charters.com');
  });

  it('reads an Outlook-style forward (underscore rule, From/Sent/To/Subject block)', () => {
    const inner = plainMail();
    const body = `FYI\n\n________________________________\nFrom: Boatsetter <no-reply@boatsetter.com>\nSent: Monday, May 13, 2024 10:05 AM\nTo: Mike <bookings@example-charters.com>\nSubject: Booking approved - Queen of San Diego\n\n${inner.plainBody}`;
    const r = booked(
      parseBoatsetterEmail({
        ...inner,
        from: 'Mike <mike@example-charters.com>',
        subject: 'FW: Booking approved',
        plainBody: body,
      }),
    );
    expect(r.event.booking).toMatchObject(SEED_BOOKING);
  });
});

describe('Function: parseBoatsetterEmail — cancellation wording', () => {
  it('cancels on a "Booking canceled" heading even with a neutral subject', () => {
    const msg = plainMail(
      {},
      { subject: 'About your trip', intro: 'Booking canceled\n\nSorry to see this one go.' },
    );
    expect(parseBoatsetterEmail(msg).kind).toBe('cancelled');
  });
});

describe('Function: parseBoatsetterEmail — the renter message never classifies', () => {
  it('keeps a confirmation "new" although the renter writes "Booking canceled" and "wants to book"', () => {
    const msg = plainMail(
      {},
      {
        after:
          'Message from Alicia:\n"Booking canceled\nJust kidding! My sister wants to book too. Approve or decline?"\n',
      },
    );
    const r = booked(parseBoatsetterEmail(msg));
    expect(r.kind).toBe('new');
    expect(r.event.booking.notes).toMatch(/^Booking canceled\nJust kidding!/);
  });
});

describe('Function: parseBoatsetterEmail — stacked HTML layout', () => {
  it('reads labels with the value on the line below (one cell per field)', () => {
    const fields: Array<[string, string]> = [
      ['Booking ID', 'XHQGMDH'],
      ['Boat', 'Queen of San Diego (sailing yacht)'],
      ['Renter', 'Alicia Gomez'],
      ['Date', 'Thursday, May 30, 2024'],
      ['Start time', '9:00 AM PDT'],
      ['Duration', '3 hours'],
      ['Passengers', '6'],
      ['Pick-up location', 'Sheraton Marina, Harbor Island, San Diego, CA 92101'],
      ['Boat price', '$960.86'],
      ['Listing fee:', '-$120.11'],
      ['Your earnings', '$840.75'],
    ];
    const html = `<p>Your booking has been approved.</p>${fields
      .map(([k, v]) => `<div><span style="color:#888">${k}</span><br><strong>${v}</strong></div>`)
      .join('\n')}`;
    const r = booked(
      parseBoatsetterEmail({
        subject: 'Booking approved',
        from: 'Boatsetter <no-reply@boatsetter.com>',
        plainBody: null,
        htmlBody: html,
      }),
    );
    expect(r.event.booking).toMatchObject(SEED_BOOKING);
  });
});

describe('Function: parseBoatsetterEmail — tab-separated plain rendering of a table', () => {
  it('reads "label<TAB>value" rows of known labels', () => {
    const body = [
      "You're all set! Your booking has been approved.",
      '',
      'Booking ID\tXHQGMDH',
      'Boat\tQueen of San Diego (sailing yacht)',
      'Renter\tAlicia Gomez',
      'Date\tThursday, May 30, 2024',
      'Start time\t9:00 AM PDT',
      'Duration\t3 hours',
      'Passengers\t6',
      'Pick-up location\tSheraton Marina, Harbor Island, San Diego, CA 92101',
      'Boat price\t$960.86',
      'Listing fee\t-$120.11',
      "You'll receive\t$840.75",
    ].join('\n');
    const r = booked(
      parseBoatsetterEmail({
        subject: 'Booking approved',
        from: 'no-reply@boatsetter.com',
        plainBody: body,
      }),
    );
    expect(r.event.booking).toMatchObject(SEED_BOOKING);
  });
});

describe('Function: parseBoatsetterEmail — trip extension', () => {
  it('treats an approved trip extension as a change with the new duration', () => {
    const msg = plainMail(
      { Duration: '3 hours → 5 hours' },
      { subject: 'Trip extension approved', intro: 'The trip has been extended.' },
    );
    const r = booked(parseBoatsetterEmail(msg));
    expect(r.kind).toBe('changed');
    expect(r.event.booking.durationMinutes).toBe(300);
    expect(r.details.previous).toEqual({
      start: '2024-05-30T09:00:00-07:00',
      durationMinutes: 180,
      partySize: 6,
    });
  });
});

describe('Function: parseBoatsetterEmail — party and captain wording', () => {
  it('adds up adults and children', () => {
    const r = booked(parseBoatsetterEmail(plainMail({ Passengers: '6 adults, 2 children' })));
    expect(r.event.booking.partySize).toBe(8);
  });

  it.each([
    ['Bareboat (no captain)', { mode: 'bareboat', name: null, status: null }],
    [
      'Dana Whitfield (Accepted)',
      { mode: 'captained', name: 'Dana Whitfield', status: 'accepted' },
    ],
    ['TBD', { mode: 'captained', name: null, status: 'pending' }],
    [
      'Included with boat (owner-provided crew)',
      { mode: 'owner_provided', name: null, status: null },
    ],
  ])('reads the captain line "%s"', (line, captain) => {
    const r = booked(parseBoatsetterEmail(plainMail({ Captain: line })));
    expect(r.details.captain).toEqual(captain);
    expect(r.event.booking.captainName).toBe(captain.name);
  });
});
