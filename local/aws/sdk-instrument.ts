/**
 * SDK middleware for measuring the bridge: counts every command a client sends (at the SDK, once
 * per logical call: retries inside the SDK are not extra calls) and can hold each call for a fixed
 * time, to play a remote service's latency against a local emulator. Used by `npm run bench`
 * (DynamoDB calls per booking, fan-out with injected latencies) and its tests.
 */
import type { MiddlewareStack } from '@smithy/types';

export interface CallLog {
  /** "Client.Command" (e.g. "DynamoDB.PutItem") for every call, in order. */
  readonly calls: string[];
  /** Calls per command name (e.g. { PutItem: 14, Query: 2 }) for one service prefix. */
  byCommand(service: string): Record<string, number>;
  count(service: string): number;
  reset(): void;
}

export function callLog(): CallLog {
  const calls: string[] = [];
  return {
    calls,
    byCommand(service) {
      const out: Record<string, number> = {};
      for (const c of calls) {
        const [s, command] = c.split('.');
        if (s === service && command) out[command] = (out[command] ?? 0) + 1;
      }
      return out;
    },
    count: (service) => calls.filter((c) => c.startsWith(`${service}.`)).length,
    reset: () => void calls.splice(0),
  };
}

interface InstrumentableClient<I extends object, O extends object> {
  middlewareStack: MiddlewareStack<I, O>;
}

export interface InstrumentOptions {
  /** Name recorded in the log ("DynamoDB", "S3", "SES"). */
  service: string;
  log?: CallLog;
  /** Held before each call is sent (the service's round trip time). */
  latencyMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Adds (or replaces) the measuring middleware on a client; returns a function that removes it. */
export function instrumentClient<I extends object, O extends object>(
  client: InstrumentableClient<I, O>,
  options: InstrumentOptions,
): () => void {
  const name = `bench-instrument-${options.service}`;
  client.middlewareStack.remove(name);
  const sleep = options.sleep ?? realSleep;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context as { commandName?: string }).commandName ?? 'Unknown';
      options.log?.calls.push(`${options.service}.${command.replace(/Command$/, '')}`);
      if (options.latencyMs) await sleep(options.latencyMs);
      return next(args);
    },
    { step: 'initialize', name, override: true },
  );
  return () => void client.middlewareStack.remove(name);
}

/** A fetch that holds each request to a matching origin for a fixed time before sending it. */
export function delayedFetch(
  delays: ReadonlyMap<string, number>,
  base: typeof fetch = fetch,
  sleep: (ms: number) => Promise<void> = realSleep,
): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const origin = new URL(url).origin;
    const ms = delays.get(origin) ?? 0;
    if (ms) await sleep(ms);
    return base(input, init);
  }) as typeof fetch;
}
