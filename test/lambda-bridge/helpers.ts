/** Shared test helpers for the bridge: the worked-example request, signing, events, fakes. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type {
  BookingHead,
  BookingSnapshot,
  HeadIds,
  LeaseResult,
  RunRecords,
  StateStore,
  StepRecords,
} from '../../lambda-bridge/src/adapters/state-store';
import { EMPTY_HEAD } from '../../lambda-bridge/src/adapters/state-store';
import type { NonceStore } from '../../lambda-bridge/src/adapters/nonce-store';
import type {
  InvitationEvent,
  InvitationRow,
  InvitationStore,
  MemberUpdate,
} from '../../lambda-bridge/src/crew-invitations/store';
import { sdkCloudFront } from '../../lambda-bridge/src/adapters/cloudfront-sdk';
import {
  createHandler,
  type BridgeClients,
  type BridgeConfig,
  type BridgeHandler,
  type CreateHandlerOptions,
} from '../../lambda-bridge/src/app';
import { AdapterError } from '../../lambda-bridge/src/errors';
import { silentLogger } from '../../lambda-bridge/src/log';
import { nodeSigningCrypto } from '../../lambda-bridge/src/crypto';
import {
  BRIDGE_PATH,
  type BridgeRequest,
  type StepName,
  type StepResult,
} from '../../shared/bridge-contract';
import { signRequest } from '../../shared/signing';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const NOW_MS = 1_717_000_000_000;

/** Real SDK clients for unit tests: every call is intercepted by aws-sdk-client-mock (mockClient). */
export function mockedClients(): BridgeClients {
  return {
    dynamodb: new DynamoDBClient({ region: 'us-west-2' }),
    s3: new S3Client({ region: 'us-west-2' }),
    cloudfront: sdkCloudFront(new CloudFrontClient({ region: 'us-east-1' })),
    ses: new SESClient({ region: 'us-west-2' }),
  };
}

/**
 * The bridge's four AWS clients mocked at the SDK (aws-sdk-client-mock). Call once at the top of
 * a test file; `healthy()` in a beforeEach resets them and makes S3, CloudFront and SES answer like
 * working services (invalidations INV1, INV2, ...; e-mail msg-1). DynamoDB answers nothing unless
 * a test says so (the unit tests keep state in MemoryStateStore).
 */
export function mockAws() {
  const ddb = mockClient(DynamoDBClient);
  const s3 = mockClient(S3Client);
  const cloudfront = mockClient(CloudFrontClient);
  const ses = mockClient(SESClient);
  const all = [ddb, s3, cloudfront, ses] as const;
  return {
    ddb,
    s3,
    cloudfront,
    ses,
    reset(): void {
      for (const client of all) client.reset();
    },
    healthy(): void {
      this.reset();
      let invalidations = 0;
      s3.on(HeadObjectCommand).rejects(pageNotThere());
      s3.on(PutObjectCommand).resolves({ ETag: '"etag"' });
      cloudfront.on(CreateInvalidationCommand).callsFake(() => ({
        Invalidation: { Id: `INV${++invalidations}`, Status: 'InProgress' },
      }));
      ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
    },
    /** How many SDK calls all four clients received. */
    callCount(): number {
      return all.reduce((sum, client) => sum + client.calls().length, 0);
    },
  };
}

/** S3's answer to HeadObject of a page that is not there yet (the publisher reads before it writes). */
export function pageNotThere(): NotFound {
  return new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
}

/**
 * A bridge handler for unit tests: mocked SDK clients, the fake calendar and SCC services, the
 * clock at NOW_MS, no real waiting and no log output; any option can be replaced.
 */
export function unitBridge(
  options: Partial<CreateHandlerOptions> & { services?: FakeServices } = {},
): { handler: BridgeHandler; services: FakeServices; config: BridgeConfig } {
  const { services: given, ...overrides } = options;
  const config = overrides.config ?? testConfig();
  const services = given ?? fakeServices(config);
  const handler = createHandler({
    clients: mockedClients(),
    fetch: services.fetch,
    now: () => NOW_MS,
    sleep: async () => undefined,
    log: silentLogger,
    ...overrides,
    config,
  });
  return { handler, services, config };
}

/** Sends a request signed at `nowMs` and reads the answer. */
export async function sendSigned(
  handler: BridgeHandler,
  request: BridgeRequest,
  nowMs: number = NOW_MS,
): Promise<{ status: number; body: AnswerBody }> {
  const result = await handler(
    signedEvent(JSON.stringify(request), { nowSeconds: Math.floor(nowMs / 1000) }),
  );
  return { status: result.statusCode ?? 0, body: parseBody(result) };
}

