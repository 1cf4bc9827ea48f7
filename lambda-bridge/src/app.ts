/**
 * The bridge's HTTP front: a Lambda Function URL / API Gateway HTTP API (payload v2) handler.
 *
 * Pipeline, in this order, with no side effect of any kind before the request is authenticated
 * and valid:
 *   1. method and path (404 / 405)             5. JSON parse (400 invalid-json)
 *   2. content type JSON (415)                  6. schema (400 invalid-request, names the field)
 *   3. body size <= MAX_BODY_BYTES (413)        7. nonce replay guard (DynamoDB conditional put; 401)
 *   4. HMAC signature + timestamp window (401)  8. the workflow (200; 409 busy while another run holds the booking)
 * The nonce write is the first write: only for a request that is authenticated and valid.
 * Error bodies are `{error: {code, message}}`; never a stack trace, never a secret.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { describeIssues } from '../../shared/booking';
import {
  BRIDGE_PATH,
  BridgeRequestSchema,
  MAX_BODY_BYTES,
  type BridgeErrorCode,
  type BridgeRequest,
} from '../../shared/bridge-contract';
import { CREW_STATUS_PATH, CrewStatusRequestSchema } from '../../shared/crew-status-contract';
import { verifySignature } from '../../shared/signing';
import { httpCalendar } from './adapters/calendar';
import { cloudFrontInvalidator } from './adapters/cdn';
import { httpCrewService } from './adapters/crew-service';
import { dynamoCrewStatusReader } from './adapters/crew-status';
import { sesMailer } from './adapters/mailer';
import { dynamoNonceStore } from './adapters/nonce-store';
import { s3PagePublisher } from './adapters/page-publisher';
import { dynamoStateStore } from './adapters/state-store';
import { nodeSigningCrypto, timingSafeStringEqual } from './crypto';
import { dynamoCrewAnswersSource } from './crew-loop/answers-source';
import { dynamoCrewLoopStore } from './crew-loop/crew-loop-store';
import { runCrewSync } from './crew-loop/sync';
import { DEFAULT_TIMING, type BridgeTiming } from './budget';
import { jsonLogger, withFields, type Logger } from './log';
import { DEFAULT_RETRY_POLICY, realSleep, type RetryPolicy } from './retry';
import type { BridgeAdapters, BridgeClients, BridgeConfig } from './types';
import { runWorkflow } from './workflow';
import { missingCalendar, missingCrewService, missingSccAnswers } from './missing-provider';
import { CREW_ROUTE, handleCrewRoute } from './crew-invitations/route';
import { invitationKey } from './crew-invitations/token';
import {
  crewLinkBase,
  invitationStoreFor,
  routedCrewAnswers,
  routedCrewStatus,
  storeAnswersSource,
} from './crew-invitations/wiring';

export type { BridgeAdapters, BridgeClients, BridgeConfig } from './types';

export interface CreateHandlerOptions {
  config: BridgeConfig;
  clients: BridgeClients;
  fetch?: typeof fetch;
  /** Epoch milliseconds. */
  now?: () => number;
  /** Extras for tests and tuning (all optional). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retryPolicy?: RetryPolicy;
  leaseSeconds?: number;
  /** Time limits (budget.ts); tests and the fault matrix shorten them. */
  timing?: Partial<BridgeTiming>;
  log?: Logger;
  adapters?: Partial<BridgeAdapters>;
}

export type BridgeHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * How long one run may hold a booking: longer than any run (the function timeout is 30 s and a run
 * starts no retry after 15 s), short enough that a crashed run blocks its booking only briefly.
 */
export const DEFAULT_LEASE_SECONDS = 60;

function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

