/**
 * Charters of any length on the sandbox, over HTTP as a captain or an acceptance check uses it: a
 * multi-day Boatsetter approval becomes one booking with its elapsed hours, the crew hours capped
 * per trip day, the crew cost and the net; a day trip of the same boat during it is recorded but
 * flagged on both cards and both rows (red in the sheet), and the captain gets exactly one alert
 * naming both, which another run does not repeat.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxReport } from '../../local/start';
import { booking, card, FIXTURES, sandboxSuite } from './support';

jest.setTimeout(90_000);

const CAPTAIN = 'captain@charter.example';
const MULTI_DAY = '12_multiday_weekend_package.eml';

/** Fixture 13 (Sea Breeze, 2.5 h) moved onto the package's last afternoon: 4:30 PM on Jul 12. */
function dayTripDuringPackage(): string {
  const swaps: Array<[string, string]> = [
    ['SUN-0814', 'SUN-0712'],
    ['SUN0814', 'SUN0712'],
    ['Fri, Aug 14', 'Sun, Jul 12'],
    ['Friday, August 14, 2026', 'Sunday, July 12, 2026'],
    ['5:30 PM PDT', '4:30 PM PDT'],
  ];
  let text = readFileSync(join(FIXTURES, '13_fractional_2_5_hours.eml'), 'utf8');
  for (const [from, to] of swaps) text = text.split(from).join(to);
  return text;
}

describe('Sandbox: a multi-day charter and a boat clash', () => {
  const suite = sandboxSuite('long', [
    MULTI_DAY,
    { name: '13b_day_trip_during_package.eml', text: dayTripDuringPackage() },
  ]);
  let first: SandboxReport;
  const clashAlerts = (r: SandboxReport) =>
    r.emails.filter((m) => m.subject.startsWith('Charter: boat clash'));

  beforeAll(async () => {
    first = await suite.report();
  });

  it('runs both bookings through every system without a failure', () => {
    expect(first.errors).toEqual([]);
    expect(first.review).toEqual([]);
    for (const id of ['MD-0710', 'SUN-0712'])
      for (const step of ['Calendar', 'Crew event', 'Guest page', 'Captain e-mail'])
        expect(booking(first, id)[step]).toBe('done');
  });

  it('makes the multi-day approval one booking with its elapsed hours, capped crew cost and net', () => {
    expect(first.bookings.filter((b) => b['Booking ID'] === 'MD-0710')).toHaveLength(1);
    expect(booking(first, 'MD-0710')).toMatchObject({
      Start: '2026-07-10T10:00:00-07:00',
      End: '2026-07-12T16:00:00-07:00',
      'Duration (h)': 54,
      Revenue: '6480.00',
      'Crew cost': '3600.00',
      'Port fee': '1166.40',
      Net: '1713.60',
    });
    // 54 h is three started trip days: each crew member is paid at most 3 x 12 h.
    expect(first.finances.find((f) => f.bookingId === 'MD-0710')).toMatchObject({
      crew: [
        { role: 'deckhand', count: 2, rate: '25.00', hours: 36, cost: '1800.00' },
        { role: 'captain', count: 1, rate: '50.00', hours: 36, cost: '1800.00' },
      ],
      net: '1713.60',
    });
    expect(card(first, 'MD-0710')).toMatchObject({ crewCost: '3600.00', net: '1713.60' });
    const crewEvent = first.crewEvents.find((e) => e.booking_ref === 'MD-0710');
    expect(crewEvent?.duration_hours).toBe(54);
  });

  it('records the overlapping day trip and flags both cards and both rows', () => {
    expect(card(first, 'SUN-0712')).toMatchObject({ lane: 'New Bookings', clashWith: ['MD-0710'] });
    expect(card(first, 'MD-0710').clashWith).toEqual(['SUN-0712']);
    expect(booking(first, 'SUN-0712')['Clash with']).toBe('MD-0710');
    expect(booking(first, 'MD-0710')['Clash with']).toBe('SUN-0712');
  });

  it('shows the two "Clash with" cells red in the sheet, and no other cell', async () => {
    const page = await (await fetch(`${suite.sandbox.homeUrl}/sheet/Bookings`)).text();
    const red = [...page.matchAll(/<td style="background:#fce8e6;[^"]*">([^<]*)<\/td>/g)].map(
      (m) => m[1],
    );
    expect(red.sort()).toEqual(['MD-0710', 'SUN-0712']);
  });

  it('alerts the captain once, naming both bookings, and not again on the next run', async () => {
    // Act
    await suite.processInbox();
    const after = await suite.report();
    // Assess
    const alerts = clashAlerts(after);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      to: [CAPTAIN],
      subject: expect.stringMatching(/^Charter: boat clash on Sea Breeze.*: MD-0710 and SUN-0712$/),
    });
    expect(alerts[0]!.text).toContain('Grace Whitaker');
    expect(alerts[0]!.text).toContain('Daniel Okafor');
    expect(clashAlerts(first)).toHaveLength(1);
  });
});