export { workedExampleBooking, workedExampleRequest } from '../../local/worked-example';

export function testConfig(overrides: Partial<BridgeConfig> = {}): BridgeConfig {
  return {
    stateTable: 'charter-bridge-state',
    nonceTable: 'charter-bridge-nonces',
    sccResponsesTable: 'scc-crew-responses',
    pagesBucket: 'charter-guest-pages',
    distributionId: 'E2TESTDISTRIBUTION',
    publicBaseUrl: 'https://charters.example',
    calendarApiUrl: 'http://calendar.test',
    sccApiUrl: 'http://scc.test',
    sesFromAddress: 'bridge@charter.example',
    secrets: {
      signingSecrets: [SIGNING_SECRET],
      calendarToken: 'calendar-token-value',
      sccServiceKey: 'scc-service-key-value',
      checklistSecret: 'checklist-secret-value',
    },
    ...overrides,
  };
}

let nonceCounter = 0;
export function freshNonce(): string {
  nonceCounter += 1;
  return `nonce-${String(nonceCounter).padStart(8, '0')}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface EventOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export function httpEvent(opts: EventOptions): APIGatewayProxyEventV2 {
  const method = opts.method ?? 'POST';
  const path = opts.path ?? BRIDGE_PATH;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: opts.headers ?? {},
    requestContext: {
      accountId: 'anonymous',
      apiId: 'test',
      domainName: 'bridge.test',
      domainPrefix: 'bridge',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    body: opts.body,
    isBase64Encoded: opts.isBase64Encoded ?? false,
  } as APIGatewayProxyEventV2;
}

/** A correctly signed POST /v1/bookings event (lower-case header names, as Function URLs deliver them). */
export function signedEvent(
  body: string,
  opts: {
    secret?: string;
    nowSeconds?: number;
    nonce?: string;
    extraHeaders?: Record<string, string>;
    path?: string;
  } = {},
): APIGatewayProxyEventV2 {
  const signed = signRequest(
    {
      method: 'POST',
      path: opts.path ?? BRIDGE_PATH,
      timestamp: opts.nowSeconds ?? NOW_MS / 1000,
      nonce: opts.nonce ?? freshNonce(),
      body,
    },
    opts.secret ?? SIGNING_SECRET,
    nodeSigningCrypto,
  );
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [k, v] of Object.entries(signed)) headers[k.toLowerCase()] = v;
  return httpEvent({ body, path: opts.path, headers: { ...headers, ...opts.extraHeaders } });
}

/** A bridge answer as the tests read it: a BridgeResponse or an error body. */
export interface AnswerBody {
  ok: boolean;
  outcome: string;
  bookingId: string;
  revision: number;
  steps: StepResult[];
  links: { guestPage: string | null; checklist: string | null };
  error: { code: string; message: string };
}

export function parseBody(result: { body?: string }): AnswerBody {
  return JSON.parse(result.body ?? 'null') as AnswerBody;
}

const copyRun = (run: RunRecords): RunRecords => ({
  revision: run.revision,
  records: run.records.map((r) => ({ ...r, ids: { ...r.ids } })),
});

const recordsOf = (run: RunRecords): StepRecords =>
  Object.fromEntries(run.records.map((r) => [r.step, { ...r, ids: { ...r.ids } }]));

// ----------------------------------------------------------------------------------------------
// In-memory state store with the DynamoDB store's semantics (conditional lease, revision guard)

export class MemoryStateStore implements StateStore {
  heads = new Map<string, BookingHead>();
  /** The head's `runRecords`: the step records the last release of each booking wrote. */
  runs = new Map<string, RunRecords>();
  snapshots = new Map<string, Map<number, BookingSnapshot>>();
  writes = 0;

  head(bookingId: string): BookingHead {
    let head = this.heads.get(bookingId);
    if (!head) {
      head = { ...EMPTY_HEAD };
    }
    return head;
  }

  async acquire(
    bookingId: string,
    revision: number,
    owner: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<LeaseResult> {
    const head = { ...this.head(bookingId) };
    const leaseFree = head.leaseUntil === null || head.leaseUntil < nowMs;
    if (leaseFree && head.latestRevision <= revision) {
      this.writes++;
      const prior = this.attemptAt.get(bookingId);
      const next = {
        ...head,
        leaseOwner: owner,
        leaseUntil: nowMs + leaseMs,
        latestRevision: revision,
      };
      this.heads.set(bookingId, next);
      this.attemptAt.set(bookingId, nowMs);
      const started = head.latestRevision === revision && prior !== undefined;
      const run = this.runs.get(bookingId);
      const previous = !started ? {} : run?.revision === revision ? recordsOf(run) : undefined;
      return {
        kind: 'acquired',
        head: { ...next },
        priorAttemptAt: started ? prior : null,
        ...(previous ? { previous } : {}),
      };
    }
    return head.latestRevision > revision ? { kind: 'superseded', head } : { kind: 'busy', head };
  }

  /** When the lease of each booking was last taken (the Dynamo store keeps it as updatedAt). */
  attemptAt = new Map<string, number>();
  /** The next n releases fail (a release carrying the run's records counts as one). */
  failNextRelease = 0;
  /** Only the next n releases that carry records fail (a plain release still works). */
  failNextRecords = 0;
  /** Calls to `steps` (the records of older bridges, read only when the head has none). */
  legacyReads = 0;

  async release(
    bookingId: string,
    owner: string,
    completedRevision: number | null,
    ids: HeadIds = {},
    run?: RunRecords,
  ): Promise<void> {
    const head = this.head(bookingId);
    if (this.failNextRelease > 0 || (run && this.failNextRecords > 0)) {
      if (this.failNextRelease > 0) this.failNextRelease--;
      else this.failNextRecords--;
      throw new Error('state store unavailable');
    }
    if (head.leaseOwner !== owner) {
      if (run && head.latestRevision === run.revision) this.runs.set(bookingId, copyRun(run));
      return;
    }
    this.writes++;
    if (run) this.runs.set(bookingId, copyRun(run));
    const learned: Partial<BookingHead> = {};
    for (const [k, v] of Object.entries(ids))
      if (v !== undefined) Object.assign(learned, { [k]: v });
    this.heads.set(bookingId, {
      ...head,
      ...learned,
      leaseOwner: null,
      leaseUntil: null,
      completedRevision: completedRevision ?? head.completedRevision,
    });
  }

  async steps(): Promise<StepRecords> {
    this.legacyReads++;
    return {};
  }

  async setHead(bookingId: string, ids: HeadIds): Promise<void> {
    this.writes++;
    const head = this.head(bookingId);
    const next = { ...head };
    for (const [k, v] of Object.entries(ids)) if (v !== undefined) Object.assign(next, { [k]: v });
    this.heads.set(bookingId, next);
  }

  effects = new Map<
    string,
    { state: 'sending' | 'sent'; at: string; ids: Record<string, string> }
  >();

  async claimEffect(bookingId: string, revision: number, effect: StepName, nowMs: number) {
    const key = `${bookingId}#${revision}#${effect}`;
    const found = this.effects.get(key);
    if (found?.state === 'sent') return { kind: 'sent' as const, ids: { ...found.ids } };
    if (found) return { kind: 'in-doubt' as const, since: found.at };
    this.writes++;
    this.effects.set(key, { state: 'sending', at: new Date(nowMs).toISOString(), ids: {} });
    return { kind: 'claimed' as const };
  }

  async settleEffect(
    bookingId: string,
    revision: number,
    effect: StepName,
    outcome: { kind: 'sent'; ids: Record<string, string> } | { kind: 'not-sent' },
  ): Promise<void> {
    const key = `${bookingId}#${revision}#${effect}`;
    this.writes++;
    if (outcome.kind === 'not-sent') this.effects.delete(key);
    else this.effects.set(key, { state: 'sent', at: new Date().toISOString(), ids: outcome.ids });
  }

  async saveSnapshot(
    bookingId: string,
    revision: number,
    snapshot: BookingSnapshot,
  ): Promise<void> {
    const map = this.snapshots.get(bookingId) ?? new Map<number, BookingSnapshot>();
    if (!map.has(revision)) {
      this.writes++;
      map.set(revision, snapshot);
    }
    this.snapshots.set(bookingId, map);
  }

  async previousSnapshot(bookingId: string, revision: number) {
    const map = this.snapshots.get(bookingId);
    if (!map) return null;
    const earlier = [...map.keys()].filter((r) => r < revision).sort((a, b) => b - a);
    const rev = earlier[0];
    return rev === undefined ? null : { revision: rev, snapshot: map.get(rev)! };
  }
}

