/**
 * The booking workflow: schedules the steps (steps/), records each step's state, holds the
 * booking's run lease and answers with the per-step result. It performs no effect itself.
 *
 *   calendar | crewEvent | checklist | guestPage      start at once
 *   invalidation after guestPage, captainEmail after crewEvent (a step's `after`)
 *
 * A step already settled (done/skipped) for this revision is reported from its record and not
 * repeated. A step whose `after` did not settle is reported as waiting (retryable).
 *
 * State writes (issue 16: few DynamoDB calls, none on the critical path that exactly-once does
 * not need): the lease write also says whether a run of this revision ever started and hands back
 * the step records its last run left on the head (nothing else is read for them); the revision's
 * snapshot is written beside the steps; the steps' records, the ids they learned and the
 * completed revision go with the lease release, in one write. That is safe because no effect
 * depends on those writes to happen once: creates carry idempotency keys, the e-mail has its own
 * send intent, and a run that dies before writing leaves the lease's start time, which
 * `pastLateWindow` uses as the time of its attempt. Only a change of a generation (an entry
 * removed, so the next create needs a new key) is written at once. A step's write that nothing
 * after it waits for (the e-mail's intent settled as sent) goes beside the release (`afterward`);
 * the release's own record of that step (done) is what a later run of the revision reads, and the
 * run answers only when both are over.
 */
import {
  STEP_NAMES,
  type BridgeRequest,
  type BridgeResponse,
  type StepName,
  type StepResult,
} from '../../shared/bridge-contract';
import type { BookingHead, HeadIds, StepRecord, StepRecords } from './adapters/state-store';
import { snapshotOf } from './captain-email';
import { isRetryable, safeReason } from './errors';
import type { BridgeTiming } from './budget';
import { withRetry, type RetryEnv } from './retry';
import { BOOKING_STEPS } from './steps';
import { linksFor } from './steps/links';
import type { Attempt, BridgeStep, StepContext, StepDeps } from './steps/step';

export interface WorkflowDeps extends StepDeps {
  publicBaseUrl: string;
  checklistSecret: string;
  retry: RetryEnv;
  leaseMs: number;
  runId: () => string;
  /** When the request started (epoch ms): the retry window and the steps' deadline count from it. */
  startedAt: number;
}

export type WorkflowResult =
  { kind: 'busy'; leaseUntil: number | null } | { kind: 'ran'; response: BridgeResponse };

const settled = (r: StepResult) => r.status === 'done' || (r.status === 'skipped' && !r.retryable);

function supersededResponse(req: BridgeRequest, latest: number, links: BridgeResponse['links']) {
  return {
    ok: true,
    bookingId: req.booking.id,
    revision: req.revision,
    outcome: 'superseded' as const,
    steps: STEP_NAMES.map((step) => ({
      step,
      status: 'skipped' as const,
      attempts: 0,
      ids: {},
      reason: `superseded: revision ${latest} of this booking has already run`,
    })),
    links,
  };
}

