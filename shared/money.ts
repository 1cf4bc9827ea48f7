/**
 * Money is always an integer number of cents. There is exactly one rounding rule in the whole
 * product, `divideRoundHalfUp`: every fractional-cent result goes through it.
 */
export type Cents = number;

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

export function assertCents(value: number, what = 'amount'): Cents {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`${what} must be a whole number of cents`);
  return value;
}

/**
 * numerator / denominator rounded half-up on cents (half away from zero for negatives, so that
 * a refund rounds like the charge it mirrors). Both arguments are integers; the result is exact.
 */
export function divideRoundHalfUp(numerator: number, denominator: number): Cents {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new MoneyError('divideRoundHalfUp needs integer operands and a non-zero denominator');
  }
  const negative = numerator < 0 !== denominator < 0;
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const q = Math.floor(n / d);
  const r = n - q * d;
  const rounded = r * 2 >= d ? q + 1 : q;
  return negative && rounded !== 0 ? -rounded : rounded;
}

/** `basisPoints` of `amount` (1800 bp = 18%), rounded by the one rule. */
export function percentOf(amount: Cents, basisPoints: number): Cents {
  assertCents(amount);
  if (!Number.isSafeInteger(basisPoints))
    throw new MoneyError('a percentage is stored in whole basis points');
  return divideRoundHalfUp(amount * basisPoints, 10_000);
}

/** rateCents per hour for `minutes` minutes, rounded by the one rule. */
export function hourlyCost(rateCents: Cents, minutes: number): Cents {
  assertCents(rateCents, 'rate');
  if (!Number.isSafeInteger(minutes) || minutes < 0)
    throw new MoneyError('minutes must be a whole, non-negative number');
  return divideRoundHalfUp(rateCents * minutes, 60);
}

/** "18", "18%", "12.5 %" -> basis points (1800, 1250). At most two decimals. */
export function parsePercentToBasisPoints(text: string): number {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) throw new MoneyError(`not a percentage: "${text}"`);
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(2, '0'));
  return whole * 100 + frac;
}

/**
 * Parses an amount as written by people and by Boatsetter: "$1,240.50", "1240.5", "-$120.11",
 * "($431.25)" (accounting negative), "USD 12". Returns cents. Never goes through floating point.
 */
export function parseMoney(text: string): Cents {
  const cents = readMoney(text);
  if (cents === null) throw new MoneyError(`not an amount of money: "${text}"`);
  return cents;
}

/** `parseMoney` for callers that treat "not an amount" as a normal answer: null instead of a throw. */
export function readMoney(text: string): Cents | null {
  let s = text.replace(/[\s\u00a0]/g, '');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1] ?? '';
  }
  s = s.replace(/^(USD|US\$)/i, '');
  if (s.startsWith('-') || s.startsWith('\u2212')) {
    negative = !negative;
    s = s.slice(1);
  }
  s = s.replace(/^\$/, '');
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  }
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const dollars = Number((m[1] ?? '').replace(/,/g, ''));
  const cents = Number((m[2] ?? '').padEnd(2, '0'));
  const value = dollars * 100 + cents;
  if (!Number.isSafeInteger(value)) return null;
  return negative ? -value : value;
}

/** 84075 -> "840.75"; -12011 -> "-120.11". Used for reports and sheet cells. */
export function centsToDecimalString(cents: Cents): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 124050 -> "$1,240.50"; -12011 -> "-$120.11". */
export function formatUsd(cents: Cents): string {
  const [whole = '0', frac = '00'] = centsToDecimalString(Math.abs(cents)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}$${grouped}.${frac}`;
}

/**
 * A spreadsheet money cell, read exactly: a number of dollars (840.75) or text ("$1,240.50").
 * A number must be a whole number of cents up to binary floating-point noise (a formula's
 * 0.1 + 0.2 is 30 cents); a real fraction of a cent such as 840.755 is an error, never a silent
 * rounding of a figure someone typed or a formula produced.
 */
export function centsFromCell(value: unknown): Cents {
  if (typeof value === 'number') {
    const scaled = value * 100;
    const nearest = Math.round(scaled);
    if (
      !Number.isFinite(scaled) ||
      Math.abs(scaled - nearest) > 1e-9 * Math.max(1, Math.abs(scaled))
    ) {
      throw new MoneyError(`not an amount of money: "${value}"`);
    }
    return assertCents(nearest === 0 ? 0 : nearest);
  }
  return parseMoney(String(value ?? ''));
}

/** Cents as the number of dollars a spreadsheet cell holds (84075 -> 840.75). */
export function dollarsForCell(cents: Cents): number {
  return assertCents(cents) / 100;
}
