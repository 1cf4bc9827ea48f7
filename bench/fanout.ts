/**
 * Fan-out of one new booking through the bridge against the seed pipeline, both with the same
 * injected latencies (per call: calendar 150 ms, SCC 300, S3 80, CloudFront 200, SES 100,
 * DynamoDB 10), interleaved; the critical path; DynamoDB calls per new booking counted at the SDK.
 *
 * The seed pipeline is what the seed post describes: the same effects one after another
 * (calendar, SCC, guest page, checklist, invalidation), its fixed 5 s wait, then the crew answers
 * read and the captain's e-mail, through the bridge's own adapters and clients.
 */
import { renderCrewChecklist } from '../shared/crew-checklist';
import { firstName, sccEventBody } from '../shared/crew-facing';
import { effectKey } from '../shared/idempotency';
import { PAGE_CACHE_CONTROL, renderGuestPage } from '../shared/guest-page';
import { buildAdapters } from '../lambda-bridge/src/app';
import { renderCaptainEmail } from '../lambda-bridge/src/captain-email';
import { calendarInput } from '../lambda-bridge/src/steps/calendar';
import { invalidationCallerReference, linksFor } from '../lambda-bridge/src/steps/links';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { callLog, delayedFetch, instrumentClient } from '../local/aws/sdk-instrument';
import { startLocalStack, type LocalStack } from '../local/stack';
import {
  interleaved,
  round,
  spread,
  spreadDetail,
  versus,
  atMost,
  withBaseline,
  type Figure,
} from './figures';
import { newBookingRequest, postBooking, seedBooking, uniqueId } from './requests';
import type { BridgeRequest } from '../shared/bridge-contract';

/** Injected round-trip time per call, ms (issue 16). */
export const LATENCY = {
  calendar: 150,
  scc: 300,
  s3: 80,
  cloudfront: 200,
  ses: 100,
  dynamodb: 10,
} as const;

export const SEED_WAIT_MS = 5000;

/**
 * The slowest dependency chain of a new booking with the state writes exactly-once cannot do
 * without: the nonce (replay guard, before any effect), the lease, the crew event, then the crew
 * answers read for the e-mail beside the e-mail's send intent (SES has no idempotency key; the
 * two do not depend on each other), the e-mail, and the one write that records the outcome and
 * releases the lease. Each entry is one round trip; `parts` run side by side.
 */
export const CRITICAL_CHAIN: ReadonlyArray<{ name: string; parts: string[]; ms: number }> = [
  { name: 'nonce put', parts: ['nonce put'], ms: LATENCY.dynamodb },
  { name: 'lease', parts: ['lease'], ms: LATENCY.dynamodb },
  { name: 'SCC create', parts: ['SCC create'], ms: LATENCY.scc },
  {
    name: 'crew answers read with e-mail send intent (side by side)',
    parts: ['crew answers read', 'e-mail send intent'],
    ms: LATENCY.dynamodb,
  },
  { name: 'SES send', parts: ['SES send'], ms: LATENCY.ses },
  { name: 'outcome write + release', parts: ['outcome write + release'], ms: LATENCY.dynamodb },
];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Instrumented {
  stack: LocalStack;
  log: ReturnType<typeof callLog>;
  fetch: typeof fetch;
}

async function instrumentedStack(): Promise<Instrumented> {
  const delays = new Map<string, number>();
  const fetchFn = delayedFetch(delays);
  const stack = await startLocalStack({ handler: { fetch: fetchFn } });
  delays.set(new URL(stack.endpoints.calendar).origin, LATENCY.calendar);
  delays.set(new URL(stack.endpoints.scc).origin, LATENCY.scc);
  const log = callLog();
  instrumentClient(stack.clients.dynamodb, {
    service: 'DynamoDB',
    log,
    latencyMs: LATENCY.dynamodb,
  });
  instrumentClient(stack.clients.s3, { service: 'S3', log, latencyMs: LATENCY.s3 });
  instrumentClient(stack.clients.ses, { service: 'SES', log, latencyMs: LATENCY.ses });
  const cf = stack.clients.cloudfront;
  const create = cf.createInvalidation.bind(cf);
  cf.createInvalidation = async (input) => {
    log.calls.push('CloudFront.CreateInvalidation');
    await sleep(LATENCY.cloudfront);
    return create(input);
  };
  return { stack, log, fetch: fetchFn };
}

