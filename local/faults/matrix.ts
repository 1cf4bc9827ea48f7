/**
 * The fault matrix: every dependency of the bridge x every fault that applies. Each cell injects
 * the fault at the dependency's proxy, sends one new booking to the local bridge (real handler,
 * real SDK clients over HTTP, emulators and stand-ins), clears the fault, sends the same revision
 * again until the bridge reports it complete, waits for any late delivery to land, then counts the
 * effects in the stand-ins and emulators:
 *   calendar entries and live SCC events with the booking's id (exactly 1 each; with the built-in
 *   crew provider no SCC event and exactly one invitation e-mail per crew member), its two pages in
 *   S3 (both present), CloudFront invalidations of its guest page (exactly 1), e-mails to the
 *   captain about it (exactly 1).
 * duplicate = an effect counted more than once; lost = an expected effect missing. An e-mail may
 * be missing only when the bridge reports it uncertain (not re-sent) AND the cell's fault was on
 * SES itself (its answer lost: the e-mail may have gone, so it is at most once). A doubt caused by
 * any other fault (a DynamoDB write whose answer was lost, say) is a false doubt: counted as lost.
 *
 * Targets: a dependency, and for DynamoDB each write the exactly-once guarantees rest on (the
 * nonce, the run lease, the e-mail's send intent, the release that records the run, the built-in
 * crew's claims and their settlement), so a fault hits that write and not whichever came first.
 * The built-in crew provider (operators without SCC) has its own rows for SES and DynamoDB.
 */
import { randomUUID } from 'node:crypto';
import { linksFor } from '../../lambda-bridge/src/steps/links';
import type { BridgeRequest, BridgeResponse } from '../../shared/bridge-contract';
import type { CrewProvider } from '../../shared/providers';
import { DEFAULT_TABLES } from '../aws/emulators';
import { postSigned } from '../signed-post';
import { workedExampleBooking, workedExampleRequest } from '../worked-example';
import { startLocalStack, type FaultDependency, type LocalStack } from '../stack';
import type { ProxyFault } from './proxy';

export const FAULTS = [
  '500',
  '429',
  'refused',
  'dropped',
  'timeout',
  'slow',
  'late',
  'effect-then-error',
] as const;
export type FaultName = (typeof FAULTS)[number];

/** One row of the matrix: which requests of which dependency a fault hits, on which path. */
export interface Target {
  name: string;
  dep: FaultDependency;
  crew: CrewProvider;
  scope: Partial<ProxyFault>;
  /** A state call the SDK retries itself (DynamoDB): see `timesFor`. */
  state?: boolean;
  /** `refused` stops the whole proxy, whatever the scope: one row per dependency has it. */
  refused?: boolean;
  /** Whose e-mails this fault may leave uncertain (a lost SES answer). */
  mayDoubt?: ReadonlyArray<'captain' | 'crew'>;
}

