/**
 * A day-long bridge outage, run through the BUILT bundle in node:vm against the fake Apps Script
 * services and a bridge stand-in that drops every connection: each 5-minute run costs at most one
 * request and reads no e-mail twice; every booking gives up after the last try of the schedule,
 * and one click on the card's "Retry now" (boardRetryStep) sends it again once the bridge is back.
 */
import type { BoardState } from '../../../gas/kanban/types';
import { bundleSuite } from '../support/bundle-suite';
import { FIXTURE_FILES, fixture, type Sandbox } from '../support/harness';

const MINUTE = 60_000;
const STEPS = [
  'Calendar',
  'Crew event',
  'Checklist',
  'Guest page',
  'Invalidation',
  'Captain e-mail',
];
const IDS = ['BK5001', 'BK5002', 'BK5003'];

const suite = bundleSuite();

function booking(s: Sandbox, id: string): Record<string, unknown> {
  const row = s.rows('Bookings').find((r) => String(r['Booking ID']) === id);
  if (!row) throw new Error(`no Bookings row ${id}`);
  return row;
}

const steps = (s: Sandbox, id: string) => STEPS.map((h) => booking(s, id)[h]);

describe('A bridge outage through the built bundle', () => {
  it('costs one request per run, gives up after the last try, and retries on one click', async () => {
    // Prepare: three bookings arrive while the bridge drops every connection
    const { bridge } = suite;
    await bridge.setMode('drop');
    let now = Date.now();
    const s = suite.sandbox({ now: () => now });
    const seed = await fixture(FIXTURE_FILES.seed);
    for (const [n, id] of IDS.entries()) {
      const swap = (text: string) => text.split('XHQGMDH').join(id);
      s.runtime.gmail.deliver({
        ...seed,
        id: `${seed.id}-${n}`,
        subject: swap(seed.subject),
        plainBody: swap(seed.plainBody),
        htmlBody: swap(seed.htmlBody),
        headers: { ...seed.headers, 'Message-ID': `<${id}@boatsetter.example>` },
      });
    }

    // Act: the trigger's run every 5 minutes for a day
    s.bundle.call('processInboxTrigger');
    expect(await bridge.requests()).toHaveLength(1); // the probe only
    expect(s.runtime.gmail.threadsLabelled('charter/processed')).toHaveLength(3);
    const perRun: number[] = [];
    s.runtime.gmail.calls.reset();
    for (let t = 5; t <= 24 * 60; t += 5) {
      now += 5 * MINUTE;
      const before = (await bridge.requests()).length;
      s.bundle.call('processInboxTrigger');
      perRun.push((await bridge.requests()).length - before);
    }

    // Assess: never more than one request a run, no e-mail read again, every booking gave up
    expect(Math.max(...perRun)).toBe(1);
    expect(s.runtime.gmail.calls.get('GmailThread.getMessages')).toBe(0);
    for (const id of IDS) {
      expect(steps(s, id)).toEqual(Array(6).fill('failed (gave up)'));
      expect(booking(s, id)).toMatchObject({ Tries: 7, 'Next try': '' });
    }
    expect((await bridge.requests()).length).toBe(3 * 7);
    // ... and stays quiet: no eighth try by itself
    now += 60 * MINUTE;
    s.bundle.call('processInboxTrigger');
    expect((await bridge.requests()).length).toBe(3 * 7);

    // The card says so and offers the one click
    const board = s.bundle.call<BoardState>('boardLoad');
    const card = board.cards.find((c) => c.bookingId === 'BK5001');
    expect(card?.alerts).toEqual([
      expect.objectContaining({
        severity: 'red',
        offerRetry: true,
        message: expect.stringMatching(/gave up after 7 tries.*Press Retry/),
      }),
    ]);

    // One click once the bridge is back: that booking is done, the others still wait
    await bridge.setMode('ok');
    const result = s.bundle.call<{ ok: boolean; message: string }>('boardRetryStep', {
      bookingId: 'BK5001',
      step: card!.alerts[0]!.step,
    });
    expect(result).toMatchObject({ ok: true, message: 'Booking BK5001: every step is done.' });
    expect(steps(s, 'BK5001')).toEqual(Array(6).fill('done'));
    expect(booking(s, 'BK5001')).toMatchObject({ Tries: '', 'Last error': '' });
    expect(steps(s, 'BK5002')).toEqual(Array(6).fill('failed (gave up)'));
  }, 120_000);
});
