/**
 * The board's data in the browser, without any DOM: the cards as the server confirmed them and
 * as shown (with moves still in flight), the filter, and the rules for what is shown where and in
 * which order. Upcoming charters come first, soonest first; past ones are folded away.
 */
import {
  boardOrder,
  isPastTrip,
  noTotals,
  subtractTotals,
  sumTotals,
  totalsOf,
  type Totals,
} from '../../../shared/board-time';
import { CANCELLED_LANE } from '../../../shared/kanban';
import type { BoardCard, BoardState } from '../../kanban/types';

/** "upcoming" (the default), "past", "all", or one month: "2026-11". */
export type Filter = 'upcoming' | 'past' | 'all' | `month:${string}`;
export const DEFAULT_FILTER: Filter = 'upcoming';

export { totalsOf, type Totals };

/** The line shown when the filter hides every card (BoardModel.filterHint). */
export interface FilterHint {
  text: string;
  show: Filter;
  label: string;
}

export class BoardModel {
  lanes: string[] = [];
  movableLanes: string[] = [];
  /** Today (yyyy-mm-dd) and now (epoch ms) by the server's clock at the last load. */
  today = '';
  now = 0;
  warnings: string[] = [];
  /** Cards the page's first screen left out, not loaded yet (see `addRest`). */
  leftOut = 0;
  /** While cards are left out: the server's totals per lane (all its upcoming cards). */
  private firstTotals: Record<string, Totals> | null = null;
  /** While cards are left out: the cards the first screen brought, as they came. */
  private readonly firstCards = new Map<string, BoardCard>();
  filter: Filter = DEFAULT_FILTER;
  /** Cards as the server last confirmed them. */
  readonly confirmed = new Map<string, BoardCard>();
  /** Cards as shown (confirmed + optimistic moves). */
  readonly shown = new Map<string, BoardCard>();

  load(state: BoardState): void {
    this.lanes = state.lanes;
    this.movableLanes = state.movableLanes;
    this.today = state.today;
    this.now = Date.parse(state.loadedAt) || Date.now();
    this.warnings = state.warnings;
    this.leftOut = state.leftOut ?? 0;
    this.firstTotals = this.leftOut > 0 ? (state.laneTotals ?? {}) : null;
    this.firstCards.clear();
    this.confirmed.clear();
    this.shown.clear();
    for (const card of state.cards) {
      this.confirmed.set(card.bookingId, card);
      this.shown.set(card.bookingId, card);
      if (this.firstTotals) this.firstCards.set(card.bookingId, card);
    }
    if (this.filter.startsWith('month:') && !this.months().includes(this.filter.slice(6))) {
      this.filter = DEFAULT_FILTER;
    }
  }

  /**
   * Adds the cards the first screen left out (from a full load) and keeps every card already
   * here as it is (moves may be in flight). True when an added card passes the filter, i.e. the
   * lanes must be drawn again; false when only the filter's months can have changed.
   */
  addRest(state: BoardState): boolean {
    if (this.leftOut === 0) return false;
    this.leftOut = 0;
    this.firstTotals = null;
    this.firstCards.clear();
    let shown = false;
    for (const card of state.cards) {
      if (this.confirmed.has(card.bookingId)) continue;
      this.confirmed.set(card.bookingId, card);
      this.shown.set(card.bookingId, card);
      shown ||= this.passes(card);
    }
    return shown;
  }

  /**
   * A lane's totals under the filter: from its cards, or while cards are left out (Upcoming), the
   * server's totals with the first screen's cards taken out as served and put back as shown now
   * (exact: the cards left out cannot have moved).
   */
  laneTotals(lane: string, cards: readonly BoardCard[]): Totals {
    if (!this.firstTotals || this.filter !== 'upcoming') return totalsOf(cards);
    const asServed: BoardCard[] = [];
    const asShown: BoardCard[] = [];
    for (const [id, first] of this.firstCards) {
      if (first.lane === lane) asServed.push(first);
      const now = this.shown.get(id);
      if (now && now.lane === lane && this.passes(now)) asShown.push(now);
    }
    const server = this.firstTotals[lane] ?? noTotals();
    return sumTotals([subtractTotals(server, totalsOf(asServed)), totalsOf(asShown)]);
  }

