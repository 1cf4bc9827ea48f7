/**
 * The lanes, the header (filter, totals, next departure) and the cards. `renderAll` builds the
 * board in one pass over the cards and draws at most a page of cards per lane ("Show more" draws
 * the next page); the page's first screen brings only a screenful of each lane with the lanes'
 * totals (gas/kanban/page.ts), so it costs about the same at 100 or 1,000 cards; `updateCard`
 * re-places one card after a move and touches only the lanes it left and entered.
 */
import { formatUsd } from '../../../shared/money';
import type { BoardCard } from '../../kanban/types';
import { cardLabel, renderCard, type CardContext } from './card-view';
import { $, cardElement, el } from './dom';
import type { BoardModel, Filter, Totals } from './state';
import { dayLabel, monthLabel, timeOf } from './time';

const LANE_COLORS = ['#1f6feb', '#0e9384', '#6941c6', '#475467', '#137a3f', '#b42318', '#b54708'];
/** Cards drawn per lane before "Show more". */
export const LANE_PAGE = 40;

export class BoardView {
  private readonly lists = new Map<string, HTMLUListElement>();
  /** How many cards each lane may draw (grows by a page with "Show more"). */
  private readonly limits = new Map<string, number>();
  private nextId: string | null = null;

  constructor(
    private readonly model: BoardModel,
    private readonly isSaving: (id: string) => boolean,
  ) {}

  private context(card: BoardCard): CardContext {
    const { prev, next } = this.model.neighbours(card);
    return {
      today: this.model.today,
      isNext: card.bookingId === this.nextId,
      isPast: this.model.isPast(card),
      saving: this.isSaving(card.bookingId),
      prev,
      next,
    };
  }

  /** The whole board, in one pass over the cards (also once the cards left out arrive). */
  renderAll(): void {
    const focus = rememberFocus();
    const cards = this.model.visible();
    this.nextId = this.model.nextDeparture();
    this.renderFilter();
    this.renderSummary(cards);
    const warnings = $('warnings');
    warnings.textContent = this.model.warnings.join(' ');
    warnings.hidden = this.model.warnings.length === 0;
    const byLane = this.model.byLane(cards);
    this.lists.clear();
    this.limits.clear();
    $('board').replaceChildren(
      ...this.model.lanes.map((lane, index) =>
        this.renderLane(lane, index, byLane.get(lane) ?? []),
      ),
    );
    restoreFocus(focus);
  }

  private renderLane(lane: string, index: number, cards: BoardCard[]): HTMLElement {
    const headingId = `lane-${index}`;
    const list = el('ul', { className: 'cards', attrs: { 'aria-label': `${lane} cards` } });
    this.lists.set(lane, list);
    this.limits.set(lane, LANE_PAGE);
    const section = el(
      'section',
      {
        className: 'lane',
        attrs: {
          'data-lane': lane,
          'aria-labelledby': headingId,
          style: `--lane: ${LANE_COLORS[index % LANE_COLORS.length]}`,
        },
      },
      [
        el('div', { className: 'lane-head' }, [
          el('h2', { attrs: { id: headingId } }, [
            el('span', { className: 'lane-name', text: lane }),
            el('span', { className: 'count' }),
          ]),
          el('div', { className: 'lane-totals' }),
        ]),
        list,
        el('button', {
          className: 'text-btn show-more',
          attrs: { type: 'button', 'data-more': lane, hidden: '' },
        }),
      ],
    );
    this.fillLane(lane, cards);
    return section;
  }

  /** Draws the lane's cards up to its limit (keeping those already drawn) and its head. */
  private fillLane(lane: string, cards: BoardCard[] = this.laneCards(lane)): void {
    const list = this.lists.get(lane);
    const section = list?.closest<HTMLElement>('.lane') ?? list?.parentElement;
    if (!list || !section) return;
    const limit = this.limits.get(lane) ?? LANE_PAGE;
    const drawn = list.querySelectorAll(':scope > .card').length;
    for (const card of cards.slice(drawn, limit)) {
      list.appendChild(renderCard(card, this.context(card)));
    }
    const hasCards = cards.length > 0;
    const empty = list.querySelector(':scope > .empty');
    if (hasCards) empty?.remove();
    else if (!empty) list.appendChild(emptyItem(this.model));
    const totals = this.model.laneTotals(lane, cards);
    const more = section.querySelector<HTMLButtonElement>('button.show-more');
    const hidden = Math.max(0, totals.count - list.querySelectorAll(':scope > .card').length);
    if (more) {
      // While the first screen's cards are all there is, the rest is on its way (no page to show).
      more.hidden = hidden === 0 || this.model.leftOut > 0;
      more.textContent = `Show ${Math.min(hidden, LANE_PAGE)} more of ${hidden}`;
    }
    this.renderLaneHead(section, totals);
  }

  /** "Show more": the lane draws its next page. */
  showMore(lane: string): void {
    this.limits.set(lane, (this.limits.get(lane) ?? LANE_PAGE) + LANE_PAGE);
    this.fillLane(lane);
  }

