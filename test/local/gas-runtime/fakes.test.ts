/** The in-memory Apps Script services behave like the real ones where the project relies on them. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGasRuntime, FakeSpreadsheetStore } from '../../../local/gas-runtime';
import { NotImplementedInFakeError } from '../../../local/gas-runtime/common';
import { formatDate } from '../../../local/gas-runtime/services';
import { FakeBridge } from '../../gas/support/fake-bridge';
import { fixture, FIXTURE_FILES } from '../../gas/support/harness';

type Globals = {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  GmailApp: GoogleAppsScript.Gmail.GmailApp;
  UrlFetchApp: GoogleAppsScript.URL_Fetch.UrlFetchApp;
  LockService: GoogleAppsScript.Lock.LockService;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
};

function services(
  runtime = createGasRuntime(),
): Globals & { runtime: ReturnType<typeof createGasRuntime> } {
  return { ...(runtime.globals as unknown as Globals), runtime };
}

describe('SpreadsheetApp fake', () => {
  it('checks setValues dimensions like Sheets and turns numeric text into numbers unless the column is plain text', () => {
    const { SpreadsheetApp, runtime } = services();
    const sheet = SpreadsheetApp.getActiveSpreadsheet().insertSheet('T');
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([['a', 'b']])).toThrow(
      /number of rows in the data does not match/,
    );
    sheet.getRange(1, 2, 10, 1).setNumberFormat('@');
    sheet.getRange(1, 1, 1, 2).setValues([['0042', '0042']]);
    expect(sheet.getDataRange().getValues()).toEqual([[42, '0042']]);
    expect(runtime.spreadsheet.calls.get('Range.setValues')).toBe(2);
    expect(sheet.getLastRow()).toBe(1);
  });

  it('throws a clear error for anything it does not implement', () => {
    const { SpreadsheetApp } = services();
    const sheet = SpreadsheetApp.getActiveSpreadsheet().insertSheet('T');
    expect(() => sheet.getRange(1, 1).mergeAcross()).toThrow(NotImplementedInFakeError);
    expect(() => sheet.getRange(1, 1).mergeAcross()).toThrow(
      'Range.mergeAcross is not implemented in the fake',
    );
  });

  it('saves to and loads from a JSON file, dates included', () => {
    const store = new FakeSpreadsheetStore('Saved');
    const { SpreadsheetApp } = services(createGasRuntime({ spreadsheet: store }));
    const sheet = SpreadsheetApp.getActiveSpreadsheet().insertSheet('T');
    sheet.getRange(1, 1, 1, 3).setValues([['x', 1.5, new Date('2025-07-12T16:00:00Z')]]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sheet-')), 'sheet.json');
    store.save(file);
    const loaded = FakeSpreadsheetStore.load(file);
    expect(loaded.values('T')).toEqual([['x', 1.5, new Date('2025-07-12T16:00:00Z')]]);
  });
});

describe('GmailApp fake', () => {
  it('pages search results at most 500 at a time and labels at most 100 threads per call', async () => {
    const { GmailApp, runtime } = services();
    const marketing = await fixture(FIXTURE_FILES.marketing);
    for (let n = 0; n < 101; n++) runtime.gmail.deliver({ ...marketing, id: `m${n}` });
    expect(() => GmailApp.search('from:(boatsetter.com)', 0, 501)).toThrow(
      'Argument max cannot exceed 500.',
    );
    const threads = GmailApp.search('from:(boatsetter.com) -label:done', 0, 500);
    expect(threads).toHaveLength(101);
    const label = GmailApp.createLabel('done');
    expect(() => label.addToThreads(threads)).toThrow(/Too many threads/);
    label.addToThreads(threads.slice(0, 100));
    expect(GmailApp.search('from:(boatsetter.com) -label:done')).toHaveLength(1);
    expect(GmailApp.search('label:done')).toHaveLength(100);
  });

  it('loads a .eml fixture with decoded subject, Message-ID and both bodies', async () => {
    const mail = await fixture(FIXTURE_FILES.confirmed4h);
    expect(mail.subject).toBe('Booking approved \u2013 Se\u00f1orita Azul on Sat, Jul 12');
    expect(mail.headers['Message-ID']).toBe('<0100019a-01-4829173@email.boatsetter.example>');
    expect(mail.from).toMatch(/boatsetter/);
    expect(mail.plainBody.length + mail.htmlBody.length).toBeGreaterThan(100);
  });
});

describe('UrlFetchApp fake (real HTTP)', () => {
  let bridge: FakeBridge;
  beforeAll(async () => {
    bridge = await FakeBridge.start();
  });
  afterAll(async () => {
    await bridge.stop();
  });

  it('throws on 4xx/5xx unless muteHttpExceptions, and always on a dropped connection', async () => {
    const { UrlFetchApp } = services();
    const params = { method: 'post' as const, payload: '{}', contentType: 'application/json' };
    expect(() => UrlFetchApp.fetch(`${bridge.url}/x`, params)).toThrow(/returned code 401/); // unsigned
    const muted = UrlFetchApp.fetch(`${bridge.url}/x`, { ...params, muteHttpExceptions: true });
    expect(muted.getResponseCode()).toBe(401);
    expect(JSON.parse(muted.getContentText())).toEqual({
      error: { code: 'unauthorized', message: 'signature does not match' },
    });
    expect(muted.getHeaders()).toMatchObject({ 'content-type': 'application/json' });
    await bridge.setMode('drop');
    expect(() =>
      UrlFetchApp.fetchAll([{ url: `${bridge.url}/x`, ...params, muteHttpExceptions: true }]),
    ).toThrow(/Address unavailable/);
    const [recorded] = (await bridge.requests()).slice(-1);
    expect(recorded!.headers['content-type']).toBe('application/json');
  });
});

describe('LockService, ScriptApp and Utilities fakes', () => {
  it('shares one script lock between executions', () => {
    const { LockService, runtime } = services();
    runtime.lock.currentExecution = 'first';
    expect(LockService.getScriptLock().tryLock(1000)).toBe(true);
    runtime.lock.currentExecution = 'second';
    expect(LockService.getScriptLock().tryLock(1000)).toBe(false);
    expect(() => LockService.getScriptLock().waitLock(10)).toThrow(/Lock timeout/);
    runtime.lock.releaseFor('first');
    expect(LockService.getScriptLock().tryLock(1000)).toBe(true);
  });

  it('accepts only the minute intervals Apps Script accepts', () => {
    const { ScriptApp } = services();
    expect(() => ScriptApp.newTrigger('f').timeBased().everyMinutes(7)).toThrow(
      /must be one of 1, 5, 10, 15 or 30/,
    );
  });

  it('formats dates in a time zone with the SimpleDateFormat subset used', () => {
    const date = new Date('2024-05-30T16:00:00Z');
    expect(formatDate(date, 'America/Los_Angeles', "yyyy-MM-dd'T'HH:mm:ssXXX")).toBe(
      '2024-05-30T09:00:00-07:00',
    );
    expect(formatDate(new Date('2024-12-30T16:00:00Z'), 'America/Los_Angeles', 'HH:mm XXX')).toBe(
      '08:00 -08:00',
    );
    expect(formatDate(date, 'UTC', 'yyyy-MM-dd HH:mm XXX')).toBe('2024-05-30 16:00 Z');
  });
});