/** One page as the seed wrote it: an unconditional PutObject. */
async function seedPut(stack: LocalStack, key: string, html: string): Promise<void> {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.pagesBucket,
      Key: key,
      Body: html,
      ContentType: 'text/html; charset=utf-8',
      CacheControl: PAGE_CACHE_CONTROL,
    }),
  );
}

/** The seed pipeline: every call one after another, and the fixed wait before the e-mail. */
async function seedPipeline(ctx: Instrumented, req: BridgeRequest): Promise<void> {
  const { stack } = ctx;
  const a = buildAdapters({ config: stack.config, clients: stack.clients, fetch: ctx.fetch });
  const b = req.booking;
  const links = linksFor(b.id, stack.config.publicBaseUrl, stack.config.secrets.checklistSecret);
  await a.calendar.create(calendarInput(req, links), effectKey(b.id, 'calendar', 0));
  const event = await a.crew.create(
    sccEventBody(req, links.checklist),
    effectKey(b.id, 'crewEvent', 0),
  );
  const captain = req.crew.find((m) => /captain/i.test(m.role))?.name ?? req.captain.name;
  // The seed wrote its pages with a plain PutObject each (no read, no condition), so does this.
  await seedPut(
    stack,
    links.guestPageKey,
    renderGuestPage({ booking: b, captainName: firstName(captain), cancelled: false }),
  );
  await seedPut(
    stack,
    links.checklistKey,
    renderCrewChecklist({ booking: b, crew: req.crew, cancelled: false }),
  );
  const paths = links.invalidationPaths;
  await a.cdn.invalidate(paths, invalidationCallerReference(b.id, req.revision, paths));
  await sleep(SEED_WAIT_MS);
  const answers = await a.crewStatus.answers(event.eventId);
  const mail = renderCaptainEmail({
    request: req,
    kind: 'new',
    previous: null,
    answers,
    links: { guestPage: links.guestPage, checklist: links.checklist },
  });
  await a.mailer.send({ to: req.captain.email, ...mail });
}

/**
 * The critical chain performed for real, one call after another, against the same emulators and
 * stand-ins with the same injected latencies: what a perfect scheduler would still have to wait
 * for. (State items go to throwaway keys of the state table.)
 */
async function criticalChain(ctx: Instrumented, req: BridgeRequest, i: number): Promise<number> {
  const { stack } = ctx;
  const a = buildAdapters({ config: stack.config, clients: stack.clients, fetch: ctx.fetch });
  const ddb = stack.clients.dynamodb;
  const table = stack.config.stateTable;
  const key = (sk: string) => ({ pk: { S: `BENCH#critical-${i}-${Date.now()}` }, sk: { S: sk } });
  const links = linksFor(
    req.booking.id,
    stack.config.publicBaseUrl,
    stack.config.secrets.checklistSecret,
  );
  const t0 = performance.now();
  await a.nonces.remember(`bench-${req.booking.id}-${i}`, Math.floor(Date.now() / 1000));
  await ddb.send(
    new PutItemCommand({ TableName: table, Item: { ...key('HEAD'), leaseOwner: { S: 'bench' } } }),
  );
  const event = await a.crew.create(
    sccEventBody(req, links.checklist),
    effectKey(req.booking.id, 'crewEvent', 0),
  );
  await Promise.all([
    a.crewStatus.answers(event.eventId),
    ddb.send(
      new PutItemCommand({ TableName: table, Item: { ...key('INTENT'), at: { S: 'now' } } }),
    ),
  ]);
  await a.mailer.send({
    to: req.captain.email,
    subject: 'critical path',
    text: 'bench',
    html: '<p>bench</p>',
  });
  await ddb.send(
    new PutItemCommand({ TableName: table, Item: { ...key('OUTCOME'), done: { BOOL: true } } }),
  );
  return performance.now() - t0;
}