/**
 * The built-in crew provider's table in memory, copied in and out as DynamoDB would. `failSaves`
 * makes the next saves throw after (`afterWrite`) or before writing.
 */
export class MemoryInvitationStore implements InvitationStore {
  event: InvitationEvent | null = null;
  rows = new Map<string, InvitationRow>();
  saves = 0;
  failSaves: Array<{ afterWrite: boolean }> = [];

  async load(eventId: string) {
    return {
      event: this.event?.eventId === eventId ? structuredClone(this.event) : null,
      rows: [...this.rows.values()]
        .filter((r) => r.eventId === eventId)
        .map((r) => structuredClone(r)),
    };
  }

  async save(items: ReadonlyArray<InvitationEvent | InvitationRow>): Promise<void> {
    this.saves++;
    const fault = this.failSaves.shift();
    const unavailable = (what: string) =>
      new AdapterError('CrewStatusError', 'unavailable', what, { retryable: true });
    if (fault && !fault.afterWrite) throw unavailable('crew invitations table unavailable');
    for (const item of items)
      if (!('details' in item)) this.rows.set(item.email, structuredClone(item));
    for (const item of items)
      if ('details' in item) {
        this.event = structuredClone(item);
        // the event keeps every member's e-mail keys: `rows` shows them as `load` gives them
        for (const [email, mail] of Object.entries(item.mail ?? {})) {
          const row = this.rows.get(email);
          if (row) Object.assign(row, structuredClone(mail));
        }
      }
    if (fault) throw unavailable('crew invitations table: answer lost after the write');
  }

