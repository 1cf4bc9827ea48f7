/**
 * The small HTTP kit behind the local stand-ins: listen/close on loopback, JSON request and
 * response handling, a call log, fault injection (`POST /__faults`) and JSON-file persistence.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import * as z from '../../shared/schema';
import { patientKeepAlive } from '../patient-server';
import { readBody, RequestBodyTooLargeError } from './read-body';

export const LOOPBACK = '127.0.0.1';

/** Listens (127.0.0.1 by default) and returns the bound port. */
export function listen(server: Server, port = 0, host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes a server including idle keep-alive connections (SDK clients and fetch keep sockets open). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

/** Constant-time string equality that does not leak the length either (compares SHA-256 digests). */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

export { isIanaTimeZone } from '../../shared/calendar-contract';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Persistence

export function loadJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read ${file}: ${(err as Error).message}`);
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export function saveJsonFile(file: string, data: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(data, null, 2));
  renameSync(`${file}.tmp`, file);
}

// ---------------------------------------------------------------------------------------------
// Fault injection

export const FaultSchema = z.strictObject({
  /** HTTP method to match, or '*' for any. */
  method: z.pipe(
    z.string().check(z.trim(), z.minLength(1)),
    z.transform((m) => m.toUpperCase()),
  ),
  /** Matches requests whose path starts with this. */
  pathPrefix: z.string().check(z.startsWith('/')),
  /** Status to answer; 0 drops the connection without an answer (a network error). */
  status: z.number().check(
    z.int(),
    z.refine((s) => s === 0 || (s >= 100 && s <= 599), {
      message: 'status must be 0 (drop the connection) or an HTTP status 100-599',
    }),
  ),
  times: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 1),
  /** true: perform the request's effect first, then answer the fault (effect happened, caller sees a failure). */
  afterEffect: z._default(z.boolean(), false),
  /** Hold the answer this long (simulates a slow service; lets callers exercise their timeouts). */
  delayMs: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(120_000)), 0),
  /**
   * Late delivery: hold the request this long BEFORE the service acts on it, then act and answer
   * normally (`status` is not used). The caller has usually given up by then; the effect still lands.
   */
  lateMs: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(120_000)), 0),
});
export type FaultInput = z.input<typeof FaultSchema>;
export type Fault = z.output<typeof FaultSchema>;

export class FaultInjector {
  private faults: Fault[] = [];

  add(input: unknown): Fault {
    const fault = FaultSchema.parse(input);
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Consumes one use of the first fault matching the request, if any. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => (f.method === '*' || f.method === method) && path.startsWith(f.pathPrefix),
    );
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault, times: 1 };
  }
}

// ---------------------------------------------------------------------------------------------
// JSON stand-in server

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface StandinRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface StandinResponse {
  status: number;
  /** JSON body (omitted for 204). */
  json?: unknown;
  /** Raw body instead of JSON (e.g. an HTML page). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface CallRecord {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  injectedFault?: boolean;
}

/** What every stand-in's `GET /__state` adds to its own state. */
export interface StandinExtras {
  calls: CallRecord[];
  faults: Fault[];
}

/** What a test or the sandbox holds of a running stand-in. */
export interface StandinHandle<State> {
  url: string;
  port: number;
  /** Same as `GET /__state`: the service's own state, the call log and active faults. */
  state(): State & StandinExtras;
  injectFault(fault: FaultInput): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface StandinServerOptions {
  port?: number;
  maxBodyBytes?: number;
  /** The service's own API (everything except `/__*`). Faults apply here. */
  handleApi(req: StandinRequest): Promise<StandinResponse>;
  /** Local-only routes under `/__` besides `/__state` and `/__faults` (no auth, no faults). */
  handleLocal?(req: StandinRequest): Promise<StandinResponse | undefined>;
  /** Everything for `GET /__state` (the call log and active faults are added). */
  state(): object;
  /** How an injected fault answers (default: a JSON error). */
  faultResponse?(status: number): StandinResponse;
  /**
   * Honour `Idempotency-Key` on POSTs: the first successful answer for a (path, key) is kept and
   * answered again to every repeat, without running the API. Kept in this file when given.
   */
  idempotency?: { file?: string };
}

export interface StandinServer {
  url: string;
  port: number;
  faults: FaultInjector;
  calls: CallRecord[];
  close(): Promise<void>;
}

const MAX_CALLS_KEPT = 2000;

export function jsonError(status: number, code: string, message: string): StandinResponse {
  return { status, json: { error: { code, message } } };
}

/** Parses a JSON body against a schema; 400 with the first offending field named. */
export function parseJsonBody<T extends z.ZodMiniType>(
  req: StandinRequest,
  schema: T,
): z.output<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'Request body must be JSON');
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : 'body';
    throw new HttpError(400, 'invalid_request', `${field}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

export async function startStandinServer(options: StandinServerOptions): Promise<StandinServer> {
  const faults = new FaultInjector();
  const calls: CallRecord[] = [];
  const pendingTimers = new Set<NodeJS.Timeout>();
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  const record = (req: StandinRequest, status: number, injectedFault: boolean) => {
    calls.push({
      at: new Date().toISOString(),
      method: req.method,
      path: req.path,
      query: req.query.toString(),
      status,
      ...(injectedFault ? { injectedFault: true } : {}),
    });
    if (calls.length > MAX_CALLS_KEPT) calls.splice(0, calls.length - MAX_CALLS_KEPT);
  };

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        resolve();
      }, ms);
      pendingTimers.add(timer);
    });

  const route = async (req: StandinRequest, res: ServerResponse): Promise<void> => {
    if (req.path.startsWith('/__')) {
      write(res, await routeLocal(req));
      return;
    }
    const fault = faults.take(req.method, req.path);
    const answerFault = options.faultResponse ?? faultResponse;
    let response: StandinResponse;
    if (fault && fault.lateMs > 0) {
      await delay(fault.lateMs);
      response = await runApi(req);
      record(req, response.status, true);
      write(res, response);
      return;
    }
    if (fault && !fault.afterEffect) {
      response = answerFault(fault.status);
    } else {
      response = await runApi(req);
      if (fault) response = answerFault(fault.status);
    }
    if (fault) await delay(fault.delayMs);
    record(req, response.status, fault !== undefined);
    if (fault?.status === 0) {
      res.socket?.destroy();
      return;
    }
    write(res, response);
  };

  const callApi = async (req: StandinRequest): Promise<StandinResponse> => {
    try {
      return await options.handleApi(req);
    } catch (err) {
      return errorResponse(err);
    }
  };
  const keys = options.idempotency ? new IdempotencyKeys(options.idempotency.file) : undefined;
  const runApi = (req: StandinRequest): Promise<StandinResponse> =>
    keys ? keys.run(req, callApi) : callApi(req);

  const routeLocal = async (req: StandinRequest): Promise<StandinResponse> => {
    try {
      if (req.path === '/__state' && req.method === 'GET') {
        return { status: 200, json: { ...options.state(), calls, faults: faults.list() } };
      }
      if (req.path === '/__faults') {
        if (req.method === 'GET') return { status: 200, json: { faults: faults.list() } };
        if (req.method === 'DELETE') {
          faults.clear();
          return { status: 204 };
        }
        if (req.method === 'POST') {
          const fault = faults.add(parseJsonBody(req, z.unknown()));
          return { status: 201, json: { fault } };
        }
      }
      const local = await options.handleLocal?.(req);
      return local ?? jsonError(404, 'not_found', `No route for ${req.method} ${req.path}`);
    } catch (err) {
      if (err instanceof z.core.$ZodError) {
        const issue = err.issues[0];
        return jsonError(
          400,
          'invalid_request',
          `${issue?.path.join('.') || 'body'}: ${issue?.message}`,
        );
      }
      return errorResponse(err);
    }
  };

  const answer = async (incoming: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(incoming.url ?? '/', 'http://localhost');
    let body: Buffer;
    try {
      body = await readBody(incoming, maxBodyBytes);
    } catch (err) {
      if (err instanceof RequestBodyTooLargeError)
        write(res, jsonError(413, 'payload_too_large', 'Request body too large'));
      else res.destroy(); // the client went away mid-body: no one to answer
      return;
    }
    const req: StandinRequest = {
      method: (incoming.method ?? 'GET').toUpperCase(),
      path: decodePath(url.pathname),
      query: url.searchParams,
      headers: incoming.headers,
      body,
    };
    await route(req, res).catch((err: unknown) => write(res, errorResponse(err)));
  };
  const server = createServer((incoming, res) => void answer(incoming, res));
  patientKeepAlive(server);

  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://${LOOPBACK}:${port}`,
    port,
    faults,
    calls,
    close: async () => {
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
      await closeServer(server);
    },
  };
}

