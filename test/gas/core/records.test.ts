/**
 * The Bookings and Kanban rows (gas/core/records.ts): what a step cell may say and how it is
 * read, how a booking and its card are written to a tab and read back, and which rows the next
 * run sends to the bridge again. Tabs come from the in-memory sheet after "Set up sheet".
 */
import { computeFinance, DEFAULT_FINANCE_SETTINGS } from '../../../shared/finance';
import { NO_CREW, type KanbanCard } from '../../../shared/kanban';
import { PROVIDER_LABELS } from '../../../shared/providers';
import {
  bookingCells,
  cardProblems,
  centsOf,
  handledCell,
  idList,
  isWaitingForCaptain,
  needsDelivery,
  readCard,
  readMoneyCell,
  setSteps,
  stableJson,
  STEP_CELL,
  stepStateOf,
  storedBooking,
  upsertCard,
  wholeNumberOf,
} from '../../../gas/core/records';
import {
  BOOKINGS_HEADERS,
  KANBAN_HEADERS,
  TABS,
  type BookingsHeader,
  type KanbanHeader,
} from '../../../gas/sheets/schema';
import { Table, writeChanges } from '../../../gas/sheets/table';
import { workedExampleBooking } from '../../lambda-bridge/helpers';
import { fakeServices, type FakeSheets } from './support/fake-services';

function bookingsOf(sheets: FakeSheets): Table<BookingsHeader> {
  return new Table(TABS.bookings, sheets.read(TABS.bookings), BOOKINGS_HEADERS);
}

function kanbanOf(sheets: FakeSheets): Table<KanbanHeader> {
  return new Table(TABS.kanban, sheets.read(TABS.kanban), KANBAN_HEADERS);
}

function card(overrides: Partial<KanbanCard> = {}): KanbanCard {
  return {
    bookingId: 'XHQGMDH',
    lane: 'New Bookings',
    title: 'Alicia G. · Queen of San Diego',
    startIso: '2024-05-30T09:00:00-07:00',
    guestFirstName: 'Alicia',
    partySize: 6,
    grossCents: 84075,
    crewCostCents: 40000,
    portFeeCents: 15134,
    netCents: 28941,
    ...NO_CREW,
    clashWith: [],
    guestPageUrl: '',
    version: 1,
    updatedAt: '2024-05-01T10:00:00-07:00',
    ...overrides,
  };
}

describe('Function: stepStateOf', () => {
  it.each(Object.entries(STEP_CELL))(
    'reads every word the pipeline writes (%s: "%s")',
    (_k, cell) => {
      expect(stepStateOf(cell)).not.toBe('unreadable');
    },
  );

  it.each([
    ['', 'not-run'],
    ['  done ', 'done'],
    ['failed (permanent)', 'failed'],
    ['failed (rejected)', 'failed'],
    ['skipped (never published)', 'skipped'],
    [`done (${PROVIDER_LABELS.google})`, 'done'],
    ['done (my cousin)', 'unreadable'],
    ['Done', 'unreadable'],
    ['ok', 'unreadable'],
  ])('reads "%s" as %s, never guessing at words the pipeline does not write', (cell, state) => {
    expect(stepStateOf(cell)).toBe(state);
  });
});

describe('Function: handledCell', () => {
  it('names the provider that handled a step, and only a provider it knows', () => {
    expect(handledCell('done', PROVIDER_LABELS.google)).toBe(`done (${PROVIDER_LABELS.google})`);
    expect(handledCell('skipped', 'someone else')).toBe('skipped');
  });
});

describe('Function: isWaitingForCaptain', () => {
  it('holds back only the failures that "Retry failed steps" must send again', () => {
    expect(isWaitingForCaptain(STEP_CELL.failedPermanent)).toBe(true);
    expect(isWaitingForCaptain(` ${STEP_CELL.rejected} `)).toBe(true);
    expect(isWaitingForCaptain(STEP_CELL.failed)).toBe(false);
    expect(isWaitingForCaptain(STEP_CELL.pending)).toBe(false);
  });
});

describe('Money cells', () => {
  it.each<[Parameters<typeof readMoneyCell>[0], ReturnType<typeof readMoneyCell>]>([
    [840.75, { cents: 84075, problem: null }],
    ['$1,234.50', { cents: 123450, problem: null }],
    ['', { cents: 0, problem: null }],
    [null, { cents: 0, problem: null }],
    ['abc', { cents: null, problem: '"abc" is not an amount' }],
  ])('readMoneyCell(%p) is %p', (cell, expected) => {
    expect(readMoneyCell(cell)).toEqual(expected);
  });

  it('counts a card cell it cannot read as 0 (the card is recomputed on every write)', () => {
    expect(centsOf('abc')).toBe(0);
    expect(centsOf(289.41)).toBe(28941);
  });

  it("names each of a card's money cells that holds something other than an amount", () => {
    // Prepare
    const { sheets } = fakeServices();
    const kanban = kanbanOf(sheets);
    upsertCard(kanban, card());
    kanban.set(0, 'Net', 'lots');
    kanban.set(0, 'Gross', '');

    // Act / Assess
    expect(cardProblems(kanban, 0)).toEqual(['Net: "lots" is not an amount']);
  });
});