  /** The totals of everything the filter shows (`cards`: the shown cards that pass it). */
  shownTotals(cards: readonly BoardCard[]): Totals {
    if (!this.firstTotals || this.filter !== 'upcoming') return totalsOf(cards);
    const byLane = this.byLane(cards);
    return sumTotals(this.lanes.map((lane) => this.laneTotals(lane, byLane.get(lane) ?? [])));
  }

  isPast(card: BoardCard): boolean {
    return isPastTrip(card, this.now);
  }

  passes(card: BoardCard): boolean {
    switch (this.filter) {
      case 'all':
        return true;
      case 'upcoming':
        return !this.isPast(card);
      case 'past':
        return this.isPast(card);
      default:
        return card.month === this.filter.slice(6);
    }
  }

  /**
   * Upcoming cards soonest first, then past ones most recent first (a month reads in calendar
   * order); cards whose start cannot be read go last.
   */
  compare(a: BoardCard, b: BoardCard): number {
    return boardOrder(a, b, this.now, this.filter.startsWith('month:'));
  }

  /** The shown cards that pass the filter, in board order: one pass and one sort. */
  visible(): BoardCard[] {
    const cards: BoardCard[] = [];
    for (const card of this.shown.values()) if (this.passes(card)) cards.push(card);
    return cards.sort((a, b) => this.compare(a, b));
  }

  /** Cards grouped by lane, keeping the order they come in. */
  byLane(cards: readonly BoardCard[]): Map<string, BoardCard[]> {
    const lanes = new Map<string, BoardCard[]>(this.lanes.map((lane) => [lane, []]));
    for (const card of cards) lanes.get(card.lane)?.push(card);
    return lanes;
  }

  months(): string[] {
    const months = new Set<string>();
    for (const card of this.shown.values()) if (card.month) months.add(card.month);
    return [...months].sort();
  }

  /**
   * What to say when the filter leaves every lane empty although the board has cards (every trip
   * of a new season's sheet is past, say), and which filter shows them; null otherwise, and while
   * cards are still loading.
   */
  filterHint(): FilterHint | null {
    if (this.shown.size === 0 || this.leftOut > 0) return null;
    let past = 0;
    for (const card of this.shown.values()) {
      if (this.passes(card)) return null;
      if (this.isPast(card)) past += 1;
    }
    if (this.filter === 'upcoming') {
      const trips = past === 1 ? '1 past trip is' : `${past} past trips are`;
      return {
        text: `No upcoming trips. ${trips} on the board.`,
        show: 'past',
        label: 'Show past trips',
      };
    }
    if (this.filter === 'past')
      return { text: 'No past trips yet.', show: 'upcoming', label: 'Show upcoming trips' };
    return { text: 'No trips here.', show: 'all', label: 'Show all trips' };
  }

  /** The next charter to leave (not cancelled, not yet departed). */
  nextDeparture(): string | null {
    let next: BoardCard | null = null;
    for (const card of this.shown.values()) {
      if (card.lane === CANCELLED_LANE || card.startMs === null || card.startMs < this.now)
        continue;
      if (!next || card.startMs < (next.startMs ?? 0)) next = card;
    }
    return next?.bookingId ?? null;
  }

  neighbours(card: BoardCard): { prev: string | null; next: string | null } {
    const i = this.movableLanes.indexOf(card.lane);
    if (i < 0) return { prev: null, next: this.movableLanes[0] ?? null };
    return { prev: this.movableLanes[i - 1] ?? null, next: this.movableLanes[i + 1] ?? null };
  }
}
