/**
 * The built-in crew step's plan (see builtin-crew.ts): which e-mail each member gets for this
 * revision, and of those and of what earlier attempts left behind, which to send now.
 */
import type { MailKind } from '../crew-invitations/render';
import type { InvitationEvent, InvitationRow } from '../crew-invitations/store';
import { newInvitationId } from '../crew-invitations/token';
import type { StepContext } from './step';

export interface Planned {
  row: InvitationRow;
  kind: MailKind;
}

/** A planned e-mail under its key (`r{revision}:{kind}`): what is claimed, sent and settled. */
export interface PlannedMail extends Planned {
  mailKey: string;
}

export function plan(
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
export interface RunMemory {
  claimedUnsent: Set<string>;
  sent: Set<string>;
}

export const memoryKey = (email: string, mailKey: string) => `${email}|${mailKey}`;
const kindOfKey = (mailKey: string) => mailKey.slice(mailKey.indexOf(':') + 1) as MailKind;
export const without = (list: string[] | undefined, key: string) =>
  (list ?? []).filter((k) => k !== key);

/**
 * The e-mails to send now: the ones this revision's changes call for, plus those an earlier
 * attempt owes (its send certainly failed) or claimed in this run without sending. An e-mail an
 * attempt may have sent (claimed, never confirmed) is a doubt: counted, never sent again.
 */
export function toSend(
  ctx: StepContext,
  rows: InvitationRow[],
  planned: Planned[],
  memory: RunMemory,
): { send: PlannedMail[]; rows: InvitationRow[]; doubts: number } {
  const rev = `r${ctx.req.revision}:`;
  const plannedBy = new Map(planned.map((p) => [p.row.email, p]));
  const out: Outbox = { send: [], changed: new Map(), doubts: 0 };
  const known = new Set(rows.map((r) => r.email));
  const newcomers = planned.filter((p) => !known.has(p.row.email)).map((p) => p.row);
  for (const loaded of [...rows, ...newcomers]) {
    const plannedMail = plannedBy.get(loaded.email);
    const row = plannedMail ? plannedMail.row : { ...loaded };
    if (plannedMail) out.changed.set(row.email, row);
    settleInFlight(row, memory, rev, out);
    queueOwed(row, plannedMail, out);
    if (plannedMail) queuePlanned(row, plannedMail, rev, out);
  }
  return { send: out.send, rows: [...out.changed.values()], doubts: out.doubts };
}

/** What toSend gathers: the e-mails to send, the member rows it changed, the doubts. */
interface Outbox {
  send: PlannedMail[];
  changed: Map<string, InvitationRow>;
  doubts: number;
}

/** Claims left in flight: settled from what this run saw, resent if this run never sent them. */
function settleInFlight(row: InvitationRow, memory: RunMemory, rev: string, out: Outbox): void {
  for (const mailKey of row.mailing) {
    const id = memoryKey(row.email, mailKey);
    if (memory.sent.has(id)) {
      row.mailing = without(row.mailing, mailKey);
      row.mailed = [...row.mailed, mailKey];
      out.changed.set(row.email, row);
    } else if (memory.claimedUnsent.has(id)) {
      out.send.push({ row, kind: kindOfKey(mailKey), mailKey });
    } else if (mailKey.startsWith(rev)) out.doubts += 1;
  }
}

/**
 * Owed e-mails, unless a newer one for this member replaces them (a new invitation, a removal, a
 * cancellation; a change is replaced by a newer change, an invitation is not).
 */
function queueOwed(row: InvitationRow, plannedMail: Planned | undefined, out: Outbox): void {
  for (const mailKey of row.owed ?? []) {
    const kind = kindOfKey(mailKey);
    const replaced =
      row.status === 'removed'
        ? kind !== 'removal' || plannedMail?.kind === 'invite'
        : plannedMail !== undefined &&
          (plannedMail.kind !== 'change' || kind === 'change' || kind === 'cancel');
    row.owed = without(row.owed, mailKey);
    out.changed.set(row.email, row);
    if (replaced) continue;
    row.mailing = [...row.mailing, mailKey];
    out.send.push({ row, kind, mailKey });
  }
}

/** This revision's own e-mail for the member, unless claimed or sent already. */
function queuePlanned(row: InvitationRow, plannedMail: Planned, rev: string, out: Outbox): void {
  const mailKey = `${rev}${plannedMail.kind}`;
  const invitePending = out.send.some((p) => p.row === row && p.kind === 'invite');
  if (row.mailed.includes(mailKey) || row.mailing.includes(mailKey)) return;
  if (plannedMail.kind === 'change' && invitePending) return; // the invitation shows the change
  row.mailing = [...row.mailing, mailKey];
  out.send.push({ row, kind: plannedMail.kind, mailKey });
}
