import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { ENTRYPOINTS, MENU_ITEMS, MENU_TITLE } from '../../../gas/entrypoints';
import { gasSigningCrypto } from '../../../gas/bridge/gas-crypto';
import {
  createGasRuntime,
  loadBundle,
  loadGasBundle,
  topLevelFunctionNames,
} from '../../../local/gas-runtime';
import { createUtilities } from '../../../local/gas-runtime/services';
import { CODE_JS, ensureGasBuilt, newSandbox, ROOT } from '../support/harness';

beforeAll(() => ensureGasBuilt());

describe('Built bundle: dist/gas/Code.js', () => {
  it('declares every entry point as a top-level function and runs with no Node globals', () => {
    // Prepare
    const runtime = createGasRuntime();
    // Act
    const context = loadGasBundle(CODE_JS, runtime.globals);
    // Assess
    const declared = topLevelFunctionNames(CODE_JS);
    for (const name of Object.values(ENTRYPOINTS)) {
      expect(declared).toContain(name);
      expect(typeof (context as Record<string, unknown>)[name]).toBe('function');
    }
    for (const name of ['require', 'module', 'process', 'global', 'exports', 'Buffer']) {
      expect(vm.runInContext(`typeof ${name}`, context)).toBe('undefined');
    }
  });

  it('refuses to be given a Node global, so the check above cannot be fooled', () => {
    expect(() => loadGasBundle(CODE_JS, { process })).toThrow(/does not exist in Apps Script/);
  });

  it('ships the manifest with V8, Los Angeles time, Stackdriver and owner-only web app access', () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'dist/gas/appsscript.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({
      runtimeVersion: 'V8',
      timeZone: 'America/Los_Angeles',
      exceptionLogging: 'STACKDRIVER',
      webapp: { executeAs: 'USER_DEPLOYING', access: 'MYSELF' },
    });
    expect(manifest.oauthScopes).toEqual(
      expect.arrayContaining([
        'https://www.googleapis.com/auth/spreadsheets.currentonly',
        'https://www.googleapis.com/auth/script.external_request',
        'https://www.googleapis.com/auth/script.scriptapp',
      ]),
    );
    expect(manifest.oauthScopes).not.toContain('https://www.googleapis.com/auth/spreadsheets');
    expect(fs.existsSync(path.join(ROOT, 'dist/gas/new-booking.html'))).toBe(true);
  });
});

describe('GAS HMAC adapter (Utilities with signed Java bytes)', () => {
  const vectors = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'test/fixtures/signing-vectors.json'), 'utf8'),
  ) as Array<{
    key: string;
    message: string;
    hmacSha256Hex: string;
    sha256Hex: string;
  }>;
  const utilities = createUtilities();

  it.each(vectors.map((v, i) => [i, v] as const))('reproduces signing vector %i', (_i, vector) => {
    const crypto = gasSigningCrypto(utilities as never);
    expect(crypto.hmacSha256Hex(vector.key, vector.message)).toBe(vector.hmacSha256Hex);
    expect(crypto.sha256Hex(vector.message)).toBe(vector.sha256Hex);
  });

  it('really gets signed bytes from the fake, which a naive hex encoding would get wrong', () => {
    const vector = vectors[0]!;
    const bytes = utilities.computeHmacSha256Signature(
      vector.message,
      vector.key,
      utilities.Charset.UTF_8,
    );
    expect(bytes.some((b) => b < 0)).toBe(true);
    expect(bytes.every((b) => b >= -128 && b <= 127)).toBe(true);
    const naive = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(naive).not.toBe(vector.hmacSha256Hex);
  });
});

