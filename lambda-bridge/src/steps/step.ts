/**
 * The one interface every bridge step implements. A step is one effect on one system (calendar
 * entry, crew event, a page, an invalidation, the captain's e-mail); the workflow (workflow.ts)
 * decides when it runs, records its state and reports it. A step never schedules another step.
 */
import type { BridgeRequest, StepName } from '../../../shared/bridge-contract';
import type { BookingHead, HeadIds, StepRecord } from '../adapters/state-store';
import type { BridgeTiming } from '../budget';
import type { Logger } from '../log';
import type { BridgeAdapters } from '../types';
import type { BookingLinks } from './links';

/** What a step reports when it did not throw. */
export interface StepOutcome {
  status: 'done' | 'skipped';
  ids: Record<string, string>;
  reason?: string;
}

/** Runs `fn` under the step's retry policy (the one retry layer for the step's remote call). */
export type Attempt = <T>(fn: (attempt: number) => Promise<T>) => Promise<T>;

export type StepDeps = Omit<BridgeAdapters, 'nonces'> & {
  now: () => number;
  log: Logger;
  timing: BridgeTiming;
  /** The built-in crew provider's links: this bridge's public base URL and the link key. */
  crewLinks?: { base: string; key: Buffer; graceSeconds: number };
};

export interface StepContext {
  req: BridgeRequest;
  cancelled: boolean;
  links: BookingLinks;
  deps: StepDeps;
  /** The booking's head item as this run sees it (ids other steps stored are visible here). */
  head: Readonly<BookingHead>;
  /** Stores external ids on the head (and in `head`). */
  setHead(ids: HeadIds): Promise<void>;
  /** This step's record for this revision from an earlier run, if any. */
  previous: StepRecord | undefined;
  /**
   * When an earlier run of this revision started (epoch ms), null if none ever did. A run that
   * died before recording anything leaves no step record, only this.
   */
  priorAttemptAt: number | null;
  attempt: Attempt;
  /**
   * A state write this step's outcome does not depend on (e.g. settling a send intent): it runs
   * beside the steps still going and the run's own record; the run waits for it before it gives
   * the lease back and answers. It must catch its own failure (a failed one is only logged).
   */
  afterward(write: Promise<void>): void;
}

export interface BridgeStep {
  name: StepName;
  /** A step that must have settled (done, or skipped for good) before this one runs. */
  after?: StepName;
  run(ctx: StepContext): Promise<StepOutcome>;
}

/**
 * Whether an earlier attempt of this step (this revision) is so old that nothing it sent can still
 * arrive: only then does a lookup that finds nothing prove the effect never happened.
 */
export function pastLateWindow(
  ctx: Pick<StepContext, 'previous' | 'deps'> & { priorAttemptAt?: number | null },
): boolean {
  const prev = ctx.previous;
  const at =
    prev && prev.attempts > 0 ? Date.parse(prev.updatedAt) : (ctx.priorAttemptAt ?? Number.NaN);
  return Number.isFinite(at) && ctx.deps.now() - at > ctx.deps.timing.lateWindowMs;
}
