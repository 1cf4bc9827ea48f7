/**
 * A board whose trips have all sailed (a sheet between seasons, or the sandbox's sample mail):
 * the Upcoming view says so, instead of six empty lanes, and one click shows the past trips.
 * In Chromium at laptop and phone width; screenshots go to test-artifacts/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { TABS } from '../../gas/sheets/schema';
import {
  BOARD_NOW,
  BROWSER_SETUP_MS,
  LAPTOP,
  launchBrowser,
  PHONE,
  screenshot,
  startBoardFixture,
  type BoardFixture,
} from './support';

/** Keeps the header and the rows of trips that started before the board's "now". */
function onlySailed(rows: unknown[][]): unknown[][] {
  const [header, ...data] = rows;
  const start = (header ?? []).indexOf('Start');
  return [header ?? [], ...data.filter((row) => Date.parse(String(row[start])) < BOARD_NOW)];
}

describe('A board with only past trips, in Chromium', () => {
  let fixture: BoardFixture;
  let browser: Browser;
  let sailed: number;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([
      startBoardFixture({
        edit: (tabs) => {
          for (const tab of [TABS.bookings, TABS.kanban])
            tabs[tab] = onlySailed(tabs[tab] ?? []) as never;
          sailed = (tabs[TABS.kanban]?.length ?? 1) - 1;
        },
      }),
      launchBrowser(),
    ]);
  }, BROWSER_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  for (const [width, viewport] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    it(`says there is no upcoming trip and shows the past ones on one click (${width})`, async () => {
      // Prepare
      const page: Page = await browser.newPage({ viewport });
      await page.goto(fixture.harness.url);
      await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
      const hint = page.locator('#filter-empty');
      await hint.waitFor({ state: 'visible' });
      await screenshot(page, `board-all-past-${width}`);

      // Assess: the line, not six blank lanes
      expect(sailed).toBeGreaterThan(1);
      expect(await page.locator('#filter-empty-text').textContent()).toBe(
        `No upcoming trips. ${sailed} past trips are on the board.`,
      );
      expect(await page.locator('.card').count()).toBe(0);

      // Act
      await page.locator('#filter-empty-show').click();

      // Assess
      expect(await page.locator('#filter').inputValue()).toBe('past');
      expect(await page.locator('.card').count()).toBe(sailed);
      expect(await hint.isHidden()).toBe(true);
      await page.close();
    });
  }
});
