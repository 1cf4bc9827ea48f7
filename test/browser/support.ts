/**
 * Browser-test fixtures (the browser itself comes from local/browser/chromium): the board served by the
 * harness from the BUILT Apps Script bundle (dist/gas/Code.js in node:vm with the fake services),
 * over a sheet seeded with a season of charters and a stand-in bridge for retries.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { CellValue } from '../../gas/ports';
import { TABS } from '../../gas/sheets/schema';
import { startBoardHarness, type BoardHarness } from '../../local/board-harness';
import { seedTabs, SAMPLE_BOOKINGS, type SeedBooking } from '../../local/board-harness/seed';
import { FakeBridge } from '../gas/support/fake-bridge';
import { ensureGasBuilt, newSandbox, ROOT, type Sandbox } from '../gas/support/harness';

/** The browser comes from the one launcher; this name stays for suites written against it. */
export { launchChromium as launchBrowser } from '../../local/browser/chromium';

export const SCREENSHOTS = path.join(ROOT, 'test-artifacts/screenshots');
export const LAPTOP = { width: 1280, height: 850 };
export const PHONE = { width: 390, height: 844 };
/** Starting the bundle, the bridge stand-in and Chromium on a busy 2-core machine. */
export const BROWSER_SETUP_MS = 90_000;

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Replaces a tab's data rows with `rows` (keyed by header), in the tab's own column order. */
function replaceRows(sandbox: Sandbox, tab: string, seed: CellValue[][]): void {
  const sheet = sandbox.runtime.spreadsheet.sheet(tab);
  if (!sheet) throw new Error(`no ${tab} tab after Set up sheet`);
  const header = (sheet.rows[0] ?? []).map(String);
  const [seedHeader = [], ...seedRows] = seed;
  const index = new Map(seedHeader.map((h, i) => [String(h), i]));
  sheet.rows = [
    sheet.rows[0] ?? [],
    ...seedRows.map((row) =>
      header.map((h) => {
        const i = index.get(h);
        return i === undefined ? '' : (row[i] ?? '');
      }),
    ),
  ];
}

/**
 * The board's "now" in the browser tests: Monday Nov 23, 2026, 8:00 in San Diego (the sample
 * season runs from Oct 31 to Dec 19), advancing with real time so signatures and locks behave.
 */
export const BOARD_NOW = Date.parse('2026-11-23T16:00:00Z');

export interface BoardFixture {
  harness: BoardHarness;
  sandbox: Sandbox;
  bridge: FakeBridge;
  kanban(): Array<Record<string, unknown>>;
  booking(id: string): Record<string, unknown> | undefined;
  card(id: string): Record<string, unknown> | undefined;
  stop(): Promise<void>;
}

/**
 * The built bundle, "Set up" like a captain would (settings, crew, bridge URL), with the sample
 * bookings (plus `extra`) written into Bookings, Kanban and Log.
 */
export async function startBoardFixture(
  options: { extra?: SeedBooking[]; edit?: (tabs: Record<string, CellValue[][]>) => void } = {},
): Promise<BoardFixture> {
  ensureGasBuilt();
  // HtmlService reads pages lazily: serve a private copy of the built pages, so a rebuild of
  // dist/gas by another test run (webpack cleans the folder) cannot pull them away mid-test.
  const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-html-'));
  for (const name of fs.readdirSync(path.join(ROOT, 'dist/gas'))) {
    if (name.endsWith('.html'))
      fs.copyFileSync(path.join(ROOT, 'dist/gas', name), path.join(htmlDir, name));
  }
  const bridge = await FakeBridge.start();
  const cleanUp = async () => {
    await bridge.stop(); // a failed setup must not leave the bridge's worker thread running
    fs.rmSync(htmlDir, { recursive: true, force: true });
  };
  try {
    const fixture = await boardOver(bridge, htmlDir, options);
    const stopBoard = fixture.stop;
    return {
      ...fixture,
      stop: async () => {
        await stopBoard();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

async function boardOver(
  bridge: FakeBridge,
  htmlDir: string,
  options: { extra?: SeedBooking[]; edit?: (tabs: Record<string, CellValue[][]>) => void },
): Promise<BoardFixture> {
  const started = Date.now();
  const sandbox = newSandbox({
    bridgeUrl: bridge.url,
    secret: bridge.secret,
    htmlDir,
    now: () => BOARD_NOW + (Date.now() - started),
  });
  const tabs = seedTabs([...SAMPLE_BOOKINGS, ...(options.extra ?? [])], {
    publicBaseUrl: 'https://guests.example.com',
  });
  options.edit?.(tabs);
  for (const tab of [TABS.bookings, TABS.kanban, TABS.log]) {
    replaceRows(sandbox, tab, tabs[tab] ?? []);
  }
  const { bundle, runtime } = sandbox;
  const harness = await startBoardHarness({
    gas: bundle,
    dialogs: {
      'new-booking': () => {
        bundle.call('menuNewBooking');
        const dialog = runtime.spreadsheet.ui.dialogs.at(-1);
        if (!dialog) throw new Error('menuNewBooking opened no dialog');
        return dialog.output;
      },
    },
  });
  const kanban = () => sandbox.rows(TABS.kanban);
  return {
    harness,
    sandbox,
    bridge,
    kanban,
    card: (id) => kanban().find((r) => r['Booking ID'] === id),
    booking: (id) => sandbox.rows(TABS.bookings).find((r) => r['Booking ID'] === id),
    stop: () => harness.stop(),
  };
}

/** Polls a condition in the test process (sheet state, recorded calls); no fixed sleeps. */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await probe();
  }
  return last;
}