export const TARGETS: readonly Target[] = [
  {
    name: 'calendar',
    dep: 'calendar',
    crew: 'scc',
    scope: { method: 'POST', pathPrefix: '/api/calendar/events' },
    refused: true,
  },
  {
    name: 'scc',
    dep: 'scc',
    crew: 'scc',
    scope: { method: 'POST', pathPrefix: '/events' },
    refused: true,
  },
  { name: 's3', dep: 's3', crew: 'scc', scope: { method: 'PUT' }, refused: true },
  { name: 'cloudfront', dep: 'cloudfront', crew: 'scc', scope: { method: 'POST' }, refused: true },
  {
    name: 'ses',
    dep: 'ses',
    crew: 'scc',
    scope: { method: 'POST' },
    refused: true,
    mayDoubt: ['captain'],
  },
  {
    name: 'ddb nonce',
    dep: 'dynamodb',
    crew: 'scc',
    scope: { target: 'PutItem', bodyIncludes: DEFAULT_TABLES.nonces },
    state: true,
    refused: true,
  },
  {
    name: 'ddb lease',
    dep: 'dynamodb',
    crew: 'scc',
    scope: { target: 'UpdateItem', bodyIncludes: 'SET leaseOwner' },
    state: true,
  },
  {
    name: 'ddb intent',
    dep: 'dynamodb',
    crew: 'scc',
    scope: { target: 'PutItem', bodyIncludes: '"sending"' },
    state: true,
  },
  {
    name: 'ddb release',
    dep: 'dynamodb',
    crew: 'scc',
    scope: { target: 'UpdateItem', bodyIncludes: 'REMOVE leaseOwner' },
    state: true,
  },
  {
    name: 'ses invites',
    dep: 'ses',
    crew: 'builtin',
    scope: { method: 'POST' },
    refused: true,
    mayDoubt: ['crew'],
  },
  {
    name: 'ddb claims',
    dep: 'dynamodb',
    crew: 'builtin',
    scope: { target: 'BatchWriteItem', bodyIncludes: DEFAULT_TABLES.crewInvitations },
    state: true,
  },
  {
    name: 'ddb settle',
    dep: 'dynamodb',
    crew: 'builtin',
    scope: { target: 'BatchWriteItem', bodyIncludes: DEFAULT_TABLES.crewInvitations, skip: 1 },
    state: true,
  },
];

export interface Cell {
  target: string;
  fault: FaultName;
}

export interface CellResult extends Cell {
  recovered: boolean;
  /** Requests it took (the first, with the fault, included). */
  runs: number;
  duplicates: number;
  lost: number;
  /** E-mails reported as uncertain (at most once, not re-sent). */
  doubt: boolean;
  detail: string;
}

/** Short limits so a cell takes seconds; the same code paths as the deployed limits. */
export const MATRIX_TIMING = {
  httpTimeoutMs: 800,
  retryWindowMs: 2_000,
  stepsDeadlineMs: 6_000,
  lateWindowMs: 8_000,
};
/** AWS calls 2.5 s, DynamoDB 1 s, connecting 0.5 s: short, yet not flaky on a busy machine. */
const SDK_TIMEOUT_SCALE = 0.5;
const SLOW_MS = 250;
const LATE_MS = 3_000; // longer than any client timeout above
const MAX_RUNS = 8;

export function targetNamed(name: string): Target {
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`no fault target ${name}`);
  return target;
}

export function allCells(): Cell[] {
  return TARGETS.flatMap((t) =>
    FAULTS.filter((fault) => fault !== 'refused' || t.refused).map((fault) => ({
      target: t.name,
      fault,
    })),
  );
}

/**
 * How many matching requests a fault hits. Effects: one (the step's own retry goes through).
 * State calls: the SDK is their only retry layer, so a failure spans both of its tries (the call
 * fails and the bridge's own handling is what the cell tests), while a late, slow or lost answer
 * hits one try (the SDK's retry then meets the write that landed: what the tokens are for).
 */
function timesFor(target: Target, fault: FaultName): number {
  if (!target.state) return 1;
  return fault === 'late' || fault === 'slow' || fault === 'effect-then-error' ? 1 : 2;
}

export function faultFor(cell: Cell): ProxyFault {
  const target = targetNamed(cell.target);
  const base = { ...target.scope, times: timesFor(target, cell.fault) };
  switch (cell.fault) {
    case '500':
      return { ...base, kind: 'status', status: 500 };
    case '429':
      return { ...base, kind: 'status', status: 429 };
    case 'refused':
      return { ...base, kind: 'refused' };
    case 'dropped':
      return { ...base, kind: 'dropped' };
    case 'timeout':
      return { ...base, kind: 'timeout' };
    case 'slow':
      return { ...base, kind: 'slow', delayMs: SLOW_MS };
    case 'late':
      return { ...base, kind: 'late', delayMs: LATE_MS };
    case 'effect-then-error':
      return { ...base, kind: 'effect-error', status: 500 };
  }
}