/**
 * `Idempotency-Key` on POST: one (path, key) acts once. A repeat waits for a first request still
 * running, then gets its answer; only successful answers are kept (a failure may be retried).
 */
export class IdempotencyKeys {
  private readonly done = new Map<string, StandinResponse>();
  private readonly running = new Map<string, Promise<StandinResponse>>();

  constructor(private readonly file?: string) {
    const saved = file ? loadJsonFile(file) : undefined;
    if (saved && typeof saved === 'object')
      for (const [k, v] of Object.entries(saved as Record<string, StandinResponse>))
        this.done.set(k, v);
  }

  async run(
    req: StandinRequest,
    act: (req: StandinRequest) => Promise<StandinResponse>,
  ): Promise<StandinResponse> {
    const header = req.headers['idempotency-key'];
    const key = typeof header === 'string' && req.method === 'POST' ? header.trim() : '';
    if (!key) return act(req);
    const id = `${req.path}\n${key}`;
    const kept = this.done.get(id);
    if (kept) return replayed(kept);
    const inFlight = this.running.get(id);
    if (inFlight) return replayed(await inFlight);
    const first = act(req);
    this.running.set(id, first);
    try {
      const response = await first;
      if (response.status >= 200 && response.status < 300) {
        this.done.set(id, response);
        if (this.file) saveJsonFile(this.file, Object.fromEntries(this.done));
      }
      return response;
    } finally {
      this.running.delete(id);
    }
  }
}

function replayed(response: StandinResponse): StandinResponse {
  const status = response.status === 201 ? 200 : response.status;
  return { ...response, status, headers: { ...response.headers, 'idempotent-replayed': 'true' } };
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

function faultResponse(status: number): StandinResponse {
  return jsonError(status, 'injected_fault', `Injected fault: ${status}`);
}

function errorResponse(err: unknown): StandinResponse {
  if (err instanceof HttpError) return jsonError(err.status, err.code, err.message);
  // Logged locally (headers, where credentials travel, are never part of an error); not answered.
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  console.error(`[standin] internal error: ${detail}`);
  return jsonError(500, 'internal_error', 'Internal error in the stand-in');
}

function write(res: ServerResponse, response: StandinResponse): void {
  if (res.headersSent || res.destroyed) return;
  if (response.status === 204 || (response.json === undefined && response.text === undefined)) {
    res.writeHead(response.status, response.headers).end();
    return;
  }
  const body = response.text ?? JSON.stringify(response.json);
  res.writeHead(response.status, {
    ...response.headers,
    'content-type': response.contentType ?? 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
