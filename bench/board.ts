/**
 * The kanban board in Chromium at 100 and 1,000 cards (the board harness's generated sheet):
 * time to the first screen (from the navigation's start until the page has painted its inlined
 * cards: the `FIRST_SCREEN_MARK` the page sets, read in the page's own clock so the harness's
 * server work in this process does not count; the time Playwright saw a card is in the detail;
 * the page inlines the upcoming cards and loads the past ones after) and a move's round trip (drag a card to another lane, once the
 * whole board is loaded, until the server's answer is back in the page), interleaved, medians.
 * Target (issue 14): at 1,000 cards, each within 1.5x of the same at 100 cards.
 */
import type { Browser } from 'playwright-core';
import { FIRST_SCREEN_MARK } from '../shared/board-time';
import { CANCELLED_LANE } from '../shared/lanes';
import { startSampleBoard, type SampleBoard } from '../local/board-harness';
import { LAPTOP } from '../test/browser/support';
import { launchChromium } from '../local/browser/chromium';
import { info, interleaved, round, spread, spreadDetail, versus, type Figure } from './figures';

interface Visit {
  /** Navigation start until the page's first screen was painted (its User Timing mark). */
  firstScreen: number;
  /** The same as this process saw it: goto until a card is visible to Playwright. */
  observed: number;
  move: number;
}

async function firstScreenAndMove(browser: Browser, board: SampleBoard): Promise<Visit> {
  const context = await browser.newContext({ viewport: LAPTOP });
  try {
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(board.url, { waitUntil: 'domcontentloaded' });
    await page.locator('.card').first().waitFor({ state: 'visible', timeout: 60_000 });
    const observed = performance.now() - t0;
    // The past cards the first screen left out arrive next (boardLoad); move once they are in.
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
    const firstScreen = await page.evaluate(
      (mark) => performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN,
      FIRST_SCREEN_MARK,
    );
    if (!Number.isFinite(firstScreen))
      throw new Error(`the board set no ${FIRST_SCREEN_MARK} mark`);

    const lanes = await page
      .locator('.lane')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.lane ?? ''));
    // Never a cancelled card (moving one out of Cancelled asks first) nor into Cancelled.
    const card = page.locator(`.lane:not([data-lane="${CANCELLED_LANE}"]) .card`).first();
    const from = await card.evaluate((el) => el.closest<HTMLElement>('.lane')?.dataset.lane ?? '');
    const to = lanes.find((l) => l && l !== from && l !== CANCELLED_LANE) ?? '';
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes('/rpc/boardMoveCard'),
      { timeout: 60_000 },
    );
    const t1 = performance.now();
    await card.dragTo(page.locator(`.lane[data-lane="${to}"]`));
    await answered;
    const move = performance.now() - t1;
    return { firstScreen, observed, move };
  } finally {
    await context.close();
  }
}

export async function benchBoard(rounds: number): Promise<Figure[]> {
  const browser = await launchChromium();
  const small = await startSampleBoard({ cards: 100 });
  const large = await startSampleBoard({ cards: 1000 });
  try {
    await firstScreenAndMove(browser, small); // warm-up: browser and server caches
    await firstScreenAndMove(browser, large);
    const moves: number[][] = [[], []];
    const observed: number[][] = [[], []];
    const visit = async (board: SampleBoard, i: number) => {
      const v = await firstScreenAndMove(browser, board);
      moves[i]?.push(v.move);
      observed[i]?.push(v.observed);
      return v.firstScreen;
    };
    const [smallFirst, largeFirst] = await interleaved(rounds, [
      () => visit(small, 0),
      () => visit(large, 1),
    ]);
    const sf = spread(smallFirst ?? []);
    const lf = spread(largeFirst ?? []);
    const sm = spread(moves[0] ?? []);
    const lm = spread(moves[1] ?? []);
    const seen = (i: number) => round(spread(observed[i] ?? []).median, 1);
    return [
      info('board first screen, 100 cards (Chromium), median', round(sf.median, 1), 'ms', {
        ...spreadDetail(sf),
        'seen by the test driver (median)': seen(0),
      }),
      versus(
        'board first screen, 1,000 cards, median',
        round(lf.median, 1),
        'ms',
        { name: 'the same board with 100 cards', value: round(sf.median, 1), unit: 'ms' },
        { kind: 'fraction', atMost: 1.5 },
        { ...spreadDetail(lf), 'seen by the test driver (median)': seen(1) },
      ),
      info('board move round trip, 100 cards, median', round(sm.median, 1), 'ms', spreadDetail(sm)),
      versus(
        'board move round trip, 1,000 cards, median',
        round(lm.median, 1),
        'ms',
        { name: 'the same move with 100 cards', value: round(sm.median, 1), unit: 'ms' },
        { kind: 'fraction', atMost: 1.5 },
        spreadDetail(lm),
      ),
    ];
  } finally {
    await Promise.allSettled([small.stop(), large.stop(), browser.close()]);
  }
}
