/**
 * Test harness for the Apps Script side: makes sure dist/gas is there (gas-build.ts), loads the
 * built bundle into the fake runtime, sets up the sheet like a captain would and
 * delivers the Boatsetter fixtures to the fake Gmail.
 */
import * as path from 'node:path';
import {
  createGasRuntime,
  loadBundle,
  loadEml,
  type GasBundle,
  type GasRuntime,
  type GasRuntimeOptions,
  type GmailInput,
} from '../../../local/gas-runtime';

export const ROOT = path.resolve(__dirname, '../../..');
export const CODE_JS = path.join(ROOT, 'dist/gas/Code.js');
export const FIXTURES = path.join(ROOT, 'test/fixtures/boatsetter');
export const CAPTAIN = 'captain@example.com';

export { ensureGasBuilt } from './gas-build';

export interface Sandbox {
  runtime: GasRuntime;
  bundle: GasBundle;
  /** Values of a tab as objects keyed by header. */
  rows(tab: string): Array<Record<string, unknown>>;
  /** The row of a tab whose Booking ID is `id` (throws when there is none). */
  row(tab: string, id: string): Record<string, unknown>;
  setSetting(key: string, value: string): void;
}

/** A spreadsheet that has been "Set up" and configured: captain, bridge URL, crew. */
export function newSandbox(
  options: GasRuntimeOptions & { bridgeUrl?: string; secret?: string } = {},
): Sandbox {
  const runtime = createGasRuntime({
    ...options,
    scriptProperties: {
      ...(options.secret ? { BRIDGE_SIGNING_SECRET: options.secret } : {}),
      ...options.scriptProperties,
    },
  });
  const bundle = loadBundle(runtime, CODE_JS);
  bundle.call('menuSetupSheet');
  const sandbox: Sandbox = {
    runtime,
    bundle,
    rows: (tab) => runtime.spreadsheet.records(tab),
    row(tab, id) {
      const found = this.rows(tab).find((r) => String(r['Booking ID']) === id);
      if (!found) throw new Error(`no ${tab} row ${id}`);
      return found;
    },
    setSetting(key, value) {
      const sheet = runtime.spreadsheet.sheet('Settings');
      if (!sheet) throw new Error('no Settings tab');
      const row = sheet.rows.find((r) => r[0] === key);
      if (row) row[1] = value;
      else sheet.rows.push([key, value, '']);
    },
  };
  sandbox.setSetting('inbox.since', ''); // the fixtures are older than the day of the test
  sandbox.setSetting('captain.email', CAPTAIN);
  sandbox.setSetting('captain.name', 'Sam Rivera');
  sandbox.setSetting('guestPage.baseUrl', 'https://guests.example.com');
  if (options.bridgeUrl) sandbox.setSetting('bridge.url', options.bridgeUrl);
  const crew = runtime.spreadsheet.sheet('Crew');
  crew?.rows.push(
    ['Dana Deck', 'deckhand', 'dana@example.com', 25, true],
    ['Inactive Ivan', 'deckhand', 'ivan@example.com', 25, false],
    ['Lee Line', 'Deckhand', 'lee@example.com', 26, 'yes'],
    ['Third Hand', 'deckhand', 'third@example.com', 25, true],
    ['Sam Rivera', 'captain', 'sam@example.com', 50, true],
  );
  return sandbox;
}

export async function fixture(
  name: string,
  overrides: Partial<GmailInput> = {},
): Promise<GmailInput> {
  return loadEml(path.join(FIXTURES, name), overrides);
}

export const FIXTURE_FILES = {
  seed: '00_seed_example_xhqgmdh.eml',
  confirmed4h: '01_confirmed_4h_standard.eml',
  confirmed8h: '02_confirmed_instantbook_8h_table.eml',
  modified: '04_modified_date_time_change.eml',
  cancelled: '05_cancelled_by_renter.eml',
  request: '06_request_pending_do_not_process.eml',
  marketing: '07_marketing_same_sender.eml',
} as const;

/** A Boatsetter-looking e-mail the parser cannot read: it must go to review, never be guessed. */
export function garbledMail(id: string): GmailInput {
  return {
    id,
    from: 'Boatsetter <notifications@boatsetter.com>',
    to: 'owner@example.com',
    subject: 'Booking confirmed',
    date: '2025-07-01T10:00:00Z',
    plainBody: 'Your booking is confirmed!\n\nDetails will follow.\n',
    htmlBody: '',
    headers: { 'Message-ID': `<${id}@boatsetter.com>` },
  };
}