describe('Booking rows', () => {
  it('writes a booking as dollars the captain can sum and reads the same booking back', () => {
    // Prepare
    const { sheets } = fakeServices();
    const booking = workedExampleBooking();
    const finance = computeFinance(booking, DEFAULT_FINANCE_SETTINGS, 'new');
    const table = bookingsOf(sheets);

    // Act
    table.append(bookingCells(booking, finance));
    writeChanges(sheets, table);
    const reread = bookingsOf(sheets);

    // Assess
    expect(sheets.record(TABS.bookings, 'Booking ID', booking.id)).toMatchObject({
      Start: '2024-05-30T09:00:00-07:00',
      End: '2024-05-30T12:00:00-07:00',
      'Duration (h)': 3,
      'Owner earnings': 840.75,
      Revenue: 840.75,
      'Crew cost': 400,
      'Port fee': 151.34,
      Net: 289.41,
    });
    expect(storedBooking(reread, 0)).toEqual(booking);
  });

  it('has no stored booking when the JSON cell is empty, cut short or not a booking', () => {
    const { sheets } = fakeServices();
    const table = bookingsOf(sheets);
    for (const json of ['', '{"id":', '{"id":"X"}']) table.append({ 'Booking JSON': json });
    expect(table.indexes().map((i) => storedBooking(table, i))).toEqual([null, null, null]);
  });

  it.each([
    [STEP_CELL.pending, false, true],
    [STEP_CELL.failed, false, true],
    [STEP_CELL.done, false, false],
    [STEP_CELL.rejected, false, false],
    [STEP_CELL.rejected, true, true],
    [STEP_CELL.failedPermanent, true, true],
  ])(
    'sends a row whose steps say "%s" again (with refused ones: %s): %s',
    (cell, refused, sent) => {
      // Prepare
      const { sheets } = fakeServices();
      const table = bookingsOf(sheets);
      const index = table.append({ 'Booking JSON': JSON.stringify(workedExampleBooking()) });
      setSteps(table, index, STEP_CELL.done);
      table.set(index, 'Crew event', cell);

      // Act / Assess
      expect(needsDelivery(table, index, refused)).toBe(sent);
    },
  );

  it('never sends a row without a stored booking (a tombstone has nothing to publish)', () => {
    const { sheets } = fakeServices();
    const table = bookingsOf(sheets);
    const index = table.append({});
    setSteps(table, index, STEP_CELL.pending);
    expect(needsDelivery(table, index, true)).toBe(false);
  });
});

describe('Kanban rows', () => {
  it('appends a card for a new booking and rewrites the same row on the next write', () => {
    // Prepare
    const { sheets } = fakeServices();
    const kanban = kanbanOf(sheets);

    // Act
    upsertCard(kanban, card());
    upsertCard(kanban, card({ lane: 'Crew Confirmed', version: 2, clashWith: ['B1', 'C2'] }));
    writeChanges(sheets, kanban);

    // Assess
    expect(sheets.records(TABS.kanban)).toEqual([
      expect.objectContaining({
        Lane: 'Crew Confirmed',
        Version: 2,
        'Clash with': 'B1 C2',
        Net: 289.41,
      }),
    ]);
    expect(readCard(kanbanOf(sheets), 0)).toMatchObject({
      lane: 'Crew Confirmed',
      netCents: 28941,
      clashWith: ['B1', 'C2'],
      version: 2,
    });
  });

  it('reads a version or party size the captain typed over as unknown, not as a number', () => {
    const { sheets } = fakeServices();
    const kanban = kanbanOf(sheets);
    upsertCard(kanban, card());
    kanban.set(0, 'Version', 'two');
    kanban.set(0, 'Party size', '6 adults');
    expect(readCard(kanban, 0)).toMatchObject({ version: 0, partySize: null });
  });
});

describe('Small readers', () => {
  it('reads an id list separated by spaces or commas', () => {
    expect(idList(' A12, B34  C56 ')).toEqual(['A12', 'B34', 'C56']);
    expect(idList('')).toEqual([]);
  });

  it.each([
    [6, 6],
    [' 12 ', 12],
    ['6.5', null],
    ['', null],
    [null, null],
    ['99999999999999999999', null],
  ])('reads %p as the whole number %p', (cell, n) => {
    expect(wholeNumberOf(cell)).toBe(n);
  });

  it('writes equal objects to the same JSON whatever the key order (content hashes)', () => {
    expect(stableJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      stableJson({ a: { d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
  });
});
