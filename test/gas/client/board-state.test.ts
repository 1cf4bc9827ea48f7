import { BoardModel } from '../../../gas/client/board/state';
import type { BoardCard, BoardState } from '../../../gas/kanban/types';
import { totalsOf } from '../../../shared/board-time';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 24 * 3600 * 1000;

const card = (bookingId: string, lane: string, days: number, grossCents: number): BoardCard =>
  ({
    bookingId,
    lane,
    startMs: NOW + days * DAY,
    endMs: NOW + days * DAY + 4 * 3600 * 1000,
    month: '2026-11',
    grossCents,
    netCents: Math.round(grossCents / 3),
  }) as BoardCard;

const state = (cards: BoardCard[], more: Partial<BoardState> = {}): BoardState => ({
  lanes: ['New', 'Ready'],
  movableLanes: ['New', 'Ready'],
  cards,
  loadedAt: new Date(NOW).toISOString(),
  today: '2026-11-20',
  warnings: [],
  ...more,
});

describe('Class: BoardModel', () => {
  describe('Method: laneTotals / shownTotals', () => {
    // Every upcoming card: the first screen brings a1 and b1, and the server's totals of all four.
    const all = [
      card('a1', 'New', 1, 10_000),
      card('a2', 'New', 2, 20_000),
      card('b1', 'Ready', 3, 40_000),
      card('b2', 'Ready', 4, 80_000),
    ];
    const firstScreen = () =>
      state([all[0]!, all[2]!], {
        leftOut: 2,
        laneTotals: {
          New: totalsOf([all[0]!, all[1]!]),
          Ready: totalsOf([all[2]!, all[3]!]),
        },
      });

    it("while cards are left out, answers the server's totals of every upcoming card", () => {
      // Prepare
      const model = new BoardModel();
      model.load(firstScreen());
      const shown = model.visible();

      // Act / Assess
      expect(model.laneTotals('New', model.byLane(shown).get('New') ?? [])).toEqual(
        totalsOf([all[0]!, all[1]!]),
      );
      expect(model.shownTotals(shown)).toEqual(totalsOf(all));
    });

    it('moves a first-screen card between lanes with its money, the total unchanged', () => {
      // Prepare
      const model = new BoardModel();
      model.load(firstScreen());

      // Act: a1 moved to Ready
      model.shown.set('a1', { ...all[0]!, lane: 'Ready' });
      const shown = model.visible();
      const lanes = model.byLane(shown);

      // Assess
      expect(model.laneTotals('New', lanes.get('New') ?? [])).toEqual(totalsOf([all[1]!]));
      expect(model.laneTotals('Ready', lanes.get('Ready') ?? [])).toEqual(
        totalsOf([all[0]!, all[2]!, all[3]!]),
      );
      expect(model.shownTotals(shown)).toEqual(totalsOf(all));
    });

    it('counts the shown cards once every card is loaded, and under any other filter', () => {
      // Prepare
      const model = new BoardModel();
      model.load(firstScreen());
      model.addRest(state(all));

      // Act / Assess
      expect(model.shownTotals(model.visible())).toEqual(totalsOf(all));
      model.filter = 'past';
      expect(model.shownTotals(model.visible())).toEqual(totalsOf([]));
    });
  });

  describe('Method: filterHint', () => {
    const past = [card('p1', 'New', -30, 10_000), card('p2', 'Ready', -3, 20_000)];

    it('says when every trip on the board is past, and offers the past trips', () => {
      const model = new BoardModel();
      model.load(state(past));

      expect(model.filterHint()).toEqual({
        text: 'No upcoming trips. 2 past trips are on the board.',
        show: 'past',
        label: 'Show past trips',
      });
    });

    it('offers the upcoming trips when none is past', () => {
      const model = new BoardModel();
      model.load(state([card('u1', 'New', 2, 10_000)]));
      model.filter = 'past';

      expect(model.filterHint()).toMatchObject({ text: 'No past trips yet.', show: 'upcoming' });
    });

    it('says nothing while any card passes, while cards are still loading, or on an empty board', () => {
      const withUpcoming = new BoardModel();
      withUpcoming.load(state([...past, card('u1', 'New', 2, 10_000)]));
      const loading = new BoardModel();
      loading.load(state([], { leftOut: 2, laneTotals: {} }));
      const empty = new BoardModel();
      empty.load(state([]));

      expect([withUpcoming, loading, empty].map((m) => m.filterHint())).toEqual([null, null, null]);
    });
  });
});
