/**
 * A burst of new bookings through the local HTTP bridge (real emulators and stand-ins, no injected
 * latency), `concurrency` at a time: throughput and latency, against the same bridge taking
 * bookings one at a time. Then what the sheet does with an answer that is not ok (no answer, 5xx,
 * 409, a retryable step failed): it sends the same revision again, up to its MAX_TRIES tries
 * (the schedule's minutes compressed to a pause), until every booking is done. Only then is every
 * effect counted in the stand-ins and emulators per booking (burst-effects.ts): a calendar entry,
 * a crew event, two pages, an invalidation, a captain e-mail. 0 lost, 0 twice; e-mails the bridge
 * holds as uncertain (not re-sent) are counted and shown apart.
 */
import { MAX_TRIES } from '../gas/core/retry-schedule';
import { DEFAULT_LEASE_SECONDS } from '../lambda-bridge/src/app';
import { startLocalStack } from '../local/stack';
import { byKind, effectsOf, tally } from './burst-effects';
import { percentile, round, spread, versus, withBaseline, atMost, type Figure } from './figures';
import { newBookingRequest, postBooking, seedBooking, uniqueId, type PostResult } from './requests';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why answers were not ok, most frequent first: "step calendar failed 12, HTTP 409 3". */
function reasonsOf(results: PostResult[]): string {
  const counts = new Map<string, number>();
  const add = (why: string) => counts.set(why, (counts.get(why) ?? 0) + 1);
  for (const r of results) {
    if (r.status !== 200) {
      add(`HTTP ${r.status || 'no answer'}`);
      continue;
    }
    const steps =
      (r.body as { steps?: Array<{ step: string; status: string }> } | null)?.steps ?? [];
    const bad = steps.filter((s) => s.status === 'failed' || s.status === 'skipped');
    for (const s of bad) add(`${s.step} ${s.status}`);
  }
  return (
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([why, n]) => `${why} ${n}`)
      .join(', ') || 'none'
  );
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
    const notOkReasons = reasonsOf(failed);
    // What the sheet does with a booking whose answer was not ok: send it again (same id and
    // revision) on its retry schedule, at most MAX_TRIES tries in all; only then are effects counted.
    const tries = new Map(ids.map((id) => [id, 1]));
    let resent = 0;
    for (let round = 1; round < MAX_TRIES; round += 1) {
      const pending = ids.filter((id) => !results.get(id)?.ok);
      if (!pending.length) break;
      // A lease left by a run whose release failed answers 409 until it runs out.
      const busy = pending.some((id) => results.get(id)?.status === 409);
      await sleep(busy ? DEFAULT_LEASE_SECONDS * 1000 + 500 : 1_000);
      await pool(pending, 10, async (id) => {
        resent += 1;
        tries.set(id, (tries.get(id) ?? 1) + 1);
        results.set(id, await send(id));
      });
    }
    const gaveUp = ids.filter((id) => !results.get(id)?.ok);
    await sleep(1_000); // an SDK request that timed out may still land: count it if it does

    const answers = new Map(ids.map((id) => [id, results.get(id)?.body]));
    const fx = tally(await effectsOf(stack, ids), answers);
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
        atMost('burst: effects lost (of 6 per booking)', fx.lost, 'effects', 0, {
          'effects expected': fx.expected,
          'effects counted once': fx.once,
          'lost by kind': byKind(fx.lostByKind),
          'answered not ok in the burst': failed.length,
          'why not ok': notOkReasons,
          're-sent as the sheet would': resent,
          'most tries of one booking': Math.max(...tries.values()),
          [`still not ok after ${MAX_TRIES} tries (gave up)`]: gaveUp.length,
          'captain e-mails uncertain (not re-sent, doubt shown)': fx.uncertain,
          'uncertain ones SES did receive': fx.uncertainButSent,
          ...(fx.examples.length ? { examples: fx.examples.join('; ') } : {}),
        }),
        { name: 'effects expected', value: fx.expected, unit: 'effects' },
      ),
      withBaseline(
        atMost('burst: effects duplicated', fx.duplicated, 'effects', 0, {
          'duplicated by kind': byKind(fx.duplicatedByKind),
        }),
        { name: 'effects expected', value: fx.expected, unit: 'effects' },
      ),
    ];
  } finally {
    await stack.stop();
  }
}
