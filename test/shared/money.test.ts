import fc from 'fast-check';
import {
  centsFromCell,
  centsToDecimalString,
  dollarsForCell,
  divideRoundHalfUp,
  formatUsd,
  hourlyCost,
  parseMoney,
  parsePercentToBasisPoints,
  percentOf,
} from '../../shared/money';

describe('money: the one rounding rule', () => {
  it('rounds half-up on cents', () => {
    expect(divideRoundHalfUp(151_335, 10)).toBe(15_134); // 151.335 -> 151.34
    expect(divideRoundHalfUp(151_334, 10)).toBe(15_133);
    expect(divideRoundHalfUp(5, 10)).toBe(1);
    expect(divideRoundHalfUp(4, 10)).toBe(0);
  });

  it('rounds negatives away from zero, mirroring the positive case', () => {
    expect(divideRoundHalfUp(-5, 10)).toBe(-1);
    expect(divideRoundHalfUp(-4, 10)).toBe(0);
  });

  it('agrees with exact rational rounding for any integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
        const q = divideRoundHalfUp(n, d);
        // q is the nearest integer, and an exact tie (n/d = q + 1/2) would mean it rounded down.
        expect(2 * Math.abs(n - q * d)).toBeLessThanOrEqual(d);
        if (2 * (n - q * d) === d) throw new Error(`tie ${n}/${d} resolved downward`);
      }),
    );
  });

  it('refuses fractional operands instead of hiding float error', () => {
    expect(() => divideRoundHalfUp(1.5, 2)).toThrow(/integer/);
    expect(() => divideRoundHalfUp(1, 0)).toThrow(/non-zero/);
  });

  it('computes percentages and hourly costs through the same rule', () => {
    expect(percentOf(84_075, 1800)).toBe(15_134);
    expect(hourlyCost(2500, 300)).toBe(12_500);
    expect(hourlyCost(3333, 20)).toBe(1111); // 11.11
    expect(hourlyCost(1001, 30)).toBe(501); // 5.005 -> 5.01
  });
});

describe('money: parsing what people and Boatsetter write', () => {
  it.each([
    ['$840.75', 84_075],
    ['$1,240.50', 124_050],
    ['1240.5', 124_050],
    ['-$120.11', -12_011],
    ['$-120.11', -12_011],
    ['($431.25)', -43_125],
    ['USD 12', 1200],
    ['\u00a0$3,450.00 ', 345_000],
  ])('%s -> %i cents', (text, cents) => {
    expect(parseMoney(text)).toBe(cents);
  });

  it.each(['', '$', '12.345', '1,23', 'abc', '$1,2345.00'])('rejects %j', (text) => {
    expect(() => parseMoney(text)).toThrow(/not an amount/);
  });

  it('round-trips every amount through its decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), (cents) => {
        expect(parseMoney(centsToDecimalString(cents))).toBe(cents);
        expect(parseMoney(formatUsd(cents))).toBe(cents);
      }),
    );
  });

  it('formats for people and for reports', () => {
    expect(formatUsd(124_050)).toBe('$1,240.50');
    expect(formatUsd(-12_011)).toBe('-$120.11');
    expect(centsToDecimalString(28_941)).toBe('289.41');
    expect(centsToDecimalString(5)).toBe('0.05');
  });

  it('reads percentages into basis points', () => {
    expect(parsePercentToBasisPoints('18')).toBe(1800);
    expect(parsePercentToBasisPoints('12.5 %')).toBe(1250);
    expect(() => parsePercentToBasisPoints('12.555')).toThrow(/percentage/);
  });
});

describe('money: spreadsheet cells', () => {
  it('reads numbers and text exactly', () => {
    expect(centsFromCell(840.75)).toBe(84_075);
    expect(centsFromCell(0.29)).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(centsFromCell('$1,240.50')).toBe(124_050);
    expect(centsFromCell(-12)).toBe(-1200);
    expect(centsFromCell(0.1 + 0.2)).toBe(30); // floating-point noise from a formula, not a fraction of a cent
  });

  it('refuses what is not a whole number of cents instead of rounding it', () => {
    expect(() => centsFromCell(840.755)).toThrow(/not an amount/);
    expect(() => centsFromCell(151.335)).toThrow(/not an amount/);
    expect(() => centsFromCell(Number.NaN)).toThrow(/not an amount/);
    expect(() => centsFromCell('')).toThrow(/not an amount/);
  });

  it('writes cents as dollars and reads them back unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), (cents) => {
        expect(centsFromCell(dollarsForCell(cents))).toBe(cents);
      }),
    );
    expect(() => dollarsForCell(1.5)).toThrow(/whole number of cents/);
  });
});
