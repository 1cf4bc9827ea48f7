/**
 * `npm run bench`: the system's performance figures, each beside its baseline from the same run
 * (interleaved runs, medians and spreads; see bench/figures.ts).
 *
 *   fan-out         one new booking vs the seed pipeline and vs the critical path, injected
 *                   latencies; DynamoDB calls per new booking counted at the SDK   (fanout.ts)
 *   lambda bundle   size + breakdown; cold load + client construction, bundle vs unbundled
 *                   in alternating fresh processes                                  (cold-load.ts)
 *   burst           200 bookings, 50 at a time, through the local HTTP bridge; effects counted
 *                   in the stand-ins and emulators                                  (burst.ts)
 *   apps script     Sheets/Gmail/UrlFetch calls per run: 1, 50, 500 e-mails, bridge outage
 *                                                                                   (apps-script.ts)
 *   board           first screen and move round trip at 100 and 1,000 cards       (board.ts)
 *   parser, finance throughput; memory: peak RSS / heap of this process
 *
 * Sizes are set by BENCH_FANOUT_ROUNDS (10), BENCH_COLD_PROCESSES (15), BENCH_BURST (200),
 * BENCH_BOARD_ROUNDS (5). Prints a table and writes bench/results.json (git-ignored).
 * BENCH_ONLY=fan-out,board (section names, comma-separated) runs only those sections and only
 * prints: a partial run never replaces the results files.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseBoatsetterEmail, type BoatsetterMessage } from '../shared/boatsetter';
import type { Booking } from '../shared/booking';
import { computeFinance, DEFAULT_FINANCE_SETTINGS } from '../shared/finance';
import { emlToGmailInput } from '../local/gas-runtime/eml';
import { benchAppsScript } from './apps-script';
import { benchBoard } from './board';
import { benchBurst } from './burst';
import { benchColdLoad } from './cold-load';
import { benchFanOut } from './fanout';
import {
  atLeast,
  below,
  formatFigure,
  info,
  markdownTable,
  round,
  summarize,
  type Figure,
} from './figures';
import { FIXTURES, ROOT, SEED_EML as SEED } from './requests';

let peakHeap = 0;
function sampleHeap(): void {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}

async function fixtureMessages(): Promise<BoatsetterMessage[]> {
  const files = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  const out: BoatsetterMessage[] = [];
  for (const file of files) {
    const input = await emlToGmailInput(readFileSync(join(FIXTURES, file)), { id: file });
    out.push({
      subject: input.subject,
      from: input.from,
      headers: input.headers,
      plainBody: input.plainBody,
      htmlBody: input.htmlBody,
      messageId: input.id,
      receivedAt: new Date(input.date).toISOString(),
    });
  }
  return out;
}

async function benchParser(): Promise<Figure[]> {
  const messages = await fixtureMessages();
  for (let i = 0; i < 50; i += 1) for (const m of messages) parseBoatsetterEmail(m); // warm-up
  const rounds = 300;
  const perMail: number[] = [];
  const start = performance.now();
  for (let r = 0; r < rounds; r += 1) {
    for (const m of messages) {
      const t0 = performance.now();
      parseBoatsetterEmail(m);
      perMail.push(performance.now() - t0);
    }
    if (r % 50 === 0) sampleHeap();
  }
  const elapsed = performance.now() - start;
  const stats = summarize(perMail);
  const rate = (perMail.length / elapsed) * 1000;
  return [
    atLeast('parser throughput', round(rate, 0), 'mails/s', 1000, {
      mails: perMail.length,
      fixtures: messages.length,
    }),
    below('parser latency p95 per mail', round(stats.p95, 3), 'ms', 5, {
      p50: round(stats.p50, 3),
      max: round(stats.max, 3),
    }),
  ];
}

async function seedBooking(): Promise<Booking> {
  const [seed] = (await fixtureMessages()).filter((m) => m.messageId === SEED);
  if (!seed) throw new Error(`${SEED} is missing`);
  const parsed = parseBoatsetterEmail(seed);
  if (parsed.kind !== 'new') throw new Error(`the worked example parsed as ${parsed.kind}`);
  return parsed.event.booking;
}

async function benchFinance(): Promise<Figure[]> {
  const booking = await seedBooking();
  const check = computeFinance(booking, DEFAULT_FINANCE_SETTINGS);
  if (check.netCents !== 28941)
    throw new Error(`worked example net is ${check.netCents}, not 28941`);
  for (let i = 0; i < 20_000; i += 1) computeFinance(booking, DEFAULT_FINANCE_SETTINGS);
  const n = 300_000;
  const start = performance.now();
  for (let i = 0; i < n; i += 1) computeFinance(booking, DEFAULT_FINANCE_SETTINGS);
  const elapsed = performance.now() - start;
  sampleHeap();
  return [atLeast('finance computations', round((n / elapsed) * 1000, 0), 'per s', 100_000)];
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const sections: Array<[string, () => Promise<Figure[]> | Figure[]]> = [
    ['fan-out', () => benchFanOut(env('BENCH_FANOUT_ROUNDS', 10))],
    ['lambda bundle', () => benchColdLoad(env('BENCH_COLD_PROCESSES', 15))],
    ['burst', () => benchBurst(env('BENCH_BURST', 200), 50, 10)],
    ['apps script', benchAppsScript],
    ['board', () => benchBoard(env('BENCH_BOARD_ROUNDS', 5))],
    ['parser', benchParser],
    ['finance', benchFinance],
  ];
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !sections.some(([section]) => section === name)) ?? [];
  if (unknown.length > 0)
    throw new Error(
      `BENCH_ONLY: no section ${unknown.join(', ')} (sections: ${sections.map(([n]) => n).join(', ')})`,
    );
  const figures: Figure[] = [];
  const failures: string[] = [];
  console.log(
    'Benchmark: figure, value | vs baseline (same run) | ratio | target, verdict (detail)',
  );
  for (const [name, run] of sections) {
    if (only && !only.includes(name)) continue;
    try {
      const got = await run();
      figures.push(...got);
      for (const f of got) console.log(formatFigure(f));
    } catch (error) {
      const message = `${name}: ${error instanceof Error ? error.message : String(error)}`;
      failures.push(message);
      console.log(`  ${name.padEnd(46)} FAILED: ${message}`);
    }
  }
  sampleHeap();
  const memory = [
    info('peak RSS', round(process.resourceUsage().maxRSS / 1024, 1), 'MB'),
    info('peak heap used (sampled)', round(peakHeap / 1024 / 1024, 1), 'MB'),
  ];
  figures.push(...memory);
  for (const f of memory) console.log(formatFigure(f));
  const results = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: round(totalmem() / 1024 ** 3, 1),
      loadAverage: loadavg()
        .map((l) => round(l, 1))
        .join(' '),
    },
    figures,
    failures,
    allTargetsMet: failures.length === 0 && figures.every((f) => f.met !== false),
  };
  if (only) {
    console.log(`\nBENCH_ONLY=${only.join(',')}: partial run, bench/results.json left as it was`);
    if (failures.length > 0) process.exitCode = 1;
    return;
  }
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(
    join(ROOT, 'bench/results.md'),
    `Ran ${results.generatedAt} on ${results.machine.cpus} x ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, ${results.platform}, Node ${results.node}, load average ${results.machine.loadAverage}.\n\n${markdownTable(figures)}\n`,
  );
  const missed = figures.filter((f) => f.met === false).map((f) => f.name);
  console.log(
    `\n${figures.length} figures; targets missed: ${missed.length ? missed.join(', ') : 'none'}; failures: ${failures.length}. Written to bench/results.json`,
  );
  if (failures.length > 0) process.exitCode = 1;
}

void main();
