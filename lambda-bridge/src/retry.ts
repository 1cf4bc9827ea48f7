/**
 * Bounded retries: exponential backoff with full jitter (delay = random x min(max, base x 2^n)),
 * at most `attempts` tries and at most `budgetMs` of waiting in total. Only retryable errors are
 * retried; a permanent one fails at once. `sleep` and `random` are injected so tests never wait.
 */
import { isRetryable } from './errors';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 1000,
  budgetMs: 2000,
};

export interface RetryEnv {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** No new attempt starts after this instant (epoch ms), so a run ends inside the Lambda timeout. */
  deadline?: number;
  now?: () => number;
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export function backoffDelay(policy: RetryPolicy, failedAttempt: number, random: () => number) {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.floor(random() * cap);
}

/**
 * Runs `fn` until it succeeds, fails permanently, or the budget is spent. `fn` receives the attempt
 * number (1-based) and the previous error, so a caller can look an effect up before repeating it.
 * `onAttempt` is called before every try (for the step's attempt counter).
 */
export async function withRetry<T>(
  env: RetryEnv,
  fn: (attempt: number, previousError: unknown) => Promise<T>,
  onAttempt?: (attempt: number) => void,
): Promise<T> {
  let waited = 0;
  let previous: unknown = undefined;
  for (let attempt = 1; ; attempt++) {
    onAttempt?.(attempt);
    try {
      return await fn(attempt, previous);
    } catch (err) {
      previous = err;
      if (!isRetryable(err) || attempt >= env.policy.attempts) throw err;
      const delay = backoffDelay(env.policy, attempt, env.random);
      if (waited + delay > env.policy.budgetMs) throw err;
      if (env.deadline !== undefined && (env.now ?? Date.now)() + delay > env.deadline) throw err;
      waited += delay;
      await env.sleep(delay);
    }
  }
}
