/**
 * The local edge: what CloudFront does in front of the guest pages, on one machine.
 *
 * Per request it runs the REAL CloudFront Function file (the one that is deployed) in `node:vm`
 * (through the edge team's runtime, lambda-bridge/edge/runtime.ts: no require, no timers, no
 * eval) with the documented viewer-request event built from the HTTP request. A returned response (e.g. 404 for a bad slug) is sent as is, without reaching the
 * origin; a returned request has its (possibly rewritten) uri fetched from the S3 emulator bucket
 * with the real S3 client and served with the object's Content-Type and Cache-Control.
 *
 * Every answer carries `x-sandbox-edge: function` (the function answered) or `origin` (S3
 * answered), so tests and curious users can tell who said 404.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  isCfResponse,
  loadCloudFrontFunction,
  type CfRequest,
  type CfResponse,
  type CfValueMap,
  type CfViewerRequestEvent,
  type CfViewerRequestHandler,
} from '../../lambda-bridge/edge/runtime';
import { patientKeepAlive } from '../patient-server';

export const EDGE_HEADER = 'x-sandbox-edge';

export interface EdgeOrigin {
  s3: S3Client;
  bucket: string;
}

/** The deployed function file: the built copy if there is one, else the source file. */
export function findCloudFrontFunctionFile(root: string): string {
  const candidates = [join(root, 'dist/lambda-bridge/cloudfront-function.js')];
  const srcDir = join(root, 'lambda-bridge/edge');
  if (existsSync(srcDir)) {
    const js = readdirSync(srcDir)
      .filter((name) => name.endsWith('.js') && !name.endsWith('.test.js'))
      .sort((a, b) => Number(b.includes('function')) - Number(a.includes('function')));
    candidates.push(...js.map((name) => join(srcDir, name)));
  }
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new Error(
      'no CloudFront Function file: expected dist/lambda-bridge/cloudfront-function.js (npm run build) or a .js file in lambda-bridge/edge/',
    );
  }
  return found;
}

/** Runs the CloudFront Function file like the cloudfront-js-2.0 runtime would (viewer request). */
export class CloudFrontFunctionRunner {
  private handler: CfViewerRequestHandler | null = null;
  private loadedMtime = -1;

  constructor(
    readonly file: string,
    readonly distributionId = 'ESANDBOXLOCAL',
  ) {}

  private compiled(): CfViewerRequestHandler {
    const mtime = statSync(this.file).mtimeMs;
    if (!this.handler || mtime !== this.loadedMtime) {
      // Reloaded when the file changes, so `npm run build` while the sandbox runs takes effect.
      this.handler = loadCloudFrontFunction(this.file);
      this.loadedMtime = mtime;
    }
    return this.handler;
  }

  /** The documented event for a viewer request (header, query and cookie names lower-cased). */
  static eventFor(
    req: { method: string; url: string; headers: IncomingMessage['headers'] },
    viewerIp: string,
    distributionId: string,
  ): CfViewerRequestEvent {
    const raw = req.url;
    const q = raw.indexOf('?');
    const uri = q === -1 ? raw : raw.slice(0, q);
    const querystring: CfValueMap = {};
    if (q !== -1) {
      for (const part of raw.slice(q + 1).split('&')) {
        if (!part) continue;
        const eq = part.indexOf('=');
        const name = (eq === -1 ? part : part.slice(0, eq)).toLowerCase();
        const value = eq === -1 ? '' : part.slice(eq + 1);
        addValue(querystring, name, value);
      }
    }
    const headers: CfValueMap = {};
    const cookies: CfValueMap = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      if (name === 'cookie') {
        for (const pair of values.join('; ').split(/;\s*/)) {
          const eq = pair.indexOf('=');
          if (eq > 0) addValue(cookies, pair.slice(0, eq).toLowerCase(), pair.slice(eq + 1));
        }
        continue;
      }
      for (const v of values) addValue(headers, name.toLowerCase(), v);
    }
    return {
      version: '1.0',
      context: {
        distributionDomainName: 'sandbox.cloudfront.local',
        distributionId,
        eventType: 'viewer-request',
        requestId: randomUUID(),
      },
      viewer: { ip: viewerIp },
      request: { method: req.method, uri, querystring, headers, cookies },
    };
  }

  /** One call of the function's handler; the result is copied out of the vm's realm. */
  async run(event: CfViewerRequestEvent): Promise<CfRequest | CfResponse> {
    const result = (await this.compiled()(event)) as CfRequest | CfResponse | undefined;
    if (!result || typeof result !== 'object')
      throw new Error('the function returned no request or response');
    return JSON.parse(JSON.stringify(result)) as CfRequest | CfResponse;
  }
}

function addValue(target: CfValueMap, name: string, value: string): void {
  const existing = target[name];
  if (!existing) {
    target[name] = { value };
  } else {
    existing.multiValue = existing.multiValue ?? [{ value: existing.value }];
    existing.multiValue.push({ value });
  }
}

/** The edge as a request handler, so it can be mounted by the home page server as well. */
export class LocalEdge {
  readonly runner: CloudFrontFunctionRunner;
  private origin: EdgeOrigin | null;
  /** Every request the edge saw and what became of it (shown on the home page). */
  readonly log: Array<{ at: string; uri: string; rewrittenUri: string | null; status: number }> =
    [];

  private readonly warn: (line: string) => void;

