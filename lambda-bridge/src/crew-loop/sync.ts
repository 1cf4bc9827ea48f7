/**
 * One crew status sync (POST /v1/crew-status): read the answers of every booking asked about
 * (one batched read of the heads for the SCC event ids, one batched read of the answers table),
 * send the captain the notices that are due, answer per booking.
 *
 * Each notice is claimed in the state table before it is sent (a conditional put), so repeated or
 * overlapping runs never send it twice; a send that fails gives the claim back so a later run
 * tries again. When the answers cannot be read, nothing is sent and the answer says so.
 */
import { instantOf } from '../../../shared/booking';
import type {
  CrewStatusBooking,
  CrewStatusRequest,
  CrewStatusResponse,
  CrewStatusResult,
  SentNotice,
} from '../../../shared/crew-status-contract';
import { noticesDue, type MemberAnswer } from '../../../shared/crew-status';
import type { Mailer } from '../adapters/mailer';
import type { BookingHead } from '../adapters/state-store';
import { safeReason } from '../errors';
import type { Logger } from '../log';
import type { CrewAnswerRow, CrewAnswersSource } from './answers-source';
import type { CrewLoopStore } from './crew-loop-store';
import { renderNotice } from './notice-email';

export interface CrewSyncDeps {
  crewLoop: CrewLoopStore;
  crewAnswers: CrewAnswersSource;
  mailer: Mailer;
  now: () => number;
  runId: () => string;
  log: Logger;
}

/** A member's answer from their row; no row means not invited (yet): waiting, since unknown. */
export function memberAnswer(
  member: { name: string; role: string; email: string },
  row: CrewAnswerRow | undefined,
): MemberAnswer {
  const base = { name: member.name, role: member.role, email: member.email };
  if (row && (row.status === 'confirmed' || row.status === 'declined'))
    return { ...base, answer: row.status, since: row.respondedAt };
  return { ...base, answer: 'waiting', since: row?.invitedAt ?? null };
}

const eventOf = (head: BookingHead | undefined): string | null =>
  head?.sccEventId && !head.sccCancelled ? head.sccEventId : null;

export async function runCrewSync(
  request: CrewStatusRequest,
  deps: CrewSyncDeps,
): Promise<CrewStatusResponse> {
  const readAt = new Date(deps.now()).toISOString();
  let heads: Map<string, BookingHead>;
  let rows: Map<string, Map<string, CrewAnswerRow>>;
  try {
    heads = await deps.crewLoop.heads(request.bookings.map((b) => b.bookingId));
    const refs = request.bookings.flatMap((b) => {
      const eventId = eventOf(heads.get(b.bookingId));
      return eventId ? [{ eventId, emails: b.crew.map((m) => m.email) }] : [];
    });
    rows = await deps.crewAnswers.read(refs);
  } catch (err) {
    const problem = `crew answers could not be read: ${safeReason(err)}`;
    deps.log.warn('crew sync: answers unreadable', { error: err });
    return { ok: false, answersReadable: false, readAt, problem, bookings: [] };
  }

  const owner = deps.runId();
  const results = await Promise.all(
    request.bookings.map((booking) =>
      syncBooking(booking, eventOf(heads.get(booking.bookingId)), rows, request, deps, owner),
    ),
  );
  const ok = results.every((r) => r.noticeErrors.length === 0);
  deps.log.info('crew sync', {
    bookings: results.length,
    notices: results.reduce((n, r) => n + r.notices.length, 0),
    ok,
  });
  return { ok, answersReadable: true, readAt, bookings: results };
}

async function syncBooking(
  booking: CrewStatusBooking,
  eventId: string | null,
  rows: Map<string, Map<string, CrewAnswerRow>>,
  request: CrewStatusRequest,
  deps: CrewSyncDeps,
  owner: string,
): Promise<CrewStatusResult> {
  const byEmail = eventId ? rows.get(eventId) : undefined;
  const members = booking.crew.map((m) => memberAnswer(m, byEmail?.get(m.email.toLowerCase())));
  const result: CrewStatusResult = {
    bookingId: booking.bookingId,
    eventId,
    members,
    notices: [],
    noticeErrors: [],
  };
  // Without an event nobody was invited: nothing to tell the captain about yet.
  if (!eventId) return result;
  const nowMs = deps.now();
  const due = noticesDue({
    revision: booking.revision,
    departureMs: instantOf(booking.start),
    members,
    nowMs,
    noAnswerHours: request.noAnswerHours,
    sent: new Set(booking.noticesSent),
  });
  for (const notice of due) {
    const about = notice.members.map((m) => `${m.name} (${m.role})`);
    const sentAt = new Date(nowMs).toISOString();
    try {
      const claim = await deps.crewLoop.claimNotice(
        booking.bookingId,
        notice.key,
        owner,
        sentAt,
        about,
      );
      const sent: SentNotice = { key: notice.key, kind: notice.kind, sentAt, about };
      if (claim.kind === 'taken') {
        result.notices.push({ ...sent, sentAt: claim.sentAt ?? sentAt });
        continue;
      }
      try {
        const mail = renderNotice({
          booking,
          notice,
          members,
          noAnswerHours: request.noAnswerHours,
          nowMs,
        });
        await deps.mailer.send({ to: request.captain.email, ...mail });
      } catch (err) {
        await deps.crewLoop.releaseNotice(booking.bookingId, notice.key, owner);
        throw err;
      }
      result.notices.push(sent);
    } catch (err) {
      deps.log.warn('crew notice not sent', {
        bookingId: booking.bookingId,
        key: notice.key,
        error: err,
      });
      result.noticeErrors.push(`${notice.key}: ${safeReason(err)}`);
    }
  }
  return result;
}
