/**
 * The crew loop on the sheet's side: once per run (scheduled trigger, "Process inbox now",
 * "Retry failed steps"), ONE signed request asks the bridge for the crew answers of every booking
 * that is neither cancelled nor past, and the answers are written to the in-memory tabs (the run
 * writes each tab once, whatever the number of bookings):
 *   - Bookings and Kanban "Crew status": "all 3 confirmed", "declined: Lee (deckhand)", ...;
 *   - Kanban "Crew answers": each member's answer and since when (the card's chip and details);
 *   - Bookings "Crew notices": the captain's notices the bridge sent (each once per booking,
 *     revision and member), "Crew checked": when the answers were read;
 *   - the one automatic move: a card in the first lane ("New Bookings") goes to "Crew Confirmed"
 *     when everyone invited has confirmed (logged as automatic).
 * When the answers cannot be read, the rows keep their last known answers marked with their age,
 * no notice is sent, and the run goes on.
 */
import { instantOf, type Booking } from '../../shared/booking';
import type { CrewMember } from '../../shared/bridge-contract';
import {
  CREW_STATUS_PATH,
  CrewStatusResponseSchema,
  type CrewStatusBooking,
  type CrewStatusRequest,
  type CrewStatusResponse,
  type CrewStatusResult,
} from '../../shared/crew-status-contract';
import {
  crewStatusOf,
  crewStatusText,
  memberLabel,
  staleSuffix,
  type MemberAnswer,
} from '../../shared/crew-status';
import { crewPlanFor } from '../../shared/finance';
import {
  CANCELLED_LANE,
  CREW_CONFIRMED_LANE,
  crewAnswersCell,
  crewFromCells,
} from '../../shared/kanban';
import { buildSignedPost, SECRET_PROPERTY } from '../bridge/client';
import { log, type RunState } from './pipeline';
import { pickCrew } from './settings';
import { stepStateOf, storedBooking } from './records';

export interface CrewSyncOutcome {
  status: 'synced' | 'unreadable' | 'skipped';
  bookings: number;
  notices: number;
  moved: number;
  message: string;
}

interface SyncRow {
  index: number;
  booking: Booking;
  crew: CrewMember[];
}

/** The crew the booking invites now (the same pick the bridge request uses). */
export function invitedCrew(state: RunState, booking: Booking): CrewMember[] {
  return pickCrew(crewPlanFor(booking, state.settings.finance), state.crew).members;
}

/** Bookings whose answers are read: not cancelled, crew event created, not past. */
export function crewRows(state: RunState): SyncRow[] {
  const { bookings, settings } = state;
  const now = state.services.clock.now();
  const keepMs = settings.crewAnswers.keepReadingDays * 86_400_000;
  const rows: SyncRow[] = [];
  for (const index of bookings.indexes()) {
    if (bookings.text(index, 'Status') === CANCELLED_LANE) continue;
    // "done", or "done (built-in invitations)" when the bridge invited the crew itself, or
    // "uncertain (not re-sent)" when some of those e-mails may have gone: the event exists.
    const crewEvent = stepStateOf(bookings.text(index, 'Crew event'));
    if (crewEvent !== 'done' && crewEvent !== 'doubt') continue;
    const booking = storedBooking(bookings, index);
    if (!booking) continue;
    const endMs = instantOf(booking.start) + booking.durationMinutes * 60_000;
    if (endMs + keepMs <= now) continue;
    rows.push({ index, booking, crew: invitedCrew(state, booking) });
  }
  return rows;
}

/** The "Crew notices" cell: one line per notice, "key @ sentAt (about)". */
export function noticeKeys(cell: string): string[] {
  return cell
    .split(/\r?\n/)
    .map((line) => line.split(' @ ')[0]?.trim() ?? '')
    .filter(Boolean);
}

function syncRequest(state: RunState, rows: SyncRow[]): CrewStatusRequest {
  const { bookings, kanban, settings, services } = state;
  return {
    bookings: rows.map(({ index, booking, crew }): CrewStatusBooking => {
      const card = kanban.find('Booking ID', booking.id);
      return {
        bookingId: booking.id,
        revision: Math.max(1, Number(bookings.get(index, 'Revision')) || 1),
        start: booking.start,
        timeZone: booking.timeZone,
        title: card >= 0 ? kanban.text(card, 'Title').slice(0, 200) : '',
        guestName: booking.guestName.slice(0, 200),
        crew,
        noticesSent: noticeKeys(bookings.text(index, 'Crew notices')),
      };
    }),
    captain: {
      email: settings.captainEmail || services.mailbox.ownEmail(),
      name: settings.captainName,
    },
    noAnswerHours: settings.crewAnswers.noAnswerHours,
    requestedAt: services.clock.localIso(services.clock.now()),
  };
}

/** Sends the one request; a string says why the answers could not be had this time. */
function ask(state: RunState, request: CrewStatusRequest): CrewStatusResponse | string {
  const { services, settings } = state;
  const secret = services.properties.get(SECRET_PROPERTY);
  if (!settings.bridgeUrl) return 'no bridge URL in Settings';
  if (!secret) return `the Script Property ${SECRET_PROPERTY} is not set`;
  // The bridge already failed this run: one request per run during an outage, not two.
  if (state.bridgeDown) return `not asked: ${state.bridgeDown}`;
  const signed = buildSignedPost({
    endpoint: CREW_STATUS_PATH,
    body: request,
    baseUrl: settings.bridgeUrl,
    secret,
    crypto: services.crypto,
    nowMs: services.clock.now(),
  });
  const [result] = services.http.fetchAll([signed]);
  if (!result || result.kind === 'network-error')
    return `bridge unreachable${result ? ` (${result.message})` : ''}`;
  if (result.status !== 200)
    return `bridge answered ${result.status}: ${result.body.slice(0, 300)}`;
  try {
    const parsed = CrewStatusResponseSchema.safeParse(JSON.parse(result.body));
    if (parsed.success) return parsed.data;
  } catch {
    // falls through
  }
  return 'bridge answered 200 with an unexpected body';
}

