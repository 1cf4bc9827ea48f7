/**
 * Apps Script calls per inbox run (Sheets, Gmail, UrlFetch), from the in-memory fakes' counters,
 * with the built bundle: 1, 50 and 500 new-booking e-mails, and a run during a bridge outage
 * with 50 bookings pending. The bridge is the tests' fast fake bridge (its answers do not matter
 * to these counts; the real bridge is measured by the other sections).
 */
import { performance } from 'node:perf_hooks';
import type { GmailInput } from '../local/gas-runtime';
import { FakeBridge } from '../test/gas/support/fake-bridge';
import {
  ensureGasBuilt,
  fixture,
  FIXTURE_FILES,
  newSandbox,
  type Sandbox,
} from '../test/gas/support/harness';
import { info, round, withBaseline, type Figure } from './figures';

function copyOf(mail: GmailInput, n: number): GmailInput {
  const to = `BK${String(100000 + n)}`;
  const swap = (text: string): string => text.split('XHQGMDH').join(to);
  return {
    ...mail,
    id: `${mail.id}-${n}`,
    threadId: undefined,
    subject: swap(mail.subject),
    plainBody: swap(mail.plainBody),
    htmlBody: swap(mail.htmlBody),
    headers: { ...mail.headers, 'Message-ID': `<bench-${n}-${to}@boatsetter.example>` },
  };
}

interface RunCalls {
  sheets: number;
  gmail: number;
  urlFetch: number;
  bridgeRequests: number;
  ms: number;
}

function resetCounters(s: Sandbox): void {
  s.runtime.spreadsheet.calls.reset();
  s.runtime.gmail.calls.reset();
  s.runtime.urlFetch.calls.reset();
}

async function oneRun(s: Sandbox, bridge: FakeBridge): Promise<RunCalls> {
  resetCounters(s);
  const before = (await bridge.requests()).length;
  const t0 = performance.now();
  s.bundle.call('processInboxTrigger');
  const ms = performance.now() - t0;
  return {
    sheets: s.runtime.spreadsheet.calls.total(),
    gmail: s.runtime.gmail.calls.total(),
    urlFetch: s.runtime.urlFetch.calls.total(),
    bridgeRequests: (await bridge.requests()).length - before,
    ms,
  };
}

const detailOf = (c: RunCalls, extra: Record<string, number> = {}) => ({
  Sheets: c.sheets,
  Gmail: c.gmail,
  UrlFetch: c.urlFetch,
  'bridge requests': c.bridgeRequests,
  'run ms': round(c.ms, 0),
  ...extra,
});

const total = (c: RunCalls) => c.sheets + c.gmail + c.urlFetch;

export async function benchAppsScript(): Promise<Figure[]> {
  ensureGasBuilt();
  const bridge = await FakeBridge.start();
  try {
    const seed = await fixture(FIXTURE_FILES.seed);
    const runFor = async (count: number) => {
      await bridge.setMode('ok');
      const s = newSandbox({ bridgeUrl: bridge.url, secret: bridge.secret });
      for (let n = 0; n < count; n += 1) s.runtime.gmail.deliver(copyOf(seed, n));
      const first = await oneRun(s, bridge);
      let runs = 1;
      while (s.rows('Bookings').length < count && runs < 50) {
        await oneRun(s, bridge);
        runs += 1;
      }
      return { first, runs, rows: s.rows('Bookings').length };
    };
    const one = await runFor(1);
    const fifty = await runFor(50);
    const many = await runFor(500);

    // Outage: 50 bookings arrive while the bridge refuses every connection; the second run (the
    // next scheduled one, 5 minutes on, when the first retry is due) is what every scheduled run
    // costs for as long as the outage lasts: one probe request, and the e-mails are not re-read.
    await bridge.setMode('drop');
    let now = Date.now();
    const s = newSandbox({ bridgeUrl: bridge.url, secret: bridge.secret, now: () => now });
    for (let n = 0; n < 50; n += 1) s.runtime.gmail.deliver(copyOf(seed, 1000 + n));
    const arrival = await oneRun(s, bridge);
    now += 5 * 60_000;
    const during = await oneRun(s, bridge);
    await bridge.setMode('ok');

    const base = { name: 'the same run for 1 e-mail', value: total(one.first), unit: 'calls' };
    return [
      info(
        'apps script calls per run: 1 e-mail (Sheets + Gmail + UrlFetch)',
        total(one.first),
        'calls',
        detailOf(one.first),
      ),
      withBaseline(
        info(
          'apps script calls per run: 50 e-mails',
          total(fifty.first),
          'calls',
          detailOf(fifty.first, { 'runs to drain': fifty.runs }),
        ),
        base,
      ),
      withBaseline(
        info(
          'apps script calls per run: 500 e-mails (first run)',
          total(many.first),
          'calls',
          detailOf(many.first, { 'runs to drain': many.runs, rows: many.rows }),
        ),
        base,
      ),
      withBaseline(
        info(
          'apps script calls per run during a bridge outage (50 pending)',
          total(during),
          'calls',
          detailOf(during),
        ),
        {
          name: 'the run in which the 50 arrived (bridge already down)',
          value: total(arrival),
          unit: 'calls',
          detail: detailOf(arrival),
        },
      ),
    ];
  } finally {
    await bridge.stop();
  }
}