  constructor(opts: {
    functionFile: string;
    origin?: EdgeOrigin;
    distributionId?: string;
    /** Where function and origin failures are reported (default: stderr). */
    log?: (line: string) => void;
  }) {
    this.runner = new CloudFrontFunctionRunner(opts.functionFile, opts.distributionId);
    this.origin = opts.origin ?? null;
    this.warn = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  setOrigin(origin: EdgeOrigin): void {
    this.origin = origin;
  }

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const record = (status: number, rewrittenUri: string | null): void => {
      this.log.push({ at: new Date().toISOString(), uri: url, rewrittenUri, status });
      if (this.log.length > 200) this.log.shift();
    };
    let result: CfRequest | CfResponse;
    try {
      const event = CloudFrontFunctionRunner.eventFor(
        { method, url, headers: req.headers },
        req.socket.remoteAddress ?? '127.0.0.1',
        this.runner.distributionId,
      );
      result = await this.runner.run(event);
    } catch (error) {
      // CloudFront answers 503 when a function fails; the reason goes to the local console only.
      this.warn(`[edge] function error for ${url}: ${(error as Error).message}`);
      send(res, 503, { 'content-type': 'text/plain; charset=utf-8', [EDGE_HEADER]: 'function' });
      res.end('503 The CloudFront function failed (see the sandbox console).\n');
      record(503, null);
      return;
    }
    if (isCfResponse(result)) {
      sendFunctionResponse(res, result);
      record(result.statusCode, null);
      return;
    }
    const status = await this.fromOrigin(method, result.uri, res);
    record(status, result.uri);
  };

  private async fromOrigin(method: string, uri: string, res: ServerResponse): Promise<number> {
    const plain = { 'content-type': 'text/plain; charset=utf-8', [EDGE_HEADER]: 'origin' };
    if (!uri.startsWith('/')) {
      send(res, 503, { ...plain, [EDGE_HEADER]: 'function' });
      res.end('503 The CloudFront function returned a uri that does not start with "/".\n');
      return 503;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, 403, plain);
      res.end('403 Only GET and HEAD reach the pages origin.\n');
      return 403;
    }
    if (!this.origin) {
      send(res, 503, plain);
      res.end('503 The S3 origin is not attached yet.\n');
      return 503;
    }
    let key: string;
    try {
      key = decodeURIComponent(uri.slice(1));
    } catch {
      key = uri.slice(1);
    }
    if (key === '' || key.endsWith('/')) {
      send(res, 404, plain);
      res.end('404 Not found (no object key).\n');
      return 404;
    }
    try {
      const { s3, bucket } = this.origin;
      const object =
        method === 'HEAD'
          ? await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
          : await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const headers: Record<string, string> = { [EDGE_HEADER]: 'origin' };
      if (object.ContentType) headers['content-type'] = object.ContentType;
      if (object.CacheControl) headers['cache-control'] = object.CacheControl;
      if (object.ETag) headers.etag = object.ETag;
      if (object.LastModified) headers['last-modified'] = object.LastModified.toUTCString();
      if (object.ContentLength !== undefined)
        headers['content-length'] = String(object.ContentLength);
      send(res, 200, headers);
      const body = 'Body' in object ? object.Body : undefined;
      if (method === 'HEAD' || !body) {
        res.end();
      } else {
        (body as Readable).pipe(res);
      }
      return 200;
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
        ?.httpStatusCode;
      if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
        send(res, 404, plain);
        res.end('404 Not found.\n');
        return 404;
      }
      this.warn(`[edge] origin error for ${uri}: ${(error as Error).message}`);
      send(res, 502, plain);
      res.end('502 The S3 origin failed.\n');
      return 502;
    }
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>): void {
  if (!res.headersSent) res.writeHead(status, headers);
}

function sendFunctionResponse(res: ServerResponse, response: CfResponse): void {
  const headers: Record<string, string | string[]> = { [EDGE_HEADER]: 'function' };
  for (const [name, entry] of Object.entries(response.headers ?? {})) {
    headers[name] = entry.multiValue ? entry.multiValue.map((v) => v.value) : entry.value;
  }
  const cookies = Object.entries(response.cookies ?? {}).map(([name, c]) => {
    const attributes = (c as { attributes?: string }).attributes;
    return `${name}=${c.value}${attributes ? `; ${attributes}` : ''}`;
  });
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  let body: Buffer = Buffer.alloc(0);
  if (typeof response.body === 'string') body = Buffer.from(response.body, 'utf8');
  else if (response.body)
    body = Buffer.from(response.body.data, response.body.encoding === 'base64' ? 'base64' : 'utf8');
  if (body.length > 0 && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'text/plain; charset=utf-8';
  }
  res.writeHead(response.statusCode, response.statusDescription ?? '', headers);
  res.end(body);
}

export interface RunningEdge {
  url: string;
  edge: LocalEdge;
  stop(): Promise<void>;
}

/** The edge on its own port (127.0.0.1; port 0 = ephemeral). */
export async function startEdge(opts: {
  functionFile: string;
  origin?: EdgeOrigin;
  port?: number;
  distributionId?: string;
  log?: (line: string) => void;
}): Promise<RunningEdge> {
  const edge = new LocalEdge(opts);
  const server = createServer((req, res) => {
    void edge.handle(req, res);
  });
  patientKeepAlive(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    edge,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
