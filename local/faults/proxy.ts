/**
 * A fault-injecting HTTP proxy in front of one dependency (an emulator or a stand-in): the bridge
 * talks to the proxy, the proxy forwards to the real local service unless a fault says otherwise.
 *
 *   status       answer 500 / 429 without forwarding (the service never saw the request)
 *   refused      stop listening: connections are refused until the fault is cleared
 *   dropped      close the connection without an answer, without forwarding
 *   timeout      hold the request without forwarding until the caller gives up
 *   slow         forward after a delay shorter than the caller's timeout (a slow success)
 *   late         forward after a delay longer than the caller's timeout: the effect lands late
 *   effect-error forward (the effect happens), then answer 500 instead of the real answer
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen, LOOPBACK } from '../standins/http-kit';
import { readBody } from '../standins/read-body';

export type ProxyFaultKind =
  'status' | 'refused' | 'dropped' | 'timeout' | 'slow' | 'late' | 'effect-error';

export interface ProxyFault {
  kind: ProxyFaultKind;
  /** For `status` (and the error of `effect-error`, default 500). */
  status?: number;
  /** For `slow` and `late`. */
  delayMs?: number;
  /** How many matching requests to fault (default 1). */
  times?: number;
  /**
   * Only requests with this method / whose path starts with this / whose X-Amz-Target contains
   * this / whose body contains this (e.g. a table name, an update expression).
   */
  method?: string;
  pathPrefix?: string;
  target?: string;
  bodyIncludes?: string;
  /** Let this many matching requests through first. */
  skip?: number;
}

export interface FaultProxy {
  url: string;
  port: number;
  inject(fault: ProxyFault): Promise<void>;
  clear(): Promise<void>;
  /** Requests forwarded to the service (their effect may have happened). */
  forwarded(): number;
  /** Forwards still held (late deliveries not landed yet). */
  pending(): number;
  /** Forwards the service has answered (a late delivery counts once it has landed). */
  landed(): number;
  close(): Promise<void>;
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const faults: Array<Required<Pick<ProxyFault, 'times' | 'skip'>> & ProxyFault> = [];
  const timers = new Set<NodeJS.Timeout>();
  let forwarded = 0;
  let landed = 0;
  let held = 0;
  let closed = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      forwarded++;
      const out = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            landed++;
            resolve({
              status: res.statusCode ?? 502,
              headers: res.headers,
              body: Buffer.concat(chunks),
            });
          });
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const take = (req: IncomingMessage, body: Buffer) => {
    const targetHeader = String(req.headers['x-amz-target'] ?? '');
    const fault = faults.find(
      (f) =>
        (!f.method || f.method === req.method) &&
        (!f.pathPrefix || (req.url ?? '').startsWith(f.pathPrefix)) &&
        (!f.target || targetHeader.includes(f.target)) &&
        (!f.bodyIncludes || body.includes(f.bodyIncludes)),
    );
    if (!fault) return undefined;
    if (fault.skip > 0) {
      fault.skip--;
      return undefined;
    }
    fault.times--;
    if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
    return fault;
  };

  const errorBody = (status: number) =>
    JSON.stringify({
      __type: status === 429 ? 'ThrottlingException' : 'InternalFailure',
      message: `injected ${status}`,
      error: { code: 'injected_fault', message: `injected ${status}` },
    });

  const reply = (
    res: ServerResponse,
    status: number,
    headers: IncomingMessage['headers'],
    body: Buffer | string,
  ) => {
    if (res.destroyed || res.headersSent) return;
    const h = { ...headers };
    delete h['transfer-encoding'];
    delete h['content-length'];
    delete h.connection;
    res.writeHead(status, { ...h, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const fault = take(req, body);
    try {
      if (!fault) {
        const real = await forward(req, body);
        return reply(res, real.status, real.headers, real.body);
      }
      switch (fault.kind) {
        case 'status':
          return reply(
            res,
            fault.status ?? 500,
            { 'content-type': 'application/json' },
            errorBody(fault.status ?? 500),
          );
        case 'dropped':
          res.socket?.destroy();
          return;
        case 'timeout':
          held++;
          await new Promise<void>((resolve) => {
            res.on('close', () => resolve());
            if (closed) resolve();
          });
          held--;
          return;
        case 'slow':
        case 'late': {
          held++;
          await wait(fault.delayMs ?? 0);
          held--;
          const real = await forward(req, body);
          return reply(res, real.status, real.headers, real.body);
        }
        case 'effect-error': {
          await forward(req, body);
          const status = fault.status ?? 500;
          return reply(res, status, { 'content-type': 'application/json' }, errorBody(status));
        }
        default:
          return reply(res, 500, {}, 'unknown fault');
      }
    } catch {
      if (!res.headersSent) res.socket?.destroy();
    }
  };

  // Unbounded: the proxy passes on whatever the bridge sends, as the service would see it.
  const server = createServer((req, res) => {
    void readBody(req, Number.POSITIVE_INFINITY).then(
      (body) => handle(req, res, body),
      () => res.socket?.destroy(), // the bridge went away mid-body: no one to answer
    );
  });
  const port = await listen(server, 0);
  let listening = true;

  return {
    url: `http://${LOOPBACK}:${port}`,
    port,
    async inject(fault) {
      if (fault.kind === 'refused') {
        if (listening) {
          await closeServer(server);
          listening = false;
        }
        return;
      }
      faults.push({ times: 1, skip: 0, ...fault });
    },
    async clear() {
      faults.splice(0);
      if (!listening && !closed) {
        await listen(server, port);
        listening = true;
      }
    },
    forwarded: () => forwarded,
    pending: () => held,
    landed: () => landed,
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      if (listening) await closeServer(server);
    },
  };
}
