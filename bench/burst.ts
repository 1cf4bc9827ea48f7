/**
 * A burst of new bookings through the local HTTP bridge (real emulators and stand-ins, no injected
 * latency), `concurrency` at a time: throughput and latency, against the same bridge taking
 * bookings one at a time; then every effect counted in the stand-ins and emulators per booking:
 * a calendar entry, a crew event, two pages, an invalidation, a captain e-mail. 0 lost, 0 twice.
 */
import { startLocalStack, type LocalStack } from '../local/stack';
import { percentile, round, spread, versus, withBaseline, atMost, type Figure } from './figures';
import { newBookingRequest, postBooking, seedBooking, uniqueId, type PostResult } from './requests';

interface Effects {
  calendar: number;
  crewEvent: number;
  guestPage: number;
  checklist: number;
  invalidation: number;
  email: number;
}

async function effectsOf(stack: LocalStack, ids: string[]): Promise<Map<string, Effects>> {
  const calendar = stack.calendarState().events.map((e) => JSON.stringify(e));
  const scc = stack.sccState().events.map((e) => JSON.stringify(e));
  const invalidations = stack.cloudfrontState().invalidations.map((i) => JSON.stringify(i));
  const objects = (await stack.listPageObjects()).map((o) => o.key);
  const mails = (await stack.sesMessages()).map((m) => JSON.stringify(m));
  const count = (items: string[], needle: string) => items.filter((s) => s.includes(needle)).length;
  const out = new Map<string, Effects>();
  for (const id of ids) {
    const slug = id.toLowerCase();
    out.set(id, {
      calendar: count(calendar, id),
      crewEvent: count(scc, id),
      guestPage: objects.filter((k) => k === `${slug}.html`).length,
      checklist: objects.filter((k) => k.startsWith(`crew/${slug}-`)).length,
      invalidation: count(invalidations, `/${slug}.html`),
      email: count(mails, id),
    });
  }
  return out;
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

export async function benchBurst(
  total: number,
  concurrency: number,
  sequential: number,
): Promise<Figure[]> {
  const stack = await startLocalStack();
  try {
    const booking = await seedBooking();
    const send = (id: string) =>
      postBooking(stack.bridgeUrl, stack.signingSecret, newBookingRequest(booking, id));
    await send(uniqueId('WARM', 0));

    const oneByOne = Array.from({ length: sequential }, (_, i) => uniqueId('SEQ', i));
    const s0 = performance.now();
    for (const id of oneByOne) await send(id);
    const sequentialRate = (sequential / (performance.now() - s0)) * 1000;

    const ids = Array.from({ length: total }, (_, i) => uniqueId('BRST', i));
    const results = new Map<string, PostResult>();
    const t0 = performance.now();
    await pool(ids, concurrency, async (id) => {
      results.set(id, await send(id));
    });
    const elapsed = performance.now() - t0;
    const rate = (total / elapsed) * 1000;
    const latencies = [...results.values()].map((r) => r.ms).sort((a, b) => a - b);
    const failed = [...results.values()].filter((r) => !r.ok);
    // What the sheet does with a booking whose answer was not ok: send it again (same id and
    // revision) until it completes; only then are effects counted.
    let resent = 0;
    for (let round = 0; round < 5; round += 1) {
      const pending = ids.filter((id) => !results.get(id)?.ok);
      if (!pending.length) break;
      for (const id of pending) {
        resent += 1;
        results.set(id, await send(id));
      }
    }
    const stillFailing = ids.filter((id) => !results.get(id)?.ok).length;

    const effects = await effectsOf(stack, ids);
    let lost = 0;
    let duplicated = 0;
    for (const e of effects.values()) {
      for (const n of Object.values(e)) {
        if (n === 0) lost += 1;
        if (n > 1) duplicated += n - 1;
      }
    }
    const s = spread(latencies);
    return [
      versus(
        `burst: ${total} new bookings, ${concurrency} at a time, throughput`,
        round(rate, 1),
        'bookings/s',
        {
          name: `the same bridge taking bookings one at a time (${sequential})`,
          value: round(sequentialRate, 1),
          unit: 'bookings/s',
        },
        { kind: 'gain', atLeast: 1 },
        {
          'elapsed ms': round(elapsed, 0),
          p50: round(percentile(latencies, 50), 1),
          p99: round(percentile(latencies, 99), 1),
          max: round(s.max, 1),
          'not ok answers': failed.length,
        },
      ),
      atMost(
        `burst: latency p99 (${concurrency} in flight)`,
        round(percentile(latencies, 99), 1),
        'ms',
        10_000,
        {
          p50: round(percentile(latencies, 50), 1),
          'requests answered not ok': failed.length,
        },
      ),
      withBaseline(
        atMost('burst: effects lost (of 6 per booking)', lost, 'effects', 0, {
          'effects expected': total * 6,
          'answered not ok in the burst': failed.length,
          're-sent as the sheet would': resent,
          'still not ok after 5 re-sends': stillFailing,
        }),
        { name: 'effects expected', value: total * 6, unit: 'effects' },
      ),
      withBaseline(atMost('burst: effects duplicated', duplicated, 'effects', 0), {
        name: 'effects expected',
        value: total * 6,
        unit: 'effects',
      }),
    ];
  } finally {
    await stack.stop();
  }
}
