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
 * Each e-mail at most once per member, revision and kind: the key is claimed in the member's row
 * (one BatchWriteItem for all rows) before SES is called and settled after; a claim left behind
 * by a run that died is never sent again (reported as uncertain). A send that certainly failed
 * releases its claim, and the step fails so the next run sends just that one.
 */
import { instantOf } from '../../../shared/booking';
import { endOf } from '../../../shared/crew-facing';
import { PROVIDER_LABELS } from '../../../shared/providers';
import { sha256Hex } from '../crypto';
import { AdapterError } from '../errors';
import { crewPageDetails, renderMail, type MailKind } from '../crew-invitations/render';
import type { InvitationEvent, InvitationRow } from '../crew-invitations/store';
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

async function run(ctx: StepContext): Promise<StepOutcome> {
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

  // 1. Claim every e-mail still to send (and write the event and the rows) in one batch.
  const send: Planned[] = [];
  let doubts = 0;
  for (const p of planned) {
    const key = `r${req.revision}:${p.kind}`;
    if (p.row.mailed.includes(key)) continue;
    if (p.row.mailing.includes(key)) {
      doubts += 1;
      continue;
    }
    p.row.mailing = [...p.row.mailing, key];
    send.push(p);
  }
  await invitations.save([next, ...planned.map((p) => p.row)]);
  await ctx.setHead({ sccEventId: eventId, sccCancelled: ctx.cancelled });

  // 2. Send, then settle each claim.
  const { base, key, graceSeconds } = deps.crewLinks;
  const failures: string[] = [];
  let sent = 0;
  const settled: InvitationRow[] = [];
  await Promise.all(
    send.map(async (p) => {
      const mailKey = `r${req.revision}:${p.kind}`;
      const token = signToken(key, {
        eventId,
        email: p.row.email,
        invitationId: p.row.invitationId,
        expiresAt: endsAt + graceSeconds,
      });
      const mail = renderMail(p.kind, p.row, details, crewLink(base, token));
      try {
        await deps.mailer.send({ to: p.row.email, ...mail });
        p.row.mailed = [...p.row.mailed, mailKey];
        p.row.mailing = p.row.mailing.filter((k) => k !== mailKey);
        sent += 1;
      } catch (err) {
        failures.push(`${p.row.email}: ${err instanceof Error ? err.message : String(err)}`);
        if (err instanceof AdapterError && !err.ambiguous)
          p.row.mailing = p.row.mailing.filter((k) => k !== mailKey);
      }
      settled.push(p.row);
    }),
  );
  if (settled.length) await invitations.save(settled);
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

export const builtinCrewStep = (ctx: StepContext): Promise<StepOutcome> =>
  ctx.attempt(() => run(ctx));

export const usesBuiltinCrew = (ctx: StepContext): boolean => ctx.req.providers?.crew === 'builtin';
