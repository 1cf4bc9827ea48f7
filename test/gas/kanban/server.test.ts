import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createBoardServer,
  jsonForScript,
  renderBoardPage,
  type BoardServices,
  type RetryOutcome,
  MOVE_BUSY_MESSAGE,
} from '../../../gas/kanban/server';
import { menuPath } from '../../../gas/entrypoints';
import { TABS } from '../../../gas/sheets/schema';
import { escapeHtml } from '../../../shared/html';
import { DEFAULT_LANES } from '../../../shared/kanban';
import { boardOrder, FIRST_SCREEN_CARDS, isPastTrip, totalsOf } from '../../../shared/board-time';
import type { BoardState } from '../../../gas/kanban/types';
import { createHtmlService, frameOptionsHeader } from '../../../local/gas-runtime/html-service';
import { MemoryLock, MemorySheets } from '../../../local/board-harness/memory-sheets';
import { HOSTILE_GUEST, SAMPLE_BOOKINGS, seedTabs } from '../../../local/board-harness/seed';
import { generateBookings } from '../../../local/board-harness/generate';

const NOW = Date.parse('2026-11-21T08:00:00.000Z');

function setup(options: { lanes?: string; retryBooking?: (id: string) => RetryOutcome } = {}) {
  const sheets = new MemorySheets(seedTabs(SAMPLE_BOOKINGS, { lanes: options.lanes }));
  const lock = new MemoryLock();
  const services: BoardServices = {
    sheets,
    lock,
    clock: { now: () => NOW, localIso: (ms) => new Date(ms).toISOString() },
    retryBooking: options.retryBooking,
  };
  return { sheets, lock, server: createBoardServer(services) };
}

