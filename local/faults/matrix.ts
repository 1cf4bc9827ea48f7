/**
 * The fault matrix: every dependency of the bridge x every fault that applies. Each cell injects
 * the fault at the dependency's proxy, sends one new booking to the local bridge (real handler,
 * real SDK clients over HTTP, emulators and stand-ins), clears the fault, sends the same revision
 * again until the bridge reports it complete, waits for any late delivery to land, then counts the
 * effects in the stand-ins and emulators:
 *   calendar entries and live SCC events with the booking's id (exactly 1 each), its two pages in
 *   S3 (both present), CloudFront invalidations of its guest page (exactly 1), e-mails to the
 *   captain about it (exactly 1, or 0 with the doubt reported: the e-mail is at most once).
 * duplicate = an effect counted more than once; lost = an expected effect missing and not reported.
 */
import { randomUUID } from 'node:crypto';
import { linksFor } from '../../lambda-bridge/src/steps/links';
import type { BridgeRequest, BridgeResponse } from '../../shared/bridge-contract';
import { postSigned } from '../signed-post';
import { workedExampleBooking, workedExampleRequest } from '../worked-example';
import { startLocalStack, type FaultDependency, type LocalStack } from '../stack';
import type { ProxyFault } from './proxy';

export const DEPENDENCIES: readonly FaultDependency[] = [
  'calendar',
  'scc',
  's3',
  'cloudfront',
  'dynamodb',
  'ses',
];
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

export interface Cell {
  dep: FaultDependency;
  fault: FaultName;
}

export interface CellResult extends Cell {
  recovered: boolean;
  /** Requests it took (the first, with the fault, included). */
  runs: number;
  duplicates: number;
  lost: number;
  /** The captain's e-mail reported as uncertain (at most once, not re-sent). */
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

export function allCells(): Cell[] {
  return DEPENDENCIES.flatMap((dep) => FAULTS.map((fault) => ({ dep, fault })));
}

/** Which requests of a dependency a fault hits: the effect itself, or a state write after one. */
function scope(dep: FaultDependency): Partial<ProxyFault> {
  switch (dep) {
    case 'calendar':
      return { method: 'POST', pathPrefix: '/api/calendar/events' };
    case 'scc':
      return { method: 'POST', pathPrefix: '/events' };
    case 's3':
      return { method: 'PUT' };
    case 'cloudfront':
    case 'ses':
      return { method: 'POST' };
    case 'dynamodb':
      // The first UpdateItem takes the lease; the next ones record ids after an effect. Two in a
      // row, because the SDK (the only retry layer for state) tries twice.
      return { target: 'UpdateItem', skip: 1, times: 2 };
  }
}

export function faultFor(cell: Cell): ProxyFault {
  const base = scope(cell.dep);
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

/** The worked example under a fresh id and guest name (its captain e-mail is found by the name). */
function bookingFor(id: string): BridgeRequest {
  const booking = workedExampleBooking({
    id,
    start: '2030-05-30T09:00:00-07:00',
    guestName: `Guest ${id}`,
  });
  return workedExampleRequest({ booking, requestedAt: '2030-05-01T10:00:00-07:00' });
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
  const mails = (await stack.sesMessages()).filter((m) =>
    m.subject.includes(request.booking.guestName),
  ).length;
  const pages = (
    await Promise.all([links.guestPageKey, links.checklistKey].map((k) => stack.getPageObject(k)))
  ).filter(Boolean).length;
  return { calendar, scc, invalidations, mails, pages };
}

export async function runCell(stack: LocalStack, cell: Cell, n: number): Promise<CellResult> {
  const proxy = stack.faultProxies[cell.dep];
  if (!proxy) throw new Error(`no fault proxy for ${cell.dep}: start the stack with faultProxies`);
  const request = bookingFor(`FM${n}-${randomUUID().slice(0, 8)}`);
  await proxy.inject(faultFor(cell));
  let answer = await send(stack, request);
  await proxy.clear();
  let runs = 1;
  const complete = () => answer.body?.ok === true && answer.body.outcome === 'completed';
  while (!complete() && runs < MAX_RUNS) {
    await sleep(answer.status === 409 ? 600 : 150);
    answer = await send(stack, request);
    runs++;
  }
  for (let i = 0; i < 100 && proxy.pending() > 0; i++) await sleep(100);
  await sleep(300); // a late request that just got through has landed
  const fx = await countEffects(stack, request);
  const doubt = !!answer.body?.steps.find((s) => s.step === 'captainEmail' && s.ids.doubt);
  const counts = [fx.calendar, fx.scc, fx.invalidations, fx.mails];
  const duplicates = counts.reduce((sum, c) => sum + Math.max(0, c - 1), 0);
  const lost =
    [fx.calendar, fx.scc, fx.invalidations].filter((c) => c === 0).length +
    (fx.mails === 0 && !doubt ? 1 : 0) +
    (2 - fx.pages);
  const detail = `cal ${fx.calendar} scc ${fx.scc} pages ${fx.pages} inv ${fx.invalidations} mail ${fx.mails}${doubt ? ' (doubt shown)' : ''}`;
  return {
    ...cell,
    recovered: complete() && duplicates === 0 && lost === 0,
    runs,
    duplicates,
    lost,
    doubt,
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

export function formatRow(r: CellResult): string {
  const ok = r.recovered ? 'recovered' : 'NOT RECOVERED';
  return `${r.dep.padEnd(10)} ${r.fault.padEnd(18)} ${ok.padEnd(13)} runs ${String(r.runs).padEnd(2)} ${r.detail}`;
}
