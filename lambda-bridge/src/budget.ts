/**
 * Every time limit of the bridge in one place, and why they fit inside the Lambda's timeout.
 *
 * One retry layer per call:
 *   - calendar, SCC (HTTP), S3, CloudFront, SES: the step's withRetry (retry.ts); their clients
 *     do not retry (fetch never does; the SDK clients get maxAttempts 1);
 *   - DynamoDB (state, nonces, crew answers): the SDK's own retry (DYNAMODB_MAX_ATTEMPTS); the
 *     workflow never repeats a state call.
 *
 * Worst case of one request (budget.test.ts checks the arithmetic):
 *   the steps all report by STEPS_DEADLINE_MS after the request started (a step still running then
 *   is reported as failed and retryable, and resumes on the next run without repeating an effect),
 *   then one lease release (a DynamoDB call, at most DYNAMODB_CALL_WORST_MS) and the answer:
 *   STEPS_DEADLINE_MS + DYNAMODB_CALL_WORST_MS + MARGIN_MS <= FUNCTION_TIMEOUT_MS.
 */

/** The Lambda's timeout (infra/lib/charter-bridge-stack.ts uses this). */
export const FUNCTION_TIMEOUT_MS = 30_000;

/** One calendar or SCC request (connect + answer). */
export const HTTP_TIMEOUT_MS = 5_000;

/** AWS SDK clients: connecting, then waiting for the answer (per attempt). */
export const AWS_CONNECTION_TIMEOUT_MS = 1_000;
export const AWS_REQUEST_TIMEOUT_MS = 5_000;
export const EFFECT_SDK_MAX_ATTEMPTS = 1;

/** DynamoDB: short requests, retried by the SDK (the only layer for state calls). */
export const DYNAMODB_REQUEST_TIMEOUT_MS = 2_000;
export const DYNAMODB_MAX_ATTEMPTS = 2;
/** Attempts x (connect + request) + the SDK's back-off between them (well under 1 s for 2 tries). */
export const DYNAMODB_CALL_WORST_MS =
  DYNAMODB_MAX_ATTEMPTS * (AWS_CONNECTION_TIMEOUT_MS + DYNAMODB_REQUEST_TIMEOUT_MS) + 1_000;

/** No step starts a new attempt after this long into the request. */
export const RETRY_WINDOW_MS = 12_000;
/** Every step has reported by then (measured from the start of the request). */
export const STEPS_DEADLINE_MS = 20_000;
export const MARGIN_MS = 3_000;

/**
 * A request the bridge sent can still reach a service until the run that sent it has ended (the
 * function timeout), plus network slack. Only after this window is a "not found" by lookup
 * evidence that an earlier attempt's create never landed.
 */
export const LATE_WINDOW_MS = FUNCTION_TIMEOUT_MS + 30_000;

/** The limits one handler uses; the defaults above, shorter in tests and the fault matrix. */
export interface BridgeTiming {
  httpTimeoutMs: number;
  retryWindowMs: number;
  stepsDeadlineMs: number;
  lateWindowMs: number;
}

export const DEFAULT_TIMING: BridgeTiming = {
  httpTimeoutMs: HTTP_TIMEOUT_MS,
  retryWindowMs: RETRY_WINDOW_MS,
  stepsDeadlineMs: STEPS_DEADLINE_MS,
  lateWindowMs: LATE_WINDOW_MS,
};
