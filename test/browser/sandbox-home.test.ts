/**
 * The sandbox's home page as a captain uses it, in Chromium at laptop (1280 px) and phone (390 px)
 * width: upcoming charters first with human dates and totals, the past folded away; a captured
 * e-mail opened from /emails and its guest link followed; and the same links after a restart on
 * another port (`--port 0`). Screenshots go to test-artifacts/screenshots/sandbox-*.png.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../local/start';
import { addToInbox, ensureGasBuilt, FILES, FIXTURES, tempDir } from '../e2e/support';
import { BROWSER_SETUP_MS, LAPTOP, launchBrowser, PHONE, screenshot } from './support';

jest.setTimeout(BROWSER_SETUP_MS * 2);

const ZONE = 'America/Los_Angeles';
const DAY = 24 * 60 * 60 * 1000;

/** The worked example's e-mail as booking `id`, departing `days` from now (9:00 AM, 3 h). */
function futureBooking(id: string, days: number): { text: string; day: string } {
  const at = new Date(Date.now() + days * DAY);
  const long = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
  }).format(at);
  const short = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  }).format(at);
  const text = readFileSync(join(FIXTURES, FILES.seed), 'utf8')
    .replaceAll('XHQGMDH', id)
    .replace('Date: Thursday, May 30, 2024', `Date: ${long}`)
    .replace('on Thu, May 30', `on ${short}`)
    .replace(/^Date: .*$/m, `Date: ${new Date().toUTCString()}`);
  return { text, day: short };
}

const SOON = futureBooking('SOON01', 12);
const LATER = futureBooking('LATER02', 40);