  /** As DynamoDB's UpdateItem: only the step's row attributes; counted and failed like `save`. */
  async update(updates: ReadonlyArray<MemberUpdate>): Promise<void> {
    this.saves++;
    const fault = this.failSaves.shift();
    const unavailable = (what: string) =>
      new AdapterError('CrewStatusError', 'unavailable', what, { retryable: true });
    if (fault && !fault.afterWrite) throw unavailable('crew invitations table unavailable');
    for (const { row, removal } of updates) {
      const stored: InvitationRow = this.rows.get(row.email) ?? {
        ...structuredClone(row),
        version: 0,
      };
      const { name, role, ttl } = row;
      Object.assign(stored, { name, role, ttl });
      if (removal)
        Object.assign(stored, {
          status: 'removed',
          invitationId: row.invitationId,
          version: stored.version + 1,
        });
      this.rows.set(row.email, stored);
    }
    if (fault) throw unavailable('crew invitations table: answer lost after the write');
  }

  async member(eventId: string, email: string) {
    const { event } = await this.load(eventId);
    const row = this.rows.get(email);
    return { event, row: row ? structuredClone(row) : null };
  }

  /** As DynamoDB's conditional UpdateItem: only the answer's attributes. */
  async recordAnswer(row: InvitationRow, expectedVersion: number): Promise<boolean> {
    const stored = this.rows.get(row.email);
    if (stored?.version !== expectedVersion || stored.invitationId !== row.invitationId)
      return false;
    const { status, respondedAt, answerTimes, version } = structuredClone(row);
    Object.assign(stored, { status, respondedAt, answerTimes, version });
    return true;
  }
}

export class MemoryNonceStore implements NonceStore {
  seen = new Map<string, number>();
  async remember(nonce: string, nowSeconds: number): Promise<'fresh' | 'replayed'> {
    const expiresAt = this.seen.get(nonce);
    if (expiresAt !== undefined && expiresAt >= nowSeconds) return 'replayed';
    this.seen.set(nonce, nowSeconds + 600);
    return 'fresh';
  }
}

// ----------------------------------------------------------------------------------------------
// Fake calendar + SCC behind a fetch function (contract routes, auth, lookups, fault injection)

export interface Fault {
  method: string;
  pathPrefix: string;
  status: number;
  times: number;
  /** Apply the request first, then answer with the fault status (the "effect happened" case). */
  afterEffect?: boolean;
  /** Throw a network error instead of answering. */
  network?: boolean;
}

/** A calendar event or SCC event as the fakes hold it. */
export type Remote = Record<string, unknown>;

export interface FakeServices {
  fetch: typeof fetch;
  calendar: Map<string, Remote>;
  scc: Map<string, Remote>;
  calls: Array<{ method: string; url: string; body: unknown; key: string | null }>;
  faults: Fault[];
  callsTo(method: string, pathPrefix: string): number;
}

