/**
 * The money filter (shared/crew-facing.ts): no money figure in any form survives it, and the
 * numbers crew need (party size, times, dates, phone numbers, lengths) all do.
 */
import fc from 'fast-check';
import { crewSafeNotes, mentionsMoney, redactMoney } from '../../shared/crew-facing';
import {
  digitsOf,
  everydayNumbers,
  fullwidth,
  moneyPhrase,
  plainText,
  spelledMoney,
} from './money-forms';

const CURRENCY_SIGN = /\p{Sc}/u;

describe('money filter (property)', () => {
  it('removes every money figure embedded in random text, in short fields and in notes', () => {
    fc.assert(
      fc.property(
        plainText,
        moneyPhrase,
        plainText,
        fc.constantFrom(' ', ', ', ' (', ': ', '\n'),
        fc.constantFrom(' ', '. ', ') ', '; ', '\n'),
        (before, money, after, open, close) => {
          // Prepare
          const text = `${before}${open}${money}${close}${after}`;

          // Act
          const field = redactMoney(text);
          const notes = crewSafeNotes(text);

          // Assess: the text around had no digits and no currency, so none may be left
          for (const out of [field, notes]) {
            expect(digitsOf(out)).toBe('');
            expect(out).not.toMatch(CURRENCY_SIGN);
          }
          expect(mentionsMoney(money)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('removes spelled-out amounts with a currency word', () => {
    fc.assert(
      fc.property(plainText, spelledMoney, plainText, (before, money, after) => {
        const text = `${before} ${money}. ${after}`;
        expect(redactMoney(text)).not.toContain(money);
        expect(crewSafeNotes(text)).not.toContain(money);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every everyday number and removes every amount when both are in one text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(everydayNumbers, moneyPhrase), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('. ', '; ', '\n'),
        (parts, sep) => {
          // Prepare: the digits that must remain are exactly those of the everyday numbers
          const everyday = parts.filter((p) => !mentionsMoney(p));
          const text = parts.join(sep);

          // Act
          const field = redactMoney(text);
          const notes = crewSafeNotes(text);

          // Assess
          for (const out of [field, notes]) {
            expect(digitsOf(out)).toBe(digitsOf(everyday.join('')));
            expect(out).not.toMatch(CURRENCY_SIGN);
          }
          for (const keep of everyday) expect(notes).toContain(keep);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('never takes an everyday number for money', () => {
    fc.assert(
      fc.property(everydayNumbers, plainText, (numbers, words) => {
        const text = `${words} ${numbers}`.trim();
        expect(mentionsMoney(numbers)).toBe(false);
        expect(redactMoney(text)).toBe(text);
        expect(crewSafeNotes(text)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('money filter (examples)', () => {
  it.each([
    // the findings
    ['Renter tipped 840,75 in advance', 'Renter tipped in advance'],
    ['Balance ＄840 due', 'Balance due'],
    ['Transfer 960 CHF', 'Transfer'],
    ['Transfer CHF 960', 'Transfer'],
    ['USD840 deposit', 'deposit'],
    ['840USD', ''],
    ['EUR: 40', ''],
    ['1.200,50 €', ''],
    ["CHF 1'200.50", ''],
    ['₹1,20,000', ''],
    ['£ 1 200', ''],
    ['１２００円', ''],
    ['ＵＳＤ８４０', ''],
    ['forty bucks', ''],
    ['$1.2k', ''],
    ['-$840.75', ''],
    ['Queen of San Diego ($1,200/day)', 'Queen of San Diego (/day)'],
    ['Harbor Island 900 USD', 'Harbor Island'],
    ['gate fee 15', 'gate fee'],
  ])('redactMoney(%j) = %j', (input, expected) => {
    expect(redactMoney(input)).toBe(expected);
  });

  it.each([
    'Party of 6, meet at 16:00 at the fuel dock',
    'Back by 4:30 PM; sunset at 19.45',
    'Charter 9.30-12.30, then lunch',
    'Birthday on 2024-05-30 (30.05.2024), cake at 05/30 noon',
    'Call Alicia on +1 619-555-0123 or (619) 555 0123 or 619.555.0123',
    '32 ft Catalina, slip 12, dock 5, 12,5 knots wind, 2.50 h out',
    '1,200 ft anchor line, 45ft boat, 2 kayaks',
    'Bill is bringing his dog',
    'The guest paid already, no need to ask',
    'TOP 5 snorkel spots; ALL 6 GUESTS vegetarian',
    'Crème brûlée for Noé; 日本語のゲスト',
  ])('keeps everyday text: %j', (text) => {
    expect(mentionsMoney(text)).toBe(false);
    expect(redactMoney(text)).toBe(text);
    expect(crewSafeNotes(text)).toBe(text);
  });

  it.each([
    ['$1,200 for the day. Bring towels.', 'Bring towels.'],
    ['1200 USD', ''],
    ['Your earnings: 840.75\nBirthday party', 'Birthday party'],
    ['Kids aboard; gross 960.86', 'Kids aboard;'],
    ['Renter will pay 840 at the dock. Kids aboard.', 'Kids aboard.'],
    ['Tip of forty expected! Whales today.', 'Whales today.'],
    ['Party of 6. Guest paid ＄960,86 already.', 'Party of 6.'],
  ])('crewSafeNotes(%j) = %j: a sentence with a figure in it goes whole', (input, expected) => {
    expect(crewSafeNotes(input)).toBe(expected);
  });

  it('reads fullwidth text as its ASCII twin but leaves it as written', () => {
    expect(redactMoney(fullwidth('Slip 12'))).toBe(fullwidth('Slip 12'));
  });
});
