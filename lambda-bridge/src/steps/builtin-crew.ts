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
 */
import { instantOf } from '../../../shared/booking';
import { endOf } from '../../../shared/crew-facing';
import { PROVIDER_LABELS } from '../../../shared/providers';
import { sha256Hex } from '../crypto';
import { AdapterError, certainlyNotApplied, errorMessage } from '../errors';
import { crewPageDetails, renderMail, type MailKind } from '../crew-invitations/render';
import type { InvitationEvent, InvitationRow, MemberUpdate } from '../crew-invitations/store';
import { newInvitationId, signToken } from '../crew-invitations/token';
import type { StepContext, StepOutcome } from './step';

export const BUILTIN_LABEL = PROVIDER_LABELS.builtin;
/** Crew event ids of the built-in provider; the crew loop reads their answers from its table. */
export const BUILTIN_EVENT_PREFIX = 'builtin-';
export const builtinEventId = (bookingId: string): string => `${BUILTIN_EVENT_PREFIX}${bookingId}`;
export const isBuiltinEventId = (eventId: string): boolean =>
  eventId.startsWith(BUILTIN_EVENT_PREFIX);

/** Rows and links are kept a while after the charter (the captain may look back), then expire. */
const KEEP_AFTER_END_S = 30 * 24 * 3600;

