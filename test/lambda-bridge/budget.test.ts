/** The bridge's time limits fit inside the Lambda timeout with margin (lambda-bridge/src/budget.ts). */
import {
  DYNAMODB_CALL_WORST_MS,
  FUNCTION_TIMEOUT_MS,
  HTTP_TIMEOUT_MS,
  LATE_WINDOW_MS,
  MARGIN_MS,
  RETRY_WINDOW_MS,
  STEPS_DEADLINE_MS,
} from '../../lambda-bridge/src/budget';
import { DEFAULT_RETRY_POLICY } from '../../lambda-bridge/src/retry';
import { sdkCallOptions } from '../../lambda-bridge/src/sdk-options';

describe('time budget of one bridge request', () => {
  it('steps deadline + the lease release + margin fit inside the function timeout', () => {
    expect(STEPS_DEADLINE_MS + DYNAMODB_CALL_WORST_MS + MARGIN_MS).toBeLessThanOrEqual(
      FUNCTION_TIMEOUT_MS,
    );
  });

  it('no attempt starts so late that its call cannot end before the steps deadline', () => {
    expect(RETRY_WINDOW_MS + HTTP_TIMEOUT_MS).toBeLessThanOrEqual(STEPS_DEADLINE_MS);
    const effect = sdkCallOptions('effect').requestHandler;
    expect(RETRY_WINDOW_MS + effect.connectionTimeout + effect.requestTimeout).toBeLessThanOrEqual(
      STEPS_DEADLINE_MS,
    );
  });

  it('one retry layer per call: effect clients make one attempt, the step retries a bounded number', () => {
    expect(sdkCallOptions('effect').maxAttempts).toBe(1);
    expect(DEFAULT_RETRY_POLICY.attempts).toBeLessThanOrEqual(3);
    expect(sdkCallOptions('state').maxAttempts).toBeLessThanOrEqual(2);
  });

  it('the late window outlasts any run that could still deliver a request', () => {
    expect(LATE_WINDOW_MS).toBeGreaterThan(FUNCTION_TIMEOUT_MS);
  });
});
