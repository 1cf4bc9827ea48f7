/**
 * The inbox pipeline, run through the BUILT bundle in node:vm against the fake Apps Script
 * services, with a signature-checking bridge stand-in on a real local port.
 */
import { BookingSchema } from '../../../shared/booking';
import * as path from 'node:path';
import { loadEml, type GmailInput } from '../../../local/gas-runtime';
import { bundleSuite } from '../support/bundle-suite';
import {
  CAPTAIN,
  FIXTURE_FILES,
  fixture,
  garbledMail,
  newSandbox,
  ROOT,
  type Sandbox,
} from '../support/harness';

function booking(s: Sandbox, id: string): Record<string, unknown> {
  return s.row('Bookings', id);
}

const PROCESSED = 'charter/processed';
const IGNORED = 'charter/ignored';
const REVIEW = 'charter/needs-review';

const suite = bundleSuite();
const { sandbox } = suite;

function card(s: Sandbox, id: string): Record<string, unknown> | undefined {
  return s.rows('Kanban').find((r) => String(r['Booking ID']) === id);
}

function steps(row: Record<string, unknown>): unknown[] {
  return [
    'Calendar',
    'Crew event',
    'Checklist',
    'Guest page',
    'Invalidation',
    'Captain e-mail',
  ].map((h) => row[h]);
}

/** A copy of a fixture for another booking id (as if Boatsetter had sent another booking). */
function withBookingId(mail: GmailInput, from: string, to: string, n: number): GmailInput {
  const swap = (text: string): string => text.split(from).join(to);
  return {
    ...mail,
    id: `${mail.id}-${n}`,
    threadId: undefined,
    subject: swap(mail.subject),
    plainBody: swap(mail.plainBody),
    htmlBody: swap(mail.htmlBody),
    headers: { ...mail.headers, 'Message-ID': `<copy-${n}-${to}@boatsetter.example>` },
  };
}

describe('Inbox run: new bookings', () => {
  it('turns the worked example into a row with exact finances, a card in New Bookings and one signed bridge call', async () => {
    // Prepare
    const s = sandbox();
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.seed));
    // Act
    s.bundle.call('processInboxTrigger');
    // Assess: the sheet
    const row = booking(s, 'XHQGMDH');
    expect(row).toMatchObject({
      Source: 'boatsetter',
      Status: 'New Bookings',
      Start: '2024-05-30T09:00:00-07:00',
      'Time zone': 'America/Los_Angeles',
      'Duration (h)': 3,
      Guest: 'Alicia Gomez',
      'Party size': 6,
      'Owner earnings': 840.75,
      Revenue: 840.75,
      'Crew cost': 400,
      'Port fee': 151.34,
      Net: 289.41,
      Revision: 1,
      'Guest page URL': 'https://guests.example.com/g/xhqgmdh',
      'Last error': '',
    });
    expect(steps(row)).toEqual(Array(6).fill('done'));
    expect(card(s, 'XHQGMDH')).toMatchObject({
      Lane: 'New Bookings',
      Title: 'Boatsetter \u2014 May 30 (3h)',
      'Guest first name': 'Alicia',
      Gross: 840.75,
      'Crew cost': 400,
      'Port fee': 151.34,
      Net: 289.41,
      Version: 1,
    });
    // Assess: the bridge call
    const requests = await suite.bridge.requests();
    expect(requests).toHaveLength(1);
    expect(suite.bridge.verify(requests[0]!, Math.floor(Date.now() / 1000))).toBe(true);
    const [sent] = await suite.bridge.accepted();
    expect(sent).toMatchObject({
      op: 'upsert',
      revision: 1,
      captain: { email: CAPTAIN, name: 'Sam Rivera' },
    });
    expect(
      sent!.finance.crew.map((c) => [c.role, c.count, c.rateCents, c.minutes, c.costCents]),
    ).toEqual([
      ['deckhand', 2, 2500, 300, 25000],
      ['captain', 1, 5000, 180, 15000],
    ]);
    expect([
      sent!.finance.revenueCents,
      sent!.finance.portFeeCents,
      sent!.finance.netCents,
    ]).toEqual([84075, 15134, 28941]);
    // The first ACTIVE members of each role, in Crew-tab order; no pay in what crew systems get.
    expect(sent!.crew).toEqual([
      { name: 'Dana Deck', role: 'deckhand', email: 'dana@example.com' },
      { name: 'Lee Line', role: 'deckhand', email: 'lee@example.com' },
      { name: 'Sam Rivera', role: 'captain', email: 'sam@example.com' },
    ]);
    // Assess: labelled only now, and logged
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toEqual([
      FIXTURE_FILES.seed.replace('.eml', ''),
    ]);
    expect(s.rows('Log').map((r) => [r['Booking ID'], r.Action, r.Result])).toEqual(
      expect.arrayContaining([
        ['XHQGMDH', 'new', 'pending'],
        ['XHQGMDH', 'bridge', 'completed'],
      ]),
    );
  });

  it('never sends the secret anywhere but the signature: not in the body, the sheet or the logs', async () => {
    const s = sandbox();
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.seed));
    s.bundle.call('processInboxTrigger');
    const [request] = await suite.bridge.requests();
    expect(request!.body).not.toContain(suite.bridge.secret);
    expect(JSON.stringify(s.runtime.spreadsheet.toJSON())).not.toContain(suite.bridge.secret);
    expect(s.runtime.logs.lines.join('\n')).not.toContain(suite.bridge.secret);
  });
});

