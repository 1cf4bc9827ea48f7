import { createBoardServer } from '../../../gas/kanban/server';
import { TABS } from '../../../gas/sheets/schema';
import { MemoryLock, MemorySheets } from '../../../local/board-harness/memory-sheets';
import { seedTabs } from '../../../local/board-harness/seed';

const NOW = Date.parse('2026-11-21T08:00:00.000Z');

function setup() {
  const sheets = new MemorySheets(seedTabs());
  const server = createBoardServer({
    sheets,
    lock: new MemoryLock(),
    clock: { now: () => NOW, localIso: (ms) => new Date(ms).toISOString() },
  });
  return { sheets, server };
}

describe('Module: kanban server guards', () => {
  describe('Function: boardMoveCard on a cancelled card', () => {
    it('refuses to move a cancelled card out of Cancelled unless the captain confirmed, and says why', () => {
      // Prepare: BS-47101 (Daniel Kim) sits in Cancelled.
      const { sheets, server } = setup();
      const writesBefore = sheets.calls.write;

      // Act
      const refused = server.boardMoveCard({
        bookingId: 'BS-47101',
        toLane: 'Paid',
        expectedVersion: 1,
      });

      // Assess
      expect(refused).toMatchObject({ ok: false, code: 'confirm-cancelled' });
      expect(!refused.ok && refused.message).toBe(
        'Daniel Kim\'s charter was cancelled. Moving it to "Paid" does not book it again: its calendar entry, crew event and guest page stay withdrawn.',
      );
      expect(sheets.calls.write).toBe(writesBefore);
    });

    it('moves it once the captain confirmed', () => {
      const { sheets, server } = setup();
      const moved = server.boardMoveCard({
        bookingId: 'BS-47101',
        toLane: 'Paid',
        expectedVersion: 1,
        confirmCancelled: true,
      });
      expect(moved).toMatchObject({ ok: true, card: { lane: 'Paid', version: 2 } });
      const row = sheets.records(TABS.kanban).find((r) => r['Booking ID'] === 'BS-47101');
      expect(row?.Lane).toBe('Paid');
    });
  });

  describe('Function: boardLoad', () => {
    it('reads each tab once and gives every card the guest, boat, source, times and alerts of its booking', () => {
      // Prepare
      const { sheets, server } = setup();

      // Act
      const state = server.boardLoad();

      // Assess
      expect(sheets.reads.filter((t) => t === TABS.bookings)).toHaveLength(1);
      expect(sheets.reads.filter((t) => t === TABS.kanban)).toHaveLength(1);
      expect(state.today).toBe('2026-11-21');
      const maria = state.cards.find((c) => c.bookingId === 'BS-48213');
      expect(maria).toMatchObject({
        guestName: 'Maria Lopez',
        boat: 'Sea Breeze (42 ft Bayliner)',
        source: 'boatsetter',
        hours: 4,
        startMs: Date.parse('2026-11-28T17:00:00Z'),
        endMs: Date.parse('2026-11-28T21:00:00Z'),
        endIso: '2026-11-28T13:00:00-08:00',
      });
      expect(maria?.alerts).toEqual([
        expect.objectContaining({ step: 'calendar', severity: 'amber' }),
      ]);
    });
  });
});
