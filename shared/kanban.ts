/**
 * The kanban card model. The board's backing sheet stores exactly these fields, one row per
 * booking; `version` increases with every write so two open tabs cannot silently overwrite
 * each other's moves.
 */
import type { Booking, BookingSource } from './booking';
import { formatDuration, localStartParts } from './booking';
import {
  crewStatusOf,
  crewStatusText,
  MemberAnswerSchema,
  type CrewStatus,
  type MemberAnswer,
} from './crew-status';
import type { Finance } from './finance';
import { charterEnd, MONTH_ABBREVIATIONS } from './time';

import { CANCELLED_LANE, NEW_LANE } from './lanes';

export { CANCELLED_LANE, CREW_CONFIRMED_LANE, DEFAULT_LANES, NEW_LANE } from './lanes';
export { CREW_STATUSES, type CrewStatus, type MemberAnswer } from './crew-status';

export interface KanbanCard {
  bookingId: string;
  lane: string;
  title: string;
  startIso: string;
  guestFirstName: string;
  partySize: number | null;
  grossCents: number;
  crewCostCents: number;
  portFeeCents: number;
  netCents: number;
  /** The card's colour, from the members' answers. */
  crewStatus: CrewStatus;
  /** What a person reads at a glance: "all 3 confirmed", "declined: Lee (deckhand)". */
  crewSummary: string;
  /** Each invited member's answer and since when (empty until the first sync). */
  crew: MemberAnswer[];
  /** When the answers were last read (ISO instant); '' when never. */
  crewCheckedAt: string;
  /** Other active bookings of the same boat this one clashes with (empty: none). */
  clashWith: string[];
  guestPageUrl: string;
  version: number;
  updatedAt: string;
}

/** The crew part of a card, as the Kanban row keeps it. */
export type CardCrew = Pick<KanbanCard, 'crewStatus' | 'crewSummary' | 'crew' | 'crewCheckedAt'>;

export const NO_CREW: CardCrew = {
  crewStatus: 'unknown',
  crewSummary: 'not read yet',
  crew: [],
  crewCheckedAt: '',
};

/** The "Crew answers" cell: JSON of when the answers were read and each member's answer. */
export function crewAnswersCell(crew: Pick<CardCrew, 'crew' | 'crewCheckedAt'>): string {
  return crew.crewCheckedAt || crew.crew.length
    ? JSON.stringify({ checkedAt: crew.crewCheckedAt, members: crew.crew })
    : '';
}

/** The crew part of a card from its "Crew status" and "Crew answers" cells (unreadable: unknown). */
export function crewFromCells(statusText: string, answersJson: string): CardCrew {
  let parsed: unknown = null;
  try {
    parsed = answersJson ? JSON.parse(answersJson) : null;
  } catch {
    parsed = null;
  }
  const p = parsed as { checkedAt?: unknown; members?: unknown } | null;
  const members = Array.isArray(p?.members)
    ? p.members.flatMap((m) => {
        const r = MemberAnswerSchema.safeParse(m);
        return r.success ? [r.data] : [];
      })
    : null;
  if (!members) return { ...NO_CREW, crewSummary: statusText || NO_CREW.crewSummary };
  return {
    crewStatus: crewStatusOf(members),
    crewSummary: statusText || crewStatusText(members),
    crew: members,
    crewCheckedAt: typeof p?.checkedAt === 'string' ? p.checkedAt : '',
  };
}

const SOURCE_LABEL: Record<BookingSource, string> = { boatsetter: 'Boatsetter', manual: 'Direct' };

/**
 * "Boatsetter — May 30 (3h)": source, local charter date, length. A trip of 12 hours or more that
 * ends on a later date shows both dates: "Boatsetter — Nov 1–2 (17h)", "Direct — Jun 30–Jul 2 (54h)"
 * (a short evening trip back after midnight keeps its one date).
 */
export function cardTitle(
  booking: Pick<Booking, 'source' | 'start' | 'durationMinutes' | 'timeZone'>,
): string {
  const start = localStartParts(booking.start);
  let dates = `${MONTH_ABBREVIATIONS[start.month - 1]} ${start.day}`;
  if (booking.durationMinutes >= 12 * 60) {
    const end = localStartParts(charterEnd(booking));
    if (end.month !== start.month || end.year !== start.year)
      dates += `\u2013${MONTH_ABBREVIATIONS[end.month - 1]} ${end.day}`;
    else if (end.day !== start.day) dates += `\u2013${end.day}`;
  }
  return `${SOURCE_LABEL[booking.source]} \u2014 ${dates} (${formatDuration(booking.durationMinutes)})`;
}

export function firstName(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] ?? '';
}

/**
 * The card for a booking event. A new card starts in "New Bookings"; a change keeps the lane the
 * captain moved it to; a cancellation always lands in "Cancelled".
 */
export function buildCard(args: {
  booking: Booking;
  finance: Finance;
  previous: KanbanCard | null;
  cancelled: boolean;
  guestPageUrl: string;
  now: string;
  crew?: CardCrew;
  clashWith?: string[];
}): KanbanCard {
  const { booking, finance, previous, cancelled } = args;
  return {
    bookingId: booking.id,
    lane: cancelled ? CANCELLED_LANE : (previous?.lane ?? NEW_LANE),
    title: cardTitle(booking),
    startIso: booking.start,
    guestFirstName: firstName(booking.guestName),
    partySize: booking.partySize,
    grossCents: finance.revenueCents,
    crewCostCents: finance.crewCostCents,
    portFeeCents: finance.portFeeCents,
    netCents: finance.netCents,
    crewStatus: (args.crew ?? previous ?? NO_CREW).crewStatus,
    crewSummary: (args.crew ?? previous ?? NO_CREW).crewSummary,
    crew: (args.crew ?? previous ?? NO_CREW).crew,
    crewCheckedAt: (args.crew ?? previous ?? NO_CREW).crewCheckedAt,
    clashWith: cancelled ? [] : (args.clashWith ?? previous?.clashWith ?? []),
    guestPageUrl: args.guestPageUrl,
    version: (previous?.version ?? 0) + 1,
    updatedAt: args.now,
  };
}