async function pageAt(browser: Browser, viewport: typeof LAPTOP): Promise<Page> {
  const context = await browser.newContext({ viewport });
  return context.newPage();
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('The sandbox home page in Chromium', () => {
  let stateDir: string;
  let inboxDir: string;
  let sandbox: Sandbox;
  let browser: Browser;

  beforeAll(async () => {
    ensureGasBuilt();
    stateDir = tempDir('browser-home-state-');
    inboxDir = tempDir('browser-home-inbox-');
    addToInbox(inboxDir, FILES.seed, FILES.confirmed4h, FILES.confirmed8h, FILES.cancelled);
    writeFileSync(join(inboxDir, '10_later.eml'), LATER.text);
    writeFileSync(join(inboxDir, '11_soon.eml'), SOON.text);
    [sandbox, browser] = await Promise.all([
      startSandbox({ stateDir, inboxDir, port: 0, log: () => undefined }),
      launchBrowser(),
    ]);
  }, BROWSER_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(inboxDir, { recursive: true, force: true });
  });

  for (const [name, viewport] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    it(`lists upcoming charters first, with human dates and totals (${name})`, async () => {
      // Prepare
      const page = await pageAt(browser, viewport);
      // Act
      await page.goto(`${sandbox.homeUrl}/`);
      // Assess
      const upcoming = page.locator('#upcoming article');
      expect(await upcoming.evaluateAll((cards) => cards.map((c) => c.dataset.booking))).toEqual([
        'SOON01',
        'LATER02',
      ]);
      const next = page.locator('article.next');
      expect(await next.getAttribute('data-booking')).toBe('SOON01');
      await expect(next.locator('.badge').textContent()).resolves.toBe('Next departure');
      expect(await next.locator('.when').textContent()).toMatch(
        new RegExp(`^${SOON.day} · 9:00 AM – 12:00 PM P[DS]T \\(3 h\\)$`),
      );
      expect(await next.locator('.crew').textContent()).toMatch(/^Crew: no answers yet/);
      // Past trips are folded away, newest first, the year shown.
      const past = page.locator('details#past');
      expect(await past.getAttribute('open')).toBeNull();
      expect(
        await past.locator('article').evaluateAll((c) => c.map((a) => a.dataset.booking)),
      ).toEqual(['4917736', '4829173', 'XHQGMDH']);
      expect(await page.locator('article[data-booking="XHQGMDH"] .when').textContent()).toBe(
        'Thu, May 30, 2024 · 9:00 AM – 12:00 PM PDT (3 h)',
      );
      // Totals: the two upcoming worked examples, exact to the cent.
      const row = page.locator('tr[data-total="upcoming"]');
      expect(await row.locator('th').textContent()).toBe('Upcoming2 charters');
      expect(await row.locator('td').allTextContents()).toEqual([
        '$1,681.50',
        '$800.00',
        '$302.68',
        '$578.82',
      ]);
      await noSidewaysScroll(page);
      const totalsOverflow = await page.evaluate(() => {
        const wrap = document.querySelector('table.totals')!.parentElement!;
        return wrap.scrollWidth - wrap.clientWidth;
      });
      expect(totalsOverflow).toBeLessThanOrEqual(0);
      await screenshot(page, `sandbox-home-${name}`);
      await page.context().close();
    });
  }

  it('opens a captured e-mail from /emails and follows its guest link (laptop and phone)', async () => {
    for (const [name, viewport] of [
      ['laptop', LAPTOP],
      ['phone', PHONE],
    ] as const) {
      // Prepare
      const page = await pageAt(browser, viewport);
      await page.goto(`${sandbox.homeUrl}/emails`);
      await screenshot(page, `sandbox-emails-${name}`);
      // Act
      await page.getByRole('link', { name: /New charter SOON01/ }).click();
      await page.waitForURL(/\/emails\/\d+$/);
      await noSidewaysScroll(page);
      await screenshot(page, `sandbox-email-${name}`);
      const guestLink = page.locator('.email-body a', { hasText: '/g/soon01' });
      expect(await guestLink.getAttribute('href')).toBe(`${sandbox.homeUrl}/g/soon01`);
      await guestLink.click();
      // Assess
      await page.waitForURL(`${sandbox.homeUrl}/g/soon01`);
      expect(await page.textContent('body')).toContain('Hi Alicia,');
      await screenshot(page, `sandbox-guest-page-${name}`);
      await page.context().close();
    }
  });

  it('keeps guest and checklist links working after a restart on another port', async () => {
    // Prepare
    const before = sandbox.homeUrl;
    await sandbox.stop();
    sandbox = await startSandbox({ stateDir, inboxDir, port: 0, log: () => undefined });
    expect(sandbox.homeUrl).not.toBe(before);
    const page = await pageAt(browser, PHONE);
    // Act: the home page's guest link, then the checklist link in the captain e-mail
    await page.goto(`${sandbox.homeUrl}/`);
    await page
      .locator('article[data-booking="SOON01"]')
      .getByRole('link', { name: 'Guest page' })
      .click();
    await page.waitForURL(`${sandbox.homeUrl}/g/soon01`);
    expect(await page.textContent('body')).toContain('Hi Alicia,');
    await page.goto(`${sandbox.homeUrl}/emails`);
    await page.getByRole('link', { name: /New charter SOON01/ }).click();
    await page.locator('.email-body a', { hasText: '/crew/soon01-' }).click();
    // Assess
    await page.waitForURL(new RegExp(`^${sandbox.homeUrl}/crew/soon01-[0-9a-f]{32}\\.html$`));
    expect(await page.textContent('body')).toMatch(/checklist/i);
    await screenshot(page, 'sandbox-restart-checklist-phone');
    await page.context().close();
    // Nothing stored names a port: the links are the sandbox's fixed public origin.
    for (const file of ['spreadsheet.json', 'aws/ses-emails.json', 'aws/scc.json']) {
      const stored = readFileSync(join(stateDir, file), 'utf8');
      expect([file, /127\.0\.0\.1:\d+\/(g|crew)\//.test(stored)]).toEqual([file, false]);
    }
  });
});
