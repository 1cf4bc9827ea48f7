/**
 * Charters of any length in the sheet, through the BUILT bundle: a multi-day approval becomes one
 * booking with the right hours, crew cost (Settings' per-day cap) and net; a booking of the same
 * boat that overlaps it is recorded but flagged on both rows and cards, the captain is alerted
 * once, and a cancellation clears the flag.
 */
import { FLAG_STYLE } from '../../../gas/adapters/apps-script';
import type { GmailInput } from '../../../local/gas-runtime';
import { bundleSuite } from '../support/bundle-suite';
import { CAPTAIN, fixture, type Sandbox } from '../support/harness';
import { flaggedCells } from '../../../local/gas-runtime/conditional-format';

const MULTI_DAY = '12_multiday_weekend_package.eml';

const suite = bundleSuite();
const { sandbox } = suite;

/** Another booking of the same boat: a day trip on the multi-day trip's last day. */
async function dayTripDuringPackage(): Promise<GmailInput> {
  const mail = await fixture('13_fractional_2_5_hours.eml');
  const swap = (t: string): string =>
    t
      .split('SUN-0814')
      .join('SUN-0712')
      .split('Friday, August 14, 2026')
      .join('Sunday, July 12, 2026')
      .split('5:30 PM PDT')
      .join('4:30 PM PDT');
  return {
    ...mail,
    id: 'clash-day-trip',
    subject: swap(mail.subject),
    plainBody: swap(mail.plainBody),
    htmlBody: swap(mail.htmlBody),
    headers: { ...mail.headers, 'Message-ID': '<clash-day-trip@boatsetter.example>' },
  };
}

function cancellationOf(mail: GmailInput): GmailInput {
  return {
    ...mail,
    id: 'clash-day-trip-cancelled',
    subject: 'Booking canceled - Sea Breeze, Jul 12',
    plainBody: mail.plainBody
      .replace("You're all set, Mike!", 'Your booking has been canceled.')
      .replace('has been approved.', 'has been canceled by the renter.'),
    headers: { ...mail.headers, 'Message-ID': '<clash-day-trip-cancel@boatsetter.example>' },
  };
}

const clashAlerts = (s: Sandbox) =>
  s.runtime.gmail.sent.filter((m) => m.subject.startsWith('Charter: boat clash'));

describe('A multi-day approval in the sheet', () => {
  it('becomes one booking with its end, the elapsed hours, capped crew hours, crew cost and net', async () => {
    const s = sandbox();
    s.runtime.gmail.deliver(await fixture(MULTI_DAY));
    s.bundle.call('processInboxTrigger');
    expect(s.row('Bookings', 'MD-0710')).toMatchObject({
      Start: '2026-07-10T10:00:00-07:00',
      End: '2026-07-12T16:00:00-07:00',
      'Duration (h)': 54,
      Revenue: 6480,
      'Crew cost': 3600,
      'Port fee': 1166.4,
      Net: 1713.6,
      'Clash with': '',
    });
    expect(s.row('Kanban', 'MD-0710')).toMatchObject({
      Title: 'Boatsetter \u2014 Jul 10\u201312 (54h)',
      'Crew cost': 3600,
      Net: 1713.6,
    });
    const [sent] = await suite.bridge.accepted();
    expect(sent!.finance.crew.map((c) => [c.role, c.minutes, c.costCents, c.capped])).toEqual([
      ['deckhand', 36 * 60, 180_000, { minutesPerDay: 720, uncappedMinutes: 56 * 60 }],
      ['captain', 36 * 60, 180_000, { minutesPerDay: 720, uncappedMinutes: 54 * 60 }],
    ]);
  });

  it('follows the Settings rule: an empty crew hours per day pays every hour', async () => {
    const s = sandbox();
    s.setSetting('finance.crewHoursPerDay', '');
    s.runtime.gmail.deliver(await fixture(MULTI_DAY));
    s.bundle.call('processInboxTrigger');
    // 2 x $25 x 56 h + $50 x 54 h = $2,800 + $2,700
    expect(s.row('Bookings', 'MD-0710')).toMatchObject({ 'Crew cost': 5500, Net: -186.4 });
  });
});

