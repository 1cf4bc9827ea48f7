/**
 * The "New booking" dialog's server side (gas/core/dialog.ts) through the ports, with the small
 * in-memory fakes: what the captain types becomes a checked booking, a finance preview, and a
 * save that runs the same pipeline as the e-mails (sheet rows, card, one signed bridge call).
 */
import {
  formToBooking,
  previewFinance,
  submitBooking,
  type BookingForm,
} from '../../../gas/core/dialog';
import { parseSettings } from '../../../gas/core/settings';
import { STEP_CELL } from '../../../gas/core/records';
import { TABS } from '../../../gas/sheets/schema';
import { verifySignature } from '../../../shared/signing';
import {
  bridgeAnswer,
  CAPTAIN_EMAIL,
  FAKE_BRIDGE_URL,
  FAKE_SECRET,
  fakeServices,
  httpStatus,
  networkError,
} from './support/fake-services';

/** The worked example of DESIGN.md typed into the dialog: $840.75, 3 hours, 2 deckhands + captain. */
function workedExampleForm(overrides: BookingForm = {}): BookingForm {
  return {
    bookingId: 'MD-0710',
    date: '2026-07-10',
    time: '09:00',
    timeZone: 'America/Los_Angeles',
    durationHours: '3',
    guestName: 'Grace Whitaker',
    partySize: '6',
    boat: 'Sea Breeze',
    pickupLocation: 'Harbor Island dock 3',
    ownerEarnings: '840.75',
    ...overrides,
  };
}

const SETTINGS = parseSettings([['Setting', 'Value', 'Notes']]);
const newId = () => 'M-NEW';

describe('Function: formToBooking', () => {
  it('turns a complete form into a manual booking: local start with its offset, minutes, cents', () => {
    // Act
    const result = formToBooking(workedExampleForm(), SETTINGS, newId);

    // Assess
    expect(result).toEqual({
      ok: true,
      booking: expect.objectContaining({
        id: 'MD-0710',
        source: 'manual',
        start: '2026-07-10T09:00:00-07:00',
        timeZone: 'America/Los_Angeles',
        durationMinutes: 180,
        partySize: 6,
        money: { ownerEarningsCents: 84075, boatPriceCents: null, platformFeeCents: null },
      }),
    });
  });

  it('gives a booking without an id one from the id source', () => {
    const result = formToBooking(workedExampleForm({ bookingId: '  ' }), SETTINGS, newId);
    expect(result.ok && result.booking.id).toBe('M-NEW');
  });

  it('measures an overnight trip from its end date and time across the end of daylight saving (25 h)', () => {
    // Prepare: clocks go back at 02:00 on Sunday, November 1, 2026.
    const form = workedExampleForm({
      date: '2026-10-31',
      time: '10:00',
      durationHours: '',
      endDate: '2026-11-01',
      endTime: '10:00',
    });

    // Act
    const result = formToBooking(form, SETTINGS, newId);

    // Assess
    expect(result.ok && result.booking.durationMinutes).toBe(25 * 60);
  });

  it('reads an end time not later than the start, without an end date, as the next morning', () => {
    const form = workedExampleForm({ time: '18:00', durationHours: '', endTime: '08:00' });
    const result = formToBooking(form, SETTINGS, newId);
    expect(result.ok && result.booking.durationMinutes).toBe(14 * 60);
  });

  it.each<[string, BookingForm, Record<string, RegExp>]>([
    [
      'no date and no start time',
      { date: '', time: '' },
      { date: /choose a date/, time: /start time/ },
    ],
    ['no length at all', { durationHours: '' }, { durationHours: /or an end date and time/ }],
    ['hours that are not a number', { durationHours: 'three' }, { durationHours: /hours, e\.g\./ }],
    ['a party that is not a whole number', { partySize: '6.5' }, { partySize: /whole number/ }],
    [
      'earnings that are not an amount',
      { ownerEarnings: 'lots' },
      { ownerEarnings: /not an amount/ },
    ],
    ['negative earnings', { ownerEarnings: '-5' }, { ownerEarnings: /must not be negative/ }],
    [
      'no earnings when Settings bases revenue on them',
      { ownerEarnings: '' },
      { ownerEarnings: /required/ },
    ],
    [
      'an end before the start',
      { durationHours: '', endDate: '2026-07-10', endTime: '08:00' },
      { endTime: /after the start/ },
    ],
    [
      'hours that disagree with the end',
      { endTime: '13:00' },
      { durationHours: /disagrees with the end \(4 h\)/ },
    ],
    [
      'a zone outside the US list',
      { timeZone: 'Europe/Paris' },
      { timeZone: /choose one of America\// },
    ],
  ])('names the field and the fix for %s', (_case, overrides, expected) => {
    // Act
    const result = formToBooking(workedExampleForm(overrides), SETTINGS, newId);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const [field, message] of Object.entries(expected))
      expect(result.fieldErrors[field as keyof typeof result.fieldErrors]).toMatch(message);
  });
});