describe('Menu, set-up and triggers (through the bundle)', () => {
  it('onOpen builds the "Charter" menu from MENU_ITEMS', () => {
    const { runtime, bundle } = newSandbox();
    bundle.call('onOpen');
    const menu = runtime.spreadsheet.ui.menus.find((m) => m.title === MENU_TITLE);
    expect(menu?.items).toEqual(
      MENU_ITEMS.map((item) => (item ? { label: item.label, fn: item.fn } : null)),
    );
  });

  it('Set up sheet creates every tab with its headers and the default settings', () => {
    const now = Date.parse('2026-03-01T06:30:00Z'); // still Feb 28 in Los Angeles
    const runtime = createGasRuntime({ now: () => now });
    loadBundle(runtime, CODE_JS).call('menuSetupSheet');
    const names = runtime.spreadsheet.sheets.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['Bookings', 'Kanban', 'Crew', 'Settings', 'Log']),
    );
    const settings = Object.fromEntries(
      runtime.spreadsheet.values('Settings').map((r) => [r[0], r[1]]),
    );
    expect(settings).toMatchObject({
      'finance.portFeePercent': '18', // the Value column is plain text
      'finance.revenueBasis': 'ownerEarnings',
      'crew.deckhand': 'count=2; rate=25; hours=charter+2',
      'crew.captain': 'count=1; rate=50; hours=charter',
      lanes: 'New Bookings, Crew Confirmed, Ready, Completed, Paid, Cancelled',
      'inbox.since': '2026-02-28',
    });
    expect(runtime.spreadsheet.ui.alerts.at(-1)?.prompt).toMatch(
      /Created tabs: Bookings, Kanban, Crew, Settings, Log/,
    );
  });

  it('Set up sheet keeps the trip times as written: Start and End are plain text, never turned into dates', () => {
    const runtime = createGasRuntime({ now: () => Date.parse('2026-03-01T18:00:00Z') });
    loadBundle(runtime, CODE_JS).call('menuSetupSheet');
    const bookings = runtime.spreadsheet.sheet('Bookings')!;
    const header = bookings.rows[0]!;
    const textHeaders = [...bookings.textColumns].map((column) => header[column - 1]);
    expect(textHeaders).toEqual(expect.arrayContaining(['Booking ID', 'Start', 'End']));
  });

  it('Set up sheet is idempotent and never touches data, even in a reordered or trimmed tab', () => {
    // Prepare: data in every tab, a captain's own column, a changed setting, a deleted header
    const { runtime, bundle } = newSandbox();
    const bookings = runtime.spreadsheet.sheet('Bookings')!;
    bookings.rows[0]!.push('My notes');
    bookings.rows.push(['ABC123', 'manual']);
    const settings = runtime.spreadsheet.sheet('Settings')!;
    settings.rows.find((r) => r[0] === 'finance.portFeePercent')![1] = '12.5%';
    const log = runtime.spreadsheet.sheet('Log')!;
    log.rows[0] = log.rows[0]!.slice(0, 4); // "Result" and "Details" lost
    const before = JSON.stringify(runtime.spreadsheet.toJSON());
    // Act
    bundle.call('menuSetupSheet');
    const afterFirst = JSON.parse(JSON.stringify(runtime.spreadsheet.toJSON()));
    bundle.call('menuSetupSheet');
    // Assess
    expect(JSON.stringify(runtime.spreadsheet.toJSON())).toBe(JSON.stringify(afterFirst));
    expect(runtime.spreadsheet.values('Log')[0]).toEqual([
      'Time',
      'Trigger',
      'Booking ID',
      'Action',
      'Result',
      'Details',
    ]);
    expect(runtime.spreadsheet.values('Bookings')[1]!.slice(0, 2)).toEqual(['ABC123', 'manual']);
    expect(runtime.spreadsheet.values('Bookings')[0]).toContain('My notes');
    expect(settings.rows.find((r) => r[0] === 'finance.portFeePercent')![1]).toBe('12.5%');
    expect(before).not.toBe(JSON.stringify(afterFirst)); // the first run did repair the Log header
    expect(runtime.spreadsheet.ui.alerts.at(-1)?.prompt).toBe(
      'The sheet is already set up; nothing changed.',
    );
  });

  it('Install triggers twice leaves exactly one 5-minute trigger, and removes duplicates', () => {
    const { runtime, bundle } = newSandbox();
    bundle.call('menuInstallTriggers');
    bundle.call('menuInstallTriggers');
    expect(runtime.scriptApp.triggers).toEqual([
      expect.objectContaining({ handler: ENTRYPOINTS.inboxTrigger, everyMinutes: 5 }),
    ]);
    // A duplicate made by hand is cleaned up
    runtime.scriptApp.triggers.push({ ...runtime.scriptApp.triggers[0]!, id: 'hand-made' });
    bundle.call('menuInstallTriggers');
    expect(runtime.scriptApp.triggers).toHaveLength(1);
    expect(runtime.spreadsheet.ui.alerts.at(-1)?.prompt).toMatch(/Removed 1 duplicate/);
  });

  it('Open kanban board links the deployed web app, or explains how to deploy it', () => {
    const deployed = newSandbox({ webAppUrl: 'https://script.google.com/macros/s/abc/exec' });
    deployed.bundle.call('menuOpenKanban');
    expect(deployed.runtime.spreadsheet.ui.dialogs.at(-1)?.output.getContent()).toContain(
      'href="https://script.google.com/macros/s/abc/exec"',
    );
    const undeployed = newSandbox();
    undeployed.bundle.call('menuOpenKanban');
    expect(undeployed.runtime.spreadsheet.ui.dialogs.at(-1)?.output.getContent()).toMatch(
      /New deployment/,
    );
  });

  it('a Settings value that cannot be read gives an alert naming the setting', () => {
    const sandbox = newSandbox();
    sandbox.setSetting('crew.deckhand', 'count=two; rate=25; hours=charter+2');
    sandbox.bundle.call('menuProcessInbox');
    expect(sandbox.runtime.spreadsheet.ui.alerts.at(-1)?.prompt).toMatch(
      /Setting "crew\.deckhand" = "count=two.*count must be a whole number/,
    );
  });

  it('loads its bundle afresh for each sandbox (no state shared between runtimes)', () => {
    const a = newSandbox();
    const b = newSandbox();
    a.bundle.call('menuInstallTriggers');
    expect(b.runtime.scriptApp.triggers).toHaveLength(0);
    expect(loadBundle).toBeDefined();
  });
});