export function fakeServices(config: BridgeConfig = testConfig()): FakeServices {
  const calendar = new Map<string, Remote>();
  const scc = new Map<string, Remote>();
  const calls: FakeServices['calls'] = [];
  const faults: Fault[] = [];
  let seq = 0;
  const respond = (status: number, body?: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });

  const handleCalendar = (method: string, url: URL, body: Remote, headers: Headers): Response => {
    if (headers.get('x-dashboard-token') !== config.secrets.calendarToken)
      return respond(401, { error: 'unauthorized' });
    const m = /^\/api\/calendar\/events(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return respond(404, { error: 'not found' });
    const id = m[1] ? decodeURIComponent(m[1]) : undefined;
    if (!id && method === 'POST') {
      const event = { ...body, id: `cal-${++seq}` };
      calendar.set(event.id, event);
      return respondJson(201, event);
    }
    if (!id && method === 'GET') {
      const ext = url.searchParams.get('externalId');
      return respond(200, { events: [...calendar.values()].filter((e) => e.externalId === ext) });
    }
    if (id && !calendar.has(id)) return respond(404, { error: 'no such event' });
    if (id && method === 'PUT') {
      const event = { ...body, id };
      calendar.set(id, event);
      return respond(200, event);
    }
    if (id && method === 'DELETE') {
      calendar.delete(id);
      return new Response(null, { status: 204 });
    }
    if (id && method === 'GET') return respond(200, calendar.get(id));
    return respond(405, { error: 'method' });
  };

  const handleScc = (method: string, url: URL, body: Remote, headers: Headers): Response => {
    if (headers.get('x-service-key') !== config.secrets.sccServiceKey)
      return respond(401, { error: 'unauthorized' });
    const m = /^\/events(?:\/([^/]+))?(\/cancel)?$/.exec(url.pathname);
    if (!m) return respond(404, { error: 'not found' });
    const id = m[1] ? decodeURIComponent(m[1]) : undefined;
    if (!id && method === 'POST') {
      const event = { ...body, eventId: `scc-${++seq}`, status: 'scheduled' };
      scc.set(event.eventId, event);
      return respondJson(201, event);
    }
    if (!id && method === 'GET') {
      const ref = url.searchParams.get('booking_ref');
      return respond(200, { events: [...scc.values()].filter((e) => e.booking_ref === ref) });
    }
    if (id && !scc.has(id)) return respond(404, { error: 'no such event' });
    if (id && m[2] && method === 'POST') {
      const event = { ...scc.get(id), status: 'cancelled' };
      scc.set(id, event);
      return respond(200, { eventId: id, status: 'cancelled' });
    }
    if (id && method === 'PUT') {
      const event = { ...scc.get(id), ...body, eventId: id };
      scc.set(id, event);
      return respond(200, event);
    }
    if (id && method === 'GET') return respond(200, scc.get(id));
    return respond(405, { error: 'method' });
  };

  // Both contracts: a POST with Idempotency-Key acts once per (path, key); repeats answer the first.
  const keyed = new Map<string, unknown>();
  const honourKey = (method: string, url: URL, headers: Headers, act: () => Response) => {
    const key = headers.get('idempotency-key');
    if (method !== 'POST' || !key) return act();
    const id = `${url.origin}${url.pathname}\n${key}`;
    if (keyed.has(id)) return respond(200, keyed.get(id));
    const res = act();
    if (res.ok) keyed.set(id, JSON.parse(JSON.stringify(lastBody)));
    return res;
  };
  let lastBody: unknown;
  const respondJson = (status: number, body?: unknown) => {
    lastBody = body;
    return respond(status, body);
  };

  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = (init?.body ? JSON.parse(String(init.body)) : undefined) as Remote;
    const headers = new Headers(init?.headers);
    calls.push({ method, url: url.toString(), body, key: headers.get('idempotency-key') });
    const fault = faults.find(
      (f) => f.times > 0 && f.method === method && url.pathname.startsWith(f.pathPrefix),
    );
    if (fault && !fault.afterEffect) {
      fault.times--;
      if (fault.network) throw new TypeError('fetch failed');
      return respond(fault.status, { error: `injected ${fault.status}` });
    }
    const real =
      url.origin === new URL(config.calendarApiUrl).origin
        ? honourKey(method, url, headers, () => handleCalendar(method, url, body, headers))
        : url.origin === new URL(config.sccApiUrl).origin
          ? honourKey(method, url, headers, () => handleScc(method, url, body, headers))
          : respond(502, { error: 'unknown host' });
    if (fault) {
      fault.times--;
      if (fault.network) throw new TypeError('fetch failed');
      return respond(fault.status, { error: `injected ${fault.status}` });
    }
    return real;
  }) as typeof fetch;

  return {
    fetch: fetchFn,
    calendar,
    scc,
    calls,
    faults,
    callsTo: (method, pathPrefix) =>
      calls.filter((c) => c.method === method && new URL(c.url).pathname.startsWith(pathPrefix))
        .length,
  };
}
