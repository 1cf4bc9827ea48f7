/**
 * Typed domain errors. Adapters translate SDK and HTTP failures into an AdapterError that says
 * which system failed (`name`), a stable `code`, whether a retry can help (`retryable`), and a
 * message that is safe to show the captain (no secrets, no stack traces). The original error is
 * kept in `cause` for logs.
 */
const ADAPTER_ERROR_NAMES = [
  'CalendarError',
  'CrewServiceError',
  'PagePublisherError',
  'CdnError',
  'MailerError',
  'StateStoreError',
  'CrewStatusError',
  'NonceStoreError',
] as const;
export type AdapterErrorName = (typeof ADAPTER_ERROR_NAMES)[number];

export type AdapterErrorCode =
  | 'network'
  | 'timeout'
  | 'unavailable'
  | 'throttled'
  | 'unauthorized'
  | 'rejected'
  | 'not-found'
  | 'conflict'
  | 'bad-response';

export class AdapterError extends Error {
  override readonly name: AdapterErrorName;
  readonly code: AdapterErrorCode;
  readonly retryable: boolean;
  /** HTTP status when there was one. */
  readonly status: number | undefined;
  /** True when the remote system may have applied the request although we saw a failure. */
  readonly ambiguous: boolean;

  constructor(
    name: AdapterErrorName,
    code: AdapterErrorCode,
    message: string,
    options: { retryable: boolean; status?: number; cause?: unknown; ambiguous?: boolean },
  ) {
    super(message, { cause: options.cause });
    this.name = name;
    this.code = code;
    this.retryable = options.retryable;
    this.status = options.status;
    this.ambiguous = options.ambiguous ?? options.retryable;
  }
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'PriorRequestNotComplete',
  'TooManyInvalidationsInProgress',
]);

const TRANSIENT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'TransactionInProgressException',
]);

/** The SDK's connection timeout (@smithy/node-http-handler), unlike its request timeout. */
const NOT_CONNECTED = /did not establish a connection/;

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Whether a socket error (maybe under `cause`, or one of an AggregateError's `errors` when several
 * addresses were tried) says nothing was listening. Read by `code`, never `instanceof`: Node's
 * errors come from another realm under Jest.
 */
export function connectionRefused(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (e.code === 'ECONNREFUSED') return true;
  if (Array.isArray(e.errors) && e.errors.length > 0)
    return e.errors.every((inner) => connectionRefused(inner, depth + 1));
  return connectionRefused(e.cause, depth + 1);
}

/**
 * The SDK's retry middleware replaces a thrown value that is not `instanceof Error` (a socket
 * error from another realm, as under Jest) with `new Error("AWS SDK error wrapper for " + err)`,
 * keeping only its text. The original name and code are read back from that text.
 */
const SDK_WRAPPER = /^AWS SDK error wrapper for (\w+): ([\s\S]*)$/;
const SOCKET_CODE =
  /\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH)\b/;

function unwrapped(e: SdkLikeError): SdkLikeError {
  const wrapped = SDK_WRAPPER.exec(e.message ?? '');
  if (!wrapped) return e;
  const [, name, message = ''] = wrapped;
  return { ...e, name, message, code: e.code ?? SOCKET_CODE.exec(message)?.[1] };
}

/** Translates an AWS SDK v3 error (or a socket error under it) into an AdapterError. */
export function fromSdkError(name: AdapterErrorName, what: string, err: unknown): AdapterError {
  if (isAdapterError(err)) return err;
  const e = unwrapped((err ?? {}) as SdkLikeError);
  const errName = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const detail = `${errName}${status ? ` (HTTP ${status})` : ''}`;
  if (THROTTLING.has(errName) || status === 429) {
    // Throttling is decided before the service acts: the request certainly had no effect.
    return new AdapterError(name, 'throttled', `${what}: throttled (${detail})`, {
      retryable: true,
      status,
      cause: err,
      ambiguous: false,
    });
  }
  if (errName === 'ECONNREFUSED' || connectionRefused(e) || connectionRefused(err)) {
    // Nothing was listening: the request never reached the service.
    return new AdapterError(name, 'network', `${what}: connection refused (${errName})`, {
      retryable: true,
      cause: err,
      ambiguous: false,
    });
  }
  if (errName === 'TimeoutError' && NOT_CONNECTED.test(e.message ?? '')) {
    // The connection was never made, so no byte of the request left: it certainly had no effect.
    return new AdapterError(name, 'timeout', `${what}: could not connect in time (${errName})`, {
      retryable: true,
      cause: err,
      ambiguous: false,
    });
  }
  if (
    TRANSIENT.has(errName) ||
    (e.code !== undefined && TRANSIENT.has(e.code)) ||
    e.$fault === 'server' ||
    (status !== undefined && status >= 500) ||
    e.$retryable !== undefined
  ) {
    return new AdapterError(name, 'unavailable', `${what}: service unavailable (${detail})`, {
      retryable: true,
      status,
      cause: err,
    });
  }
  if (status === undefined) {
    // No HTTP response at all (the SDK may still have added $metadata with its attempt count):
    // the request may or may not have reached the service.
    return new AdapterError(name, 'network', `${what}: could not reach the service (${errName})`, {
      retryable: true,
      cause: err,
    });
  }
  const code: AdapterErrorCode =
    status === 401 || status === 403 || /AccessDenied|Unauthorized|Forbidden/.test(errName)
      ? 'unauthorized'
      : status === 404
        ? 'not-found'
        : 'rejected';
  return new AdapterError(name, code, `${what}: ${detail}`, {
    retryable: false,
    status,
    cause: err,
    ambiguous: false,
  });
}

const ADAPTER_ERROR_NAME_SET: ReadonlySet<string> = new Set(ADAPTER_ERROR_NAMES);

/**
 * Whether `err` is an AdapterError, by its shape (`name`, `code`, `retryable`), not `instanceof`:
 * an error made by another copy of this module (another realm: a Jest sandbox, a second bundle
 * chunk) is still one, and must be classed the same way.
 */
export function isAdapterError(err: unknown): err is AdapterError {
  if (err instanceof AdapterError) return true;
  const e = err as Partial<AdapterError> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.name === 'string' &&
    ADAPTER_ERROR_NAME_SET.has(e.name) &&
    typeof e.code === 'string' &&
    typeof e.retryable === 'boolean'
  );
}

/** A short, safe description of any error for a step's `reason`. */
export function safeReason(err: unknown): string {
  if (isAdapterError(err)) return err.message;
  return 'unexpected error in the bridge (see the bridge logs)';
}

export function isRetryable(err: unknown): boolean {
  return isAdapterError(err) ? err.retryable : false;
}

/** The failure certainly happened before the remote system acted (throttled, refused, rejected). */
export function certainlyNotApplied(err: unknown): boolean {
  return isAdapterError(err) && err.ambiguous === false;
}

/** The message of any thrown value (for logs and the step's reason lists). */
export function errorMessage(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}
