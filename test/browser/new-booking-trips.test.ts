/**
 * The "New booking" dialog for trips of any length, in Chromium at laptop and phone width: a
 * multi-day trip given by its start and end (the end wins over a duration) is previewed whole,
 * with the capped crew hours, and saved; a booking of a boat that is already out is warned about
 * by name, is not saved on "Save booking", and is saved on "Save anyway", which flags both rows.
 * The sample boat is "Sea Breeze (42 ft Bayliner)" and the captain types "Sea Breeze": one boat.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../local/browser/chromium';
import {
  BROWSER_SETUP_MS,
  LAPTOP,
  PHONE,
  eventually,
  screenshot,
  startBoardFixture,
  type BoardFixture,
} from './support';

interface Case {
  name: 'laptop' | 'phone';
  viewport: { width: number; height: number };
  /** A multi-day (or overnight) trip on dates no sample booking uses. */
  trip: { guest: string; date: string; time: string; endDate: string; endTime: string };
  tripWords: string;
  cappedLine: string;
  /** A trip that overlaps an active sample booking (`clashWith`) of the same boat. */
  clash: { guest: string; date: string; time: string; hours: string };
  clashWith: string;
  clashGuest: string;
}

const CASES: Case[] = [
  {
    name: 'laptop',
    viewport: LAPTOP,
    trip: {
      guest: 'Grace Whitaker',
      date: '2026-12-26',
      time: '10:00',
      endDate: '2026-12-28',
      endTime: '16:00',
    },
    tripWords:
      'Trip: Saturday, December 26, 2026, 10:00 AM PST \u2013 Monday, December 28, 2026, 4:00 PM PST (54h)',
    cappedLine: '2 deckhands \u00d7 $25.00/h \u00d7 36 h (capped at 12 h per trip day)',
    clash: { guest: 'Daniel Okafor', date: '2026-11-28', time: '11:00', hours: '2' },
    clashWith: 'BS-48213',
    clashGuest: 'Maria Lopez',
  },
  {
    name: 'phone',
    viewport: PHONE,
    trip: {
      guest: 'Hana Sato',
      date: '2027-01-02',
      time: '18:00',
      endDate: '2027-01-04',
      endTime: '09:00',
    },
    tripWords:
      'Trip: Saturday, January 2, 2027, 6:00 PM PST \u2013 Monday, January 4, 2027, 9:00 AM PST (39h)',
    cappedLine: '2 deckhands \u00d7 $25.00/h \u00d7 24 h (capped at 12 h per trip day)',
    clash: { guest: 'Leo Phone', date: '2026-11-29', time: '16:00', hours: '3' },
    clashWith: 'BS-48377',
    clashGuest: 'Tom & Jerry\'s "Crew" O\'Neil',
  },
];