/** Links to the member's page: `{base}/crew/{token}`. */
export function crewLink(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/crew/${token}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

interface Planned {
  row: InvitationRow;
  kind: MailKind;
}

function plan(
  ctx: StepContext,
  event: InvitationEvent | null,
  rows: InvitationRow[],
  next: InvitationEvent,
  nowIso: string,
): Planned[] {
  const byEmail = new Map(rows.map((r) => [r.email, r]));
  const out: Planned[] = [];
  if (ctx.cancelled) {
    for (const row of rows)
      if (row.status !== 'removed') out.push({ row: { ...row }, kind: 'cancel' });
    return out;
  }
  const changed = event !== null && event.detailsHash !== next.detailsHash;
  const current = new Set<string>();
  for (const m of ctx.req.crew) {
    const email = m.email.trim().toLowerCase();
    current.add(email);
    const had = byEmail.get(email);
    if (!had || had.status === 'removed') {
      out.push({
        kind: 'invite',
        row: {
          eventId: next.eventId,
          email,
          name: m.name,
          role: m.role,
          status: 'pending',
          invitedAt: nowIso,
          respondedAt: null,
          invitationId: newInvitationId(),
          version: (had?.version ?? 0) + 1,
          mailing: had?.mailing ?? [],
          mailed: had?.mailed ?? [],
          answerTimes: [],
          ttl: next.ttl,
        },
      });
    } else if (changed || had.name !== m.name || had.role !== m.role) {
      out.push({ kind: 'change', row: { ...had, name: m.name, role: m.role, ttl: next.ttl } });
    }
  }
  for (const row of rows)
    if (!current.has(row.email) && row.status !== 'removed')
      out.push({
        kind: 'removal',
        row: {
          ...row,
          status: 'removed',
          invitationId: newInvitationId(),
          version: row.version + 1,
        },
      });
  return out;
}

/**
 * What this step's earlier attempts in the same run learned (withRetry calls `run` again after a
 * failure): e-mails whose claim it wrote and never tried to send, and e-mails SES accepted whose
 * settlement was not saved. Another run cannot know either, so it reports those as uncertain.
 */
interface RunMemory {
  claimedUnsent: Set<string>;
  sent: Set<string>;
}

const memoryKey = (email: string, mailKey: string) => `${email}|${mailKey}`;
const kindOfKey = (mailKey: string) => mailKey.slice(mailKey.indexOf(':') + 1) as MailKind;
const without = (list: string[] | undefined, key: string) => (list ?? []).filter((k) => k !== key);

/**
 * The e-mails to send now: the ones this revision's changes call for, plus those an earlier
 * attempt owes (its send certainly failed) or claimed in this run without sending. An e-mail an
 * attempt may have sent (claimed, never confirmed) is a doubt: counted, never sent again.
 */
function toSend(
  ctx: StepContext,
  rows: InvitationRow[],
  planned: Planned[],
  memory: RunMemory,
): { send: Array<Planned & { mailKey: string }>; rows: InvitationRow[]; doubts: number } {
  const rev = `r${ctx.req.revision}:`;
  const plannedBy = new Map(planned.map((p) => [p.row.email, p]));
  const send: Array<Planned & { mailKey: string }> = [];
  const changed = new Map<string, InvitationRow>();
  let doubts = 0;
  const known = new Set(rows.map((r) => r.email));
  const newcomers = planned.filter((p) => !known.has(p.row.email)).map((p) => p.row);
  for (const loaded of [...rows, ...newcomers]) {
    const plannedMail = plannedBy.get(loaded.email);
    const row = plannedMail ? plannedMail.row : { ...loaded };
    if (plannedMail) changed.set(row.email, row);
    // Claims left in flight: settled from what this run saw, resent if this run never sent them.
    for (const mailKey of row.mailing) {
      const id = memoryKey(row.email, mailKey);
      if (memory.sent.has(id)) {
        row.mailing = without(row.mailing, mailKey);
        row.mailed = [...row.mailed, mailKey];
        changed.set(row.email, row);
      } else if (memory.claimedUnsent.has(id)) {
        send.push({ row, kind: kindOfKey(mailKey), mailKey });
      } else if (mailKey.startsWith(rev)) doubts += 1;
    }
    // Owed e-mails, unless a newer one for this member replaces them (a new invitation, a
    // removal, a cancellation; a change is replaced by a newer change, an invitation is not).
    for (const mailKey of row.owed ?? []) {
      const kind = kindOfKey(mailKey);
      const replaced =
        row.status === 'removed'
          ? kind !== 'removal' || plannedMail?.kind === 'invite'
          : plannedMail !== undefined &&
            (plannedMail.kind !== 'change' || kind === 'change' || kind === 'cancel');
      row.owed = without(row.owed, mailKey);
      changed.set(row.email, row);
      if (replaced) continue;
      row.mailing = [...row.mailing, mailKey];
      send.push({ row, kind, mailKey });
    }
    if (!plannedMail) continue;
    const mailKey = `${rev}${plannedMail.kind}`;
    const invitePending = send.some((p) => p.row === row && p.kind === 'invite');
    if (row.mailed.includes(mailKey) || row.mailing.includes(mailKey)) continue;
    if (plannedMail.kind === 'change' && invitePending) continue; // the invitation shows the change
    row.mailing = [...row.mailing, mailKey];
    send.push({ row, kind: plannedMail.kind, mailKey });
  }
  return { send, rows: [...changed.values()], doubts };
}

async function run(ctx: StepContext, memory: RunMemory): Promise<StepOutcome> {
  const { deps, req } = ctx;
  const b = req.booking;
  const invitations = deps.invitations;
  if (!invitations || !deps.crewLinks)
    throw new AdapterError(
      'CrewServiceError',
      'rejected',
      'the bridge has no crew invitations table (CREW_INVITATIONS_TABLE); deploy the stack with it, or set provider.crew = scc in Settings',
      { retryable: false },
    );
  const eventId = builtinEventId(b.id);
  const nowMs = deps.now();
  const endsAt = Math.floor(instantOf(endOf(b)) / 1000);
  const captainName =
    req.crew.find((m) => /captain|skipper/i.test(m.role))?.name ??
    b.captainName ??
    req.captain.name;
  const details = crewPageDetails(req, ctx.links.checklist, captainName);
  const next: InvitationEvent = {
    eventId,
    bookingId: b.id,
    revision: req.revision,
    cancelled: ctx.cancelled,
    details,
    detailsHash: sha256Hex(stableJson(details)),
    departureAt: Math.floor(instantOf(b.start) / 1000),
    endsAt,
    ttl: endsAt + KEEP_AFTER_END_S,
  };
  const { event, rows } = await invitations.load(eventId);
  const planned = plan(ctx, event, rows, next, new Date(nowMs).toISOString());
  const { send, rows: claimed, doubts } = toSend(ctx, rows, planned, memory);

  // 1. Claim every e-mail still to send. Until a send is tried this run knows it is unsent, even
  //    when the write's answer is lost. Every member's e-mail keys are kept in the event item
  //    (which no answer writes), written whole with the new rows in one batch; an existing
  //    member's row is written only when its details change, and then only the step's own
  //    attributes, so an answer recorded since the load is kept.
  for (const p of send) memory.claimedUnsent.add(memoryKey(p.row.email, p.mailKey));
  const loaded = new Map(rows.map((r) => [r.email, r]));
  const members = new Map(rows.map((r) => [r.email, r]));
  for (const row of [...claimed, ...send.map((p) => p.row)]) members.set(row.email, row);
  const ledger = () =>
    Object.fromEntries(
      [...members.values()].map((r) => [
        r.email,
        { mailing: [...r.mailing], mailed: [...r.mailed], owed: [...(r.owed ?? [])] },
      ]),
    );
  const whole: InvitationRow[] = [];
  const updates: MemberUpdate[] = [];
  for (const row of claimed) {
    const before = loaded.get(row.email);
    if (!before || before.status === 'removed') whole.push(row);
    else if (
      row.status !== before.status ||
      row.name !== before.name ||
      row.role !== before.role ||
      row.ttl !== before.ttl ||
      row.invitationId !== before.invitationId
    )
      updates.push({ row, removal: row.status === 'removed' });
  }
  await Promise.all([
    invitations.save([{ ...next, mail: ledger() }, ...whole]),
    updates.length ? invitations.update(updates) : undefined,
  ]);
  await ctx.setHead({ sccEventId: eventId, sccCancelled: ctx.cancelled });

  // 2. Send, then settle each claim: sent, owed (certainly not sent) or left in doubt.
  const { base, key, graceSeconds } = deps.crewLinks;
  const failures: string[] = [];
  let sent = 0;
  const settled = new Set<InvitationRow>();
  await Promise.all(
    send.map(async (p) => {
      const id = memoryKey(p.row.email, p.mailKey);
      const token = signToken(key, {
        eventId,
        email: p.row.email,
        invitationId: p.row.invitationId,
        expiresAt: endsAt + graceSeconds,
      });
      const mail = renderMail(p.kind, p.row, details, crewLink(base, token));
      memory.claimedUnsent.delete(id);
      try {
        await deps.mailer.send({ to: p.row.email, ...mail });
        memory.sent.add(id);
        p.row.mailed = [...p.row.mailed, p.mailKey];
        sent += 1;
      } catch (err) {
        failures.push(`${p.row.email}: ${errorMessage(err)}`);
        if (certainlyNotApplied(err)) {
          p.row.owed = [...(p.row.owed ?? []), p.mailKey];
          memory.claimedUnsent.add(id); // still unsent, even if this settlement is not saved
        }
      }
      // Sent, owed or in doubt: no longer in flight for this attempt (in doubt stays claimed).
      if (p.row.mailed.includes(p.mailKey) || p.row.owed?.includes(p.mailKey))
        p.row.mailing = without(p.row.mailing, p.mailKey);
      settled.add(p.row);
    }),
  );
  if (settled.size) {
    try {
      // Only the event item, with the e-mail keys: the invitation may already have been
      // answered, and the answer (in the member's row) stays.
      for (const row of settled) members.set(row.email, row);
      await invitations.save([{ ...next, mail: ledger() }]);
    } catch (err) {
      // Every e-mail went and SES said so: the step is done (its record says so). Only a run of
      // this revision that lost that record too would find the claims and report them uncertain.
      if (!failures.length)
        deps.log.warn('crew e-mails sent, their settlement not saved', {
          bookingId: b.id,
          error: err,
        });
      else throw err;
    }
  }
  if (failures.length)
    throw new AdapterError(
      'MailerError',
      'unavailable',
      `crew e-mail not sent (${failures.length} of ${send.length}); the next run sends it: ${failures[0]}`,
      { retryable: true, ambiguous: false },
    );
  const action = ctx.cancelled ? 'cancelled' : event ? 'updated' : 'created';
  return {
    status: 'done',
    ids: {
      handledBy: BUILTIN_LABEL,
      eventId,
      action,
      emailsSent: String(sent),
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
