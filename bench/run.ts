/**
 * `npm run bench`: the system's performance figures, each next to its target.
 *
 *   parser          mails/s over the fixtures repeated, p50/p95 per mail
 *   finance         computations/s
 *   lambda bundle   bytes of dist/lambda-bridge/index.js; cold load in a fresh node process
 *   bridge handler  latency per booking event against the local stack (p50/p95, no fixed sleeps)
 *   apps script     inbox run time for N mails, the built bundle in node:vm against the stack
 *   memory          peak RSS / heap used of this process
 *
 * Prints a table and writes bench/results.json (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseBoatsetterEmail, type BoatsetterMessage } from '../shared/boatsetter';
import { BRIDGE_PATH, type BridgeRequest } from '../shared/bridge-contract';
import type { Booking } from '../shared/booking';
import { computeFinance, DEFAULT_FINANCE_SETTINGS } from '../shared/finance';
import { signRequest } from '../shared/signing';
import { emlToGmailInput } from '../local/gas-runtime/eml';
import { Sandbox } from '../local/sandbox/sandbox';
import { startLocalStack } from '../local/stack';
import {
  atLeast,
  atMost,
  below,
  formatFigure,
  info,
  round,
  summarize,
  type Figure,
} from './figures';

const ROOT = resolve(__dirname, '..');
const FIXTURES = join(ROOT, 'test/fixtures/boatsetter');
const BUNDLE = join(ROOT, 'dist/lambda-bridge/index.js');
const SEED = '00_seed_example_xhqgmdh.eml';

const nodeCrypto = {
  hmacSha256Hex: (key: string, message: string) =>
    createHmac('sha256', key).update(message, 'utf8').digest('hex'),
  sha256Hex: (message: string) => createHash('sha256').update(message, 'utf8').digest('hex'),
};

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

function benchBundle(): Figure[] {
  const bytes = statSync(BUNDLE).size;
  const figures: Figure[] = [
    atMost('lambda bundle size', round(bytes / 1024, 1), 'KB', 700, { bytes }),
  ];
  // A fresh node process per sample: require the bundle (module-scope SDK clients are built).
  const script = `const t0 = process.hrtime.bigint(); require(${JSON.stringify(BUNDLE)});
    process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));`;
  const samples: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    const w0 = performance.now();
    const out = execFileSync(process.execPath, ['-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-west-2',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      encoding: 'utf8',
    });
    walls.push(performance.now() - w0);
    samples.push(Number(out));
  }
  const stats = summarize(samples.slice(1)); // the first run also warms the OS file cache
  figures.push(
    below('lambda cold load (require + clients), p50', round(stats.p50, 1), 'ms', 300, {
      p95: round(stats.p95, 1),
      runs: stats.n,
      'process wall p50 ms': round(summarize(walls.slice(1)).p50, 1),
    }),
  );
  return figures;
}

async function benchBridge(count: number): Promise<Figure[]> {
  const stack = await startLocalStack();
  try {
    const booking = await seedBooking();
    const samples: number[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < count + 2; i += 1) {
      const b: Booking = { ...booking, id: `BENCH-${Date.now().toString(36)}-${i}` };
      const request: BridgeRequest = {
        op: 'upsert',
        revision: 1,
        booking: b,
        finance: computeFinance(b, DEFAULT_FINANCE_SETTINGS),
        crew: [
          { name: 'Sam Rivera', role: 'captain', email: 'sam.rivera@crew.example' },
          { name: 'Dana Deck', role: 'deckhand', email: 'dana.deck@crew.example' },
          { name: 'Lee Line', role: 'deckhand', email: 'lee.line@crew.example' },
        ],
        captain: { email: 'captain@charter.example', name: 'Sam Rivera' },
        requestedAt: new Date().toISOString().replace('Z', '+00:00'),
      };
      const body = JSON.stringify(request);
      const headers = signRequest(
        {
          method: 'POST',
          path: BRIDGE_PATH,
          timestamp: Math.floor(Date.now() / 1000),
          nonce: randomUUID(),
          body,
        },
        stack.signingSecret,
        nodeCrypto,
      );
      const t0 = performance.now();
      const res = await fetch(`${stack.bridgeUrl}${BRIDGE_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      const answer = (await res.json()) as { ok?: boolean };
      const ms = performance.now() - t0;
      if (i >= 2) samples.push(ms); // two warm-up bookings
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status !== 200 || answer.ok !== true)
        throw new Error(`bridge answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
      sampleHeap();
    }
    const stats = summarize(samples);
    return [
      below('bridge handler latency per booking, p95', round(stats.p95, 1), 'ms', 500, {
        p50: round(stats.p50, 1),
        max: round(stats.max, 1),
        bookings: stats.n,
      }),
    ];
  } finally {
    await stack.stop();
  }
}

async function benchAppsScript(count: number): Promise<Figure[]> {
  const seed = readFileSync(join(FIXTURES, SEED), 'utf8');
  const inbox = mkdtempSync(join(tmpdir(), 'bench-inbox-'));
  for (let i = 0; i < count; i += 1) {
    const id = `BNCH${String(i).padStart(4, '0')}`;
    writeFileSync(join(inbox, `${id}.eml`), seed.replaceAll('XHQGMDH', id));
  }
  const sandbox = await Sandbox.start({
    stateDir: null,
    inboxDir: inbox,
    port: 0,
    log: () => undefined,
  });
  try {
    const t0 = performance.now();
    const run = await sandbox.processInbox();
    const ms = performance.now() - t0;
    sampleHeap();
    if (run.error) throw new Error(`the inbox run failed: ${run.error}`);
    const bookings = sandbox.tab('Bookings')?.length ?? 1;
    if (bookings - 1 !== count)
      throw new Error(`expected ${count} bookings after the run, found ${bookings - 1}`);
    return [
      below(`apps script inbox run (${count} mails, vm + bridge)`, round(ms, 0), 'ms', 30_000, {
        perMail: round(ms / count, 1),
        mailsPerS: round((count / ms) * 1000, 1),
      }),
    ];
  } finally {
    await sandbox.stop();
    rmSync(inbox, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const bridgeBookings = Number(process.env.BENCH_BOOKINGS ?? 30);
  const gasMails = Number(process.env.BENCH_MAILS ?? 20);
  const sections: Array<[string, () => Promise<Figure[]> | Figure[]]> = [
    ['parser', benchParser],
    ['finance', benchFinance],
    ['lambda bundle', benchBundle],
    ['bridge handler', () => benchBridge(bridgeBookings)],
    ['apps script inbox', () => benchAppsScript(gasMails)],
  ];
  const figures: Figure[] = [];
  const failures: string[] = [];
  console.log('Benchmark (figure, value, target, verdict)');
  for (const [name, run] of sections) {
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
    figures,
    failures,
    allTargetsMet: failures.length === 0 && figures.every((f) => f.met !== false),
  };
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const missed = figures.filter((f) => f.met === false).map((f) => f.name);
  console.log(
    `\n${figures.length} figures; targets missed: ${missed.length ? missed.join(', ') : 'none'}; failures: ${failures.length}. Written to bench/results.json`,
  );
  if (failures.length > 0) process.exitCode = 1;
}

void main();
