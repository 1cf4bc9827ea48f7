/**
 * The built-in crew step's e-mails, each at most once (see builtin-crew.ts): claimed in the
 * bridge's table before SES is called, sent, then settled (sent, owed, or left in doubt).
 */
import { AdapterError, certainlyNotApplied, errorMessage } from '../errors';
import { renderMail } from '../crew-invitations/render';
import type {
  InvitationEvent,
  InvitationRow,
  InvitationStore,
  MailState,
  MemberUpdate,
} from '../crew-invitations/store';
import { signToken } from '../crew-invitations/token';
import { memoryKey, without, type PlannedMail, type RunMemory } from './builtin-crew-plan';
import type { StepContext, StepDeps } from './step';

/** Every member's row as this run last wrote it, by e-mail: what the event's mail ledger holds. */
export type Members = Map<string, InvitationRow>;

type CrewLinks = NonNullable<StepDeps['crewLinks']>;

/** Links to the member's page: `{base}/crew/{token}`. */
function crewLink(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/crew/${token}`;
}

/** The event item's record of every member's e-mail keys. */
function ledgerOf(members: Members): Record<string, MailState> {
  return Object.fromEntries(
    [...members.values()].map((r) => [
      r.email,
      { mailing: [...r.mailing], mailed: [...r.mailed], owed: [...(r.owed ?? [])] },
    ]),
  );
}

/** Whether a member row's own attributes (not its e-mail keys) differ from the loaded one. */
function detailsChanged(row: InvitationRow, before: InvitationRow): boolean {
  return (
    row.status !== before.status ||
    row.name !== before.name ||
    row.role !== before.role ||
    row.ttl !== before.ttl ||
    row.invitationId !== before.invitationId
  );
}

/**
 * Claims every e-mail still to send. Until a send is tried this run knows it is unsent, even when
 * the write's answer is lost. Every member's e-mail keys are kept in the event item (which no
 * answer writes), written whole with the new rows in one batch; an existing member's row is
 * written only when its details change, and then only the step's own attributes, so an answer
 * recorded since the load is kept. Answers the members as written.
 */
export async function claim(
  ctx: StepContext,
  store: InvitationStore,
  next: InvitationEvent,
  loadedRows: InvitationRow[],
  claimed: InvitationRow[],
  send: PlannedMail[],
  memory: RunMemory,
): Promise<Members> {
  for (const p of send) memory.claimedUnsent.add(memoryKey(p.row.email, p.mailKey));
  const loaded = new Map(loadedRows.map((r) => [r.email, r]));
  const members: Members = new Map(loaded);
  for (const row of [...claimed, ...send.map((p) => p.row)]) members.set(row.email, row);
  const whole: InvitationRow[] = [];
  const updates: MemberUpdate[] = [];
  for (const row of claimed) {
    const before = loaded.get(row.email);
    if (!before || before.status === 'removed') whole.push(row);
    else if (detailsChanged(row, before)) updates.push({ row, removal: row.status === 'removed' });
  }
  await Promise.all([
    store.save([{ ...next, mail: ledgerOf(members) }, ...whole]),
    updates.length ? store.update(updates) : undefined,
  ]);
  await ctx.setHead({ sccEventId: next.eventId, sccCancelled: ctx.cancelled });
  return members;
}

export interface Sends {
  sent: number;
  /** `{email}: {why}` of each send that failed. */
  failures: string[];
  /** The rows whose claims this attempt settled in memory, to save. */
  settled: Set<InvitationRow>;
}

/** Sends the claimed e-mails, each settled in its row: sent, owed (certainly not sent) or in doubt. */
export async function sendClaimed(
  ctx: StepContext,
  links: CrewLinks,
  next: InvitationEvent,
  send: PlannedMail[],
  memory: RunMemory,
): Promise<Sends> {
  const { base, key, graceSeconds } = links;
  const failures: string[] = [];
  let sent = 0;
  const settled = new Set<InvitationRow>();
  await Promise.all(
    send.map(async (p) => {
      const id = memoryKey(p.row.email, p.mailKey);
      const token = signToken(key, {
        eventId: next.eventId,
        email: p.row.email,
        invitationId: p.row.invitationId,
        expiresAt: next.endsAt + graceSeconds,
      });
      const mail = renderMail(p.kind, p.row, next.details, crewLink(base, token));
      memory.claimedUnsent.delete(id);
      try {
        await ctx.deps.mailer.send({ to: p.row.email, ...mail });
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
  return { sent, failures, settled };
}

/**
 * Saves the settled claims (one write of the event item), then fails the step if a send failed,
 * so that the next run sends just those.
 */
export async function settle(
  ctx: StepContext,
  store: InvitationStore,
  next: InvitationEvent,
  members: Members,
  { failures, settled }: Sends,
  attempted: number,
): Promise<void> {
  if (settled.size) {
    try {
      // Only the event item, with the e-mail keys: the invitation may already have been
      // answered, and the answer (in the member's row) stays.
      for (const row of settled) members.set(row.email, row);
      await store.save([{ ...next, mail: ledgerOf(members) }]);
    } catch (err) {
      // Every e-mail went and SES said so: the step is done (its record says so). Only a run of
      // this revision that lost that record too would find the claims and report them uncertain.
      if (!failures.length)
        ctx.deps.log.warn('crew e-mails sent, their settlement not saved', {
          bookingId: next.bookingId,
          error: err,
        });
      else throw err;
    }
  }
  if (failures.length)
    throw new AdapterError(
      'MailerError',
      'unavailable',
      `crew e-mail not sent (${failures.length} of ${attempted}); the next run sends it: ${failures[0]}`,
      { retryable: true, ambiguous: false },
    );
}
