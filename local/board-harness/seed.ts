/**
 * A believable sheet for the board: a season of San Diego charters spread over the lanes, with
 * finance computed by the shared rules, step columns in every state and some run history.
 * Used by the board's tests and by the harness when it runs without the Apps Script bundle.
 */
import type { Booking } from '../../shared/booking';
import { DEFAULT_FINANCE_SETTINGS, computeFinance } from '../../shared/finance';
import { crewStatusText, type MemberAnswer } from '../../shared/crew-status';
import {
  buildCard,
  NO_CREW,
  type CardCrew,
  type CrewStatus,
  type KanbanCard,
} from '../../shared/kanban';

/** Sample crew answers giving a card of each colour. */
function seedCrew(kind: CrewStatus, now: string): CardCrew {
  if (kind === 'unknown') return NO_CREW;
  const answer = (i: number): MemberAnswer['answer'] =>
    kind === 'confirmed'
      ? 'confirmed'
      : kind === 'declined' && i === 2
        ? 'declined'
        : i === 0
          ? 'confirmed'
          : 'waiting';
  const members: MemberAnswer[] = [
    ['Sam Rivera', 'captain', 'sam@crew.example'],
    ['Dana Deck', 'deckhand', 'dana@crew.example'],
    ['Lee Line', 'deckhand', 'lee@crew.example'],
  ].map(([name = '', role = '', email = ''], i) => ({
    name,
    role,
    email,
    answer: answer(i),
    since: '2026-11-20T18:00:00.000Z',
  }));
  return {
    crewStatus: kind,
    crewSummary: crewStatusText(members),
    crew: members,
    crewCheckedAt: now,
  };
}
import { dollarsForCell } from '../../shared/money';
import { charterEnd } from '../../shared/time';
import { cardCells } from '../../gas/core/records';
import type { CellValue } from '../../gas/ports';
import {
  BOOKINGS_HEADERS,
  KANBAN_HEADERS,
  LOG_HEADERS,
  SETTINGS_HEADERS,
  TABS,
  type BookingsHeader,
  type KanbanHeader,
} from '../../gas/sheets/schema';

export const HOSTILE_GUEST = `Tyler <script>alert('x')</script> Brooks`;

export interface SeedBooking {
  id: string;
  guest: string;
  start: string;
  hours: number;
  party: number;
  ownerEarnings: number;
  lane: string;
  crew: CrewStatus;
  /** Step column texts by header; default "done" for every step. */
  steps?: Partial<Record<BookingsHeader, string>>;
  source?: Booking['source'];
  lastError?: string;
  /** Default: the sample captain's one boat. */
  boat?: string;
}

export const SAMPLE_BOOKINGS: SeedBooking[] = [
  {
    id: 'BS-48213',
    guest: 'Maria Lopez',
    start: '2026-11-28T09:00:00-08:00',
    hours: 4,
    party: 6,
    ownerEarnings: 84075,
    lane: 'New Bookings',
    crew: 'pending',
    steps: { Calendar: 'failed', 'Captain e-mail': 'pending' },
    lastError: 'calendar: the calendar service answered 503',
  },
  {
    id: 'BS-48377',
    guest: 'Tom & Jerry\'s "Crew" O\'Neil',
    start: '2026-11-29T13:30:00-08:00',
    hours: 3,
    party: 4,
    ownerEarnings: 61200,
    lane: 'New Bookings',
    crew: 'unknown',
  },
  {
    id: 'BS-47920',
    guest: 'Priya Natarajan',
    start: '2026-11-22T10:00:00-08:00',
    hours: 8,
    party: 12,
    ownerEarnings: 198000,
    lane: 'Crew Confirmed',
    crew: 'confirmed',
  },
  {
    id: 'DIR-0007',
    guest: 'Sam Whitaker',
    start: '2026-12-05T16:00:00-08:00',
    hours: 2.5,
    party: 2,
    ownerEarnings: 45000,
    lane: 'Ready',
    crew: 'declined',
    source: 'manual',
  },
  {
    id: 'BS-47511',
    guest: 'Chen Wei',
    start: '2026-11-14T09:00:00-08:00',
    hours: 4,
    party: 8,
    ownerEarnings: 92050,
    lane: 'Completed',
    crew: 'confirmed',
  },
  {
    id: 'BS-47302',
    guest: 'Olivia Brooks',
    start: '2026-10-31T11:00:00-07:00',
    hours: 6,
    party: 10,
    ownerEarnings: 141000,
    lane: 'Paid',
    crew: 'confirmed',
  },
  {
    id: 'BS-47101',
    guest: 'Daniel Kim',
    start: '2026-12-12T10:00:00-08:00',
    hours: 3,
    party: 5,
    ownerEarnings: 0,
    lane: 'Cancelled',
    crew: 'unknown',
  },
];

