/**
 * The board as a captain uses it, in Chromium at laptop (1280 px) and phone (390 px) width: cards
 * ordered by departure with the past folded away, cards recognisable at a glance, the guard on
 * cancelled cards, the header and notices on a phone, and the month report equal to the rows.
 * Screenshots go to test-artifacts/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TABS } from '../../gas/sheets/schema';
import { centsFromCell, formatUsd } from '../../shared/money';
import {
  BROWSER_SETUP_MS,
  eventually,
  LAPTOP,
  launchBrowser,
  PHONE,
  screenshot,
  startBoardFixture,
  type BoardFixture,
} from './support';

const base = { hours: 4, party: 4, crew: 'pending' as const };
const EXTRA = [
  // Today (Monday Nov 23, 2026) at 2 PM: the next departure.
  {
    ...base,
    id: 'DIR-0100',
    guest: 'Hana Sato',
    start: '2026-11-23T14:00:00-08:00',
    ownerEarnings: 60000,
    lane: 'Ready',
    source: 'manual' as const,
  },
  // Next year: the year is shown.
  {
    ...base,
    id: 'BS-0200',
    guest: 'Omar Haddad',
    start: '2027-01-09T10:00:00-08:00',
    ownerEarnings: 90000,
    lane: 'New Bookings',
  },
  // $150 cannot pay the crew: a loss.
  {
    ...base,
    id: 'BS-0300',
    guest: 'Lukas Becker',
    start: '2026-12-02T09:00:00-08:00',
    ownerEarnings: 15000,
    lane: 'New Bookings',
  },
];

describe('The captain’s board in Chromium', () => {
  let fixture: BoardFixture;
  let browser: Browser;
  let laptop: BrowserContext;
  let phone: BrowserContext;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([startBoardFixture({ extra: EXTRA }), launchBrowser()]);
    laptop = await browser.newContext({ viewport: LAPTOP });
    phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    for (const context of [laptop, phone]) context.setDefaultTimeout(8000);
  }, BROWSER_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  async function open(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(fixture.harness.url);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    return page;
  }

  const idsIn = (page: Page, lane: string) =>
    page
      .locator(`.lane[data-lane="${lane}"] .card`)
      .evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.id));

  it('opens on the upcoming charters, soonest first, with the past folded away', async () => {
    // Act
    const loads = () => fixture.harness.calls.filter((c) => c.name === 'boardLoad').length;
    const loadsBefore = loads();
    const page = await open(laptop);

    // Assess
    expect(await page.locator('#filter').inputValue()).toBe('upcoming');
    expect(await idsIn(page, 'New Bookings')).toEqual([
      'BS-48213',
      'BS-48377',
      'BS-0300',
      'BS-0200',
    ]);
    // Priya (Nov 22), Chen (Nov 14) and Olivia (Oct 31) have sailed: not on the first screen.
    expect(await page.locator('.card[data-id="BS-47920"]').count()).toBe(0);
    // The page inlines only its first screen (upcoming cards); the rest comes with one boardLoad.
    const inlined = JSON.parse((await page.locator('#initial-state').textContent()) ?? '') as {
      cards: Array<{ bookingId: string }>;
      leftOut: number;
    };
    expect(inlined.leftOut).toBe(3);
    expect(inlined.cards.map((c) => c.bookingId)).not.toContain('BS-47920');
    expect(loads() - loadsBefore).toBe(1);
    await page.locator('#filter').selectOption('past');
    expect(
      await page.locator('.card').evaluateAll((c) => c.map((n) => (n as HTMLElement).dataset.id)),
    ).toEqual(['BS-47920', 'BS-47511', 'BS-47302']);
    await page.close();
  });

  for (const [width, context] of [
    ['laptop', () => laptop],
    ['phone', () => phone],
  ] as const) {
    it(`shows who, which boat, when and how long on each card, today and the next departure marked (${width})`, async () => {
      // Act
      const page = await open(context());

      // Assess
      const hana = page.locator('.card[data-id="DIR-0100"]');
      expect(await hana.locator('.card-title').textContent()).toBe('Hana Sato');
      expect(await hana.locator('.card-when').textContent()).toBe(
        'Mon, Nov 23 \u00b7 2:00 PM \u00b7 4h',
      );
      expect(await hana.locator('.card-meta').textContent()).toBe(
        'Sea Breeze (42 ft Bayliner) \u00b7 4 guests',
      );
      expect(await hana.locator('.badge').allTextContents()).toEqual([
        'Next departure',
        'Today',
        'Direct',
      ]);
      expect(await page.locator('#next-departure').innerText()).toMatch(
        /Mon, Nov 23 2:00 PM \u00b7 Hana Sato/,
      );
      expect(await page.locator('.card[data-id="BS-48213"] .badge').allTextContents()).toEqual([
        'This week',
        'Boatsetter',
      ]);
      expect(await page.locator('.card[data-id="BS-0200"] .card-when').textContent()).toMatch(
        /^Sat, Jan 9, 2027/,
      );
      const loss = page.locator('.card[data-id="BS-0300"]');
      expect(await loss.locator('.net-warning').textContent()).toMatch(
        /^\u26a0 This charter loses \$/,
      );
      expect(
        await loss.locator('.money .net dd').evaluate((dd) => getComputedStyle(dd).color),
      ).toBe('rgb(180, 35, 24)');
      await screenshot(page, `captain-board-${width}`);
      await page.close();
    });
  }

  it('asks before a cancelled card leaves Cancelled, and keeps it there when told to', async () => {
    // Prepare: Daniel Kim's charter was cancelled.
    const page = await open(laptop);
    const daniel = page.locator('.card[data-id="BS-47101"]');
    const moves = () => fixture.harness.calls.filter((c) => c.name === 'boardMoveCard').length;
    const before = moves();

    // Act
    await daniel.getByRole('button', { name: /^Move Daniel Kim.* to Paid$/ }).click();

    // Assess: a question, nothing sent yet.
    const question = page.getByRole('alertdialog');
    await question.waitFor();
    expect(await question.locator('#confirm-text').textContent()).toBe(
      'Daniel Kim, Sat, Dec 12 was cancelled. Moving it to "Paid" does not book it again: its calendar entry, crew event and guest page stay withdrawn. Move it anyway?',
    );
    await screenshot(page, 'captain-cancelled-guard-laptop');
    await question.getByRole('button', { name: 'Keep it in Cancelled' }).click();
    expect(await question.isVisible()).toBe(false);
    expect(
      await page.locator('.lane:has(.card[data-id="BS-47101"])').getAttribute('data-lane'),
    ).toBe('Cancelled');
    expect(moves()).toBe(before);

    // Act: this time the captain means it.
    await daniel.getByRole('button', { name: /^Move Daniel Kim.* to Paid$/ }).click();
    await question.getByRole('button', { name: 'Move to Paid' }).click();

    // Assess
    await eventually(
      () => fixture.card('BS-47101'),
      (row) => row?.Lane === 'Paid',
    );
    await page.close();
  });

  it('keeps the header in view on a phone, and a moved card stays in view', async () => {
    // Prepare
    const page = await open(phone);
    await page.mouse.wheel(0, 900);
    await eventually(
      () => page.evaluate(() => window.scrollY),
      (y) => y > 100,
    );

    // Assess: the header with the totals and the filter is still at the top.
    const header = await page.locator('.sticky').boundingBox();
    expect(header?.y).toBe(0);
    expect(await page.locator('#filter').isVisible()).toBe(true);
    await screenshot(page, 'captain-phone-scrolled');

    // Act: move Tom's card to the next lane, which is off screen to the right.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page
      .locator('.card[data-id="BS-48377"]')
      .getByRole('button', { name: /to Crew Confirmed$/ })
      .click();
    const notice = page.getByRole('status').filter({ hasText: 'Moved' });
    await notice.waitFor();
    // The card keeps the focus, so the board scrolls to it; when it cannot, "Show" follows it.
    const show = notice.getByRole('button', { name: 'Show' });
    if (await show.isVisible()) await show.click();

    // Assess: the card is in view in its new lane.
    expect(
      await page.locator('.lane:has(.card[data-id="BS-48377"])').getAttribute('data-lane'),
    ).toBe('Crew Confirmed');
    const box = await page.locator('.card[data-id="BS-48377"]').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    await screenshot(page, 'captain-phone-followed');
    await page.close();
  });

  for (const [width, context] of [
    ['laptop', () => laptop],
    ['phone', () => phone],
  ] as const) {
    it(`shows a month report equal to the sum of the Bookings rows, with an inline SVG chart (${width})`, async () => {
      // Prepare: what the rows say (cancelled bookings are not charters).
      const rows = fixture.sandbox.rows(TABS.bookings).filter((r) => r.Status !== 'Cancelled');
      const sum = (header: string) => rows.reduce((t, r) => t + centsFromCell(r[header]), 0);
      const page = await open(context());

      // Act
      await page.getByRole('button', { name: 'Report' }).click();

      // Assess
      const total = page.locator('.report-table .grand-total td');
      await total.first().waitFor();
      expect(await total.allTextContents()).toEqual([
        'All months',
        '',
        String(rows.length),
        formatUsd(sum('Revenue')),
        formatUsd(sum('Crew cost')),
        formatUsd(sum('Port fee')),
        formatUsd(sum('Net')),
      ]);
      const november = rows.filter((r) => String(r.Start).startsWith('2026-11'));
      expect(
        await page.locator('.report-table .month-total[data-month="2026-11"] td').allTextContents(),
      ).toEqual([
        'Nov 2026 total',
        '',
        String(november.length),
        formatUsd(november.reduce((t, r) => t + centsFromCell(r.Revenue), 0)),
        formatUsd(november.reduce((t, r) => t + centsFromCell(r['Crew cost']), 0)),
        formatUsd(november.reduce((t, r) => t + centsFromCell(r['Port fee']), 0)),
        formatUsd(november.reduce((t, r) => t + centsFromCell(r.Net), 0)),
      ]);
      expect(await page.locator('svg.report-chart rect.bar.gross').count()).toBeGreaterThanOrEqual(
        3,
      );
      expect(await page.locator('script[src]').count()).toBe(0);
      // Nothing scrolls sideways: on a phone each row stacks into "column: figure" lines.
      const fit = await page.evaluate(() => {
        const wrap = document.querySelector('.report-table-wrap')!;
        return {
          page: document.documentElement.scrollWidth,
          table: wrap.scrollWidth - wrap.clientWidth,
        };
      });
      expect(fit.page).toBeLessThanOrEqual(width === 'phone' ? PHONE.width : LAPTOP.width);
      expect(fit.table).toBe(0);
      if (width === 'phone') {
        const net = page.locator('.report-table .grand-total td[data-label="Net"]');
        expect(await net.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Net"');
        const box = await net.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
      }
      // The view reads the rows; it never writes the sheet's Report tab (the menu does).
      expect(fixture.sandbox.runtime.spreadsheet.sheet('Report')).toBeUndefined();
      await screenshot(page, `captain-report-${width}`);
      await page.locator('.report-table .grand-total').scrollIntoViewIfNeeded();
      await screenshot(page, `captain-report-${width}-totals`);
      await page.close();
    });
  }
});