describe('Boat clashes', () => {
  it('records an overlapping booking, flags both rows and cards, and alerts the captain once', async () => {
    const s = sandbox();
    s.runtime.gmail.deliver(await fixture(MULTI_DAY));
    s.bundle.call('processInboxTrigger');
    s.runtime.gmail.deliver(await dayTripDuringPackage());
    s.bundle.call('processInboxTrigger');
    s.bundle.call('processInboxTrigger'); // a later run finds nothing new to say

    expect(s.row('Bookings', 'SUN-0712')).toMatchObject({
      Status: 'New Bookings',
      'Clash with': 'MD-0710',
    });
    expect(s.row('Bookings', 'MD-0710')['Clash with']).toBe('SUN-0712');
    expect(s.row('Kanban', 'SUN-0712')['Clash with']).toBe('MD-0710');
    expect(s.row('Kanban', 'MD-0710')['Clash with']).toBe('SUN-0712');
    const alerts = clashAlerts(s);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.to).toBe(CAPTAIN);
    expect(alerts[0]!.subject).toBe('Charter: boat clash on Sea Breeze: MD-0710 and SUN-0712');
    expect(alerts[0]!.body).toContain('Grace Whitaker');
    expect(alerts[0]!.body).toContain('Daniel Okafor');
    expect(alerts[0]!.body).toContain('Sunday, July 12, 2026, 4:30 PM \u2013 7:00 PM PDT (2.5h)');
  });

  it('clears the flag on both when one of them is cancelled', async () => {
    const s = sandbox();
    const dayTrip = await dayTripDuringPackage();
    s.runtime.gmail.deliver(await fixture(MULTI_DAY));
    s.runtime.gmail.deliver(dayTrip);
    s.bundle.call('processInboxTrigger');
    expect(s.row('Bookings', 'MD-0710')['Clash with']).toBe('SUN-0712');
    s.runtime.gmail.deliver(cancellationOf(dayTrip));
    s.bundle.call('processInboxTrigger');
    expect(s.row('Bookings', 'SUN-0712')).toMatchObject({ Status: 'Cancelled', 'Clash with': '' });
    expect(s.row('Bookings', 'MD-0710')['Clash with']).toBe('');
    expect(s.row('Kanban', 'MD-0710')['Clash with']).toBe('');
    expect(s.row('Kanban', 'SUN-0712')['Clash with']).toBe('');
    expect(clashAlerts(s)).toHaveLength(1);
  });

  it('leaves alone a trip of the same boat that starts a full turnaround after the other ends', async () => {
    const s = sandbox();
    const later = await dayTripDuringPackage();
    const swap = (t: string): string => t.split('4:30 PM PDT').join('5:00 PM PDT');
    s.runtime.gmail.deliver(await fixture(MULTI_DAY));
    s.runtime.gmail.deliver({ ...later, plainBody: swap(later.plainBody) });
    s.bundle.call('processInboxTrigger');
    expect(s.row('Bookings', 'SUN-0712')['Clash with']).toBe('');
    expect(clashAlerts(s)).toHaveLength(0);
  });

  it('sends one digest for a run in which several pairs clash, naming every pair, and nothing later', async () => {
    const s = sandbox();
    const base = await dayTripDuringPackage();
    const copy = (id: string): GmailInput => ({
      ...base,
      id: `clash-${id}`,
      subject: base.subject.split('SUN-0712').join(id),
      plainBody: base.plainBody.split('SUN-0712').join(id),
      htmlBody: base.htmlBody.split('SUN-0712').join(id),
      headers: { ...base.headers, 'Message-ID': `<clash-${id}@boatsetter.example>` },
    });
    for (const id of ['SUN-0001', 'SUN-0002', 'SUN-0003']) s.runtime.gmail.deliver(copy(id));
    s.bundle.call('processInboxTrigger');
    s.bundle.call('processInboxTrigger');

    expect(s.row('Bookings', 'SUN-0002')['Clash with']).toBe('SUN-0001 SUN-0003');
    const alerts = clashAlerts(s);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toMatch(/^Charter: boat clashes: 3 pairs \(/);
    for (const pair of [
      ['SUN-0001', 'SUN-0002'],
      ['SUN-0001', 'SUN-0003'],
      ['SUN-0002', 'SUN-0003'],
    ])
      expect(alerts[0]!.body).toMatch(new RegExp(`- ${pair[0]} [^]*- ${pair[1]} `));
    expect(alerts[0]!.body.match(/^\d+\. /gm)).toHaveLength(3);
  });
});

describe('The red clash mark in the sheet', () => {
  /** The cells of a tab its conditional format rules colour, as "header (booking id)". */
  function redCells(s: Sandbox, tab: string): string[] {
    const sheet = s.runtime.spreadsheet.sheet(tab)!;
    const header = (sheet.rows[0] ?? []).map(String);
    return [...flaggedCells(sheet).keys()].map((key) => {
      const [r, c] = key.split(':').map(Number) as [number, number];
      return `${header[c - 1]} (${String(sheet.rows[r - 1]?.[0])})`;
    });
  }

  it('"Set up sheet" colours a non-empty "Clash with" cell red on Bookings and Kanban, once', () => {
    // Prepare: a captain's own rule on Bookings, kept by a second setup
    const s = sandbox();
    const bookings = s.runtime.spreadsheet.sheet('Bookings')!;
    const own = { ...bookings.conditionalRules[0]!, background: '#ffff00' };
    own.ranges = [{ row: 2, column: 1, numRows: 10, numColumns: 3 }];
    bookings.conditionalRules.push(own);
    // Act
    s.bundle.call('menuSetupSheet');
    // Assess
    for (const tab of ['Bookings', 'Kanban']) {
      const sheet = s.runtime.spreadsheet.sheet(tab)!;
      const column = sheet.rows[0]!.indexOf('Clash with') + 1;
      const flags = sheet.conditionalRules.filter((r) => r.background === FLAG_STYLE.background);
      expect(flags).toEqual([
        {
          condition: 'CELL_NOT_EMPTY',
          background: '#fce8e6',
          fontColor: '#a50e0e',
          bold: true,
          ranges: [{ row: 2, column, numRows: sheet.maxRows - 1, numColumns: 1 }],
        },
      ]);
    }
    expect(bookings.conditionalRules.filter((r) => r.background === '#ffff00')).toHaveLength(1);
  });

  it('shows exactly the two clashing rows red, and no row once one of them is cancelled', async () => {
    const s = sandbox();
    const dayTrip = await dayTripDuringPackage();
    s.runtime.gmail.deliver(await fixture(MULTI_DAY));
    s.runtime.gmail.deliver(dayTrip);
    s.bundle.call('processInboxTrigger');
    expect(redCells(s, 'Bookings').sort()).toEqual([
      'Clash with (MD-0710)',
      'Clash with (SUN-0712)',
    ]);
    expect(redCells(s, 'Kanban').sort()).toEqual(['Clash with (MD-0710)', 'Clash with (SUN-0712)']);
    s.runtime.gmail.deliver(cancellationOf(dayTrip));
    s.bundle.call('processInboxTrigger');
    expect(redCells(s, 'Bookings')).toEqual([]);
    expect(redCells(s, 'Kanban')).toEqual([]);
  });
});
