/**
 * The "New booking" dialog (the Apps Script side's HTML) in Chromium, served by the board
 * harness from what menuNewBooking shows, with google.script.run bound to the same built bundle:
 * client-side validation, the live finance preview, and a submit that lands on the board.
 */
import type { Browser, Page } from 'playwright-core';
import { TABS } from '../../gas/sheets/schema';
import {
  eventually,
  launchBrowser,
  screenshot,
  startBoardFixture,
  type BoardFixture,
} from './support';

const GUEST = `Ana "Skipper" O'Neil & <b>Co</b>`;

describe('New booking dialog in Chromium', () => {
  let fixture: BoardFixture;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([startBoardFixture(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 560, height: 720 } });
    page.setDefaultTimeout(8000);
    await page.goto(`${fixture.harness.url}dialog/new-booking`);
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  const field = (name: string) => page.locator(`[name="${name}"]`);

  it('refuses an empty form in the browser, without calling the server', async () => {
    // Act
    await page.getByRole('button', { name: 'Save booking' }).click();

    // Assess
    await page
      .getByRole('status')
      .filter({ hasText: 'Please fix the highlighted fields.' })
      .waitFor();
    expect(await page.locator('.error[data-for="guestName"]').textContent()).toBe('required');
    expect(await page.locator('.error[data-for="date"]').textContent()).toBe('choose a date');
    expect(fixture.harness.calls.filter((c) => c.name === 'dialogSubmitBooking')).toEqual([]);
  });

  it('previews the finances and saves a booking that appears on the board', async () => {
    // Prepare
    await field('date').fill('2026-12-20');
    await field('time').fill('10:00');
    await field('durationHours').fill('4');
    await field('guestName').fill(GUEST);
    await field('partySize').fill('6');
    await field('boat').fill('Sea Breeze');
    await field('ownerEarnings').fill('840.75');
    await page.locator('#preview table').waitFor();
    expect(await page.locator('#preview').innerText()).toContain('$840.75');
    await screenshot(page, 'new-booking-dialog');

    // Act
    await page.getByRole('button', { name: 'Save booking' }).click();

    // Assess: saved through the same pipeline as e-mail, card in New Bookings.
    await page.locator('#status.ok').waitFor();
    const row = await eventually(
      () => fixture.kanban().find((r) => String(r['Guest first name']) === 'Ana'),
      (r) => r !== undefined,
    );
    expect(row).toMatchObject({ Lane: 'New Bookings', Gross: 840.75 });
    const accepted = await fixture.bridge.accepted();
    expect(accepted.map((r) => r.booking.guestName)).toEqual([GUEST]);

    const board = await browser.newPage();
    await board.goto(fixture.harness.url);
    const card = board.locator(`.card[data-id="${String(row!['Booking ID'])}"]`);
    expect(await card.locator('.card-meta').textContent()).toBe(
      '10:00 AM \u00b7 Ana \u00b7 6 guests',
    );
    await card.locator('button.details').click();
    await board.locator('#detail .steps').waitFor();
    expect(await board.locator('#detail-sub').textContent()).toContain(GUEST);
    expect(fixture.sandbox.rows(TABS.bookings).length).toBeGreaterThan(1);
    await board.close();
  });
});
