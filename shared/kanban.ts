/**
 * The kanban card model. The board's backing sheet stores exactly these fields, one row per
 * booking; `version` increases with every write so two open tabs cannot silently overwrite
 * each other's moves.
 */
import type { Booking, BookingSource } from './booking';
import { formatDuration, localStartParts } from './booking';
import type { Finance } from './finance';
import { MONTH_ABBREVIATIONS } from './time';

export const DEFAULT_LANES = [
  'New Bookings',
  'Crew Confirmed',
  'Ready',
  'Completed',
  'Paid',
  'Cancelled',
] as const;
export const NEW_LANE = 'New Bookings';
export const CANCELLED_LANE = 'Cancelled';

export const CREW_STATUSES = ['unknown', 'pending', 'confirmed', 'declined'] as const;
export type CrewStatus = (typeof CREW_STATUSES)[number];

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
  crewStatus: CrewStatus;
  guestPageUrl: string;
  version: number;
  updatedAt: string;
}

const SOURCE_LABEL: Record<BookingSource, string> = { boatsetter: 'Boatsetter', manual: 'Direct' };

/** "Boatsetter — May 30 (3h)": source, local charter date, length. */
export function cardTitle(booking: Pick<Booking, 'source' | 'start' | 'durationMinutes'>): string {
  const { month, day } = localStartParts(booking.start);
  return `${SOURCE_LABEL[booking.source]} \u2014 ${MONTH_ABBREVIATIONS[month - 1]} ${day} (${formatDuration(booking.durationMinutes)})`;
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
  crewStatus?: CrewStatus;
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
    crewStatus: args.crewStatus ?? previous?.crewStatus ?? 'unknown',
    guestPageUrl: args.guestPageUrl,
    version: (previous?.version ?? 0) + 1,
    updatedAt: args.now,
  };
}

export function laneTotals(
  cards: readonly KanbanCard[],
  lanes: readonly string[],
): Record<string, { count: number; grossCents: number; netCents: number }> {
  const totals: Record<string, { count: number; grossCents: number; netCents: number }> = {};
  for (const lane of lanes) totals[lane] = { count: 0, grossCents: 0, netCents: 0 };
  for (const card of cards) {
    const t = totals[card.lane];
    if (!t) continue;
    t.count += 1;
    t.grossCents += card.grossCents;
    t.netCents += card.netCents;
  }
  return totals;
}
