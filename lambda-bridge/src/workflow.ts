/**
 * The booking workflow: idempotent steps with per-step state, a per-booking lease, revisions.
 *
 *   upsert: calendar (create/update) | crewEvent (create/update) | checklist | guestPage
 *           -> invalidation after guestPage, captainEmail after crewEvent
 *   cancel: calendar (delete) | crewEvent (cancel) | checklist (cancelled notice) | guestPage
 *           (cancelled notice) -> invalidation after guestPage, captainEmail after crewEvent
 *
 * Independent steps run concurrently. A step already settled (done/skipped) for this revision is
 * reported from its record and not repeated. A step that holds no external id yet looks its
 * effect up by booking reference before creating it, so an attempt that failed after the remote
 * side acted (or a run that died half-way) never leads to a duplicate. A new revision updates the
 * calendar entry and the SCC event in place, using the ids on the booking's head item.
 */
import {
  STEP_NAMES,
  type BridgeRequest,
  type BridgeResponse,
  type StepName,
  type StepResult,
} from '../../shared/bridge-contract';
import { formatDuration } from '../../shared/booking';
import { renderCrewChecklist } from '../../shared/crew-checklist';
import {
  bookingLabels,
  crewEventFields,
  crewSafeNotes,
  endOf,
  firstName,
} from '../../shared/crew-facing';
import { PAGE_CACHE_CONTROL, renderGuestPage } from '../../shared/guest-page';
import { guestPageLocations, slugForBookingId } from '../../shared/slug';
import type { CalendarEventInput } from './adapters/calendar';
import type { BookingHead, HeadIds, StepRecord } from './adapters/state-store';
import { hasCaptain, renderCaptainEmail, snapshotOf, type EmailKind } from './captain-email';
import { checklistToken, sha256Hex } from './crypto';
import { isRetryable, safeReason } from './errors';
import type { Logger } from './log';
import type { BridgeAdapters } from './app';
import { withRetry, type RetryEnv } from './retry';

export interface WorkflowDeps extends Omit<BridgeAdapters, 'nonces'> {
  publicBaseUrl: string;
  checklistSecret: string;
  now: () => number;
  retry: RetryEnv;
  leaseMs: number;
  runId: () => string;
  log: Logger;
}

/** A run starts no new attempt after this long (the function timeout is 30 s; HTTP calls time out at 5 s). */
export const RUN_BUDGET_MS = 15_000;

export type WorkflowResult =
  { kind: 'busy'; leaseUntil: number | null } | { kind: 'ran'; response: BridgeResponse };

export interface BookingLinks {
  guestPage: string;
  checklist: string;
  checklistKey: string;
  guestPageKey: string;
  invalidationPaths: string[];
}

export function linksFor(
  bookingId: string,
  publicBaseUrl: string,
  checklistSecret: string,
): BookingLinks {
  const slug = slugForBookingId(bookingId);
  const guest = guestPageLocations(slug);
  const base = publicBaseUrl.replace(/\/+$/, '');
  const checklistKey = `crew/${slug}-${checklistToken(checklistSecret, bookingId)}.html`;
  return {
    guestPage: `${base}${guest.publicPath}`,
    checklist: `${base}/${checklistKey}`,
    checklistKey,
    guestPageKey: guest.key,
    invalidationPaths: [guest.objectPath, guest.publicPath],
  };
}

/** Same booking + revision + paths => same reference (CloudFront then returns the same invalidation). */
export function invalidationCallerReference(
  bookingId: string,
  revision: number,
  paths: string[],
): string {
  return `booking-${bookingId}-r${revision}-${sha256Hex([...paths].sort().join('\n')).slice(0, 16)}`;
}