export function errorResponse(
  statusCode: number,
  code: BridgeErrorCode,
  message: string,
  headers?: Record<string, string>,
): APIGatewayProxyStructuredResultV2 {
  return json(statusCode, { error: { code, message } }, headers);
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * POST /v1/bookings (one booking event) and POST /v1/crew-status (the crew loop's sync), each
 * optionally under a stage or mount prefix (API Gateway `/prod/v1/bookings`); the signature
 * covers the full path as received, exactly as the caller signed it.
 */
const routeFor = (path: string): RegExp =>
  new RegExp(`^(?:/[A-Za-z0-9._-]+)*${path.replace(/\//g, '\\/')}$`);
const BRIDGE_ROUTE = routeFor(BRIDGE_PATH);
const CREW_STATUS_ROUTE = routeFor(CREW_STATUS_PATH);

const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** A schema's result with the kind of request it validated (so its type narrows by `kind`). */
const tagged = <K extends string, R extends object>(kind: K, result: R) => ({ kind, ...result });

/** Base64 grows 4/3; anything longer than this cannot decode to at most MAX_BODY_BYTES. */
const MAX_BASE64_CHARS = Math.ceil(MAX_BODY_BYTES / 3) * 4 + 4;

export function buildAdapters(opts: CreateHandlerOptions): BridgeAdapters {
  const { config, clients } = opts;
  const fetchFn = opts.fetch ?? fetch;
  const timeoutMs = opts.timing?.httpTimeoutMs ?? DEFAULT_TIMING.httpTimeoutMs;
  const invitations =
    opts.adapters?.invitations !== undefined
      ? opts.adapters.invitations
      : invitationStoreFor(config, clients.dynamodb);
  return {
    // A service the bridge was deployed without ('' in the config) refuses, naming the setting.
    calendar: config.calendarApiUrl
      ? httpCalendar({
          baseUrl: config.calendarApiUrl,
          token: config.secrets.calendarToken,
          fetch: fetchFn,
          timeoutMs,
        })
      : missingCalendar(),
    crew: config.sccApiUrl
      ? httpCrewService({
          baseUrl: config.sccApiUrl,
          serviceKey: config.secrets.sccServiceKey,
          fetch: fetchFn,
          timeoutMs,
        })
      : missingCrewService(),
    pages: s3PagePublisher(clients.s3, config.pagesBucket),
    cdn: cloudFrontInvalidator(clients.cloudfront, config.distributionId),
    mailer: sesMailer(clients.ses, config.sesFromAddress),
    store: dynamoStateStore(clients.dynamodb, config.stateTable),
    crewLoop: dynamoCrewLoopStore(clients.dynamodb, config.stateTable),
    nonces: dynamoNonceStore(clients.dynamodb, config.nonceTable),
    ...opts.adapters,
    invitations,
    // Answers of built-in crew events come from the bridge's own table, the others from SCC's.
    crewAnswers: routedCrewAnswers(
      opts.adapters?.crewAnswers ??
        (config.sccResponsesTable
          ? dynamoCrewAnswersSource(clients.dynamodb, config.sccResponsesTable)
          : missingSccAnswers()),
      config.crewInvitationsTable
        ? dynamoCrewAnswersSource(clients.dynamodb, config.crewInvitationsTable)
        : invitations && storeAnswersSource(invitations),
    ),
    crewStatus: routedCrewStatus(
      opts.adapters?.crewStatus ??
        (config.sccResponsesTable
          ? dynamoCrewStatusReader(clients.dynamodb, config.sccResponsesTable)
          : missingSccAnswers()),
      invitations,
    ),
  };
}

export function createHandler(opts: CreateHandlerOptions): BridgeHandler {
  const { config } = opts;
  const now = opts.now ?? Date.now;
  const baseLog = opts.log ?? jsonLogger();
  const adapters = buildAdapters(opts);
  const retry = {
    policy: opts.retryPolicy ?? DEFAULT_RETRY_POLICY,
    sleep: opts.sleep ?? realSleep,
    random: opts.random ?? Math.random,
  };
  const leaseMs = (opts.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000;
  const timing: BridgeTiming = { ...DEFAULT_TIMING, ...opts.timing };
  const linkKey = invitationKey(config.secrets.checklistSecret);
  const graceSeconds = Math.round((config.crewAnswersGraceDays ?? 0) * 86_400);

  const handle = async (
    event: APIGatewayProxyEventV2,
    log: Logger,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const startedAt = now();
    const method = (event.requestContext?.http?.method ?? '').toUpperCase();
    const path = event.rawPath ?? '';

    // 0. the crew's magic-link pages (provider.crew = builtin): the token is the credential
    const crewLink = CREW_ROUTE.exec(path);
    if (crewLink)
      return handleCrewRoute(event, crewLink, {
        store: adapters.invitations,
        key: linkKey,
        now,
        graceSeconds,
      });

    // 1. method and path
    const crewSync = CREW_STATUS_ROUTE.test(path);
    if (!BRIDGE_ROUTE.test(path) && !crewSync)
      return errorResponse(
        404,
        'not-found',
        `no such endpoint; the bridge answers POST ${BRIDGE_PATH} and POST ${CREW_STATUS_PATH}`,
      );
    if (method !== 'POST')
      return errorResponse(
        405,
        'method-not-allowed',
        `use POST for ${crewSync ? CREW_STATUS_PATH : BRIDGE_PATH}`,
        { allow: 'POST' },
      );

    // 2. content type
    const contentType = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json')
      return errorResponse(
        415,
        'unsupported-media-type',
        'the body must be JSON (Content-Type: application/json)',
      );

    // 3. size, before any hashing or decoding of a large body
    const raw = event.body ?? '';
    let body: string;
    if (event.isBase64Encoded) {
      if (raw.length > MAX_BASE64_CHARS)
        return errorResponse(
          413,
          'payload-too-large',
          `the body must be at most ${MAX_BODY_BYTES} bytes`,
        );
      const bytes = Buffer.from(raw, 'base64');
      if (bytes.length > MAX_BODY_BYTES)
        return errorResponse(
          413,
          'payload-too-large',
          `the body must be at most ${MAX_BODY_BYTES} bytes`,
        );
      body = bytes.toString('utf8');
    } else {
      if (raw.length > MAX_BODY_BYTES || Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES)
        return errorResponse(
          413,
          'payload-too-large',
          `the body must be at most ${MAX_BODY_BYTES} bytes`,
        );
      body = raw;
    }

    // 4. signature (pure: no I/O)
    const nowSeconds = Math.floor(now() / 1000);
    const check = verifySignature({
      method,
      path,
      headers: event.headers ?? {},
      body,
      secrets: config.secrets.signingSecrets,
      nowSeconds,
      crypto: nodeSigningCrypto,
      equal: timingSafeStringEqual,
    });
    if (!check.ok) {
      log.warn('rejected request', { reason: check.reason, path });
      return errorResponse(
        401,
        'unauthorized',
        `request not authenticated (${check.reason}): ${check.message}`,
      );
    }

    // 5-6. parse and validate (pure: a bad request writes nothing, not even its nonce)
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return errorResponse(400, 'invalid-json', 'the body is not valid JSON');
    }
    // Each body is validated once, by its own schema.
    const result = crewSync
      ? tagged('crew-sync', CrewStatusRequestSchema.safeParse(parsed))
      : tagged('booking', BridgeRequestSchema.safeParse(parsed));
    if (!result.success)
      return errorResponse(
        400,
        'invalid-request',
        `invalid request: ${truncate(describeIssues(result.error), 1000)}`,
      );

    // 7. replay guard: the first write, only for an authenticated and valid request
    const seen = await adapters.nonces.remember(check.nonce, nowSeconds);
    if (seen === 'replayed') {
      log.warn('rejected request', { reason: 'replayed', path });
      return errorResponse(
        401,
        'unauthorized',
        'request not authenticated (replayed): this nonce was already used',
      );
    }
    if (result.kind === 'crew-sync')
      return json(
        200,
        await runCrewSync(result.data, { ...adapters, now, runId: randomUUID, log }),
      );
    const request: BridgeRequest = result.data;

    // 8. the workflow
    const outcome = await runWorkflow(request, {
      ...adapters,
      publicBaseUrl: config.publicBaseUrl,
      checklistSecret: config.secrets.checklistSecret,
      now,
      retry,
      leaseMs,
      runId: randomUUID,
      log,
      timing,
      startedAt,
      crewLinks: { base: crewLinkBase(config, event, BRIDGE_PATH), key: linkKey, graceSeconds },
    });
    if (outcome.kind === 'busy') {
      const retryAfter = outcome.leaseUntil
        ? Math.max(1, Math.ceil((outcome.leaseUntil - now()) / 1000))
        : 5;
      return errorResponse(
        409,
        'busy',
        'another run of this booking is in progress; retry shortly',
        { 'retry-after': String(Math.min(retryAfter, DEFAULT_LEASE_SECONDS)) },
      );
    }
    return json(200, outcome.response);
  };

  return async (event) => {
    const log = withFields(baseLog, { requestId: event.requestContext?.requestId });
    try {
      return await handle(event, log);
    } catch (err) {
      log.error('request failed', { error: err });
      return errorResponse(
        500,
        'internal',
        'the bridge could not process the request; retry later',
      );
    }
  };
}