export function syncCrew(state: RunState): CrewSyncOutcome {
  const rows = crewRows(state);
  if (rows.length === 0)
    return { status: 'skipped', bookings: 0, notices: 0, moved: 0, message: 'no upcoming crew' };
  const answer = ask(state, syncRequest(state, rows));
  if (typeof answer === 'string' || !answer.answersReadable) {
    const why = typeof answer === 'string' ? answer : (answer.problem ?? 'answers unreadable');
    for (const row of rows) markStale(state, row.index);
    log(state, '', 'crew status', 'not read', `${why}; the rows keep the last known answers`);
    return { status: 'unreadable', bookings: rows.length, notices: 0, moved: 0, message: why };
  }
  const readAt = state.services.clock.localIso(Date.parse(answer.readAt));
  let notices = 0;
  let moved = 0;
  for (const result of answer.bookings) {
    const row = rows.find((r) => r.booking.id === result.bookingId);
    if (!row) continue;
    const applied = applyResult(state, row.index, result, answer.readAt, readAt);
    notices += applied.notices;
    moved += applied.moved ? 1 : 0;
  }
  return {
    status: 'synced',
    bookings: rows.length,
    notices,
    moved,
    message: `crew answers of ${rows.length} booking(s) read`,
  };
}

/** Keeps the last known answers and says how old they are. */
function markStale(state: RunState, index: number): void {
  const { bookings, kanban } = state;
  const id = bookings.text(index, 'Booking ID');
  const card = kanban.find('Booking ID', id);
  const crew = card >= 0 ? crewFromCells('', kanban.text(card, 'Crew answers')) : null;
  const checked = crew?.crewCheckedAt ? Date.parse(crew.crewCheckedAt) : NaN;
  const base = crew?.crew.length ? crewStatusText(crew.crew) : 'not read yet';
  const text = `${base}${Number.isNaN(checked) ? '' : staleSuffix(checked, state.services.clock.now())}`;
  bookings.set(index, 'Crew status', text);
  if (card >= 0) kanban.set(card, 'Crew status', text);
}

function answerChanges(before: MemberAnswer[], after: MemberAnswer[]): string[] {
  return after.flatMap((m) => {
    const old = before.find((b) => b.email.toLowerCase() === m.email.toLowerCase());
    if (m.answer === 'waiting' || old?.answer === m.answer) return [];
    return [`${memberLabel(m, after)} ${m.answer}`];
  });
}

function applyResult(
  state: RunState,
  index: number,
  result: CrewStatusResult,
  readAtIso: string,
  readAtLocal: string,
): { notices: number; moved: boolean } {
  const { bookings, kanban, settings } = state;
  const id = result.bookingId;
  const text = crewStatusText(result.members);
  bookings.set(index, 'Crew status', text);
  bookings.set(index, 'Crew checked', readAtLocal);

  const known = bookings.text(index, 'Crew notices');
  const keys = new Set(noticeKeys(known));
  const added = result.notices.filter((n) => !keys.has(n.key));
  if (added.length) {
    const lines = added.map(
      (n) => `${n.key} @ ${n.sentAt}${n.about.length ? ` (${n.about.join(', ')})` : ''}`,
    );
    bookings.set(index, 'Crew notices', [known, ...lines].filter(Boolean).join('\n'));
    for (const n of added)
      log(
        state,
        id,
        'crew notice',
        'sent',
        `${n.kind}${n.about.length ? `: ${n.about.join(', ')}` : ''}`,
      );
  }
  for (const problem of result.noticeErrors) log(state, id, 'crew notice', 'failed', problem);

  const card = kanban.find('Booking ID', id);
  if (card < 0) return { notices: added.length, moved: false };
  const before = crewFromCells('', kanban.text(card, 'Crew answers')).crew;
  for (const change of answerChanges(before, result.members))
    log(state, id, 'crew answer', 'read', change);
  kanban.set(card, 'Crew status', text);
  kanban.set(
    card,
    'Crew answers',
    crewAnswersCell({ crew: result.members, crewCheckedAt: readAtIso }),
  );

  const lane = kanban.text(card, 'Lane');
  const allConfirmed = crewStatusOf(result.members) === 'confirmed';
  const canMove = lane === settings.lanes[0] && settings.lanes.includes(CREW_CONFIRMED_LANE);
  if (!allConfirmed || !canMove || lane === CREW_CONFIRMED_LANE)
    return { notices: added.length, moved: false };
  kanban.set(card, 'Lane', CREW_CONFIRMED_LANE);
  kanban.set(card, 'Version', (Number(kanban.get(card, 'Version')) || 0) + 1);
  kanban.set(card, 'Updated at', readAtLocal);
  bookings.set(index, 'Status', CREW_CONFIRMED_LANE);
  log(state, id, 'move', 'automatic', `${lane} -> ${CREW_CONFIRMED_LANE}: ${text}`);
  return { notices: added.length, moved: true };
}