describe('Function: previewFinance', () => {
  it('shows the worked example line by line, the whole trip, and no clash on an empty sheet', () => {
    // Prepare
    const services = fakeServices();

    // Act
    const preview = previewFinance(services, workedExampleForm());

    // Assess
    expect(preview).toMatchObject({ ok: true, netCents: 28941, clashes: [], fieldErrors: {} });
    expect(preview.lines).toEqual([
      { label: expect.stringMatching(/^Revenue/), amount: '$840.75' },
      { label: '2 deckhands × $25.00/h × 5 h', amount: '$250.00' },
      { label: '1 captain × $50.00/h × 3 h', amount: '$150.00' },
      { label: 'Port fee 18%', amount: '$151.34' },
      { label: 'Net', amount: '$289.41' },
    ]);
    expect(preview.trip).toBe('Friday, July 10, 2026, 9:00 AM \u2013 12:00 PM PDT (3h)');
  });

  it('writes nothing, sends nothing and takes no lock: it only reads Settings and Bookings', () => {
    // Prepare
    const services = fakeServices();

    // Act
    previewFinance(services, workedExampleForm());

    // Assess
    expect(services.sheets.calls).toMatchObject({ write: 0, appendRows: 0 });
    expect(services.http.calls.fetchAll).toBe(0);
    expect(services.lock.calls.tryLock).toBe(0);
  });

  it('names the fields it cannot read instead of computing a preview', () => {
    const preview = previewFinance(fakeServices(), workedExampleForm({ ownerEarnings: 'abc' }));
    expect(preview).toMatchObject({ ok: false, lines: [], netCents: null });
    expect(preview.fieldErrors.ownerEarnings).toMatch(/not an amount/);
  });

  it('lists a saved booking of the same boat whose trip overlaps', () => {
    // Prepare
    const services = fakeServices();
    submitBooking(services, workedExampleForm());

    // Act
    const preview = previewFinance(
      services,
      workedExampleForm({ bookingId: 'MD-0711', time: '11:00', guestName: 'Ben Cole' }),
    );

    // Assess
    expect(preview.clashes).toEqual([
      expect.stringMatching(/^MD-0710 \(Grace Whitaker, .*\) on Sea Breeze$/),
    ]);
  });
});

