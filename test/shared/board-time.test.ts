import { isPastTrip, noTotals, subtractTotals, sumTotals, totalsOf } from '../../shared/board-time';

const card = (grossCents: number, netCents: number) => ({ grossCents, netCents });

describe('Module: board-time totals', () => {
  it('counts cards and adds their money in integer cents', () => {
    expect(totalsOf([card(84_075, 28_941), card(84_075, 28_941), card(1, -3)])).toEqual({
      count: 3,
      grossCents: 168_151,
      netCents: 57_879,
    });
    expect(totalsOf([])).toEqual(noTotals());
  });

  it('adds cards to totals already counted', () => {
    const lane = totalsOf([card(100, 40)]);
    expect(totalsOf([card(50, 20)], lane)).toBe(lane);
    expect(lane).toEqual({ count: 2, grossCents: 150, netCents: 60 });
  });

  it('sums totals of several sets, and subtracts a subset back out', () => {
    // Prepare
    const a = totalsOf([card(100, 40), card(250, 90)]);
    const b = totalsOf([card(75, -5)]);

    // Act
    const both = sumTotals([a, b]);

    // Assess
    expect(both).toEqual({ count: 3, grossCents: 425, netCents: 125 });
    expect(subtractTotals(both, b)).toEqual(a);
    expect(sumTotals([])).toEqual(noTotals());
    expect(a).toEqual({ count: 2, grossCents: 350, netCents: 130 }); // the parts are left as they were
  });
});

describe('Function: isPastTrip', () => {
  const NOW = Date.parse('2026-11-21T16:00:00Z');
  const HOUR = 3600 * 1000;

  it('is past once the trip has ended, not while it is under way', () => {
    expect(isPastTrip({ startMs: NOW - 2 * HOUR, endMs: NOW + HOUR }, NOW)).toBe(false);
    expect(isPastTrip({ startMs: NOW - 2 * HOUR, endMs: NOW - 1 }, NOW)).toBe(true);
  });

  it('goes by the departure when the return is unknown', () => {
    expect(isPastTrip({ startMs: NOW - 1, endMs: null }, NOW)).toBe(true);
    expect(isPastTrip({ startMs: NOW + 1, endMs: null }, NOW)).toBe(false);
  });

  it('never folds away a trip whose start cannot be read, whatever its return', () => {
    expect(isPastTrip({ startMs: null, endMs: NOW - HOUR }, NOW)).toBe(false);
    expect(isPastTrip({ startMs: null, endMs: null }, NOW)).toBe(false);
  });
});
