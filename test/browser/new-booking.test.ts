/**
 * The "New booking" dialog (the Apps Script side's HTML) in Chromium, served by the board
 * harness from what menuNewBooking shows, with google.script.run bound to the same built bundle:
 * client-side validation, the live finance preview, and a submit that lands on the board.
 */
import type { Browser, Page } from 'playwright-core';
import { TABS } from '../../gas/sheets/schema';
import {
  eventually,
  BROWSER_SETUP_MS,
  PHONE,
  screenshot,
  startBoardFixture,
  type BoardFixture,
} from './support';
import { launchChromium } from '../../local/browser/chromium';

const GUEST = `Ana "Skipper" O'Neil & <b>Co</b>`;

describe('New booking dialog in Chromium', () => {
  let fixture: BoardFixture;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([startBoardFixture(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 560, height: 720 } });
    page.setDefaultTimeout(8000);
    await page.goto(`${fixture.harness.url}dialog/new-booking`);
  }, BROWSER_SETUP_MS);

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
    expect(await card.locator('.card-title').textContent()).toBe(GUEST);
    expect(await card.locator('.card-when').textContent()).toBe(
      'Sun, Dec 20 \u00b7 10:00 AM \u00b7 4h',
    );
    expect(await card.locator('.badge.source').textContent()).toBe('Direct');
    await card.locator('button.details').click();
    await board.locator('#detail .steps').waitFor();
    expect(await board.locator('#detail-title').textContent()).toBe(GUEST);
    expect(fixture.sandbox.rows(TABS.bookings).length).toBeGreaterThan(1);
    await board.close();
  });

  describe('on a phone', () => {
    let phone: Page;

    beforeAll(async () => {
      phone = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
      phone.setDefaultTimeout(8000);
      await phone.goto(`${fixture.harness.url}dialog/new-booking`);
      await phone.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    });

    const input = (name: string) => phone.locator(`[name="${name}"]`);

    it('fits the screen with a title, one column and placeholders that read as hints', async () => {
      // Assess
      expect(await phone.title()).toBe('New booking');
      expect(await phone.locator('meta[name="viewport"]').getAttribute('content')).toBe(
        'width=device-width, initial-scale=1',
      );
      const layout = await phone.evaluate(() => ({
        pageWidth: document.documentElement.scrollWidth,
        guest: document.querySelector('[name="guestName"]')!.getBoundingClientRect().width,
      }));
      expect(layout.pageWidth).toBeLessThanOrEqual(PHONE.width);
      expect(layout.guest).toBeGreaterThan(PHONE.width * 0.8); // one field per row
      expect(await input('durationHours').getAttribute('placeholder')).toBe('e.g. 3 or 2.5');
      expect(await input('ownerEarnings').getAttribute('placeholder')).toBe('e.g. 840.75');
      const placeholderStyle = await input('ownerEarnings').evaluate(
        (el) => getComputedStyle(el, '::placeholder').fontStyle,
      );
      expect(placeholderStyle).toBe('italic');
      await screenshot(phone, 'new-booking-phone');
    });

    it('names exactly the fields the preview still needs and highlights them', async () => {
      // Act
      await input('date').fill('2026-12-21');
      await input('durationHours').fill('4');
      await input('guestName').fill('Bea Phone');

      // Assess: still missing start time, boat and owner earnings, nothing else.
      await phone
        .locator('#preview')
        .filter({ hasText: 'To see the finances, fill in: Start time, Boat, Owner earnings ($).' })
        .waitFor();
      const needed = await phone
        .locator('label.needed')
        .evaluateAll((labels) =>
          labels.map((l) => (l.querySelector('[name]') as HTMLInputElement).name),
        );
      expect(needed).toEqual(['time', 'boat', 'ownerEarnings']);
      await screenshot(phone, 'new-booking-phone-needs');
    });

    it('shows a loss in red with a warning before saving', async () => {
      // Act: $150 of earnings cannot pay three crew for four hours.
      await input('time').fill('09:00');
      await input('boat').fill('Sea Breeze');
      await input('ownerEarnings').fill('150');

      // Assess
      const warning = phone.locator('#preview .loss-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toMatch(
        /^\u26a0 This charter loses \$[\d,]+\.\d\d: crew/,
      );
      const netColor = await phone
        .locator('#preview tr:last-child td.amount')
        .evaluate((td) => getComputedStyle(td).color);
      expect(netColor).toBe('rgb(217, 48, 37)');
      expect(await phone.locator('label.needed').count()).toBe(0);
      await warning.scrollIntoViewIfNeeded();
      await screenshot(phone, 'new-booking-phone-loss');
    });

    it('closes on Cancel without saving', async () => {
      // Prepare
      const submits = fixture.harness.calls.filter((c) => c.name === 'dialogSubmitBooking').length;

      // Act
      await phone.getByRole('button', { name: 'Cancel' }).click();

      // Assess
      expect(await phone.locator('html').getAttribute('data-host-closed')).toBe('true');
      expect(fixture.harness.calls.filter((c) => c.name === 'dialogSubmitBooking')).toHaveLength(
        submits,
      );
    });
  });
});