export function calendarInput(req: BridgeRequest, links: BookingLinks): CalendarEventInput {
  const b = req.booking;
  const start = bookingLabels(b);
  const party = b.partySize ? ` (${b.partySize})` : '';
  const notes = crewSafeNotes(b.notes);
  const description = [
    `Booking ${b.id} (${b.source}), revision ${req.revision}`,
    `Guest: ${b.guestName}${party}`,
    `Boat: ${b.boat}`,
    `Meeting point: ${b.pickupLocation || '(not given)'}`,
    `Departs ${start.time} ${start.zone}, ${formatDuration(b.durationMinutes)}`,
    `Crew: ${req.crew.length ? req.crew.map((m) => `${m.name} (${m.role})`).join(', ') : 'none yet'}`,
    `Guest page: ${links.guestPage}`,
    `Crew checklist: ${links.checklist}`,
    ...(notes ? ['', notes] : []),
  ].join('\n');
  return {
    externalId: b.id,
    title: `Charter ${b.id}: ${b.guestName}${party}, ${b.boat}`,
    start: b.start,
    end: endOf(b),
    timeZone: b.timeZone,
    location: b.pickupLocation,
    description,
  };
}

interface StepOutcome {
  status: 'done' | 'skipped';
  ids: Record<string, string>;
  reason?: string;
}

type Attempt = <T>(fn: (attempt: number) => Promise<T>) => Promise<T>;

const settled = (r: StepResult) => r.status === 'done' || (r.status === 'skipped' && !r.retryable);

