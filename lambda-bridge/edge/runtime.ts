/**
 * Runs a CloudFront Function (cloudfront-js-2.0) in Node the way the edge does: the exact file,
 * evaluated as a classic script in a fresh `node:vm` context that has no require, module,
 * process, console or timers, and the top-level `handler(event)` called with the documented
 * viewer-request event. Used by the edge tests and by the local edge server.
 */
import { readFileSync } from 'node:fs';
import { Script, createContext } from 'node:vm';

/** `{name: {value, multiValue?}}`: query strings, headers and cookies share this shape. */
export type CfValueMap = Record<string, { value: string; multiValue?: Array<{ value: string }> }>;

export interface CfRequest {
  method: string;
  uri: string;
  querystring: CfValueMap;
  headers: CfValueMap;
  cookies: CfValueMap;
}

export interface CfResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: CfValueMap;
  cookies?: CfValueMap;
  body?: string | { encoding: 'text' | 'base64'; data: string };
}

export interface CfViewerRequestEvent {
  version: '1.0';
  context: {
    eventType: 'viewer-request';
    distributionId?: string;
    distributionDomainName?: string;
    requestId?: string;
  };
  viewer: { ip: string };
  request: CfRequest;
}

export type CfViewerRequestHandler = (event: CfViewerRequestEvent) => CfRequest | CfResponse;

/** True when the function answered itself (the origin is not asked). */
export function isCfResponse(result: CfRequest | CfResponse): result is CfResponse {
  return typeof (result as CfResponse).statusCode === 'number';
}

/** The viewer-request event CloudFront builds for `GET {uri}` (query string split off the uri). */
export function viewerRequestEvent(
  pathAndQuery: string,
  opts: { method?: string; host?: string; ip?: string; headers?: CfValueMap } = {},
): CfViewerRequestEvent {
  const q = pathAndQuery.indexOf('?');
  const uri = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const querystring: CfValueMap = {};
  if (q >= 0) {
    for (const pair of pathAndQuery.slice(q + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      const existing = querystring[name];
      if (existing) {
        existing.multiValue = existing.multiValue ?? [{ value: existing.value }];
        existing.multiValue.push({ value });
      } else querystring[name] = { value };
    }
  }
  return {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: opts.ip ?? '127.0.0.1' },
    request: {
      method: opts.method ?? 'GET',
      uri,
      querystring,
      headers: { host: { value: opts.host ?? 'localhost' }, ...opts.headers },
      cookies: {},
    },
  };
}

/** Evaluates the function source in an empty context and returns its top-level `handler`. */
export function compileCloudFrontFunction(
  source: string,
  filename = 'cloudfront-function.js',
): CfViewerRequestHandler {
  const sandbox = createContext(Object.create(null) as object, {
    codeGeneration: { strings: false, wasm: false },
  });
  new Script(source, { filename }).runInContext(sandbox, { timeout: 1000 });
  const handler = (sandbox as Record<string, unknown>).handler;
  if (typeof handler !== 'function')
    throw new Error(`${filename}: no top-level function handler(event)`);
  return (event) =>
    (handler as CfViewerRequestHandler).call(undefined, event) as CfRequest | CfResponse;
}

export function loadCloudFrontFunction(path: string): CfViewerRequestHandler {
  return compileCloudFrontFunction(readFileSync(path, 'utf8'), path);
}
