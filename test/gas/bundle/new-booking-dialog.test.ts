/**
 * The New booking dialog in a real browser (Chromium via playwright-core): the page is the
 * template the bundle renders, and google.script.run calls the bundle's functions.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../local/browser/chromium';
import { FakeBridge } from '../support/fake-bridge';
import { ensureGasBuilt, newSandbox, type Sandbox } from '../support/harness';

let browser: Browser;
let bridge: FakeBridge;

beforeAll(async () => {
  ensureGasBuilt();
  [browser, bridge] = await Promise.all([launchChromium(), FakeBridge.start()]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), bridge?.stop()]);
});

async function openDialog(s: Sandbox): Promise<{ page: Page; calls: string[] }> {
  s.bundle.call('menuNewBooking');
  const html = s.runtime.spreadsheet.ui.dialogs.at(-1)!.output.getContent();
  const page = await browser.newPage();
  const calls: string[] = [];
  await page.exposeFunction('__gasCall', (name: string, arg: unknown) => {
    calls.push(name);
    return s.bundle.call(name, arg);
  });
  // setContent keeps the window, so the stub defined here is there for the dialog's script.
  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const runner = (success?: (v: unknown) => void, failure?: (e: Error) => void): unknown =>
      new Proxy(
        {},
        {
          get(_t, prop: string) {
            if (prop === 'withSuccessHandler')
              return (fn: (v: unknown) => void) => runner(fn, failure);
            if (prop === 'withFailureHandler')
              return (fn: (e: Error) => void) => runner(success, fn);
            return (arg: unknown) =>
              (w.__gasCall as (n: string, a: unknown) => Promise<unknown>)(prop, arg).then(
                (v) => success?.(v),
                (e: Error) => failure?.(e),
              );
          },
        },
      );
    w.google = { script: { run: runner(), host: { close: () => (w.__closed = true) } } };
  });
  await page.setContent(html);
  return { page, calls };
}

async function fillWorkedExample(page: Page, bookingId: string): Promise<void> {
  await page.fill('[name=date]', '2024-05-30');
  await page.fill('[name=time]', '09:00');
  await page.fill('[name=durationHours]', '3');
  await page.fill('[name=guestName]', 'Alicia Gomez');
  await page.fill('[name=partySize]', '6');
  await page.fill('[name=boat]', 'Queen of San Diego');
  await page.fill('[name=bookingId]', bookingId);
  await page.fill('[name=ownerEarnings]', '840.75');
}

describe('New booking dialog in the browser', () => {
  it('checks fields on the client first, without calling the server', async () => {
    const s = newSandbox({ bridgeUrl: bridge.url, secret: bridge.secret });
    s.setSetting('booking.timeZone', 'America/Denver');
    const { page, calls } = await openDialog(s);
    await expect(page.inputValue('[name=timeZone]')).resolves.toBe('America/Denver');
    await page.click('#submit');
    await expect(page.textContent('#status')).resolves.toBe('Please fix the highlighted fields.');
    await expect(page.textContent('.error[data-for=guestName]')).resolves.toBe('required');
    await expect(page.textContent('.error[data-for=ownerEarnings]')).resolves.toMatch(/required/);
    expect(calls).not.toContain('dialogSubmitBooking');
    await page.close();
  });

  it('shows the live finance preview and saves through the pipeline', async () => {
    const s = newSandbox({ bridgeUrl: bridge.url, secret: bridge.secret });
    const { page, calls } = await openDialog(s);
    await fillWorkedExample(page, 'DIRECT-0777');
    await page.waitForFunction(() =>
      document.querySelector('#preview')?.textContent?.includes('$289.41'),
    );
    const preview = await page.$$eval('#preview td.amount', (cells) =>
      cells.map((c) => c.textContent),
    );
    expect(preview).toEqual(['$840.75', '$250.00', '$150.00', '$151.34', '$289.41']);
    await page.click('#submit');
    await page.waitForFunction(() => document.querySelector('#status')?.className === 'ok');
    await expect(page.textContent('#status')).resolves.toBe(
      'Booking DIRECT-0777 saved and published.',
    );
    expect(calls).toContain('dialogPreviewFinance');
    expect(s.rows('Bookings')[0]).toMatchObject({
      'Booking ID': 'DIRECT-0777',
      Net: 289.41,
      Calendar: 'done',
    });
    await page.close();
  });

  it('shows a server-side field error next to its field', async () => {
    const s = newSandbox({ bridgeUrl: bridge.url, secret: bridge.secret });
    s.bundle.call('dialogSubmitBooking', {
      date: '2024-05-30',
      time: '09:00',
      durationHours: '3',
      guestName: 'A',
      boat: 'B',
      ownerEarnings: '1',
      bookingId: 'TAKEN-01',
    });
    const { page } = await openDialog(s);
    await fillWorkedExample(page, 'TAKEN-01');
    await page.click('#submit');
    await page.waitForFunction(() => document.querySelector('#status')?.className === 'bad');
    await expect(page.textContent('.error[data-for=bookingId]')).resolves.toBe(
      'already exists; use another id',
    );
    await page.close();
  });
});
