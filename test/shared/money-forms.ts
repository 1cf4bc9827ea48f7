/**
 * Generators for the money filter's tests: an amount written the many ways people and
 * marketplaces write one (test/shared/money-filter.property.test.ts, crew-facing-outputs.test.ts),
 * and plain text with no digits and no currency in it to embed them in.
 */
import fc from 'fast-check';
import { mentionsMoney, redactMoney } from '../../shared/crew-facing';

const SYMBOLS = [
  '$',
  '＄',
  '€',
  '£',
  '￡',
  '¥',
  '￥',
  '₹',
  '₩',
  '￦',
  '₽',
  '₺',
  '₪',
  '₫',
  '฿',
  '₱',
  '₦',
  '₴',
  '¢',
  '₿',
  '﷼',
  'US$',
  'CA$',
  'A$',
  'R$',
  'HK$',
  'NT$',
];
const CODES = [
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'MXN',
  'JPY',
  'SEK',
  'INR',
  'BRL',
  'ZAR',
  'AED',
  'THB',
  'XPF',
  'NZD',
  'HKD',
  'PLN',
];
const LOWER_CODES = ['usd', 'eur', 'chf', 'Usd', 'gbp'];
const WORDS = [
  'dollars',
  'bucks',
  'euros',
  'Dollars',
  'cents',
  'pesos',
  'francs',
  'rupees',
  'quid',
  'kr',
  'zł',
  '円',
  '元',
];
const SPACES = ['', ' ', '\u00a0', '\u202f'];

/** Digits of `n` in groups of three joined by `sep` (Indian: last three, then twos). */
function grouped(n: number, sep: string, indian = false): string {
  const s = String(n);
  if (indian && s.length > 3) {
    const head = s.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, sep);
    return `${head}${sep}${s.slice(-3)}`;
  }
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** How the number itself is written; `shaped` ones are amounts even with no currency marker. */
export interface Figure {
  text: string;
  shaped: boolean;
}

export const figure = (cents: number): fc.Arbitrary<Figure> => {
  const whole = Math.floor(cents / 100);
  const frac = String(cents % 100).padStart(2, '0');
  const big = whole >= 1000;
  return fc.constantFrom<Figure>(
    { text: `${whole}`, shaped: false },
    { text: `${whole}.${frac}`, shaped: true },
    { text: `${whole},${frac}`, shaped: true },
    { text: `${grouped(whole, ',')}.${frac}`, shaped: true },
    { text: `${grouped(whole, '.')},${frac}`, shaped: true },
    { text: `${grouped(whole, "'")}.${frac}`, shaped: true },
    { text: `${grouped(whole, ' ')},${frac}`, shaped: true },
    { text: `${grouped(whole, '\u00a0')},${frac}`, shaped: true },
    { text: `${grouped(whole, '\u202f')}`, shaped: big },
    { text: `${grouped(whole, ',')}`, shaped: big },
    { text: `${grouped(whole, '.')}`, shaped: big },
    { text: `${grouped(whole, ',', true)}`, shaped: big },
    { text: `${(whole / 1000).toFixed(1)}k`, shaped: true },
    { text: `${Math.max(1, Math.round(whole / 1000))}k`, shaped: true },
  );
};

/** ASCII to fullwidth (８４０, ＵＳＤ, ＄), as a Japanese keyboard writes them. */
export const fullwidth = (text: string): string =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** One amount with (or, when amount-shaped, without) a currency marker, before or after. */
export const moneyPhrase: fc.Arbitrary<string> = fc
  .integer({ min: 10_000, max: 100_000_000 })
  .chain(figure)
  .chain((fig) => {
    const marked = fc
      .tuple(
        fc.oneof(
          fc.constantFrom(...SYMBOLS).map((m) => ({ m, before: true })),
          fc.constantFrom(...SYMBOLS, ...WORDS).map((m) => ({ m, before: false })),
          fc
            .constantFrom(...CODES, ...LOWER_CODES)
            .chain((m) => fc.boolean().map((before) => ({ m, before }))),
        ),
        fc.constantFrom(...SPACES),
        fc.constantFrom('', '-'),
      )
      .map(([{ m, before }, gap, sign]) => {
        // Letters never touch letters: "rupees 840" is not how anyone writes, "1.2k rupees" is
        const glued = before ? /\p{Ll}$/u.test(m) : /\p{L}$/u.test(fig.text) && /^\p{L}/u.test(m);
        const sp = glued && gap === '' ? ' ' : gap;
        return before ? `${sign}${m}${sp}${fig.text}` : `${sign}${fig.text}${sp}${m}`;
      });
    const phrase = fig.shaped ? fc.oneof(marked, fc.constant(fig.text)) : marked;
    return fc.tuple(phrase, fc.boolean()).map(([p, wide]) => (wide ? fullwidth(p) : p));
  });

/** Spelled-out amounts: "forty bucks", "a hundred dollars". */
export const spelledMoney = fc
  .tuple(
    fc.constantFrom(
      'forty',
      'a hundred',
      'two hundred and fifty',
      'twenty-five',
      'three thousand',
      'Fifty',
    ),
    fc.constantFrom('bucks', 'dollars', 'euros', 'quid'),
  )
  .map(([n, w]) => `${n} ${w}`);

/** Words with no digits and no currency: letters of several scripts and everyday punctuation. */
export const plainText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'the',
        'boat',
        'Guest',
        'sunset',
        'whales',
        'bring',
        'Dock',
        'Noé',
        'Straße',
        '日本',
        'ok',
        'party',
        'kids',
      ),
      // Random words, except the rule's own markers (codes, currency words) and units (2.50 h)
      fc
        .stringMatching(/^[A-Za-zÀ-ÿ]{1,9}$/)
        .filter(
          (w) =>
            !mentionsMoney(`${w} 1`) &&
            !mentionsMoney(`1 ${w}`) &&
            redactMoney(`100.50 ${w}`) === w,
        ),
    ),
    { minLength: 0, maxLength: 6 },
  )
  .map((words) => words.join(' '));

/** Non-money numbers crew need; each must survive the filter exactly as written. */
export const everydayNumbers: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map((n) => `party of ${n}`),
  fc.integer({ min: 1, max: 60 }).map((n) => `${n} guests`),
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `meet at ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `back by ${h}:${String(m).padStart(2, '0')} PM`),
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `at ${h}.${String(m).padStart(2, '0')}`),
  fc
    .date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
    .chain((d) => {
      const [y, mo, da] = d.toISOString().slice(0, 10).split('-');
      return fc.constantFrom(`${y}-${mo}-${da}`, `${da}.${mo}.${y}`, `${mo}/${da}/${y}`);
    }),
  fc
    .tuple(
      fc.integer({ min: 200, max: 999 }),
      fc.integer({ min: 200, max: 999 }),
      fc.integer({ min: 0, max: 9999 }),
    )
    .chain(([a, b, c]) => {
      const d = String(c).padStart(4, '0');
      return fc.constantFrom(
        `+1 ${a}-${b}-${d}`,
        `(${a}) ${b}-${d}`,
        `${a}.${b}.${d}`,
        `+1 ${a} ${b} ${d}`,
      );
    }),
  fc.integer({ min: 18, max: 120 }).map((n) => `${n} ft`),
  fc.integer({ min: 1, max: 40 }).map((n) => `slip ${n}`),
  fc
    .tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 9 }))
    .map(([a, b]) => `${a},${b} knots`),
);

/** The digits of a text, in order. */
export const digitsOf = (text: string): string => (text.match(/\p{Nd}/gu) ?? []).join('');