function toBooking(seed: SeedBooking): Booking {
  return {
    id: seed.id,
    source: seed.source ?? 'boatsetter',
    start: seed.start,
    timeZone: 'America/Los_Angeles',
    durationMinutes: Math.round(seed.hours * 60),
    guestName: seed.guest,
    partySize: seed.party,
    boat: seed.boat ?? 'Sea Breeze (42 ft Bayliner)',
    pickupLocation: 'Shelter Island Marina, Dock C',
    money: { boatPriceCents: null, platformFeeCents: null, ownerEarningsCents: seed.ownerEarnings },
    crewPlan: null,
    captainName: 'Rick',
    notes: '',
  };
}

function row<H extends string>(
  headers: readonly H[],
  values: Partial<Record<H, CellValue>>,
): CellValue[] {
  return headers.map((h) => values[h] ?? '');
}

export function seedTabs(
  bookings: readonly SeedBooking[] = SAMPLE_BOOKINGS,
  options: { lanes?: string; publicBaseUrl?: string } = {},
): Record<string, CellValue[][]> {
  const base = options.publicBaseUrl ?? 'https://pages.example.com';
  const now = '2026-11-20T17:00:00.000Z';
  const kanban: CellValue[][] = [[...KANBAN_HEADERS]];
  const sheet: CellValue[][] = [[...BOOKINGS_HEADERS]];
  const log: CellValue[][] = [[...LOG_HEADERS]];
  for (const seed of bookings) {
    const booking = toBooking(seed);
    const cancelled = seed.lane === 'Cancelled';
    const finance = computeFinance(
      booking,
      DEFAULT_FINANCE_SETTINGS,
      cancelled ? 'cancelled' : 'new',
    );
    const slug = seed.id.toLowerCase();
    const card: KanbanCard = {
      ...buildCard({
        booking,
        finance,
        previous: null,
        cancelled,
        guestPageUrl: `${base}/g/${slug}`,
        now,
        crew: seedCrew(seed.crew, now),
      }),
      lane: seed.lane,
    };
    kanban.push(row<KanbanHeader>(KANBAN_HEADERS, cardCells(card)));
    const steps: Partial<Record<BookingsHeader, string>> = {
      Calendar: 'done',
      'Crew event': 'done',
      Checklist: 'done',
      'Guest page': 'done',
      Invalidation: 'done',
      'Captain e-mail': 'done',
      ...seed.steps,
    };
    const failed = Object.values(steps).some((s) => s?.startsWith('failed'));
    sheet.push(
      row<BookingsHeader>(BOOKINGS_HEADERS, {
        'Booking ID': seed.id,
        Source: booking.source,
        Status: seed.lane,
        Start: seed.start,
        'Time zone': booking.timeZone,
        'Duration (h)': seed.hours,
        End: charterEnd({
          start: seed.start,
          timeZone: booking.timeZone,
          durationMinutes: Math.round(seed.hours * 60),
        }),
        Guest: seed.guest,
        'Party size': seed.party,
        Boat: booking.boat,
        'Pick-up': booking.pickupLocation,
        'Owner earnings': dollarsForCell(seed.ownerEarnings),
        Revenue: dollarsForCell(finance.revenueCents),
        'Crew cost': dollarsForCell(finance.crewCostCents),
        'Port fee': dollarsForCell(finance.portFeeCents),
        Net: dollarsForCell(finance.netCents),
        ...steps,
        'Guest page URL': card.guestPageUrl,
        Revision: 1,
        'Last run': now,
        'Last error': seed.lastError ?? '',
        'Booking JSON': JSON.stringify(booking),
      }),
    );
    log.push(
      row(LOG_HEADERS, {
        Time: '2026-11-20T16:55:00.000Z',
        Trigger: 'inbox',
        'Booking ID': seed.id,
        Action: 'new',
        Result: 'ok',
        Details: 'Booking created from e-mail',
      }),
      row(LOG_HEADERS, {
        Time: now,
        Trigger: 'inbox',
        'Booking ID': seed.id,
        Action: 'bridge upsert',
        Result: failed ? 'partial' : 'ok',
        Details: failed ? `revision 1; ${seed.lastError ?? 'a step failed'}` : 'revision 1',
      }),
    );
  }
  const settings: CellValue[][] = [
    [...SETTINGS_HEADERS],
    ['Port fee %', '18', 'Share of revenue paid to the marina'],
    ['lanes', options.lanes ?? '', 'Comma-separated board lanes (empty: defaults)'],
  ];
  return {
    [TABS.kanban]: kanban,
    [TABS.bookings]: sheet,
    [TABS.log]: log,
    [TABS.settings]: settings,
  };
}