  private renderLaneHead(section: HTMLElement, totals: Totals): void {
    const count = section.querySelector<HTMLElement>('.count');
    if (count) {
      count.textContent = String(totals.count);
      count.setAttribute('aria-label', `${totals.count} cards`);
    }
    section
      .querySelector('.lane-totals')
      ?.replaceChildren(
        el('span', {}, [
          document.createTextNode('Gross '),
          el('strong', { text: formatUsd(totals.grossCents) }),
        ]),
        el('span', {}, [
          document.createTextNode('Net '),
          el('strong', { text: formatUsd(totals.netCents) }),
        ]),
      );
  }

  /** The lane's shown cards that pass the filter, in board order (from the model, not the DOM). */
  private laneCards(lane: string): BoardCard[] {
    const cards: BoardCard[] = [];
    for (const card of this.model.shown.values()) {
      if (card.lane === lane && this.model.passes(card)) cards.push(card);
    }
    return cards.sort((a, b) => this.model.compare(a, b));
  }

  /** Re-draws one card where it now belongs; only the lanes it left and entered change. */
  updateCard(id: string): void {
    const focus = rememberFocus();
    const old = cardElement(id);
    const oldLane = old?.closest<HTMLElement>('.lane')?.dataset.lane;
    const card = this.model.shown.get(id);
    old?.remove();
    if (card && this.model.passes(card)) this.place(card);
    if (oldLane !== undefined) this.fillLane(oldLane);
    if (card && card.lane !== oldLane) this.fillLane(card.lane);
    const next = this.model.nextDeparture();
    if (next !== this.nextId) {
      const before = this.nextId;
      this.nextId = next;
      for (const other of [before, next]) if (other && other !== id) this.updateCard(other);
      this.renderNext();
    }
    restoreFocus(focus);
  }

  /** Inserts the card among the drawn ones when its place is within the lane's drawn part. */
  private place(card: BoardCard): void {
    const list = this.lists.get(card.lane);
    if (!list) return;
    const drawn = [...list.querySelectorAll<HTMLElement>(':scope > .card')];
    const after = drawn.find((node) => {
      const other = this.model.shown.get(node.dataset.id ?? '');
      return other !== undefined && this.model.compare(card, other) < 0;
    });
    const lastPlace = drawn.length < (this.limits.get(card.lane) ?? LANE_PAGE);
    if (after || lastPlace) list.insertBefore(renderCard(card, this.context(card)), after ?? null);
  }

  /** The filter's choices (months of every card), whether the board is empty or all filtered out. */
  renderFilter(): void {
    $('empty-board').hidden = this.model.shown.size > 0 || this.model.leftOut > 0;
    const hint = this.model.filterHint();
    $('filter-empty').hidden = !hint;
    if (hint) {
      $('filter-empty-text').textContent = hint.text;
      const show = $('filter-empty-show');
      show.textContent = hint.label;
      show.dataset.filter = hint.show;
    }
    const select = $('filter') as HTMLSelectElement;
    const option = (value: Filter, text: string) => el('option', { text, attrs: { value } });
    select.replaceChildren(
      option('upcoming', 'Upcoming'),
      option('past', 'Past'),
      option('all', 'All'),
      el(
        'optgroup',
        { attrs: { label: 'Month' } },
        this.model.months().map((m) => option(`month:${m}`, monthLabel(m))),
      ),
    );
    select.value = this.model.filter;
  }

  private renderSummary(cards: BoardCard[]): void {
    const totals = this.model.shownTotals(cards);
    const item = (label: string, value: string, className = '') =>
      el('div', { className }, [el('dt', { text: label }), el('dd', { text: value })]);
    $('summary').replaceChildren(
      item('Bookings', String(totals.count)),
      item('Gross', formatUsd(totals.grossCents)),
      item('Net', formatUsd(totals.netCents), totals.netCents < 0 ? 'negative' : ''),
    );
    this.renderNext();
  }

  private renderNext(): void {
    const card = this.nextId ? this.model.shown.get(this.nextId) : undefined;
    const next = $('next-departure');
    next.hidden = !card;
    if (!card) return;
    next.replaceChildren(
      el('span', { className: 'next-label', text: 'Next departure' }),
      el('button', {
        className: 'next-link',
        text: `${dayLabel(card.startIso, this.model.today)} ${timeOf(card.startIso)} \u00b7 ${card.guestName || card.title}`,
        attrs: {
          type: 'button',
          'data-show': card.bookingId,
          'aria-label': `Show the next departure: ${cardLabel(card, this.model.today)}`,
        },
      }),
    );
  }
}

function emptyItem(model: BoardModel): HTMLElement {
  const loading = model.leftOut > 0 && model.filter !== 'upcoming';
  return el('li', { className: 'empty', text: loading ? 'Loading past trips\u2026' : 'No cards' });
}

interface Focus {
  id: string;
  details: boolean;
}

function rememberFocus(): Focus | null {
  const active = document.activeElement as HTMLElement | null;
  const id = active?.closest<HTMLElement>('.card')?.dataset.id;
  if (!id) return null;
  return { id, details: !!active?.classList.contains('details') };
}

function restoreFocus(focus: Focus | null): void {
  if (!focus || document.activeElement?.closest('.card')) return;
  const card = cardElement(focus.id);
  (focus.details ? card?.querySelector<HTMLElement>('.details') : card)?.focus();
}