export async function benchFanOut(rounds: number): Promise<Figure[]> {
  const ctx = await instrumentedStack();
  try {
    const booking = await seedBooking();
    const dynamoCounts: number[] = [];
    let perCommand: Record<string, number> = {};
    const post = async (request: BridgeRequest) => {
      ctx.log.reset();
      const res = await postBooking(ctx.stack.bridgeUrl, ctx.stack.signingSecret, request);
      if (!res.ok || (res.body as { ok?: boolean }).ok !== true)
        throw new Error(
          `the bridge answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`,
        );
      return res.ms;
    };
    const ours = async (i: number) => {
      const ms = await post(newBookingRequest(booking, uniqueId('FAN', i)));
      dynamoCounts.push(ctx.log.count('DynamoDB'));
      perCommand = ctx.log.byCommand('DynamoDB');
      return ms;
    };
    const seed = async (i: number) => {
      const t0 = performance.now();
      await seedPipeline(ctx, newBookingRequest(booking, uniqueId('SEED', i)));
      return performance.now() - t0;
    };
    await ours(-1); // warm-up: first requests build connections and JIT the handler
    await ours(-2);
    dynamoCounts.length = 0;
    const chain = (i: number) =>
      criticalChain(ctx, newBookingRequest(booking, uniqueId('CRIT', i)), i);
    const [oursMs, seedMs, chainMs] = await interleaved(rounds, [ours, seed, chain]);
    const o = spread(oursMs ?? []);
    const s = spread(seedMs ?? []);
    const c = spread(chainMs ?? []);
    const latencies = CRITICAL_CHAIN.reduce((sum, { ms }) => sum + ms, 0);
    const calls = Math.max(...dynamoCounts);
    // The same new booking with the built-in crew provider (invitations and answers in the
    // bridge's own table, one SES e-mail per member): counted, not timed.
    const builtinCounts: number[] = [];
    let builtinPerCommand: Record<string, number> = {};
    for (let i = 0; i < 3; i += 1) {
      await post({
        ...newBookingRequest(booking, uniqueId('BUILTIN', i)),
        providers: { calendar: 'dashboard', crew: 'builtin' },
      });
      builtinCounts.push(ctx.log.count('DynamoDB'));
      builtinPerCommand = ctx.log.byCommand('DynamoDB');
    }
    const builtinCalls = Math.max(...builtinCounts);
    return [
      versus(
        'fan-out: one new booking (injected latencies), median',
        round(o.median, 1),
        'ms',
        {
          name: 'seed pipeline (same calls one after another + its fixed 5 s wait)',
          value: round(s.median, 1),
          unit: 'ms',
          detail: spreadDetail(s),
        },
        { kind: 'speedup', atLeast: 10 },
        spreadDetail(o),
      ),
      versus(
        'fan-out vs critical path, median',
        round(o.median, 1),
        'ms',
        {
          name: `critical path, the same calls performed in this order: ${CRITICAL_CHAIN.map(({ name }) => name).join(' > ')}`,
          value: round(c.median, 1),
          unit: 'ms',
          detail: { ...spreadDetail(c), 'injected latencies alone': latencies },
        },
        { kind: 'fraction', atMost: 1.2 },
        spreadDetail(o),
      ),
      withBaseline(
        atMost('DynamoDB calls per new booking (counted at the SDK)', calls, 'calls', 10, {
          'crew provider': 'SCC',
          ...perCommand,
          'min over runs': Math.min(...dynamoCounts),
        }),
        {
          name: 'before issue 16 (14 PutItem, 4 UpdateItem, 2 Query; recorded, not re-run)',
          value: 20,
          unit: 'calls',
        },
      ),
      withBaseline(
        atMost(
          'DynamoDB calls per new booking, built-in crew provider (counted at the SDK)',
          builtinCalls,
          'calls',
          10,
          {
            'crew provider': 'built-in (3 crew invited)',
            ...builtinPerCommand,
            'min over runs': Math.min(...builtinCounts),
          },
        ),
        { name: 'the same booking with the SCC provider (this run)', value: calls, unit: 'calls' },
      ),
    ];
  } finally {
    await ctx.stack.stop();
  }
}