export async function runWorkflow(req: BridgeRequest, deps: WorkflowDeps): Promise<WorkflowResult> {
  const b = req.booking;
  const links = linksFor(b.id, deps.publicBaseUrl, deps.checklistSecret);
  const responseLinks = { guestPage: links.guestPage, checklist: links.checklist };
  const owner = deps.runId();
  const lease = await deps.store.acquire(b.id, req.revision, owner, deps.now(), deps.leaseMs);

  if (lease.kind === 'busy') return { kind: 'busy', leaseUntil: lease.head.leaseUntil };
  if (lease.kind === 'superseded')
    return {
      kind: 'ran',
      response: supersededResponse(req, lease.head.latestRevision, responseLinks),
    };

  let released = false;
  const learned: HeadIds = {};
  const afterwards: Array<Promise<void>> = [];
  const timing: BridgeTiming = deps.timing;
  const retry: RetryEnv = {
    ...deps.retry,
    now: deps.now,
    deadline: deps.startedAt + timing.retryWindowMs,
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deps.startedAt + timing.stepsDeadlineMs - deps.now()));
  });
  // What the booking looks like at this revision, for the next revision's change summary.
  const snapshot = deps.store
    .saveSnapshot(b.id, req.revision, snapshotOf(req))
    .catch((error: unknown) =>
      deps.log.warn('snapshot not saved', { bookingId: b.id, revision: req.revision, error }),
    );
  try {
    const head: BookingHead = lease.head;
    const priorAttemptAt = lease.priorAttemptAt === undefined ? null : lease.priorAttemptAt;
    const previous: StepRecords =
      lease.priorAttemptAt === null
        ? {}
        : (lease.previous ?? (await deps.store.steps(b.id, req.revision)));
    const setHead = async (ids: HeadIds) => {
      const newGeneration =
        (ids.calendarGeneration !== undefined &&
          ids.calendarGeneration !== head.calendarGeneration) ||
        (ids.sccGeneration !== undefined && ids.sccGeneration !== head.sccGeneration);
      if (newGeneration) await deps.store.setHead(b.id, ids);
      else Object.assign(learned, ids);
      Object.assign(head, ids);
    };
    const base = {
      req,
      cancelled: req.op === 'cancel',
      links,
      deps,
      head,
      setHead,
      priorAttemptAt,
      afterward: (write: Promise<void>) => void afterwards.push(write),
    };
    const execute = (step: BridgeStep) =>
      executeStep(step, { ...base, previous: previous[step.name] }, retry);

    const started = new Map<StepName, Promise<StepResult>>();
    const start = (step: BridgeStep): Promise<StepResult> => {
      let running = started.get(step.name);
      if (running) return running;
      const first = step.after;
      const dependency = first && BOOKING_STEPS.find((s) => s.name === first);
      running = dependency
        ? start(dependency).then((d) =>
            settled(d) ? execute(step) : waiting(step.name, d.step, previous[step.name]),
          )
        : execute(step);
      started.set(step.name, running);
      return running;
    };
    const results = await Promise.all(
      BOOKING_STEPS.map((step) =>
        Promise.race([start(step), deadline.then(() => outOfTime(step.name, previous[step.name]))]),
      ),
    );
    const byName = new Map(results.map((r) => [r.step, r]));
    let steps = STEP_NAMES.map((name) => byName.get(name)).filter((r): r is StepResult => !!r);
    // The run's record goes with the release; the steps' own later writes and the snapshot
    // beside it. The answer waits for all of them.
    released = true;
    const later = Promise.all(afterwards);
    [steps] = await Promise.all([
      finishRun(req, deps, { owner, steps, previous, learned, later }),
      later,
      snapshot,
    ]);
    const ok = succeeded(steps);
    deps.log.info('booking run', {
      bookingId: b.id,
      revision: req.revision,
      op: req.op,
      ok,
      steps: steps.map((s) => `${s.step}:${s.status}:${s.attempts}`).join(' '),
    });
    return {
      kind: 'ran',
      response: {
        ok,
        bookingId: b.id,
        revision: req.revision,
        outcome: ok ? 'completed' : 'partial',
        steps,
        links: responseLinks,
      },
    };
  } finally {
    clearTimeout(timer);
    if (!released) {
      await snapshot;
      await deps.store
        .release(b.id, owner, null, learned)
        .catch((err: unknown) =>
          deps.log.error('could not release the lease', { bookingId: b.id, error: err }),
        );
    }
  }
}

const succeeded = (steps: StepResult[]) =>
  steps.every((s) => s.status !== 'failed' && !(s.status === 'skipped' && s.retryable));

function waiting(step: StepName, on: StepName, prev: StepRecord | undefined): StepResult {
  return {
    step,
    status: 'skipped',
    attempts: prev?.attempts ?? 0,
    ids: {},
    reason: `not run: waits for ${on}, which did not complete`,
    retryable: true,
  };
}

/** A step still running at the deadline: reported now, resumed by the next run (its effect is keyed). */
function outOfTime(step: StepName, prev: StepRecord | undefined): StepResult {
  return {
    step,
    status: 'failed',
    attempts: prev?.attempts ?? 0,
    ids: prev?.ids ?? {},
    reason: 'did not finish within the run; it resumes on the next run without repeating an effect',
    retryable: true,
  };
}