describe('Inbox run: changes, cancellations and what is not a booking', () => {
  it('applies a change to the row and card (keeping the lane the captain chose) and a cancellation', async () => {
    // Prepare: two bookings processed, one card moved by the captain
    const s = sandbox();
    s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.confirmed4h),
      await fixture(FIXTURE_FILES.confirmed8h),
    );
    s.bundle.call('processInboxTrigger');
    const kanban = s.runtime.spreadsheet.sheet('Kanban')!;
    const moved = kanban.rows.find((r) => String(r[0]) === '4829173')!;
    moved[1] = 'Ready';
    await suite.bridge.clear();
    // Act
    s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.modified),
      await fixture(FIXTURE_FILES.cancelled),
    );
    s.bundle.call('processInboxTrigger');
    // Assess: the change
    expect(booking(s, '4829173')).toMatchObject({
      Start: '2025-07-13T11:30:00-07:00',
      Revision: 2,
      Status: 'Ready',
    });
    expect(card(s, '4829173')).toMatchObject({
      Lane: 'Ready',
      Start: '2025-07-13T11:30:00-07:00',
      Version: 2,
    });
    // Assess: the cancellation
    expect(booking(s, '4917736')).toMatchObject({
      Status: 'Cancelled',
      Revision: 2,
      Revenue: 0,
      Net: 0,
    });
    expect(card(s, '4917736')).toMatchObject({ Lane: 'Cancelled', Gross: 0 });
    const sent = await suite.bridge.accepted();
    expect(sent.map((r) => [r.booking.id, r.op, r.revision])).toEqual(
      expect.arrayContaining([
        ['4829173', 'upsert', 2],
        ['4917736', 'cancel', 2],
      ]),
    );
    expect(sent).toHaveLength(2);
    // The cancel names the booking as it was published, not the cancellation's placeholders.
    expect(sent.find((r) => r.op === 'cancel')!.booking.boat).toBe(
      BookingSchema.parse(JSON.parse(String(booking(s, '4917736')['Booking JSON']))).boat,
    );
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toHaveLength(4);
  });

  it('leaves mail older than "inbox.since" alone (set to the set-up day, so old bookings are never published)', async () => {
    const s = sandbox();
    s.setSetting('inbox.since', '2025-07-01');
    s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.seed),
      await fixture(FIXTURE_FILES.confirmed8h),
    );
    s.bundle.call('processInboxTrigger');
    expect(s.rows('Bookings').map((r) => String(r['Booking ID']))).toEqual(['4917736']);
    expect(s.runtime.gmail.labelsOf('00_seed_example_xhqgmdh')).toEqual([]);
  });

  it('labels requests and marketing as ignored and does nothing else', async () => {
    const s = sandbox();
    s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.request),
      await fixture(FIXTURE_FILES.marketing),
    );
    s.bundle.call('processInboxTrigger');
    expect(s.runtime.gmail.threadsLabelled(IGNORED)).toHaveLength(2);
    expect(s.rows('Bookings')).toHaveLength(0);
    expect(s.rows('Kanban')).toHaveLength(0);
    expect(await suite.bridge.requests()).toHaveLength(0);
    expect(s.runtime.gmail.sent).toHaveLength(0);
  });

  it('labels unreadable mail needs-review and sends the captain ONE alert listing all of them', async () => {
    const s = sandbox();
    s.runtime.gmail.deliver(
      garbledMail('garbled-1'),
      garbledMail('garbled-2'),
      await fixture(FIXTURE_FILES.seed),
    );
    s.bundle.call('processInboxTrigger');
    expect(s.runtime.gmail.threadsLabelled(REVIEW)).toEqual(['garbled-1', 'garbled-2']);
    expect(s.runtime.gmail.sent).toHaveLength(1);
    const [alert] = s.runtime.gmail.sent;
    expect(alert!.to).toBe(CAPTAIN);
    expect(alert!.subject).toBe('Charter: 2 Boatsetter e-mails need review');
    expect(alert!.body.match(/^\d+\. Booking confirmed$/gm)).toHaveLength(2);
    expect(s.rows('Bookings')).toHaveLength(1);
    // Next run: nothing new to review, no second alert
    s.bundle.call('processInboxTrigger');
    expect(s.runtime.gmail.sent).toHaveLength(1);
  });

  it('records a cancellation for an unknown booking as a tombstone, so a late confirmation is never published', async () => {
    const s = sandbox();
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.cancelled));
    s.bundle.call('processInboxTrigger');
    expect(booking(s, '4917736')).toMatchObject({ Status: 'Cancelled', Revision: 0 });
    expect(steps(booking(s, '4917736'))).toEqual(Array(6).fill('skipped (never published)'));
    // The confirmation arrives late
    s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.confirmed8h, { date: '2025-08-12T00:00:00Z' }),
    );
    s.bundle.call('processInboxTrigger');
    expect(await suite.bridge.requests()).toHaveLength(0);
    expect(booking(s, '4917736')).toMatchObject({ Status: 'Cancelled', Revision: 0 });
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toHaveLength(2);
    expect(s.rows('Log').some((r) => r.Action === 'ignored-after-cancel')).toBe(true);
  });
});

