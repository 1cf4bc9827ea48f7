/**
 * A booking that gave up, and a captain e-mail in doubt, on the kanban board in a real browser
 * (local/browser/chromium), served by the harness from the built bundle: the gave-up card says so
 * in red with "Retry now", and one click on it sends the booking again; the doubt is shown as a
 * doubt (not done, not failed) and offers nothing to re-send.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../local/browser/chromium';
import {
  BROWSER_SETUP_MS,
  LAPTOP,
  PHONE,
  screenshot,
  startBoardFixture,
  type BoardFixture,
} from './support';

const GAVE_UP = 'failed (gave up)';

describe('Kanban board in Chromium: gave up and doubt', () => {
  let fixture: BoardFixture;
  let browser: Browser;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([
      startBoardFixture({
        extra: [
          {
            id: 'BS-77001',
            guest: 'Gail Upton',
            start: '2026-12-12T09:00:00-08:00',
            hours: 3,
            party: 4,
            ownerEarnings: 60000,
            lane: 'New Bookings',
            crew: 'pending',
            steps: {
              Calendar: GAVE_UP,
              'Crew event': GAVE_UP,
              Checklist: GAVE_UP,
              'Guest page': GAVE_UP,
              Invalidation: GAVE_UP,
              'Captain e-mail': GAVE_UP,
            },
            lastError: 'bridge unreachable (connection refused); will retry',
          },
          {
            id: 'BS-77002',
            guest: 'Doris Ott',
            start: '2026-12-13T09:00:00-08:00',
            hours: 3,
            party: 2,
            ownerEarnings: 50000,
            lane: 'New Bookings',
            crew: 'pending',
            steps: { 'Captain e-mail': 'uncertain (not re-sent)' },
          },
        ],
        edit: (tabs) => {
          const bookings = tabs.Bookings!;
          const header = bookings[0]!.map(String);
          const row = bookings.find((r) => r[0] === 'BS-77001')!;
          row[header.indexOf('Tries')] = 7;
        },
      }),
      launchChromium(),
    ]);
  }, BROWSER_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  async function openBoard(viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(8000);
    await page.goto(fixture.harness.url);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    await page.locator('#filter').selectOption('all');
    return page;
  }

  const card = (page: Page, id: string) => page.locator(`.card[data-id="${id}"]`);

  it('shows the doubt as a doubt: not done, not failed, nothing to re-send', async () => {
    const page = await openBoard(LAPTOP);
    const doubt = card(page, 'BS-77002');
    const note = doubt.locator('button.attention.doubt');
    expect(await note.textContent()).toMatch(/Captain e-mail uncertain.*never sent twice/);
    expect(await doubt.locator('button.card-retry').count()).toBe(0);
    await doubt.scrollIntoViewIfNeeded();
    await screenshot(page, 'board-email-doubt');

    await note.click();
    const panel = page.getByRole('dialog');
    await panel.locator('.steps').waitFor();
    expect(await panel.locator('[data-step="captainEmail"] .chip').textContent()).toBe('Uncertain');
    expect(await panel.locator('button.retry').count()).toBe(0);
    await page.close();
  });

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ])('says a booking gave up and sends it again on one click (%s)', async (name, viewport) => {
    // Prepare
    const page = await openBoard(viewport);
    const gaveUp = card(page, 'BS-77001');
    const alert = gaveUp.locator('button.attention.red');
    expect(await alert.textContent()).toBe(
      "\u26a0 Not published: the bridge didn't answer; gave up after 7 tries over about 22.4 h. Press Retry to try again now",
    );
    await gaveUp.scrollIntoViewIfNeeded();
    await screenshot(page, `board-gave-up-${name}`);
    if (name === 'phone') {
      // Only look on the phone; the click happens once, on the laptop.
      expect(await gaveUp.getByRole('button', { name: /^Retry Gail Upton.* now$/ }).count()).toBe(
        1,
      );
      await page.close();
      return;
    }

    // Act: one click on the card
    await gaveUp.locator('button.card-retry').click();

    // Assess: the bundle sent it to the bridge; the card has nothing to flag any more
    await alert.waitFor({ state: 'detached' });
    expect(await page.locator('#toast').textContent()).toMatch(/BS-77001: every step is done/);
    expect((await fixture.bridge.accepted()).map((r) => r.booking.id)).toEqual(['BS-77001']);
    expect(fixture.booking('BS-77001')).toMatchObject({ Calendar: 'done', Tries: '' });
    await page.close();
  });
});