/** Runs one step unless already settled, recording its state before and after. */
async function executeStep(
  step: BridgeStep,
  ctx: Omit<StepContext, 'attempt'>,
  retry: RetryEnv,
): Promise<StepResult> {
  const { deps, req, previous: prev } = ctx;
  const b = req.booking;
  const name = step.name;
  if (prev && (prev.status === 'done' || prev.status === 'skipped')) {
    return {
      step: name,
      status: prev.status,
      attempts: prev.attempts,
      ids: prev.ids,
      ...(prev.reason ? { reason: prev.reason } : {}),
    };
  }
  let attempts = prev?.attempts ?? 0;
  try {
    const attempt: Attempt = (fn) =>
      withRetry(
        retry,
        (n) => fn(n),
        () => attempts++,
      );
    const outcome = await step.run({ ...ctx, attempt });
    return {
      step: name,
      status: outcome.status,
      attempts,
      ids: outcome.ids,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    };
  } catch (err) {
    const reason = safeReason(err);
    const retryable = isRetryable(err);
    deps.log.warn('step failed', {
      bookingId: b.id,
      revision: req.revision,
      step: name,
      reason,
      attempts,
      error: err,
    });
    return { step: name, status: 'failed', attempts, ids: prev?.ids ?? {}, reason, retryable };
  }
}

/** The record a step's result leaves for the next run of this revision. */
function recordOf(r: StepResult, prev: StepRecord | undefined, nowMs: number): StepRecord {
  const failed = r.status === 'failed';
  return {
    step: r.step,
    status: r.status,
    attempts: r.attempts,
    ids: r.ids,
    lastError: failed ? (r.reason ?? prev?.lastError ?? null) : null,
    retryable: failed ? (r.retryable ?? true) : null,
    reason: r.reason ?? null,
    updatedAt: new Date(nowMs).toISOString(),
  };
}

/**
 * Gives the lease back with every step's record (and the ids the steps learned) in the same write;
 * `completedRevision` when every step settled. When that write fails, the steps it would have
 * recorded are reported as not finished (retryable), and the lease is still given back: the next
 * run confirms them from their effects' keys and the send intent, without repeating any effect.
 */
async function finishRun(
  req: BridgeRequest,
  deps: WorkflowDeps,
  run: {
    owner: string;
    steps: StepResult[];
    previous: StepRecords;
    learned: HeadIds;
    /** The steps' own later writes: without the records, the lease waits for them. */
    later: Promise<unknown>;
  },
): Promise<StepResult[]> {
  const { owner, steps, previous, learned } = run;
  const id = req.booking.id;
  const now = deps.now();
  // Settled earlier (reported from their records) or never started (waiting): kept as they were.
  const isFresh = (r: StepResult) => {
    const prev = previous[r.step];
    if (prev && (prev.status === 'done' || prev.status === 'skipped')) return false;
    return !(r.status === 'skipped' && r.retryable);
  };
  const fresh = steps.filter(isFresh);
  const records = steps.flatMap((r) => {
    if (isFresh(r)) return [recordOf(r, previous[r.step], now)];
    const prev = previous[r.step];
    return prev ? [prev] : [];
  });
  try {
    await deps.store.release(id, owner, succeeded(steps) ? req.revision : null, learned, {
      revision: req.revision,
      records,
    });
    return steps;
  } catch (err) {
    deps.log.error('could not record the run', { bookingId: id, error: err });
    // Without the records, a next run learns the e-mail's outcome from its intent: settled first.
    await run.later;
    await deps.store
      .release(id, owner, null, learned)
      .catch((error: unknown) =>
        deps.log.error('could not release the lease', { bookingId: id, error }),
      );
    const unsaved = new Set(fresh.map((r) => r.step));
    return steps.map((r) =>
      unsaved.has(r.step) && r.status !== 'failed'
        ? {
            ...r,
            status: 'failed',
            retryable: true,
            reason: `${r.status}, but its record could not be saved (${safeReason(err)}); the next run confirms it without repeating it`,
          }
        : r,
    );
  }
}