describe('Inbox run: exactly once', () => {
  it('a re-run changes nothing, and the same booking arriving again (second inbox, re-send) is acted on once', async () => {
    // Prepare
    const s = sandbox();
    const seed = await fixture(FIXTURE_FILES.seed);
    s.runtime.gmail.deliver(seed);
    s.bundle.call('processInboxTrigger');
    const sheetAfterFirst = JSON.stringify([s.rows('Bookings'), s.rows('Kanban')]);
    // Act: a plain re-run, then the same notification as another message (manager's copy)
    s.bundle.call('processInboxTrigger');
    s.runtime.gmail.deliver({
      ...seed,
      id: 'manager-copy',
      headers: { ...seed.headers, 'Message-ID': '<resent@x>' },
    });
    s.bundle.call('processInboxTrigger');
    // Assess
    expect(await suite.bridge.requests()).toHaveLength(1);
    expect(
      JSON.stringify([s.rows('Bookings'), s.rows('Kanban')]).replace(/"Message IDs":"[^"]*"/g, ''),
    ).toBe(sheetAfterFirst.replace(/"Message IDs":"[^"]*"/g, ''));
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toEqual([
      '00_seed_example_xhqgmdh',
      'manager-copy',
    ]);
    expect(s.rows('Log').some((r) => r.Action === 'duplicate')).toBe(true);
  });

  it("acts once on a booking that arrives directly and as the manager's forward", async () => {
    const s = sandbox();
    s.setSetting('inbox.forwarders', 'mike.ferreira@example-mail.com');
    const forwarded = await loadEml(
      path.join(ROOT, 'test/fixtures/boatsetter-variants/11_forwarded_gmail.eml'),
    );
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.confirmed4h), forwarded);
    s.bundle.call('processInboxTrigger');
    expect(s.rows('Bookings').map((r) => String(r['Booking ID']))).toEqual(['4829173']);
    expect(await suite.bridge.requests()).toHaveLength(1);
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toHaveLength(2);
    expect(s.rows('Log').filter((r) => r.Action === 'duplicate')).toHaveLength(1);
  });

  it('an overlapping run exits politely without touching anything, and the next run does the work', async () => {
    const s = sandbox();
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.seed));
    s.runtime.lock.holdFor('a-run-still-going');
    s.bundle.call('processInboxTrigger');
    expect(s.rows('Bookings')).toHaveLength(0);
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toHaveLength(0);
    expect(await suite.bridge.requests()).toHaveLength(0);
    expect(s.runtime.logs.lines.join('\n')).toMatch(/Another run is in progress/);
    // The menu says so too
    s.bundle.call('menuProcessInbox');
    expect(s.runtime.spreadsheet.ui.alerts.at(-1)?.prompt).toMatch(/being processed right now/);
    s.runtime.lock.releaseFor('a-run-still-going');
    s.bundle.call('processInboxTrigger');
    expect(s.rows('Bookings')).toHaveLength(1);
    expect(s.runtime.lock.holder).toBeNull();
  });

  it('stops at the time budget and the next run carries on where it stopped', async () => {
    // Prepare: each bridge round trip "takes" 100 s; budget 150 s; one thread per batch
    let now = Date.parse('2025-09-01T17:00:00Z');
    const s = sandbox({ now: () => now, onFetch: () => (now += 100_000) });
    s.setSetting('inbox.timeBudgetSeconds', '150');
    s.setSetting('inbox.batchSize', '1');
    s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.seed),
      await fixture(FIXTURE_FILES.confirmed4h),
      await fixture(FIXTURE_FILES.confirmed8h),
    );
    // Act + Assess: the first run stops after two batches
    s.bundle.call('processInboxTrigger');
    expect(s.rows('Bookings')).toHaveLength(2);
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toHaveLength(2);
    expect(s.rows('Log').some((r) => r.Action === 'time budget' && r.Result === 'stopped')).toBe(
      true,
    );
    // The next run picks up the rest
    s.bundle.call('processInboxTrigger');
    expect(s.rows('Bookings')).toHaveLength(3);
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toHaveLength(3);
    expect(await suite.bridge.requests()).toHaveLength(3);
  });
});