describe('Module: kanban server', () => {
  describe('Function: boardLoad', () => {
    it('shows the default lanes and every card with its money in exact cents', () => {
      // Prepare
      const { server } = setup();

      // Act
      const state = server.boardLoad();

      // Assess
      expect(state.lanes).toEqual([...DEFAULT_LANES]);
      expect(state.cards).toHaveLength(SAMPLE_BOOKINGS.length);
      const maria = state.cards.find((c) => c.bookingId === 'BS-48213');
      // The design's worked example: $840.75 gross, 4 h charter.
      expect(maria).toMatchObject({
        lane: 'New Bookings',
        title: 'Boatsetter \u2014 Nov 28 (4h)',
        guestFirstName: 'Maria',
        partySize: 6,
        grossCents: 84075,
        crewCostCents: 50000,
        portFeeCents: 15134,
        netCents: 18941,
        crewStatus: 'pending',
        version: 1,
        month: '2026-11',
        problems: [],
        failedSteps: ['Calendar'],
      });
      expect(state.cards.find((c) => c.bookingId === 'BS-47920')?.failedSteps).toEqual([]);
      expect(state.loadedAt).toBe('2026-11-21T08:00:00.000Z');
    });

    it('takes lanes from Settings and keeps cards whose lane Settings no longer lists', () => {
      const { server } = setup({ lanes: 'New Bookings, Ready ,Paid' });
      const state = server.boardLoad();
      expect(state.movableLanes).toEqual(['New Bookings', 'Ready', 'Paid']);
      expect(state.lanes).toEqual([
        'New Bookings',
        'Ready',
        'Paid',
        'Crew Confirmed',
        'Completed',
        'Cancelled',
      ]);
    });

    it('reads lanes with the settings parser: a lane named twice is an error, and moves stop', () => {
      // Prepare
      const { server } = setup({ lanes: 'New Bookings, Ready ,Paid,Ready' });

      // Act
      const state = server.boardLoad();
      const move = server.boardMoveCard({
        bookingId: 'BS-48213',
        toLane: 'Ready',
        expectedVersion: 1,
      });

      // Assess
      expect(state.movableLanes).toEqual([]);
      expect(state.cards).toHaveLength(SAMPLE_BOOKINGS.length);
      expect(state.warnings[0]).toMatch(/Setting "lanes".*lane names must be different/);
      expect(move).toMatchObject({ ok: false, code: 'sheet-error' });
      expect(!move.ok && move.message).toMatch(/lane names must be different/);
    });

    it('flags a money cell it cannot read instead of guessing', () => {
      // Prepare
      const { sheets, server } = setup();
      const kanban = sheets.tabs.get(TABS.kanban)!;
      kanban[1]![KANBAN_COL('Gross')] = '12.345';

      // Act
      const state = server.boardLoad();

      // Assess
      const card = state.cards[0]!;
      expect(card.grossCents).toBe(0);
      expect(card.problems).toEqual(['Gross: "12.345" is not an amount']);
      expect(state.warnings).toEqual([
        '1 card(s) have cells that could not be read; open them for details.',
      ]);
    });

    it('reads money written as text the way people type it', () => {
      const { sheets, server } = setup();
      const kanban = sheets.tabs.get(TABS.kanban)!;
      kanban[1]![KANBAN_COL('Gross')] = '$1,240.50';
      kanban[1]![KANBAN_COL('Net')] = '(12.10)';
      const card = server.boardLoad().cards[0]!;
      expect([card.grossCents, card.netCents]).toEqual([124050, -1210]);
    });

    it("takes a card's return from the Bookings row's End: the instant it sorts and folds by and the time it shows are one value", () => {
      // Prepare: Maria's row ends a day later than its start and hours say (the End cell rules)
      const { sheets, server } = setup();
      const bookings = sheets.tabs.get(TABS.bookings)!;
      const maria = bookings.findIndex((r) => r[0] === 'BS-48213');
      const end = bookings[0]!.indexOf('End');
      expect(bookings[maria]![end]).toBe('2026-11-28T13:00:00-08:00');
      bookings[maria]![end] = '2026-11-29T10:30:00-08:00';

      // Act
      const card = server.boardLoad().cards.find((c) => c.bookingId === 'BS-48213')!;

      // Assess
      expect(card.endIso).toBe('2026-11-29T10:30:00-08:00');
      expect(card.endMs).toBe(Date.parse('2026-11-29T10:30:00-08:00'));
      expect(card.hours).toBe(4);
    });

    it('knows no return when the End cell is empty or unreadable', () => {
      // Prepare
      const { sheets, server } = setup();
      const bookings = sheets.tabs.get(TABS.bookings)!;
      const end = bookings[0]!.indexOf('End');
      const [first, second] = bookings.slice(1, 3).map((row) => String(row[0]));
      bookings[1]![end] = '';
      bookings[2]![end] = 'tomorrow-ish';

      // Act
      const cards = server.boardLoad().cards;

      // Assess
      const card = (id: string | undefined) => cards.find((c) => c.bookingId === id);
      expect([card(first)?.endIso, card(first)?.endMs]).toEqual(['', null]);
      expect([card(second)?.endIso, card(second)?.endMs]).toEqual(['tomorrow-ish', null]);
    });

    it('tells the captain to set up the sheet when the Kanban tab is missing', () => {
      const { sheets, server } = setup();
      sheets.tabs.delete(TABS.kanban);
      const state = server.boardLoad();
      expect(state.cards).toEqual([]);
      expect(state.warnings[0]).toMatch(/Kanban.*Set up sheet/);
    });
  });

  describe('Function: boardMoveCard', () => {
    it('moves the card under the lock: Lane, Version+1, Updated at, Bookings Status and a Log row', () => {
      // Prepare
      const { sheets, lock, server } = setup();
      const writesBefore = sheets.calls.write;

      // Act
      const result = server.boardMoveCard({
        bookingId: 'BS-48213',
        toLane: 'Crew Confirmed',
        expectedVersion: 1,
      });

      // Assess
      expect(result).toMatchObject({
        ok: true,
        unchanged: false,
        card: {
          lane: 'Crew Confirmed',
          version: 2,
          updatedAt: '2026-11-21T08:00:00.000Z',
          failedSteps: ['Calendar'],
        },
      });
      const row = sheets.records(TABS.kanban).find((r) => r['Booking ID'] === 'BS-48213');
      expect(row).toMatchObject({
        Lane: 'Crew Confirmed',
        Version: 2,
        'Updated at': '2026-11-21T08:00:00.000Z',
        Gross: 840.75,
      });
      const booking = sheets.records(TABS.bookings).find((r) => r['Booking ID'] === 'BS-48213');
      expect(booking?.Status).toBe('Crew Confirmed');
      expect(sheets.records(TABS.log).at(-1)).toEqual({
        Time: '2026-11-21T08:00:00.000Z',
        Trigger: 'board',
        'Booking ID': 'BS-48213',
        Action: 'move',
        Result: 'ok',
        Details: 'New Bookings \u2192 Crew Confirmed (version 2)',
      });
      // One row write per tab (the pipeline's Table write-back, formulas kept).
      expect(sheets.calls.write - writesBefore).toBe(2);
      expect(lock.acquisitions).toBe(1);
      expect(lock.held).toBe(false);
    });

    it('appends the Log row without reading the Log tab, and a missing Log tab does not fail the move', () => {
      // Prepare
      const { sheets, server } = setup();

      // Act
      server.boardMoveCard({ bookingId: 'BS-48213', toLane: 'Ready', expectedVersion: 1 });
      sheets.tabs.delete(TABS.log);
      const second = server.boardMoveCard({
        bookingId: 'BS-48213',
        toLane: 'Paid',
        expectedVersion: 2,
      });

      // Assess
      expect(sheets.reads).not.toContain(TABS.log);
      expect(second).toMatchObject({ ok: true, card: { lane: 'Paid', version: 3 } });
      expect(sheets.records(TABS.kanban)[0]).toMatchObject({ Lane: 'Paid', Version: 3 });
    });

    it('stamps times in the script time zone when the clock can', () => {
      const sheets = new MemorySheets(seedTabs());
      const server = createBoardServer({
        sheets,
        lock: new MemoryLock(),
        clock: { now: () => NOW, localIso: () => '2026-11-21T00:00:00-08:00' },
      });
      server.boardMoveCard({ bookingId: 'BS-48213', toLane: 'Ready', expectedVersion: 1 });
      expect(sheets.records(TABS.kanban)[0]?.['Updated at']).toBe('2026-11-21T00:00:00-08:00');
      expect(sheets.records(TABS.log).at(-1)?.Time).toBe('2026-11-21T00:00:00-08:00');
    });

    it('refuses a move made from a stale view and answers with the card as it is now', () => {
      // Prepare: another tab moved the card first.
      const { sheets, server } = setup();
      server.boardMoveCard({ bookingId: 'BS-48213', toLane: 'Ready', expectedVersion: 1 });
      const writesBefore = sheets.calls.write;

      // Act
      const result = server.boardMoveCard({
        bookingId: 'BS-48213',
        toLane: 'Paid',
        expectedVersion: 1,
      });

      // Assess
      expect(result).toMatchObject({
        ok: false,
        code: 'version-conflict',
        current: { lane: 'Ready', version: 2 },
      });
      expect(!result.ok && result.message).toMatch(/changed elsewhere \(now in "Ready"\)/);
      expect(sheets.calls.write).toBe(writesBefore);
    });

    it.each([
      [
        { bookingId: 'BS-48213', toLane: 'Nowhere', expectedVersion: 1 },
        'unknown-lane',
        /no lane "Nowhere"/,
      ],
      [
        { bookingId: 'NOPE-1', toLane: 'Ready', expectedVersion: 1 },
        'unknown-booking',
        /not on the board/,
      ],
      [{ bookingId: 'BS-48213', toLane: 'Ready' }, 'invalid-request', /not understood/],
      [
        { bookingId: '<x>', toLane: 'Ready', expectedVersion: 1 },
        'invalid-request',
        /not understood/,
      ],
    ])('refuses %j with %s', (request, code, message) => {
      const { sheets, lock, server } = setup();
      const writesBefore = sheets.calls.write;
      const result = server.boardMoveCard(request as never);
      expect(result).toMatchObject({ ok: false, code });
      expect(!result.ok && result.message).toMatch(message);
      expect(sheets.calls.write).toBe(writesBefore);
      expect(lock.held).toBe(false);
    });

    it('refuses a move to a lane Settings no longer lists', () => {
      const { server } = setup({ lanes: 'New Bookings,Ready' });
      const result = server.boardMoveCard({
        bookingId: 'BS-48213',
        toLane: 'Paid',
        expectedVersion: 1,
      });
      expect(result).toMatchObject({ ok: false, code: 'unknown-lane' });
    });

    it('answers busy while the inbox run holds the lock', () => {
      const { sheets, lock, server } = setup();
      lock.held = true;
      const result = server.boardMoveCard({
        bookingId: 'BS-48213',
        toLane: 'Ready',
        expectedVersion: 1,
      });
      // the board's own words: the card is back, move it again (not the menu's inbox message)
      expect(result).toMatchObject({ ok: false, code: 'busy', message: MOVE_BUSY_MESSAGE });
      expect(MOVE_BUSY_MESSAGE).toMatch(/busy.*the card went back\. Move it again/);
      expect(sheets.records(TABS.kanban)[0]?.Lane).toBe('New Bookings');
    });

    it('writes nothing for a move to the lane the card is already in', () => {
      const { sheets, server } = setup();
      const writesBefore = sheets.calls.write;
      const result = server.boardMoveCard({
        bookingId: 'BS-48213',
        toLane: 'New Bookings',
        expectedVersion: 1,
      });
      expect(result).toMatchObject({ ok: true, unchanged: true, card: { version: 1 } });
      expect(sheets.calls.write).toBe(writesBefore);
    });

    it('turns a broken sheet into a sheet-error result and releases the lock', () => {
      const { sheets, lock, server } = setup();
      sheets.tabs.set(TABS.kanban, [
        ['Booking ID', 'Title'],
        ['BS-48213', 'x'],
      ]);
      const result = server.boardMoveCard({
        bookingId: 'BS-48213',
        toLane: 'Ready',
        expectedVersion: 0,
      });
      expect(result).toMatchObject({ ok: false, code: 'sheet-error' });
      expect(!result.ok && result.message).toMatch(/no column "Lane"/);
      expect(lock.held).toBe(false);
    });
  });

  describe('Function: boardCardDetail', () => {
    it('shows finance, each step with its state, the last error and the history newest first', () => {
      // Prepare
      const { server } = setup();
      server.boardMoveCard({ bookingId: 'BS-48213', toLane: 'Ready', expectedVersion: 1 });

      // Act
      const result = server.boardCardDetail('BS-48213');

      // Assess
      if (!result.ok) throw new Error(result.message);
      const { detail } = result;
      expect(detail.booking).toMatchObject({
        found: true,
        guest: 'Maria Lopez',
        status: 'Ready',
        lastError: 'calendar: the calendar service answered 503',
      });
      expect(detail.finance).toEqual([
        { label: 'Boat price', cents: null },
        { label: 'Platform fee', cents: null },
        { label: 'Owner earnings', cents: 84075 },
        { label: 'Revenue', cents: 84075 },
        { label: 'Crew cost', cents: 50000 },
        { label: 'Port fee', cents: 15134 },
        { label: 'Net', cents: 18941 },
      ]);
      expect(detail.steps.map((s) => [s.step, s.state])).toEqual([
        ['calendar', 'failed'],
        ['crewEvent', 'done'],
        ['checklist', 'done'],
        ['guestPage', 'done'],
        ['invalidation', 'done'],
        ['captainEmail', 'pending'],
      ]);
      expect(detail.history.map((h) => h.action)).toEqual(['move', 'bridge upsert', 'new']);
    });

    it('answers unknown-booking for a card that is gone', () => {
      const { server } = setup();
      expect(server.boardCardDetail('GONE-1')).toMatchObject({
        ok: false,
        code: 'unknown-booking',
      });
    });
  });

  describe('Function: boardRetryStep', () => {
    it('re-sends the booking through the pipeline and returns the refreshed detail', () => {
      // Prepare: the pipeline's retry fixes the calendar step in the sheet.
      const retried: string[] = [];
      const holder: { sheets?: MemorySheets } = {};
      const { sheets, server } = setup({
        retryBooking: (id) => {
          retried.push(id);
          const bookings = holder.sheets!.tabs.get(TABS.bookings)!;
          const col = bookings[0]!.indexOf('Calendar');
          bookings.find((r) => r[0] === id)![col] = 'done';
          return { ok: true, message: 'Retried: all steps done.' };
        },
      });
      holder.sheets = sheets;

      // Act
      const result = server.boardRetryStep({ bookingId: 'BS-48213', step: 'calendar' });

      // Assess
      expect(retried).toEqual(['BS-48213']);
      expect(result).toMatchObject({ ok: true, message: 'Retried: all steps done.' });
      expect(result.detail?.steps[0]).toMatchObject({ step: 'calendar', state: 'done' });
    });

    it('refuses to retry a step that has not failed', () => {
      const retryBooking = jest.fn();
      const { server } = setup({ retryBooking });
      const result = server.boardRetryStep({ bookingId: 'BS-48213', step: 'guestPage' });
      expect(result).toMatchObject({ ok: false, code: 'nothing-to-retry' });
      expect(retryBooking).not.toHaveBeenCalled();
    });

    it('reports a retry that failed again, or could not run, in words', () => {
      const { server } = setup({
        retryBooking: () => {
          throw new Error('secret internals');
        },
      });
      const result = server.boardRetryStep({ bookingId: 'BS-48213', step: 'calendar' });
      expect(result).toMatchObject({ ok: false, code: 'retry-failed' });
      expect(result.message).not.toMatch(/secret/);
    });

    it('points to the menu when no retry is wired', () => {
      const { server } = setup();
      const result = server.boardRetryStep({ bookingId: 'BS-48213', step: 'calendar' });
      expect(result).toMatchObject({ ok: false, code: 'retry-failed' });
      expect(result.message).toMatch(/Retry failed steps/);
    });

    it('refuses an unknown step name', () => {
      const { server } = setup();
      expect(server.boardRetryStep({ bookingId: 'BS-48213', step: 'nuke' as never })).toMatchObject(
        { ok: false, code: 'invalid-request' },
      );
    });
  });

  describe('Function: jsonForScript', () => {
    it('keeps hostile text inert inside a <script> element and round-trips', () => {
      const value = { guest: HOSTILE_GUEST, x: '</script><!-- & \u2028\u2029 ]]>' };
      const json = jsonForScript(value);
      expect(json).not.toMatch(/[<>&\u2028\u2029]/);
      expect(JSON.parse(json)).toEqual(value);
    });
  });

  describe('Function: renderBoardPage', () => {
    it('inlines the first screen (a screenful of upcoming cards per lane, the lanes totals), sets title and viewport and leaves framing denied', () => {
      // Prepare
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-page-'));
      fs.writeFileSync(
        path.join(dir, 'board.html'),
        '<script type="application/json" id="s"><?!= initialStateJson ?></script>',
      );
      const html = createHtmlService({ htmlDir: dir });
      // A year of generated bookings around the board's clock: lanes longer than a screen.
      const server = createBoardServer({
        sheets: new MemorySheets(seedTabs(generateBookings(300, { now: NOW }))),
        lock: new MemoryLock(),
        clock: { now: () => NOW, localIso: (ms) => new Date(ms).toISOString() },
      });
      const all = server.boardLoad();

      // Act
      const output = renderBoardPage(html, all);

      // Assess
      const json = /<script[^>]*>([\s\S]*)<\/script>/.exec(output.getContent())?.[1] ?? '';
      const inlined = JSON.parse(json) as BoardState;
      const nowMs = Date.parse(inlined.loadedAt);
      const upcoming = all.cards
        .filter((card) => !isPastTrip(card, nowMs))
        .sort((a, b) => boardOrder(a, b, nowMs));
      const newLane = upcoming.filter((card) => card.lane === 'New Bookings');
      expect(newLane.length).toBeGreaterThan(FIRST_SCREEN_CARDS);
      // Each lane: its first upcoming cards in board order, no past ones.
      for (const lane of all.lanes) {
        const inLane = upcoming.filter((card) => card.lane === lane);
        expect(inlined.cards.filter((card) => card.lane === lane).map((c) => c.bookingId)).toEqual(
          inLane.slice(0, FIRST_SCREEN_CARDS).map((c) => c.bookingId),
        );
        if (inLane.length) expect(inlined.laneTotals?.[lane]).toEqual(totalsOf(inLane));
      }
      expect(inlined.leftOut).toBe(all.cards.length - inlined.cards.length);
      expect(output.getTitle()).toBe('Charter board');
      expect(output.getMetaTags()[0]?.getName()).toBe('viewport');
      expect(frameOptionsHeader(output)).toBe('DENY');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('names the menu items the board page mentions from the one menu definition', () => {
      // Prepare
      const html = createHtmlService({ htmlDir: path.join(__dirname, '../../../gas/html') });
      const { server } = setup();

      // Act
      const page = renderBoardPage(html, server.boardLoad()).getContent().replace(/\s+/g, ' ');

      // Assess
      expect(page).toContain(`from ${escapeHtml(menuPath('newBooking'))}`);
      expect(page).toContain(`that ${escapeHtml(menuPath('monthReport'))} rewrites`);
      expect(page).not.toMatch(/<\?=/);
    });
  });
});

function KANBAN_COL(header: string): number {
  return seedTabs()[TABS.kanban]![0]!.indexOf(header);
}
