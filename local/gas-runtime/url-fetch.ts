/**
 * UrlFetchApp that makes REAL HTTP requests, synchronously like Apps Script: the calling thread
 * blocks while a worker thread does the I/O (sync-fetch.ts). So the server it talks to must not
 * run on the calling thread (run it in a worker thread or a child process).
 * Semantics follow Apps Script: without muteHttpExceptions a 4xx/5xx throws; a request that cannot
 * connect throws whatever muteHttpExceptions says; fetchAll throws if any request does.
 */
import { fetchSync, type FetchRequest, type FetchResult } from './sync-fetch';
import { guarded, NotImplementedInFakeError, CallCounter } from './common';

type Params = GoogleAppsScript.URL_Fetch.URLFetchRequestOptions;

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export interface UrlFetchOptions {
  /** Called before each fetch/fetchAll with the requests about to go out (e.g. to advance a fake clock). */
  onFetch?: (requests: RecordedRequest[]) => void;
  timeoutMs?: number;
}

export class FakeUrlFetchStore {
  readonly calls = new CallCounter();
  readonly requests: RecordedRequest[] = [];
}

function toFetchRequest(url: string, params: Params, timeoutMs: number): FetchRequest {
  const method = String(params.method ?? 'get').toUpperCase();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(params.headers ?? {})) headers[k] = String(v);
  let body: string | undefined;
  const payload = params.payload as unknown;
  if (typeof payload === 'string') body = payload;
  else if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    body = new URLSearchParams(
      Object.entries(payload as Record<string, string>).map(([k, v]) => [k, String(v)]),
    ).toString();
  } else if (payload !== undefined) {
    throw new NotImplementedInFakeError(
      'UrlFetchApp: byte-array or Blob payloads are not implemented in the fake',
    );
  }
  if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = params.contentType ?? 'application/x-www-form-urlencoded';
  }
  return {
    url,
    method,
    headers,
    body,
    followRedirects: params.followRedirects !== false,
    timeoutMs,
  };
}

function response(
  result: Extract<FetchResult, { ok: true }>,
  calls: CallCounter,
): GoogleAppsScript.URL_Fetch.HTTPResponse {
  return guarded<GoogleAppsScript.URL_Fetch.HTTPResponse>(
    'HTTPResponse',
    {
      getResponseCode: () => result.status,
      getContentText: () => result.body,
      getHeaders: () => ({ ...result.headers }),
      getAllHeaders: () => ({ ...result.headers }),
    },
    calls,
  );
}

export function createUrlFetchApp(
  store: FakeUrlFetchStore,
  options: UrlFetchOptions = {},
): GoogleAppsScript.URL_Fetch.UrlFetchApp {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const run = (
    items: Array<{ url: string; params: Params }>,
  ): GoogleAppsScript.URL_Fetch.HTTPResponse[] => {
    const requests = items.map(({ url, params }) => toFetchRequest(url, params, timeoutMs));
    const recorded = requests.map((r) => ({
      url: r.url,
      method: r.method,
      headers: r.headers,
      body: r.body ?? '',
    }));
    store.requests.push(...recorded);
    options.onFetch?.(recorded);
    const results = fetchSync(requests);
    return results.map((result, i) => {
      const { url, params } = items[i] as { url: string; params: Params };
      if (!result.ok) throw new Error(`Exception: Address unavailable: ${url} (${result.error})`);
      if (result.status >= 400 && !params.muteHttpExceptions) {
        throw new Error(
          `Exception: Request failed for ${url} returned code ${result.status}. Truncated server response: ${result.body.slice(0, 200)} (use muteHttpExceptions option to examine full response)`,
        );
      }
      return response(result, store.calls);
    });
  };
  return guarded<GoogleAppsScript.URL_Fetch.UrlFetchApp>(
    'UrlFetchApp',
    {
      fetch: (url: string, params: Params = {}) => run([{ url, params }])[0],
      fetchAll: (requests: Array<string | (Params & { url: string })>) =>
        run(
          requests.map((r) =>
            typeof r === 'string' ? { url: r, params: {} } : { url: r.url, params: r },
          ),
        ),
    },
    store.calls,
  );
}