describe('New booking dialog: trips of any length and boat clashes', () => {
  let fixture: BoardFixture;
  let browser: Browser;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([startBoardFixture(), launchChromium()]);
  }, BROWSER_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  describe.each(CASES)('at $name width', (c) => {
    let page: Page;
    const field = (name: string) => page.locator(`[name="${name}"]`);
    const submits = () => fixture.harness.calls.filter((x) => x.name === 'dialogSubmitBooking');

    async function openDialog(): Promise<void> {
      await page.goto(`${fixture.harness.url}dialog/new-booking`);
      await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    }

    beforeAll(async () => {
      page = await browser.newPage({
        viewport: c.viewport,
        ...(c.name === 'phone' ? { isMobile: true, hasTouch: true } : {}),
      });
      page.setDefaultTimeout(10_000);
    });

    afterAll(async () => {
      await page?.close();
    });

    it('previews a multi-day trip from its start and end, capped crew hours included, and saves it', async () => {
      // Prepare
      await openDialog();
      await field('durationHours').fill('4');
      await field('date').fill(c.trip.date);
      await field('time').fill(c.trip.time);
      await field('endDate').fill(c.trip.endDate);
      await field('endTime').fill(c.trip.endTime);
      await field('guestName').fill(c.trip.guest);
      await field('boat').fill('Sea Breeze');
      await field('ownerEarnings').fill('6480');

      // Assess: the end wins; the duration box is disabled and says so.
      const trip = page.locator('#preview #trip');
      await trip.waitFor();
      expect(await trip.textContent()).toBe(c.tripWords);
      expect(await field('durationHours').isDisabled()).toBe(true);
      expect(await field('durationHours').inputValue()).toBe('');
      expect(await field('durationHours').getAttribute('placeholder')).toBe('set by the end time');
      expect(await page.locator('#preview').innerText()).toContain(c.cappedLine);
      expect(await page.locator('#clash').isHidden()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        c.viewport.width,
      );
      await trip.scrollIntoViewIfNeeded();
      await screenshot(page, `new-booking-multiday-${c.name}`);

      // Act
      await page.getByRole('button', { name: 'Save booking' }).click();

      // Assess: one booking, from start to end, with the elapsed hours.
      await page.locator('#status.ok').waitFor();
      const row = await eventually(
        () => fixture.sandbox.rows('Bookings').find((r) => String(r['Guest']) === c.trip.guest),
        (r) => r !== undefined,
      );
      const hours = c.name === 'laptop' ? 54 : 39;
      expect(row).toMatchObject({
        Start: `${c.trip.date}T${c.trip.time}:00-08:00`,
        End: `${c.trip.endDate}T${c.trip.endTime}:00-08:00`,
        'Duration (h)': hours,
        'Clash with': '',
      });
      await screenshot(page, `new-booking-multiday-${c.name}-saved`);
    });

    it('names the booking it would clash with, saves nothing on "Save booking", and saves on "Save anyway"', async () => {
      // Prepare
      await openDialog();
      await field('date').fill(c.clash.date);
      await field('time').fill(c.clash.time);
      await field('durationHours').fill(c.clash.hours);
      await field('guestName').fill(c.clash.guest);
      await field('boat').fill('Sea Breeze');
      await field('ownerEarnings').fill('612.50');

      // Assess: the preview already warns, naming the other booking and its guest.
      const warning = page.locator('#clash');
      await warning.waitFor();
      expect(await page.locator('#clash-text').textContent()).toBe(
        '\u26a0 Sea Breeze is already booked then:',
      );
      const named = await page.locator('#clash-list li').allTextContents();
      expect(named).toHaveLength(1);
      expect(named[0]).toContain(`${c.clashWith} (${c.clashGuest}, `);
      expect(named[0]).toMatch(/ on Sea Breeze \(42 ft Bayliner\)$/);
      const before = submits().length;

      // Act: "Save booking" is refused because of the clash.
      await page.getByRole('button', { name: 'Save booking' }).click();

      // Assess
      await page.locator('#status.warn').filter({ hasText: 'Not saved yet' }).waitFor();
      expect(await page.locator('#clash-text').textContent()).toBe(
        '\u26a0 Not saved yet: Sea Breeze is already booked then:',
      );
      expect(submits()).toHaveLength(before + 1);
      expect(submits().at(-1)?.args[0]).toMatchObject({ confirmClash: '' });
      const guests = () => fixture.sandbox.rows('Bookings').map((r) => String(r['Guest']));
      expect(guests()).not.toContain(c.clash.guest);
      await warning.scrollIntoViewIfNeeded();
      await screenshot(page, `new-booking-clash-${c.name}`);

      // Act
      await page.getByRole('button', { name: 'Save anyway' }).click();

      // Assess: saved, and both rows carry the other's id.
      const status = page.locator('#status.ok');
      await status.waitFor();
      expect(await status.textContent()).toMatch(
        new RegExp(` saved and published\\. Marked as clashing with ${c.clashWith}\\.$`),
      );
      expect(submits().at(-1)?.args[0]).toMatchObject({ confirmClash: 'yes' });
      expect(await warning.isHidden()).toBe(true);
      const saved = fixture.sandbox
        .rows('Bookings')
        .find((r) => String(r['Guest']) === c.clash.guest);
      expect(saved?.['Clash with']).toBe(c.clashWith);
      expect(String(fixture.booking(c.clashWith)?.['Clash with'])).toContain(
        String(saved?.['Booking ID']),
      );
      await screenshot(page, `new-booking-clash-${c.name}-saved`);
    });
  });

  it('an edit after "Save anyway" was refused withdraws the confirmation', async () => {
    // Prepare: a clash on the laptop booking's first day.
    const page = await browser.newPage({ viewport: LAPTOP });
    await page.goto(`${fixture.harness.url}dialog/new-booking`);
    await page.locator('[name="date"]').fill('2026-12-27');
    await page.locator('[name="time"]').fill('09:00');
    await page.locator('[name="durationHours"]').fill('2');
    await page.locator('[name="guestName"]').fill('Edit Later');
    await page.locator('[name="boat"]').fill('sea  breeze');
    await page.locator('[name="ownerEarnings"]').fill('300');
    await page.locator('#clash').waitFor();
    await page.evaluate(() => {
      (document.querySelector('[name="confirmClash"]') as HTMLInputElement).value = 'yes';
    });

    // Act
    await page.locator('[name="partySize"]').fill('3');
    await page.getByRole('button', { name: 'Save booking' }).click();

    // Assess
    await page.locator('#status.warn').waitFor();
    const last = fixture.harness.calls.filter((x) => x.name === 'dialogSubmitBooking').at(-1);
    expect(last?.args[0]).toMatchObject({ confirmClash: '', guestName: 'Edit Later' });
    await page.close();
  });
});
