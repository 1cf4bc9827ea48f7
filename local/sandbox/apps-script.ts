/**
 * The Apps Script side of the sandbox: the built bundle (dist/gas/Code.js) loaded into node:vm on
 * the in-memory Apps Script services, with the sheet, the Gmail fake and the owner's Google
 * Calendar resumed from the state folder, "Set up sheet" run, and the sandbox's Settings written.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TABS } from '../../gas/sheets/schema';
import {
  createGasRuntime,
  FakeSpreadsheetStore,
  loadBundle,
  type GasBundle,
  type GasRuntime,
} from '../gas-runtime';
import { loadGmail } from './persist';
import { loadGoogleCalendar } from './providers';
import { configureSheet, OWNER_EMAIL } from './sheet-setup';
import type { StackInfo } from './stack-process';
import type { SandboxFiles } from './state';
import type { SandboxOptions } from './types';

export const ROOT = resolve(__dirname, '../..');
export const CODE_JS = join(ROOT, 'dist/gas/Code.js');

/**
 * The built pages (board, dialog) copied beside the state at start, so they come from the same
 * build as the Code.js loaded now, and a rebuild of dist/gas (webpack empties the folder first)
 * cannot pull a page away while the sandbox serves it.
 */
function snapshotPages(stateDir: string): string {
  const dir = join(stateDir, 'apps-script-pages');
  mkdirSync(dir, { recursive: true });
  const built = join(ROOT, 'dist/gas');
  for (const name of readdirSync(built))
    if (name.endsWith('.html')) copyFileSync(join(built, name), join(dir, name));
  return dir;
}

/** The Apps Script bundle on in-memory services, the sheet resumed from disk and set up. */
export function startAppsScript(
  options: Pick<SandboxOptions, 'echoGasLog' | 'providers'>,
  files: SandboxFiles,
  stack: StackInfo,
  homeUrl: string,
): { gas: GasRuntime; bundle: GasBundle; sentAt: string[] } {
  const freshSheet = !existsSync(files.spreadsheet);
  const spreadsheet = !freshSheet
    ? FakeSpreadsheetStore.load(files.spreadsheet)
    : new FakeSpreadsheetStore('Charter bookings (sandbox)');
  const gas = createGasRuntime({
    spreadsheet,
    calendar: loadGoogleCalendar(files.calendar),
    scriptProperties: {
      BRIDGE_URL: stack.bridgeUrl,
      BRIDGE_SIGNING_SECRET: stack.signingSecret,
    },
    userEmail: OWNER_EMAIL,
    webAppUrl: `${homeUrl}/board`,
    htmlDir: snapshotPages(dirname(files.spreadsheet)),
  });
  gas.logs.echo = options.echoGasLog ?? false;
  const sentAt = loadGmail(gas.gmail, files.gmail);
  const bundle = loadBundle(gas, CODE_JS);
  bundle.call('onOpen');
  const alertsBefore = gas.spreadsheet.ui.alerts.length;
  bundle.call('menuSetupSheet');
  if (!gas.spreadsheet.sheet(TABS.settings)) {
    const said = gas.spreadsheet.ui.alerts.slice(alertsBefore).map((a) => a.prompt);
    throw new Error(`"Set up sheet" did not create the tabs: ${said.join(' ') || 'no message'}`);
  }
  configureSheet(gas, { bridgeUrl: stack.bridgeUrl }, freshSheet, options.providers ?? {});
  return { gas, bundle, sentAt };
}
