/**
 * JSON over HTTP for the calendar service and SCC, with a per-request timeout and the failure
 * translation every HTTP adapter shares: no response / timeout / 5xx / 429 are retryable, 401/403
 * mean the credential is wrong, other 4xx are permanent. Credentials never appear in messages.
 */
import { AdapterError, connectionRefused, type AdapterErrorName } from './errors';

export type FetchLike = typeof fetch;

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for "not there"). */
  accept?: number[];
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface HttpService {
  errorName: AdapterErrorName;
  /** "calendar service", "SCC" */
  label: string;
  /** Named in 401 messages: the setting to check, never its value. */
  credentialSetting: string;
  fetch: FetchLike;
  timeoutMs: number;
}

function serviceMessage(body: unknown): string {
  if (body && typeof body === 'object') {
    const error = (body as { error?: unknown }).error;
    const text =
      typeof error === 'string'
        ? error
        : error &&
            typeof error === 'object' &&
            typeof (error as { message?: unknown }).message === 'string'
          ? (error as { message: string }).message
          : typeof (body as { message?: unknown }).message === 'string'
            ? (body as { message: string }).message
            : '';
    return text.slice(0, 200);
  }
  return '';
}

export async function requestJson(service: HttpService, req: JsonRequest): Promise<JsonResponse> {
  const what = `${service.label} ${req.method} ${new URL(req.url).pathname}`;
  let response: Response;
  try {
    response = await service.fetch(req.url, {
      method: req.method,
      headers: {
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...req.headers,
      },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(service.timeoutMs),
    });
  } catch (err) {
    // Classed by `name` and `code` only: fetch's errors are Node's, from another realm under Jest.
    const timedOut = (err as { name?: string })?.name === 'TimeoutError';
    const refused = !timedOut && connectionRefused(err);
    return Promise.reject(
      new AdapterError(
        service.errorName,
        timedOut ? 'timeout' : 'network',
        timedOut
          ? `${what}: no answer within ${service.timeoutMs} ms`
          : refused
            ? `${what}: connection refused (the service is not listening)`
            : `${what}: could not reach the service`,
        // Refused: nothing was listening, so the request certainly had no effect.
        { retryable: true, cause: err, ambiguous: !refused },
      ),
    );
  }
  const text = await response.text().catch(() => '');
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const status = response.status;
  if ((status >= 200 && status < 300) || req.accept?.includes(status)) return { status, body };
  const detail = serviceMessage(body);
  const suffix = detail ? `: ${detail}` : '';
  if (status === 429)
    throw new AdapterError(service.errorName, 'throttled', `${what}: HTTP 429 (throttled)`, {
      retryable: true,
      status,
    });
  if (status >= 500)
    throw new AdapterError(service.errorName, 'unavailable', `${what}: HTTP ${status}${suffix}`, {
      retryable: true,
      status,
    });
  if (status === 401 || status === 403)
    throw new AdapterError(
      service.errorName,
      'unauthorized',
      `${what}: HTTP ${status}, the service rejected the credential (check ${service.credentialSetting})`,
      { retryable: false, status },
    );
  throw new AdapterError(
    service.errorName,
    status === 404 ? 'not-found' : status === 409 ? 'conflict' : 'rejected',
    `${what}: HTTP ${status}${suffix}`,
    { retryable: false, status, ambiguous: false },
  );
}

export function badResponse(service: HttpService, what: string): AdapterError {
  return new AdapterError(service.errorName, 'bad-response', `${service.label}: ${what}`, {
    retryable: false,
    ambiguous: true,
  });
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
