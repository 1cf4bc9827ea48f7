/**
 * The crew loop's domain rules, one definition for the bridge, the sheet and the board:
 * each invited member's answer (confirmed / declined / waiting, and since when), the status a
 * person reads at a glance ("all 3 confirmed", "2 of 3 confirmed", "declined: Lee (deckhand)",
 * "no answers yet"), the card's colour, and when the captain is owed a notice.
 */
import * as z from './schema';

export const CREW_ANSWERS = ['confirmed', 'declined', 'waiting'] as const;
export type CrewAnswerKind = (typeof CREW_ANSWERS)[number];

export const MemberAnswerSchema = z.object({
  name: z.string(),
  role: z.string(),
  email: z.string(),
  answer: z.enum(CREW_ANSWERS),
  /** When the answer was given (confirmed/declined) or the invitation sent (waiting); null: not invited yet. */
  since: z.nullable(z.string()),
});
export type MemberAnswer = z.infer<typeof MemberAnswerSchema>;

/** The card colour: unknown (never read), pending, confirmed (everyone), declined (anyone). */
export const CREW_STATUSES = ['unknown', 'pending', 'confirmed', 'declined'] as const;
export type CrewStatus = (typeof CREW_STATUSES)[number];

export function crewStatusOf(members: readonly MemberAnswer[] | null): CrewStatus {
  if (!members || members.length === 0) return 'unknown';
  if (members.some((m) => m.answer === 'declined')) return 'declined';
  if (members.every((m) => m.answer === 'confirmed')) return 'confirmed';
  return 'pending';
}

/** "Lee" (or the full name when two members of this crew share a first name). */
function shortName(member: MemberAnswer, all: readonly MemberAnswer[]): string {
  const first = (m: MemberAnswer) => m.name.trim().split(/\s+/)[0] ?? m.name;
  const clash = all.filter((m) => first(m) === first(member)).length > 1;
  return clash ? member.name.trim() : first(member);
}

export function memberLabel(member: MemberAnswer, all: readonly MemberAnswer[]): string {
  return `${shortName(member, all)} (${member.role})`;
}

/** The glanceable status of a crew, as the Bookings and Kanban rows show it. */
export function crewStatusText(members: readonly MemberAnswer[] | null): string {
  if (!members) return 'not read yet';
  if (members.length === 0) return 'no crew invited';
  const declined = members.filter((m) => m.answer === 'declined');
  if (declined.length)
    return `declined: ${declined.map((m) => memberLabel(m, members)).join(', ')}`;
  const confirmed = members.filter((m) => m.answer === 'confirmed').length;
  if (confirmed === members.length) return `all ${members.length} confirmed`;
  if (confirmed === 0) return 'no answers yet';
  return `${confirmed} of ${members.length} confirmed`;
}

/** " (as of 3 h ago)": how old the last answers are when this run could not read new ones. */
export function staleSuffix(checkedAtMs: number | null, nowMs: number): string {
  if (checkedAtMs === null) return '';
  const minutes = Math.max(0, Math.round((nowMs - checkedAtMs) / 60_000));
  const age =
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} h`
        : `${Math.round(minutes / 1440)} days`;
  return ` (as of ${age} ago)`;
}

// ---------------------------------------------------------------------------------------------
// Notices to the captain

export const NOTICE_KINDS = ['all-confirmed', 'declined', 'no-answer'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const DEFAULT_NO_ANSWER_HOURS = 48;

/** One notice is owed once per booking, revision and member ("all" for all-confirmed). */
export function noticeKey(kind: NoticeKind, revision: number, email: string | null): string {
  return `${kind}:r${revision}:${email ? email.toLowerCase() : 'all'}`;
}

export interface NoAnswerDeadline {
  /** When the notice is due (epoch ms). */
  dueMs: number;
  /** Hours the member had to answer; shorter than the setting for late invitations. */
  graceHours: number;
  /** True when the invitation came later than `noAnswerHours` before departure. */
  late: boolean;
}

/**
 * When a member who has not answered triggers a notice: `noAnswerHours` before departure; a
 * member invited later than that gets half of the time that was left at invitation instead
 * (invited 30 h before departure: noticed after 15 h without an answer).
 */
export function noAnswerDeadline(
  departureMs: number,
  invitedAtMs: number | null,
  noAnswerHours: number,
): NoAnswerDeadline {
  const normal = departureMs - noAnswerHours * 3_600_000;
  if (invitedAtMs === null || invitedAtMs <= normal)
    return {
      dueMs: normal,
      graceHours: invitedAtMs === null ? noAnswerHours : (normal - invitedAtMs) / 3_600_000,
      late: false,
    };
  const half = Math.max(0, departureMs - invitedAtMs) / 2;
  return {
    dueMs: invitedAtMs + half,
    graceHours: Math.round((half / 3_600_000) * 10) / 10,
    late: true,
  };
}

export interface DueNotice {
  kind: NoticeKind;
  key: string;
  /** The members it is about (none for all-confirmed). */
  members: MemberAnswer[];
  /** For no-answer notices: each member's deadline, to say how long they had. */
  deadlines?: Record<string, NoAnswerDeadline>;
}

/**
 * The notices owed now for one booking, minus those already sent (`sent` holds their keys).
 * All confirmed: once everyone invited confirmed. Declined: at once, per member. No answer: per
 * waiting member whose deadline passed, until departure (after it, a notice helps nobody).
 */
export function noticesDue(args: {
  revision: number;
  departureMs: number;
  members: readonly MemberAnswer[];
  nowMs: number;
  noAnswerHours: number;
  sent: ReadonlySet<string>;
}): DueNotice[] {
  const { revision, members, sent } = args;
  const out: DueNotice[] = [];
  if (members.length === 0) return out;
  if (members.every((m) => m.answer === 'confirmed')) {
    const key = noticeKey('all-confirmed', revision, null);
    if (!sent.has(key)) out.push({ kind: 'all-confirmed', key, members: [] });
  }
  for (const m of members) {
    if (m.answer !== 'declined') continue;
    const key = noticeKey('declined', revision, m.email);
    if (!sent.has(key)) out.push({ kind: 'declined', key, members: [m] });
  }
  if (args.nowMs < args.departureMs) {
    for (const m of members) {
      if (m.answer !== 'waiting' || m.since === null) continue;
      const deadline = noAnswerDeadline(args.departureMs, Date.parse(m.since), args.noAnswerHours);
      if (args.nowMs < deadline.dueMs) continue;
      const key = noticeKey('no-answer', revision, m.email);
      if (!sent.has(key))
        out.push({ kind: 'no-answer', key, members: [m], deadlines: { [m.email]: deadline } });
    }
  }
  return out;
}