describe('Inbox run: bridge failures are shown, retried and never lost', () => {
  it('labels the mail once the row holds the booking, keeps the row pending through a 503 and a refused connection, then recovers', async () => {
    let now = Date.now();
    const s = sandbox({ now: () => now });
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.seed));
    // 503
    await suite.bridge.setMode('status:503');
    s.bundle.call('processInboxTrigger');
    expect(steps(booking(s, 'XHQGMDH'))).toEqual(Array(6).fill('pending'));
    expect(booking(s, 'XHQGMDH')['Last error']).toMatch(/bridge error 503.*will retry/);
    expect(booking(s, 'XHQGMDH')).toMatchObject({ Tries: 1 });
    // the row owes the work now: the e-mail is never read or parsed again
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toEqual(['00_seed_example_xhqgmdh']);
    // a run before the next try is due sends nothing
    s.bundle.call('processInboxTrigger');
    expect(await suite.bridge.requests()).toHaveLength(1);
    // connection dropped, at the first retry (5 minutes)
    now += 5 * 60_000;
    await suite.bridge.setMode('drop');
    s.bundle.call('processInboxTrigger');
    expect(booking(s, 'XHQGMDH')['Last error']).toMatch(/bridge unreachable/);
    expect(booking(s, 'XHQGMDH')).toMatchObject({ Tries: 2 });
    // recovery, at the second retry (20 minutes later)
    now += 20 * 60_000;
    await suite.bridge.setMode('ok');
    s.bundle.call('processInboxTrigger');
    const row = booking(s, 'XHQGMDH');
    expect(steps(row)).toEqual(Array(6).fill('done'));
    expect(row).toMatchObject({ 'Last error': '', Tries: '', 'Next try': '' });
    expect(s.rows('Bookings')).toHaveLength(1);
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toEqual(['00_seed_example_xhqgmdh']);
    const all = await suite.bridge.requests();
    expect(all.map((r) => [r.mode, JSON.parse(r.body).revision])).toEqual([
      ['status:503', 1],
      ['drop', 1],
      ['ok', 1],
    ]);
    expect(new Set(all.map((r) => r.headers['x-sig-nonce'])).size).toBe(all.length);
  });

  it('retries a step the bridge reported failed when its next try is due, with the same revision', async () => {
    let now = Date.now();
    const s = sandbox({ now: () => now });
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.seed));
    await suite.bridge.setMode('partial');
    s.bundle.call('processInboxTrigger');
    expect(booking(s, 'XHQGMDH')).toMatchObject({ 'Crew event': 'failed', Calendar: 'done' });
    expect(booking(s, 'XHQGMDH')['Last error']).toMatch(/crewEvent: SCC answered 503/);
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toHaveLength(1); // the row has it now
    await suite.bridge.setMode('ok');
    now += 5 * 60_000;
    s.bundle.call('processInboxTrigger');
    expect(booking(s, 'XHQGMDH')).toMatchObject({ 'Crew event': 'done', 'Last error': '' });
    expect((await suite.bridge.accepted()).map((r) => r.revision)).toEqual([1, 1]);
  });

  it('lets the kanban board retry one booking now (boardRetryStep is wired to the pipeline)', async () => {
    const s = sandbox();
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.seed));
    await suite.bridge.setMode('partial');
    s.bundle.call('processInboxTrigger');
    await suite.bridge.setMode('ok');
    const result = s.bundle.call<{ ok: boolean; message: string }>('boardRetryStep', {
      bookingId: 'XHQGMDH',
      step: 'crewEvent',
    });
    expect(result).toMatchObject({ ok: true, message: 'Booking XHQGMDH: every step is done.' });
    expect(booking(s, 'XHQGMDH')).toMatchObject({ 'Crew event': 'done', 'Last error': '' });
    expect(s.rows('Log').some((r) => r.Trigger === 'board' && r.Action === 'bridge')).toBe(true);
  });

  it('shows a 4xx refusal in the row, flags the mail for review, and "Retry failed steps" sends it again', async () => {
    const s = sandbox();
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.seed));
    await suite.bridge.setMode('status:400');
    s.bundle.call('processInboxTrigger');
    expect(steps(booking(s, 'XHQGMDH'))).toEqual(Array(6).fill('failed (rejected)'));
    expect(booking(s, 'XHQGMDH')['Last error']).toMatch(
      /bridge rejected the request \(400 invalid-request: stand-in answered 400\)/,
    );
    expect(s.runtime.gmail.threadsLabelled(REVIEW)).toHaveLength(1);
    expect(s.runtime.gmail.sent[0]!.body).toMatch(/refused/);
    // Not retried automatically...
    await suite.bridge.setMode('ok');
    s.bundle.call('processInboxTrigger');
    expect(await suite.bridge.accepted()).toHaveLength(0);
    // ...but by the menu
    s.bundle.call('menuRetryFailed');
    expect(steps(booking(s, 'XHQGMDH'))).toEqual(Array(6).fill('done'));
    expect(s.runtime.spreadsheet.ui.alerts.at(-1)?.prompt).toMatch(
      /1 booking\(s\) with failed steps were sent again/,
    );
  });

  it('without the signing secret nothing is sent and the row says which Script Property is missing', async () => {
    const s = newSandbox({ bridgeUrl: suite.bridge.url });
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.seed));
    s.bundle.call('processInboxTrigger');
    expect(booking(s, 'XHQGMDH')['Last error']).toBe(
      'the Script Property BRIDGE_SIGNING_SECRET is not set',
    );
    expect(await suite.bridge.requests()).toHaveLength(0);
    // the row holds the booking (and owes the bridge): the e-mail is not read again
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toHaveLength(1);
    expect(steps(booking(s, 'XHQGMDH'))).toEqual(Array(6).fill('pending'));
  });
});

