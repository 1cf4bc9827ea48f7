/**
 * Every page a guest or crew member sees wraps its text on a phone: no sideways scroll at 390 px
 * in Chromium, even with 400-character unbroken words in names, notes, boat names and the
 * meeting point. Each page is also shot at 390 and 1280 px (test-artifacts/screenshots/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  compileCloudFrontFunction,
  isCfResponse,
  viewerRequestEvent,
} from '../../lambda-bridge/edge/runtime';
import { ROOT } from '../gas/support/harness';
import { renderProblemPage } from '../../lambda-bridge/src/crew-invitations/render';
import { renderCrewChecklist } from '../../shared/crew-checklist';
import { renderGuestPage } from '../../shared/guest-page';
import type { BridgeRequest } from '../../shared/bridge-contract';
import { lastMemberPage, requestWithTexts } from '../shared/crew-facing-request';
import { BROWSER_SETUP_MS, LAPTOP, launchBrowser, PHONE, screenshot } from './support';

/** The page that answers a bad /g/ link at the edge: the CloudFront Function's own body. */
function edgeNotFoundPage(uri: string): string {
  const file = join(ROOT, 'lambda-bridge/edge/guest-page-rewrite.js');
  const handler = compileCloudFrontFunction(readFileSync(file, 'utf8'), file);
  const event = viewerRequestEvent('/');
  event.request.uri = uri;
  const answer = handler(event);
  if (!isCfResponse(answer)) throw new Error(`the edge let ${uri} through`);
  return String(answer.body);
}

/** 400 characters with no place to break: what a pasted link or a mashed key gives. */
const word = (seed: string): string => seed.repeat(Math.ceil(400 / seed.length)).slice(0, 400);

function hostileRequest(): BridgeRequest {
  return requestWithTexts({
    guestName: `Alicia ${word('Gomez')}`,
    boat: `Queen${word('OfSanDiego')}`,
    pickupLocation: `Dock${word('SheratonMarinaHarborIsland')}`,
    notes: `Birthday ${word('celebration')}\nBring ${word('sunscreen')} please.`,
    bookingCaptain: `Sam${word('Rivera')}`,
    captainName: `Dana ${word('Whitfield')}`,
    member: { name: `Jo ${word('Park')}`, role: `deckhand${word('x')}` },
  });
}

const CHECKLIST_URL = `https://charters.example/crew/queen-${'a1b2c3d4'.repeat(4)}.html`;

/** The hostile crew member's magic-link page, with a long answer notice. */
const invitationPage = (open: boolean): string =>
  lastMemberPage(hostileRequest(), {
    checklistUrl: CHECKLIST_URL,
    action: `https://bridge.example/crew/${'t0k3n'.repeat(30)}`,
    open,
    notice: `Your answer was saved: ${word('confirmed')}`,
  });

const PAGES: Record<string, () => string> = {
  'guest page': () =>
    renderGuestPage({
      booking: hostileRequest().booking,
      captainName: `Sam${word('Rivera')}`,
      cancelled: false,
    }),
  'guest page, cancelled': () =>
    renderGuestPage({
      booking: hostileRequest().booking,
      captainName: `Sam${word('Rivera')}`,
      cancelled: true,
    }),
  'crew checklist': () => renderCrewChecklist({ ...hostileRequest(), cancelled: false }),
  'crew checklist, cancelled': () => renderCrewChecklist({ ...hostileRequest(), cancelled: true }),
  'crew magic-link page': () => invitationPage(true),
  'crew magic-link page, departed': () => invitationPage(false),
  'crew link problem page': () =>
    renderProblemPage(
      'This link is no longer valid',
      `The link ${'https://bridge.example/crew/'}${'x'.repeat(400)} was replaced by a newer one.`,
    ),
  'guest page not found (edge)': () => edgeNotFoundPage(`/g/${'Z'.repeat(400)}`),
};

const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, BROWSER_SETUP_MS);
afterAll(async () => {
  await browser?.close();
});

describe('pages guests and crew see wrap on a phone (Chromium, 400-character words)', () => {
  it.each(Object.keys(PAGES))('%s: no sideways scroll at 390 px', async (name) => {
    // Prepare
    const html = PAGES[name]!();
    const page = await browser.newPage({ viewport: PHONE });
    try {
      // Act
      await page.setContent(html, { waitUntil: 'load' });
      const size = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement!.scrollWidth,
        innerWidth: window.innerWidth,
        viewport: !!document.querySelector('meta[name=viewport]'),
      }));
      await screenshot(page, `phone-wrap-${slug(name)}-390`);
      await page.setViewportSize(LAPTOP);
      await screenshot(page, `phone-wrap-${slug(name)}-1280`);

      // Assess: laid out for the phone's width, and nothing wider than it
      expect(size.viewport).toBe(true);
      expect(size.innerWidth).toBe(PHONE.width);
      expect(size.scrollWidth).toBeLessThanOrEqual(size.innerWidth);
    } finally {
      await page.close();
    }
  });
});