describe('Function: submitBooking', () => {
  it('saves the row and the card, publishes through one signed bridge call, and says so', () => {
    // Prepare
    const services = fakeServices();

    // Act
    const result = submitBooking(services, workedExampleForm());

    // Assess
    expect(result).toEqual({
      ok: true,
      bookingId: 'MD-0710',
      message: 'Booking MD-0710 saved and published.',
      fieldErrors: {},
      published: 'all',
    });
    expect(services.http.calls.fetchAll).toBe(1);
    const [request] = services.http.requests;
    expect(request?.url).toBe(`${FAKE_BRIDGE_URL}/v1/bookings`);
    const check = verifySignature({
      method: 'POST',
      path: '/v1/bookings',
      headers: request?.headers ?? {},
      body: request?.payload ?? '',
      secrets: [FAKE_SECRET],
      nowSeconds: Math.floor(services.clock.now() / 1000),
      crypto: services.crypto,
    });
    expect(check).toMatchObject({ ok: true });
    expect(services.http.bodies()[0]).toMatchObject({
      op: 'upsert',
      revision: 1,
      booking: { id: 'MD-0710', source: 'manual' },
      captain: { email: CAPTAIN_EMAIL },
    });
    expect(services.sheets.record(TABS.bookings, 'Booking ID', 'MD-0710')).toMatchObject({
      Status: 'New Bookings',
      Revenue: 840.75,
      Net: 289.41,
      Calendar: STEP_CELL.done,
      'Captain e-mail': STEP_CELL.done,
      'Last error': '',
    });
    expect(services.sheets.record(TABS.kanban, 'Booking ID', 'MD-0710')).toMatchObject({
      Lane: 'New Bookings',
      Gross: 840.75,
      Net: 289.41,
    });
    expect(services.lock).toMatchObject({ held: false, calls: { tryLock: 1, release: 1 } });
  });

  it('keeps the booking when the bridge cannot be reached, and says it will be sent again', () => {
    // Prepare
    const services = fakeServices();
    services.http.script(networkError('connect ETIMEDOUT'));

    // Act
    const result = submitBooking(services, workedExampleForm());

    // Assess
    expect(result).toMatchObject({ ok: true, published: 'waiting' });
    expect(result.message).toMatch(/could not be reached .*ETIMEDOUT.*sent again automatically/);
    expect(services.sheets.record(TABS.bookings, 'Booking ID', 'MD-0710')).toMatchObject({
      Calendar: STEP_CELL.pending,
      'Last error': expect.stringMatching(/bridge unreachable/),
    });
  });

  it('says which steps failed and that they will be retried when the bridge did only part', () => {
    // Prepare
    const services = fakeServices();
    services.http.script((request) =>
      bridgeAnswer(request, {
        crewEvent: { status: 'failed', reason: 'SCC answered 503', retryable: true },
      }),
    );

    // Act
    const result = submitBooking(services, workedExampleForm());

    // Assess
    expect(result).toMatchObject({ ok: true, published: 'partial' });
    expect(result.message).toMatch(
      /some steps failed and will be retried: crewEvent: SCC answered 503/,
    );
    expect(services.sheets.record(TABS.bookings, 'Booking ID', 'MD-0710')).toMatchObject({
      'Crew event': STEP_CELL.failed,
      Calendar: STEP_CELL.done,
    });
  });

  it('marks the steps rejected when the bridge refuses the request, and quotes its reason', () => {
    // Prepare
    const services = fakeServices();
    services.http.script(httpStatus(400, 'invalid-request', 'booking.boat is empty'));

    // Act
    const result = submitBooking(services, workedExampleForm());

    // Assess
    expect(result).toMatchObject({ ok: true, published: 'refused' });
    expect(result.message).toMatch(/refused it: .*booking\.boat is empty/);
    expect(services.sheets.record(TABS.bookings, 'Booking ID', 'MD-0710')).toMatchObject({
      Calendar: STEP_CELL.rejected,
    });
  });

  it('refuses an id that already exists, writing and sending nothing', () => {
    // Prepare
    const services = fakeServices();
    submitBooking(services, workedExampleForm());
    services.sheets.resetCalls();
    const sent = services.http.requests.length;

    // Act
    const result = submitBooking(services, workedExampleForm({ date: '2026-08-01' }));

    // Assess
    expect(result).toMatchObject({
      ok: false,
      message: 'Booking MD-0710 already exists.',
      fieldErrors: { bookingId: 'already exists; use another id' },
    });
    expect(services.sheets.calls).toMatchObject({ write: 0, appendRows: 0 });
    expect(services.http.requests).toHaveLength(sent);
  });

  it('asks before saving a clash, then records both on "Save anyway" and alerts the captain once', () => {
    // Prepare
    const services = fakeServices();
    submitBooking(services, workedExampleForm());
    const second = workedExampleForm({
      bookingId: 'MD-0711',
      time: '10:00',
      guestName: 'Ben Cole',
    });

    // Act
    const asked = submitBooking(services, second);
    const saved = submitBooking(services, { ...second, confirmClash: 'yes' });

    // Assess
    expect(asked).toMatchObject({ ok: false, bookingId: 'MD-0711' });
    expect(asked.message).toMatch(/^Not saved yet: Sea Breeze is already booked then: MD-0710 /);
    expect(saved).toMatchObject({ ok: true, published: 'all' });
    expect(services.sheets.record(TABS.bookings, 'Booking ID', 'MD-0711')).toMatchObject({
      'Clash with': 'MD-0710',
    });
    expect(services.mailbox.sent).toEqual([
      expect.objectContaining({
        to: CAPTAIN_EMAIL,
        subject: expect.stringMatching(/MD-0710|MD-0711|Sea Breeze/),
      }),
    ]);
  });

  it('sends the captain back to the fields when the form is not valid, before any bridge call', () => {
    const services = fakeServices();
    const result = submitBooking(services, workedExampleForm({ date: '' }));
    expect(result).toMatchObject({ ok: false, message: 'Please fix the highlighted fields.' });
    expect(result.fieldErrors.date).toMatch(/choose a date/);
    expect(services.http.calls.fetchAll).toBe(0);
  });

  it('waits for a running inbox run rather than reading a sheet that is being written', () => {
    // Prepare
    const services = fakeServices();
    services.lock.heldElsewhere = true;

    // Act
    const result = submitBooking(services, workedExampleForm());

    // Assess
    expect(result).toMatchObject({ ok: false, bookingId: '' });
    expect(result.message).toMatch(/inbox is being processed right now; try again in a minute/);
    expect(services.sheets.calls.read).toBe(0);
  });
});
