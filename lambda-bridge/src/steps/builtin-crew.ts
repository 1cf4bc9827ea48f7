/**
 * The crew step with the `builtin` provider: the bridge invites the crew itself. Per member one
 * SES e-mail with a magic link (crew-invitations/token.ts) to a page the bridge serves; answers
 * land in the bridge's own table in the shape the crew loop reads (crew-invitations/store.ts).
 *
 *   new member          -> invitation e-mail (a fresh link)
 *   crew-facing change  -> change e-mail to those still invited
 *   member dropped      -> removal e-mail; the row says "removed" and the old link stops working
 *   cancellation        -> cancellation e-mail to everyone invited
 *
 * Each e-mail at most once per member, revision and kind: the key is claimed (`mailing`, kept
 * for every member in the event item, written with the new rows in one BatchWriteItem) before SES
 * is called and settled after (`mailed`, one more write of the event item; a crew member may
 * answer before the settlement, and the answer, in the member's row, must stay); a claim
 * left behind by another run (it died, or SES's answer was lost) is never sent again and is
 * reported as uncertain. A send that certainly failed (throttled, refused) moves its key to
 * `owed`, and the step fails so the next run sends just that one, even though the row and the
 * event already hold this revision (the changes that called for it are no longer visible). What
 * the same run's earlier attempt knows (claims it wrote but never sent, sends SES accepted whose
 * settlement was not saved) is kept in memory across its retries, so those are neither doubts
 * nor re-sent.
 *
 * The phases: plan (builtin-crew-plan.ts), then claim, send and settle (builtin-crew-mail.ts).
 */
import { instantOf } from '../../../shared/booking';
import { endOf } from '../../../shared/crew-facing';
import { PROVIDER_LABELS } from '../../../shared/providers';
import { sha256Hex } from '../crypto';
import { AdapterError } from '../errors';
import { crewPageDetails } from '../crew-invitations/render';
import type { InvitationEvent, InvitationStore } from '../crew-invitations/store';
import { claim, sendClaimed, settle } from './builtin-crew-mail';
import { plan, toSend, type RunMemory } from './builtin-crew-plan';
import type { StepContext, StepDeps, StepOutcome } from './step';

export const BUILTIN_LABEL = PROVIDER_LABELS.builtin;
/** Crew event ids of the built-in provider; the crew loop reads their answers from its table. */
export const BUILTIN_EVENT_PREFIX = 'builtin-';
export const builtinEventId = (bookingId: string): string => `${BUILTIN_EVENT_PREFIX}${bookingId}`;
export const isBuiltinEventId = (eventId: string): boolean =>
  eventId.startsWith(BUILTIN_EVENT_PREFIX);

/** Rows and links are kept a while after the charter (the captain may look back), then expire. */
const KEEP_AFTER_END_S = 30 * 24 * 3600;

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The bridge's own invitations table and link key, which the built-in provider cannot do without. */
function builtinDeps(deps: StepDeps): {
  store: InvitationStore;
  links: NonNullable<StepDeps['crewLinks']>;
} {
  if (!deps.invitations || !deps.crewLinks)
    throw new AdapterError(
      'CrewServiceError',
      'rejected',
      'the bridge has no crew invitations table (CREW_INVITATIONS_TABLE); deploy the stack with it, or set provider.crew = scc in Settings',
      { retryable: false },
    );
  return { store: deps.invitations, links: deps.crewLinks };
}

/** The crew event as this revision has it: what the crew page shows, and when links expire. */
function invitationEvent(ctx: StepContext): InvitationEvent {
  const { req } = ctx;
  const b = req.booking;
  const endsAt = Math.floor(instantOf(endOf(b)) / 1000);
  const captainName =
    req.crew.find((m) => /captain|skipper/i.test(m.role))?.name ??
    b.captainName ??
    req.captain.name;
  const details = crewPageDetails(req, ctx.links.checklist, captainName);
  return {
    eventId: builtinEventId(b.id),
    bookingId: b.id,
    revision: req.revision,
    cancelled: ctx.cancelled,
    details,
    detailsHash: sha256Hex(stableJson(details)),
    departureAt: Math.floor(instantOf(b.start) / 1000),
    endsAt,
    ttl: endsAt + KEEP_AFTER_END_S,
  };
}

/** Plan, claim, send, settle; then what the sheet shows. */
async function run(ctx: StepContext, memory: RunMemory): Promise<StepOutcome> {
  const { store, links } = builtinDeps(ctx.deps);
  const nowIso = new Date(ctx.deps.now()).toISOString();
  const next = invitationEvent(ctx);
  const { event, rows } = await store.load(next.eventId);
  const planned = plan(ctx, event, rows, next, nowIso);
  const { send, rows: claimed, doubts } = toSend(ctx, rows, planned, memory);
  const members = await claim(ctx, store, next, rows, claimed, send, memory);
  const sends = await sendClaimed(ctx, links, next, send, memory);
  await settle(ctx, store, next, members, sends, send.length);
  const action = ctx.cancelled ? 'cancelled' : event ? 'updated' : 'created';
  return {
    status: 'done',
    ids: {
      handledBy: BUILTIN_LABEL,
      eventId: next.eventId,
      action,
      emailsSent: String(sends.sent),
      // the sheet shows "uncertain (not re-sent)" instead of done (like the captain e-mail)
      ...(doubts ? { doubt: String(doubts) } : {}),
    },
    ...(doubts
      ? {
          reason: `${doubts} crew e-mail(s) uncertain: an earlier attempt may have sent them; not sent again`,
        }
      : {}),
  };
}

export const builtinCrewStep = (ctx: StepContext): Promise<StepOutcome> => {
  const memory: RunMemory = { claimedUnsent: new Set(), sent: new Set() };
  return ctx.attempt(() => run(ctx, memory));
};

export const usesBuiltinCrew = (ctx: StepContext): boolean => ctx.req.providers?.crew === 'builtin';