export async function runWorkflow(req: BridgeRequest, deps: WorkflowDeps): Promise<WorkflowResult> {
  const b = req.booking;
  const links = linksFor(b.id, deps.publicBaseUrl, deps.checklistSecret);
  const responseLinks = { guestPage: links.guestPage, checklist: links.checklist };
  const owner = deps.runId();
  const lease = await deps.store.acquire(b.id, req.revision, owner, deps.now(), deps.leaseMs);

  if (lease.kind === 'busy') return { kind: 'busy', leaseUntil: lease.head.leaseUntil };
  if (lease.kind === 'superseded') {
    return {
      kind: 'ran',
      response: {
        ok: true,
        bookingId: b.id,
        revision: req.revision,
        outcome: 'superseded',
        steps: STEP_NAMES.map((step) => ({
          step,
          status: 'skipped',
          attempts: 0,
          ids: {},
          reason: `superseded: revision ${lease.head.latestRevision} of this booking has already run`,
        })),
        links: responseLinks,
      },
    };
  }

  let completed = false;
  const retry: RetryEnv = { ...deps.retry, now: deps.now, deadline: deps.now() + RUN_BUDGET_MS };
  try {
    const head: BookingHead = lease.head;
    await deps.store.saveSnapshot(b.id, req.revision, snapshotOf(req));
    const previous = await deps.store.steps(b.id, req.revision);
    const setHead = async (ids: HeadIds) => {
      await deps.store.setHead(b.id, ids);
      Object.assign(head, ids);
    };

    const execute = async (
      step: StepName,
      body: (attempt: Attempt) => Promise<StepOutcome>,
    ): Promise<StepResult> => {
      const prev: StepRecord | undefined = previous[step];
      if (prev && (prev.status === 'done' || prev.status === 'skipped')) {
        return {
          step,
          status: prev.status,
          attempts: prev.attempts,
          ids: prev.ids,
          ...(prev.reason ? { reason: prev.reason } : {}),
        };
      }
      let attempts = prev?.attempts ?? 0;
      const record = (fields: Partial<StepRecord>): StepRecord => ({
        step,
        status: 'running',
        attempts,
        ids: prev?.ids ?? {},
        lastError: prev?.lastError ?? null,
        retryable: null,
        reason: null,
        updatedAt: new Date(deps.now()).toISOString(),
        ...fields,
      });
      try {
        await deps.store.saveStep(b.id, req.revision, record({}));
        const attempt: Attempt = (fn) =>
          withRetry(
            retry,
            (n) => fn(n),
            () => attempts++,
          );
        const outcome = await body(attempt);
        await deps.store.saveStep(
          b.id,
          req.revision,
          record({
            status: outcome.status,
            ids: outcome.ids,
            lastError: null,
            reason: outcome.reason ?? null,
          }),
        );
        return {
          step,
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
          step,
          reason,
          attempts,
          error: err,
        });
        await deps.store
          .saveStep(
            b.id,
            req.revision,
            record({ status: 'failed', lastError: reason, retryable, reason }),
          )
          .catch((saveErr: unknown) =>
            deps.log.error('could not record a failed step', { step, error: saveErr }),
          );
        return { step, status: 'failed', attempts, ids: prev?.ids ?? {}, reason, retryable };
      }
    };

    const waiting = (step: StepName, on: StepName): StepResult => ({
      step,
      status: 'skipped',
      attempts: previous[step]?.attempts ?? 0,
      ids: {},
      reason: `not run: waits for ${on}, which did not complete`,
      retryable: true,
    });

    const cancelled = req.op === 'cancel';

    // --- calendar ---------------------------------------------------------------------------
    const calendarStep = (): Promise<StepResult> =>
      execute('calendar', (attempt) =>
        attempt(async (): Promise<StepOutcome> => {
          if (cancelled) {
            const found = await deps.calendar.findByExternalId(b.id);
            const ids = [...new Set([head.calendarEventId, ...found.map((e) => e.id)])].filter(
              (id): id is string => !!id,
            );
            if (!ids.length) {
              await setHead({ calendarEventId: null });
              return { status: 'skipped', ids: {}, reason: 'no calendar entry to remove' };
            }
            for (const id of ids) await deps.calendar.remove(id);
            await setHead({ calendarEventId: null });
            return { status: 'done', ids: { calendarEventId: ids[0] ?? '', action: 'deleted' } };
          }
          const input = calendarInput(req, links);
          if (head.calendarEventId) {
            const updated = await deps.calendar.update(head.calendarEventId, input);
            if (updated)
              return { status: 'done', ids: { calendarEventId: updated.id, action: 'updated' } };
          }
          const [found] = await deps.calendar.findByExternalId(b.id);
          if (found) {
            const updated = (await deps.calendar.update(found.id, input)) ?? found;
            await setHead({ calendarEventId: updated.id });
            return { status: 'done', ids: { calendarEventId: updated.id, action: 'updated' } };
          }
          const created = await deps.calendar.create(input);
          await setHead({ calendarEventId: created.id });
          return { status: 'done', ids: { calendarEventId: created.id, action: 'created' } };
        }),
      );

    // --- SCC crew event ------------------------------------------------------------------------
    const crewStep = (): Promise<StepResult> =>
      execute('crewEvent', (attempt) =>
        attempt(async (): Promise<StepOutcome> => {
          const live = async () =>
            (await deps.crew.findByExternalRef(b.id)).filter((e) => e.status !== 'cancelled');
          if (cancelled) {
            const found = await live();
            const ids = [
              ...new Set([
                head.sccCancelled ? null : head.sccEventId,
                ...found.map((e) => e.eventId),
              ]),
            ].filter((id): id is string => !!id);
            if (!ids.length)
              return { status: 'skipped', ids: {}, reason: 'no crew event to cancel' };
            for (const id of ids) await deps.crew.cancel(id);
            await setHead({ sccEventId: ids[0] ?? null, sccCancelled: true });
            return { status: 'done', ids: { sccEventId: ids[0] ?? '', action: 'cancelled' } };
          }
          const fields = crewEventFields(req, links.checklist);
          if (head.sccEventId && !head.sccCancelled) {
            const updated = await deps.crew.update(head.sccEventId, fields);
            if (updated)
              return { status: 'done', ids: { sccEventId: updated.eventId, action: 'updated' } };
          }
          const [found] = await live();
          if (found) {
            const updated = (await deps.crew.update(found.eventId, fields)) ?? found;
            await setHead({ sccEventId: updated.eventId, sccCancelled: false });
            return { status: 'done', ids: { sccEventId: updated.eventId, action: 'updated' } };
          }
          const created = await deps.crew.create(fields);
          await setHead({ sccEventId: created.eventId, sccCancelled: false });
          return { status: 'done', ids: { sccEventId: created.eventId, action: 'created' } };
        }),
      );

    // --- pages --------------------------------------------------------------------------------
    const checklistStep = (): Promise<StepResult> =>
      execute('checklist', (attempt) =>
        attempt(async (): Promise<StepOutcome> => {
          const html = renderCrewChecklist({ booking: b, crew: req.crew, cancelled });
          await deps.pages.publish(links.checklistKey, html, PAGE_CACHE_CONTROL);
          return { status: 'done', ids: { key: links.checklistKey } };
        }),
      );

    const captainName =
      req.crew.find((m) => /captain|skipper/i.test(m.role))?.name ??
      b.captainName ??
      req.captain.name;
    const guestStep = (): Promise<StepResult> =>
      execute('guestPage', (attempt) =>
        attempt(async (): Promise<StepOutcome> => {
          const html = renderGuestPage({
            booking: b,
            captainName: firstName(captainName),
            cancelled,
          });
          await deps.pages.publish(links.guestPageKey, html, PAGE_CACHE_CONTROL);
          return { status: 'done', ids: { key: links.guestPageKey } };
        }),
      );

    const invalidationStep = (): Promise<StepResult> =>
      execute('invalidation', (attempt) =>
        attempt(async (): Promise<StepOutcome> => {
          const callerReference = invalidationCallerReference(
            b.id,
            req.revision,
            links.invalidationPaths,
          );
          const inv = await deps.cdn.invalidate(links.invalidationPaths, callerReference);
          return {
            status: 'done',
            ids: { invalidationId: inv.id, invalidationStatus: inv.status, callerReference },
          };
        }),
      );

    // --- captain e-mail -----------------------------------------------------------------------
    const emailStep = (): Promise<StepResult> =>
      execute('captainEmail', (attempt) =>
        attempt(async (): Promise<StepOutcome> => {
          const prior = await deps.store.previousSnapshot(b.id, req.revision);
          const kind: EmailKind = cancelled
            ? 'cancelled'
            : prior || req.revision > 1
              ? 'changed'
              : 'new';
          const answers = head.sccEventId ? await deps.crewStatus.answers(head.sccEventId) : null;
          const mail = renderCaptainEmail({
            request: req,
            kind,
            previous: prior?.snapshot ?? null,
            answers,
            links: responseLinks,
          });
          const sent = await deps.mailer.send({ to: req.captain.email, ...mail });
          return {
            status: 'done',
            ids: { messageId: sent.messageId, kind },
            ...(!cancelled && !hasCaptain(req)
              ? { reason: 'captain unassigned (flagged in the e-mail)' }
              : {}),
          };
        }),
      );

    const calendarP = calendarStep();
    const crewP = crewStep();
    const checklistP = checklistStep();
    const guestP = guestStep();
    const invalidationP = guestP.then((g) =>
      settled(g) ? invalidationStep() : waiting('invalidation', 'guestPage'),
    );
    const emailP = crewP.then((c) =>
      settled(c) ? emailStep() : waiting('captainEmail', 'crewEvent'),
    );
    const results = await Promise.all([
      calendarP,
      crewP,
      checklistP,
      guestP,
      invalidationP,
      emailP,
    ]);
    const byName = new Map(results.map((r) => [r.step, r]));
    const steps = STEP_NAMES.map((name) => byName.get(name)).filter((r): r is StepResult => !!r);
    const ok = steps.every(
      (s) => s.status !== 'failed' && !(s.status === 'skipped' && s.retryable),
    );
    completed = ok;
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
    await deps.store
      .release(b.id, owner, completed ? req.revision : null)
      .catch((err: unknown) =>
        deps.log.error('could not release the lease', { bookingId: b.id, error: err }),
      );
  }
}