describe("Inbox run: the captain's own columns", () => {
  it('keeps a formula column the captain added when the rows around it are rewritten', async () => {
    // Prepare: one booking, then a "Commission" column with a formula next to it
    const s = sandbox();
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.confirmed4h));
    s.bundle.call('processInboxTrigger');
    const sheet = s.runtime.spreadsheet.sheet('Bookings')!;
    const width = sheet.rows[0]!.length;
    const spreadsheetApp = s.runtime.globals
      .SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    const tab = spreadsheetApp.getActiveSpreadsheet().getSheetByName('Bookings')!;
    tab.getRange(1, width + 1, 2, 1).setValues([['Commission'], ['=N2*0.1']]);
    // Act: a change to that booking and a new one (the block written covers row 2)
    s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.modified),
      await fixture(FIXTURE_FILES.confirmed8h),
    );
    s.bundle.call('processInboxTrigger');
    // Assess
    expect(booking(s, '4829173')).toMatchObject({ Revision: 2 });
    expect(tab.getRange(2, width + 1).getFormulas()).toEqual([['=N2*0.1']]);
    expect(s.rows('Bookings')).toHaveLength(2);
  });
});

describe('Inbox run: batched I/O', () => {
  async function sheetsCallsFor(
    count: number,
  ): Promise<{ sheets: number; fetchAll: number; labelCalls: number }> {
    const s = sandbox();
    const seed = await fixture(FIXTURE_FILES.seed);
    for (let n = 0; n < count; n++)
      s.runtime.gmail.deliver(withBookingId(seed, 'XHQGMDH', `BK${1000 + n}`, n));
    s.runtime.spreadsheet.calls.reset();
    s.runtime.urlFetch.calls.reset();
    s.runtime.gmail.calls.reset();
    s.bundle.call('processInboxTrigger');
    expect(s.rows('Bookings')).toHaveLength(count);
    expect(s.runtime.gmail.threadsLabelled(PROCESSED)).toHaveLength(count);
    return {
      sheets: s.runtime.spreadsheet.calls.total(),
      fetchAll: s.runtime.urlFetch.calls.get('UrlFetchApp.fetchAll'),
      labelCalls: s.runtime.gmail.calls.get('GmailLabel.addToThreads'),
    };
  }

  it('makes the same number of Sheets calls for 3 e-mails as for 30, and two fetchAll (the probe, then the rest)', async () => {
    const three = await sheetsCallsFor(3);
    const thirty = await sheetsCallsFor(30);
    expect(thirty).toEqual(three);
    expect(three.fetchAll).toBe(2);
    expect(three.labelCalls).toBe(1);
  });

  it('labels at most 100 threads per Gmail call', async () => {
    const s = sandbox();
    s.setSetting('inbox.batchSize', '200');
    const marketing = await fixture(FIXTURE_FILES.marketing);
    for (let n = 0; n < 130; n++) s.runtime.gmail.deliver({ ...marketing, id: `mkt-${n}` });
    s.bundle.call('processInboxTrigger');
    expect(s.runtime.gmail.threadsLabelled(IGNORED)).toHaveLength(130);
    expect(s.runtime.gmail.largestLabelCall).toBe(100);
  });
});
