/**
 * Charters of any length: overnight and multi-day approvals (separate start and end lines, no
 * Duration line) become one booking with the real elapsed hours; duration forms that do not say
 * how many hours go to review with the reason, never guessed.
 */
import { parseBoatsetterEmail, type BoatsetterParseResult } from '../../../shared/boatsetter';
import { htmlMail, plainMail } from './mail-builder';

const NO_DURATION = { Date: null, 'Start time': null, Duration: null };

function booked(result: BoatsetterParseResult) {
  if (result.kind !== 'new')
    throw new Error(`expected a new booking, got ${JSON.stringify(result)}`);
  return result;
}

function reviewReason(result: BoatsetterParseResult): string {
  if (result.kind !== 'needs-review') throw new Error(`expected review, got ${result.kind}`);
  return result.reason;
}

describe('Overnight and multi-day approvals', () => {
  it('reads start and end lines as one booking with the elapsed minutes and the end instant', () => {
    const result = booked(
      parseBoatsetterEmail(
        plainMail({
          ...NO_DURATION,
          Start: 'Thursday, May 30, 2024 at 5:00 PM PDT',
          End: 'Saturday, June 1, 2024 at 11:00 AM PDT',
        }),
      ),
    );
    expect(result.event.booking.start).toBe('2024-05-30T17:00:00-07:00');
    expect(result.event.booking.durationMinutes).toBe(42 * 60);
    expect(result.details.end).toBe('2024-06-01T11:00:00-07:00');
    expect(result.details.warnings).toEqual([]);
  });

  it('counts the hour the clocks go back (PDT start, PST end: 16 h on the clock is 17 h)', () => {
    const result = booked(
      parseBoatsetterEmail(
        plainMail(
          {
            ...NO_DURATION,
            Start: 'Sat, Nov 2, 2024, 8:00 PM PDT',
            End: 'Sun, Nov 3, 2024, 12:00 PM PST',
          },
          { receivedAt: '2024-10-01T12:00:00Z' },
        ),
      ),
    );
    expect(result.event.booking.durationMinutes).toBe(17 * 60);
    expect(result.details.end).toBe('2024-11-03T12:00:00-08:00');
  });

  it('drops the hour the clocks spring forward (PST start, PDT end: 16 h on the clock is 15 h)', () => {
    const result = booked(
      parseBoatsetterEmail(
        htmlMail(
          {
            ...NO_DURATION,
            Start: 'Sat, Mar 9, 2024, 6:00 PM PST',
            End: 'Sun, Mar 10, 2024, 10:00 AM PDT',
          },
          { receivedAt: '2024-02-01T12:00:00Z' },
        ),
      ),
    );
    expect(result.event.booking.durationMinutes).toBe(15 * 60);
  });

  it('reads an end time without a date as the next morning when it is earlier than the start', () => {
    const result = booked(
      parseBoatsetterEmail(
        plainMail({ Duration: null, 'Start time': '7:00 PM PDT', 'End time': '9:00 AM PDT' }),
      ),
    );
    expect(result.event.booking.durationMinutes).toBe(14 * 60);
    expect(result.details.end).toBe('2024-05-31T09:00:00-07:00');
  });

  it('takes an end date without a year from the start (a trip over New Year)', () => {
    const result = booked(
      parseBoatsetterEmail(
        plainMail(
          { ...NO_DURATION, Start: 'Mon, Dec 30, 10:00 AM PST', End: 'Thu, Jan 2, 10:00 AM PST' },
          { receivedAt: '2024-12-01T12:00:00Z' },
        ),
      ),
    );
    expect(result.event.booking.start).toBe('2024-12-30T10:00:00-08:00');
    expect(result.details.end).toBe('2025-01-02T10:00:00-08:00');
  });

  it('accepts a Duration line that agrees with the start and end lines', () => {
    const result = booked(
      parseBoatsetterEmail(
        plainMail({
          ...NO_DURATION,
          Start: 'May 30, 2024, 9:00 AM PDT',
          End: 'May 31, 2024, 9:00 AM PDT',
          Duration: '24 hours',
        }),
      ),
    );
    expect(result.event.booking.durationMinutes).toBe(24 * 60);
  });

  it.each([
    [
      'an end before the start',
      { Start: 'May 30, 2024, 9:00 AM PDT', End: 'May 29, 2024, 9:00 AM PDT' },
      'ends (2024-05-29T09:00:00-07:00) before it starts',
    ],
    [
      'a Duration line that contradicts the end',
      { Start: 'May 30, 2024, 9:00 AM PDT', End: 'May 31, 2024, 9:00 AM PDT', Duration: '4 hours' },
      'disagrees with the start and end lines (1440 minutes elapsed)',
    ],
    [
      'a trip longer than seven days',
      { Start: 'May 1, 2024, 9:00 AM PDT', End: 'May 10, 2024, 9:00 AM PDT' },
      'bookings longer than 7 days are entered by hand',
    ],
    [
      'an end line without a time',
      { Start: 'May 30, 2024, 9:00 AM PDT', End: 'Friday, May 31, 2024' },
      'end of the trip has no recognizable time',
    ],
    [
      'an end in a zone outside the US',
      { Start: 'May 30, 2024, 9:00 AM PDT', End: 'May 31, 2024, 9:00 AM CEST' },
      'time zone "CEST" is not a supported US zone',
    ],
  ])('holds for review: %s', (_name, fields, reason) => {
    expect(reviewReason(parseBoatsetterEmail(plainMail({ ...NO_DURATION, ...fields })))).toContain(
      reason,
    );
  });
});

describe('Duration forms', () => {
  it.each([
    ['2.5 hours', 150],
    ['4 hrs', 240],
    ['Half day (4 hours)', 240],
    ['Full day (8 hrs)', 480],
    ['2 hours 15 minutes', 135],
    ['90 minutes', 90],
  ])('reads "%s" as %i minutes', (duration, minutes) => {
    const result = booked(parseBoatsetterEmail(plainMail({ Duration: duration })));
    expect(result.event.booking.durationMinutes).toBe(minutes);
  });

  it.each([
    ['2 days', 'is given in days without an end date and time'],
    ['3 days, 2 nights', 'is given in days without an end date and time'],
    ['Half day', 'does not say how many hours'],
    ['Full-day charter', 'does not say how many hours'],
    ['Overnight', 'does not say how many hours'],
  ])('sends "%s" to review: %s', (duration, reason) => {
    expect(reviewReason(parseBoatsetterEmail(plainMail({ Duration: duration })))).toContain(reason);
  });
});