/**
 * The worked example under a fresh id and guest name (its captain e-mail is found by the name),
 * through the chosen crew provider.
 */
function bookingFor(id: string, crew: CrewProvider): BridgeRequest {
  const booking = workedExampleBooking({
    id,
    start: '2030-05-30T09:00:00-07:00',
    guestName: `Guest ${id}`,
  });
  return workedExampleRequest({
    booking,
    requestedAt: '2030-05-01T10:00:00-07:00',
    ...(crew === 'builtin' ? { providers: { calendar: 'dashboard', crew: 'builtin' } } : {}),
  });
}

async function send(
  stack: LocalStack,
  request: BridgeRequest,
): Promise<{ status: number; body: BridgeResponse | null }> {
  try {
    const res = await postSigned(stack.bridgeUrl, stack.signingSecret, request, {
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await res.json().catch(() => null)) as BridgeResponse | null;
    return { status: res.status, body: res.status === 200 ? json : null };
  } catch {
    return { status: 0, body: null };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function countEffects(stack: LocalStack, request: BridgeRequest) {
  const id = request.booking.id;
  const links = linksFor(id, stack.config.publicBaseUrl, stack.config.secrets.checklistSecret);
  const calendar = stack.calendarState().events.filter((e) => e.externalId === id).length;
  const scc = stack
    .sccState()
    .events.filter((e) => e.booking_ref === id && e.status !== 'cancelled').length;
  const invalidations = new Set(
    stack
      .cloudfrontState()
      .invalidations.filter((i) => i.paths.some((p) => links.invalidationPaths.includes(p)))
      .map((i) => i.id),
  ).size;
  const sent = await stack.sesMessages();
  const mails = sent.filter(
    (m) =>
      m.destination.to.includes(request.captain.email) &&
      m.subject.includes(request.booking.guestName),
  ).length;
  const invites = request.crew.map(
    (member) =>
      sent.filter(
        (m) =>
          m.destination.to.includes(member.email) &&
          m.subject.startsWith('Crew invitation:') &&
          m.subject.includes(id),
      ).length,
  );
  const pages = (
    await Promise.all([links.guestPageKey, links.checklistKey].map((k) => stack.getPageObject(k)))
  ).filter(Boolean).length;
  return { calendar, scc, invalidations, mails, invites, pages };
}

/** E-mails the last answer reports as uncertain (not re-sent): the captain's, and crew invitations. */
function doubtsOf(body: BridgeResponse | null) {
  const steps = body?.steps ?? [];
  const captain = steps.some((s) => s.step === 'captainEmail' && s.ids.doubt === 'true');
  const crew = Number(steps.find((s) => s.step === 'crewEvent')?.ids.doubt ?? 0) || 0;
  return { captain, crew };
}

export async function runCell(stack: LocalStack, cell: Cell, n: number): Promise<CellResult> {
  const target = targetNamed(cell.target);
  const proxy = stack.faultProxies[target.dep];
  if (!proxy)
    throw new Error(`no fault proxy for ${target.dep}: start the stack with faultProxies`);
  const request = bookingFor(`FM${n}-${randomUUID().slice(0, 8)}`, target.crew);
  await proxy.inject(faultFor(cell));
  let answer = await send(stack, request);
  await proxy.clear();
  let runs = 1;
  const complete = () => answer.body?.ok === true && answer.body.outcome === 'completed';
  // As the sheet does: a 4xx other than 408/409/429 is a rejection it does not retry (a 401
  // "replayed" for a nonce whose own write was lost would leave the booking for the captain).
  const rejected = () =>
    answer.status >= 400 && answer.status < 500 && ![408, 409, 429].includes(answer.status);
  while (!complete() && !rejected() && runs < MAX_RUNS) {
    await sleep(answer.status === 409 ? 600 : 150);
    answer = await send(stack, request);
    runs++;
  }
  // Effects are counted once every request the proxy held has been forwarded and answered by the
  // service (a late delivery has landed), not after a guess at how long that takes (at most 10 s).
  const settled = () => proxy.pending() === 0 && proxy.landed() >= proxy.forwarded();
  for (let i = 0; i < 200 && !settled(); i++) await sleep(50);
  const fx = await countEffects(stack, request);
  const doubts = doubtsOf(answer.body);
  const captainMayDoubt = doubts.captain && !!target.mayDoubt?.includes('captain');
  const crewMayDoubt = target.mayDoubt?.includes('crew') ? doubts.crew : 0;
  const builtin = target.crew === 'builtin';
  const sccExpected = builtin ? 0 : 1;
  const invitesMissing = builtin ? fx.invites.filter((c) => c === 0).length : 0;
  const duplicates =
    [fx.calendar, fx.invalidations, fx.mails, ...(builtin ? fx.invites : [])].reduce(
      (sum, c) => sum + Math.max(0, c - 1),
      0,
    ) + Math.max(0, fx.scc - sccExpected);
  const lost =
    [fx.calendar, fx.invalidations].filter((c) => c === 0).length +
    (fx.scc < sccExpected ? 1 : 0) +
    (fx.mails === 0 && !captainMayDoubt ? 1 : 0) +
    Math.max(0, invitesMissing - crewMayDoubt) +
    (2 - fx.pages);
  const shown = [
    doubts.captain ? 'captain e-mail' : '',
    doubts.crew ? `${doubts.crew} invitation(s)` : '',
  ].filter(Boolean);
  const crewText = builtin ? `invites ${fx.invites.join('+')}` : `scc ${fx.scc}`;
  const detail = `${rejected() ? `rejected with HTTP ${answer.status}; ` : ''}cal ${fx.calendar} ${crewText} pages ${fx.pages} inv ${fx.invalidations} mail ${fx.mails}${shown.length ? ` (uncertain, not re-sent: ${shown.join(', ')})` : ''}`;
  return {
    ...cell,
    recovered: complete() && duplicates === 0 && lost === 0,
    runs,
    duplicates,
    lost,
    doubt: shown.length > 0,
    detail,
  };
}

export async function startMatrixStack(): Promise<LocalStack> {
  return startLocalStack({
    faultProxies: true,
    sdkTimeoutScale: SDK_TIMEOUT_SCALE,
    handler: {
      timing: MATRIX_TIMING,
      retryPolicy: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200, budgetMs: 1_000 },
      leaseSeconds: 3,
    },
  });
}

export async function runMatrix(
  cells: Cell[],
  onResult: (r: CellResult) => void = () => undefined,
): Promise<CellResult[]> {
  const stack = await startMatrixStack();
  try {
    const results: CellResult[] = [];
    for (const [i, cell] of cells.entries()) {
      const result = await runCell(stack, cell, i + 1);
      results.push(result);
      onResult(result);
    }
    return results;
  } finally {
    await stack.stop();
  }
}

export function summaryLine(results: CellResult[]): string {
  const recovered = results.filter((r) => r.recovered).length;
  const duplicates = results.reduce((s, r) => s + r.duplicates, 0);
  const lost = results.reduce((s, r) => s + r.lost, 0);
  return `fault matrix: ${results.length} cells, ${recovered} recovered, ${duplicates} duplicate effects, ${lost} lost`;
}

export const TABLE_HEADER = `${'target'.padEnd(12)} ${'fault'.padEnd(18)} ${'result'.padEnd(13)} effects`;

export function formatRow(r: CellResult): string {
  const ok = r.recovered ? 'recovered' : 'NOT RECOVERED';
  return `${r.target.padEnd(12)} ${r.fault.padEnd(18)} ${ok.padEnd(13)} runs ${String(r.runs).padEnd(2)} ${r.detail}`;
}
