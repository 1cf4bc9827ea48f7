/** The "New booking" dialog: template, preview, validation and submit through the same pipeline as e-mail. */
import { bundleSuite } from '../support/bundle-suite';

const suite = bundleSuite();
const { sandbox } = suite;

const WORKED_EXAMPLE = {
  bookingId: '',
  date: '2024-05-30',
  time: '09:00',
  timeZone: 'America/Los_Angeles',
  durationHours: '3',
  guestName: 'Alicia Gomez',
  partySize: '6',
  boat: 'Queen of San Diego',
  pickupLocation: 'Sheraton Marina, Harbor Island',
  ownerEarnings: '$840.75',
  boatPrice: '',
  platformFee: '',
  captainName: '',
  notes: 'Birthday <b>party</b>',
};

interface SubmitResult {
  ok: boolean;
  bookingId: string;
  message: string;
  fieldErrors: Record<string, string>;
}

describe('New booking dialog', () => {
  it('opens from the menu with the Settings time zone preselected', () => {
    const s = sandbox();
    s.setSetting('booking.timeZone', 'America/New_York');
    s.bundle.call('menuNewBooking');
    const dialog = s.runtime.spreadsheet.ui.dialogs.at(-1)!;
    expect(dialog.title).toBe('New booking');
    expect(dialog.output.getContent()).toContain(
      '<select name="timeZone" data-default="America/New_York">',
    );
    expect(dialog.output.getContent()).toContain(
      '<option value="America/Chicago">America/Chicago</option>',
    );
    expect(dialog.output.getContent()).toContain('data-revenue-basis="ownerEarnings"');
  });

  it('previews the finances of the worked example exactly', () => {
    const s = sandbox();
    const preview = s.bundle.call<{ ok: boolean; lines: Array<{ label: string; amount: string }> }>(
      'dialogPreviewFinance',
      WORKED_EXAMPLE,
    );
    expect(preview.ok).toBe(true);
    expect(preview.lines.map((l) => l.amount)).toEqual([
      '$840.75',
      '$250.00',
      '$150.00',
      '$151.34',
      '$289.41',
    ]);
    expect(preview.lines[1]!.label).toBe('2 deckhands × $25.00/h × 5 h');
  });

  it('answers field by field when the form is wrong (the server checks with the shared schema)', () => {
    const s = sandbox();
    const result = s.bundle.call<SubmitResult>('dialogSubmitBooking', {
      ...WORKED_EXAMPLE,
      bookingId: 'not an id!',
      guestName: '  ',
      durationHours: 'three',
      ownerEarnings: '12,34.5',
      date: '2024-02-30',
    });
    expect(result.ok).toBe(false);
    expect(Object.keys(result.fieldErrors).sort()).toEqual([
      'bookingId',
      'date',
      'durationHours',
      'guestName',
      'ownerEarnings',
    ]);
    expect(result.fieldErrors.bookingId).toMatch(/4-32 letters, digits or dashes/);
    expect(s.rows('Bookings')).toHaveLength(0);
  });

  it('submits through the same pipeline as e-mail: row, card, signed bridge call', async () => {
    const s = sandbox();
    const result = s.bundle.call<SubmitResult>('dialogSubmitBooking', {
      ...WORKED_EXAMPLE,
      bookingId: 'DIRECT-0530',
    });
    expect(result).toMatchObject({
      ok: true,
      bookingId: 'DIRECT-0530',
      message: 'Booking DIRECT-0530 saved and published.',
    });
    const row = s.rows('Bookings')[0]!;
    expect(row).toMatchObject({
      'Booking ID': 'DIRECT-0530',
      Source: 'manual',
      Start: '2024-05-30T09:00:00-07:00',
      Revenue: 840.75,
      'Crew cost': 400,
      'Port fee': 151.34,
      Net: 289.41,
      Calendar: 'done',
    });
    expect(s.rows('Kanban')[0]).toMatchObject({
      Lane: 'New Bookings',
      Title: 'Direct \u2014 May 30 (3h)',
    });
    const [sent] = await suite.bridge.accepted();
    expect(sent).toMatchObject({
      op: 'upsert',
      revision: 1,
      booking: { id: 'DIRECT-0530', source: 'manual', notes: 'Birthday <b>party</b>' },
    });
    expect(s.rows('Log').some((r) => r.Trigger === 'dialog' && r.Action === 'new')).toBe(true);
    // The same id again is refused on the id field
    const again = s.bundle.call<SubmitResult>('dialogSubmitBooking', {
      ...WORKED_EXAMPLE,
      bookingId: 'DIRECT-0530',
    });
    expect(again).toMatchObject({
      ok: false,
      fieldErrors: { bookingId: 'already exists; use another id' },
    });
  });

  it('generates an id when none is given', () => {
    const s = sandbox();
    const result = s.bundle.call<SubmitResult>('dialogSubmitBooking', WORKED_EXAMPLE);
    expect(result.ok).toBe(true);
    expect(result.bookingId).toMatch(/^M-[0-9A-F]{10}$/);
  });

  it('saves the booking when the bridge is down and the next inbox run delivers it', async () => {
    let now = Date.now();
    const s = sandbox({ now: () => now });
    await suite.bridge.setMode('status:502');
    const result = s.bundle.call<SubmitResult>('dialogSubmitBooking', {
      ...WORKED_EXAMPLE,
      bookingId: 'DIRECT-0601',
    });
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/could not be reached.*sent again automatically/);
    expect(s.rows('Bookings')[0]).toMatchObject({ Calendar: 'pending' });
    expect(s.rows('Bookings')[0]).toMatchObject({ Tries: 1 });
    await suite.bridge.setMode('ok');
    now += 5 * 60_000; // the first retry of the schedule is due
    s.bundle.call('processInboxTrigger');
    expect(s.rows('Bookings')[0]).toMatchObject({ Calendar: 'done', 'Last error': '', Tries: '' });
  });
});
