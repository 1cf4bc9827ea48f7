/**
 * How the bridge's AWS SDK clients time out and retry (budget.ts says why these numbers):
 *   state   (DynamoDB)             the SDK retries: the only retry layer for state calls;
 *   effect  (S3, SES, CloudFront)  one attempt per call: the step's withRetry is the only layer.
 * Every call has a connection timeout and a request timeout; none can outlive the function.
 */
import {
  AWS_CONNECTION_TIMEOUT_MS,
  AWS_REQUEST_TIMEOUT_MS,
  DYNAMODB_MAX_ATTEMPTS,
  DYNAMODB_REQUEST_TIMEOUT_MS,
  EFFECT_SDK_MAX_ATTEMPTS,
} from './budget';

export type SdkRole = 'state' | 'effect';

export interface SdkCallOptions {
  maxAttempts: number;
  /** throwOnRequestTimeout: without it the SDK only warns when requestTimeout passes. */
  requestHandler: {
    connectionTimeout: number;
    requestTimeout: number;
    throwOnRequestTimeout: boolean;
  };
}

/** `scale` < 1 shortens the timeouts (tests and the fault matrix); attempts never change. */
export function sdkCallOptions(role: SdkRole, scale = 1): SdkCallOptions {
  const requestTimeout = role === 'state' ? DYNAMODB_REQUEST_TIMEOUT_MS : AWS_REQUEST_TIMEOUT_MS;
  return {
    maxAttempts: role === 'state' ? DYNAMODB_MAX_ATTEMPTS : EFFECT_SDK_MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: Math.max(50, Math.round(AWS_CONNECTION_TIMEOUT_MS * scale)),
      requestTimeout: Math.max(50, Math.round(requestTimeout * scale)),
      throwOnRequestTimeout: true,
    },
  };
}
