/**
 * The kanban board in a real browser (local/browser/chromium), served by the harness exactly as
 * doGet produces it from the built bundle, with google.script.run bound to the same bundle and
 * sheet. Each test uses its own card(s), so they can share one sheet and one browser.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HOSTILE_GUEST } from '../../local/board-harness/seed';
import { TABS } from '../../gas/sheets/schema';
import {
  BROWSER_SETUP_MS,
  eventually,
  LAPTOP,
  PHONE,
  screenshot,
  startBoardFixture,
  type BoardFixture,
} from './support';
import { launchChromium } from '../../local/browser/chromium';

const HOSTILE_TITLE = `Boatsetter \u2014 "Sunset" & <img src=x onerror="alert('t')"> (2h)`;

describe('Kanban board in Chromium', () => {
  let fixture: BoardFixture;
  let browser: Browser;
  let context: BrowserContext;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([
      startBoardFixture({
        extra: [
          {
            id: 'BS-66666',
            guest: HOSTILE_GUEST,
            start: '2026-12-19T15:00:00-08:00',
            hours: 2,
            party: 3,
            ownerEarnings: 30000,
            lane: 'Completed',
            crew: 'pending',
          },
        ],
        edit: (tabs) => {
          // A captain (or a hostile e-mail) put markup into cells the board shows.
          const kanban = tabs[TABS.kanban]!;
          const header = kanban[0]!.map(String);
          const row = kanban.find((r) => r[0] === 'BS-66666')!;
          row[header.indexOf('Title')] = HOSTILE_TITLE;
          row[header.indexOf('Guest first name')] = HOSTILE_GUEST;
          row[header.indexOf('Guest page URL')] = "javascript:alert('url')";
        },
      }),
      launchChromium(),
    ]);
    context = await browser.newContext({ viewport: LAPTOP });
    // Fail a step in seconds, with its name, instead of at the test's 30 s timeout.
    context.setDefaultTimeout(8000);
  }, BROWSER_SETUP_MS);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await fixture?.stop();
  });

  /** The board as the captain opens it; `show` picks the filter ("all" shows past trips too). */
  async function openBoard(
    target: BrowserContext = context,
    show: 'upcoming' | 'all' = 'all',
  ): Promise<Page> {
    const page = await target.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(fixture.harness.url);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    if (show !== 'upcoming') await page.locator('#filter').selectOption(show);
    return page;
  }

  const card = (page: Page, id: string) => page.locator(`.card[data-id="${id}"]`);
  const lane = (page: Page, name: string) => page.locator(`.lane[data-lane="${name}"]`);
  /** The lane holding the card, read in one query (the card's node is redrawn after a save). */
  const laneOf = (page: Page, id: string) =>
    page.locator(`.lane:has(.card[data-id="${id}"])`).getAttribute('data-lane');

  it('serves the board from doGet: lanes, cards with money, totals, title and no framing', async () => {
    // Act
    const page = await context.newPage();
    const response = await page.goto(fixture.harness.url);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });

    // Assess
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    expect(await page.title()).toBe('Charter board');
    expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toBe(
      'width=device-width, initial-scale=1',
    );
    expect(await page.locator('.lane .lane-name').allTextContents()).toEqual([
      'New Bookings',
      'Crew Confirmed',
      'Ready',
      'Completed',
      'Paid',
      'Cancelled',
    ]);
    const maria = card(page, 'BS-48213');
    expect(await maria.locator('.card-title').textContent()).toBe('Maria Lopez');
    expect(await maria.locator('.card-when').textContent()).toBe(
      'Sat, Nov 28 \u00b7 9:00 AM \u00b7 4h',
    );
    expect(await maria.locator('.card-meta').textContent()).toBe(
      'Sea Breeze (42 ft Bayliner) \u00b7 6 guests',
    );
    expect(await maria.locator('.money').innerText()).toMatch(
      /GROSS\s+\$840\.75\s+NET\s+\$189\.41\s+CREW\s+\$500\.00\s+PORT FEE\s+\$151\.34/,
    );
    expect(await maria.locator('.crew .chip').textContent()).toBe('Crew: 1 of 3 confirmed');
    expect(await maria.locator('.crew-members li').allTextContents()).toEqual([
      '\u2713 Sam (captain)',
      '\u2026 Dana (deckhand)',
      '\u2026 Lee (deckhand)',
    ]);
    expect(await maria.locator('a.guest-link').getAttribute('href')).toBe(
      'https://guests.example.com/g/bs-48213',
    );
    // New Bookings: Maria $840.75 + Tom $612.00; net $189.41 + $101.84.
    expect(await lane(page, 'New Bookings').locator('.lane-totals').innerText()).toMatch(
      /Gross \$1,452\.75\s+Net \$291\.25/,
    );
    // The default view is "Upcoming"; "All" adds the past trips.
    expect(await page.locator('#summary').innerText()).toMatch(
      /BOOKINGS\s+5\s+GROSS\s+\$2,202\.75/,
    );
    await screenshot(page, 'board-laptop');
    await page.locator('#filter').selectOption('all');
    expect(await page.locator('#summary').innerText()).toMatch(
      /BOOKINGS\s+8\s+GROSS\s+\$6,513\.25/,
    );
    await page.close();
  });

  it('fits a phone: lanes scroll sideways and nothing else overflows', async () => {
    // Prepare
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await openBoard(phone);

    // Assess
    const layout = await page.evaluate(() => {
      const board = document.getElementById('board')!;
      const laneBox = document.querySelector('.lane')!.getBoundingClientRect();
      return {
        boardScrolls: board.scrollWidth > board.clientWidth,
        pageWidth: document.documentElement.scrollWidth,
        laneWidth: laneBox.width,
      };
    });
    expect(layout.boardScrolls).toBe(true);
    expect(layout.pageWidth).toBeLessThanOrEqual(PHONE.width);
    expect(layout.laneWidth).toBeLessThan(PHONE.width);
    await screenshot(page, 'board-phone');
    await page.locator('.card').first().locator('button.details').click();
    await page.locator('#detail .steps').waitFor();
    await screenshot(page, 'board-phone-detail');
    await phone.close();
  });

  it('moves a card by drag and drop; after a reload it is still moved and the sheet row changed', async () => {
    // Prepare
    const page = await openBoard();

    // Act
    await card(page, 'BS-48213').dragTo(lane(page, 'Crew Confirmed'));

    // Assess: the UI moved at once, the server confirmed, the sheet holds it.
    expect(await laneOf(page, 'BS-48213')).toBe('Crew Confirmed');
    await page.getByRole('status').filter({ hasText: 'Moved' }).waitFor();
    expect(fixture.card('BS-48213')).toMatchObject({ Lane: 'Crew Confirmed', Version: 2 });
    expect(fixture.booking('BS-48213')?.Status).toBe('Crew Confirmed');
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    expect(await laneOf(page, 'BS-48213')).toBe('Crew Confirmed');
    await page.close();
  });

  it('moves a focused card with Alt+Arrow keys and with the labelled arrow buttons', async () => {
    // Prepare
    const page = await openBoard();
    const tom = card(page, 'BS-48377');
    await tom.focus();

    // Act
    await page.keyboard.press('Alt+ArrowRight');

    // Assess
    expect(await laneOf(page, 'BS-48377')).toBe('Crew Confirmed');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id)).toBe(
      'BS-48377',
    );
    await eventually(
      () => fixture.card('BS-48377'),
      (row) => row?.Lane === 'Crew Confirmed' && row.Version === 2,
    );

    // Act: the next move waits for the first and uses the version it produced.
    await page.keyboard.press('Alt+ArrowRight');
    const back = `Move Tom & Jerry's "Crew" O'Neil, Sun, Nov 29 to Crew Confirmed`;
    await page.getByRole('button', { name: back }).waitFor();
    await eventually(
      () => fixture.card('BS-48377'),
      (row) => row?.Lane === 'Ready' && row.Version === 3,
    );
    await page.getByRole('button', { name: back }).click();

    // Assess
    await eventually(
      () => fixture.card('BS-48377'),
      (row) => row?.Lane === 'Crew Confirmed' && row.Version === 4,
    );
    expect(await laneOf(page, 'BS-48377')).toBe('Crew Confirmed');
    expect(await page.getByRole('alert').isVisible()).toBe(false);
    await page.close();
  });

  it('refuses a move from a stale tab, shows why and puts the card where the sheet has it', async () => {
    // Prepare: two tabs see Priya's card in Crew Confirmed; tab B moves it first.
    const tabA = await openBoard();
    const tabB = await openBoard();
    await card(tabB, 'BS-47920').focus();
    await tabB.keyboard.press('Alt+ArrowRight');
    await eventually(
      () => fixture.card('BS-47920'),
      (row) => row?.Lane === 'Ready',
    );

    // Act: tab A, still showing version 1, moves it elsewhere.
    const callsBefore = fixture.harness.calls.length;
    await card(tabA, 'BS-47920').focus();
    await tabA.keyboard.press('Alt+ArrowLeft');

    // Assess
    const alert = tabA.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/changed elsewhere \(now in "Ready"\)/);
    expect(await laneOf(tabA, 'BS-47920')).toBe('Ready');
    expect(fixture.card('BS-47920')).toMatchObject({ Lane: 'Ready', Version: 2 });
    // The refusal showed tab A was out of date: it reloads the whole board.
    await eventually(
      () => fixture.harness.calls.slice(callsBefore).map((c) => c.name),
      (names) => names.join() === 'boardMoveCard,boardLoad',
    );
    await screenshot(tabA, 'board-conflict');
    await Promise.all([tabA.close(), tabB.close()]);
  });

  it('rolls a move back with a message when the sheet is busy or the call fails', async () => {
    // Prepare: an inbox run holds the script lock.
    const page = await openBoard();
    fixture.sandbox.runtime.lock.holdFor('inbox-run');

    // Act
    await card(page, 'DIR-0007').dragTo(lane(page, 'Completed'));

    // Assess
    await page.getByRole('alert').filter({ hasText: 'busy' }).waitFor();
    expect(await laneOf(page, 'DIR-0007')).toBe('Ready');
    expect(fixture.card('DIR-0007')).toMatchObject({ Lane: 'Ready', Version: 1 });
    fixture.sandbox.runtime.lock.releaseFor('inbox-run');

    // Act: the network drops the call.
    await page.route('**/rpc/boardMoveCard', (route) => route.abort());
    await page.locator('#alert-close').click();
    await card(page, 'DIR-0007').focus();
    await page.keyboard.press('Alt+ArrowRight');

    // Assess
    await page.getByRole('alert').filter({ hasText: 'could not be saved' }).waitFor();
    expect(await laneOf(page, 'DIR-0007')).toBe('Ready');
    expect(fixture.card('DIR-0007')).toMatchObject({ Lane: 'Ready', Version: 1 });
    await page.close();
  });

  it('renders hostile text from the sheet as plain text: no script runs, no markup appears', async () => {
    // Act
    const page = await openBoard();
    const hostile = card(page, 'BS-66666');
    await hostile.locator('button.details').click();
    await page.locator('#detail .steps').waitFor();

    // Assess
    expect(await hostile.locator('.card-title').textContent()).toBe(HOSTILE_GUEST);
    expect(await page.locator('#detail-title').textContent()).toBe(HOSTILE_GUEST);
    expect(await page.locator('#board img, #detail img').count()).toBe(0);
    expect(await page.locator('body script').count()).toBe(2); // the state and the bundle, nothing else
    expect(await hostile.locator('a').count()).toBe(0); // a javascript: URL is never a link
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows the detail panel (finance, systems, history) and retries a failed step', async () => {
    // Prepare: Maria's calendar step failed on the last run.
    const page = await openBoard();
    const attention = card(page, 'BS-48213').locator('button.attention');
    expect(await attention.textContent()).toMatch(
      /^\u26a0 Calendar didn't answer; retrying at \d\d:\d\d$/,
    );
    expect(await attention.getAttribute('class')).toContain('amber');
    await attention.click();
    const panel = page.getByRole('dialog');
    await panel.locator('.steps').waitFor();

    // Assess the panel
    expect(await panel.locator('table.finance').innerText()).toMatch(
      /Revenue\s+\$840\.75[\s\S]*Crew cost\s+\$500\.00[\s\S]*Port fee\s+\$151\.34[\s\S]*Net\s+\$189\.41/,
    );
    expect(await panel.locator('[data-step="calendar"] .chip').textContent()).toBe('Failed');
    expect(await panel.locator('[data-step="crewEvent"] .chip').textContent()).toBe('Done');
    expect(await panel.locator('.last-error').textContent()).toMatch(
      /calendar service answered 503/,
    );
    expect(await panel.locator('table.history tr').count()).toBeGreaterThanOrEqual(3);
    expect(await panel.locator('button.retry').count()).toBe(1);
    await screenshot(page, 'board-detail');

    // Act
    await panel.getByRole('button', { name: 'Retry Calendar' }).click();

    // Assess: the bundle re-sent the booking to the bridge; every step is done now.
    await panel.locator('.panel-message.ok').waitFor();
    expect(await panel.locator('[data-step="calendar"] .chip').textContent()).toBe('Done');
    expect(await panel.locator('button.retry').count()).toBe(0);
    const accepted = await fixture.bridge.accepted();
    expect(accepted.map((r) => r.booking.id)).toEqual(['BS-48213']);
    expect(fixture.booking('BS-48213')).toMatchObject({ Calendar: 'done', 'Last error': '' });

    // Closing shows the board, reloaded: the card has nothing to flag any more.
    await page.keyboard.press('Escape');
    expect(await panel.isVisible()).toBe(false);
    await attention.waitFor({ state: 'detached' });
    await page.close();
  });

  it('walks between cards with the arrow keys; Enter opens details, Escape returns to the card', async () => {
    // Prepare
    const page = await openBoard();
    await card(page, 'BS-47302').focus(); // the only card in Paid
    const focused = () =>
      page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id ?? null);

    // Act + Assess
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('BS-66666'); // Completed, first card: upcoming before past
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('BS-47511');
    await page.keyboard.press('Enter');
    await page.locator('#detail .steps').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('detail-close');
    await page.keyboard.press('Escape');
    expect(await focused()).toBe('BS-47511');
    expect(await laneOf(page, 'BS-47511')).toBe('Completed'); // walking never moves a card
    await page.close();
  });

  it('filters by month, with totals for the month shown', async () => {
    const page = await openBoard();
    await page.locator('#filter').selectOption({ label: 'Dec 2026' });
    const ids = await page
      .locator('.card')
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.id));
    expect(ids.sort()).toEqual(['BS-47101', 'BS-66666', 'DIR-0007']);
    expect(await page.locator('#summary').innerText()).toMatch(/BOOKINGS\s+3\s+GROSS\s+\$750\.00/);
    await page.close();
  });
});
