/**
 * Boat clashes: the sweep that finds every clashing pair agrees with a brute-force check of every
 * pair under the one-pair rule, over random bookings; and the one-pair rule itself, by example.
 */
import fc from 'fast-check';
import {
  type BoatInterval,
  boatKey,
  clashes,
  clashesWith,
  clashPairs,
  intervalOf,
} from '../../shared/clash';

const HOUR = 3_600_000;
const at = (id: string, boat: string, startH: number, endH: number): BoatInterval => ({
  id,
  boat,
  startMs: startH * HOUR,
  endMs: endH * HOUR,
});

/** The names the random bookings use, each with the boat it means (the oracle's identity). */
const BOATS: Record<string, string> = {
  'Sea Breeze': 'sea breeze',
  'sea breeze ': 'sea breeze',
  'Sea Breeze (42 ft Bayliner)': 'sea breeze',
  Queen: 'queen',
  'Queen [Sundancer]': 'queen',
  Osprey: 'osprey',
};

/** The oracle: every pair, checked directly against the definition. */
function bruteForce(list: BoatInterval[], bufferMinutes: number): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < list.length; i += 1)
    for (let j = i + 1; j < list.length; j += 1) {
      const a = list[i]!;
      const b = list[j]!;
      const sameBoat = BOATS[a.boat] === BOATS[b.boat];
      const buffer = bufferMinutes * 60_000;
      const apart = a.endMs + buffer <= b.startMs || b.endMs + buffer <= a.startMs;
      if (sameBoat && !apart) pairs.push(a.id < b.id ? [a.id, b.id] : [b.id, a.id]);
    }
  return pairs.sort((x, y) => (x.join(' ') < y.join(' ') ? -1 : x.join(' ') > y.join(' ') ? 1 : 0));
}

const intervals = fc
  .array(
    fc.record({
      boat: fc.constantFrom(...Object.keys(BOATS)),
      start: fc.integer({ min: 0, max: 14 * 24 * 60 }),
      minutes: fc.integer({ min: 15, max: 7 * 24 * 60 }),
    }),
    { maxLength: 40 },
  )
  .map((list) =>
    list.map((r, i) => ({
      id: `B${String(i).padStart(3, '0')}`,
      boat: r.boat,
      startMs: r.start * 60_000,
      endMs: (r.start + r.minutes) * 60_000,
    })),
  );

describe('clash detection', () => {
  it('finds exactly the pairs a brute-force check of every pair finds', () => {
    fc.assert(
      fc.property(intervals, fc.integer({ min: 0, max: 240 }), (list, buffer) => {
        expect(clashPairs(list, buffer)).toEqual(bruteForce(list, buffer));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the one-pair rule for each booking against the others', () => {
    fc.assert(
      fc.property(intervals, fc.integer({ min: 0, max: 240 }), (list, buffer) => {
        const pairs = clashPairs(list, buffer);
        for (const target of list) {
          const expected = pairs
            .filter((p) => p.includes(target.id))
            .map((p) => (p[0] === target.id ? p[1] : p[0]))
            .sort();
          expect(clashesWith(target, list, buffer).sort()).toEqual(expected);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('flags overlapping trips of the same boat, and trips closer than the turnaround buffer', () => {
    expect(clashes(at('A', 'Sea Breeze', 9, 12), at('B', 'Sea Breeze', 11, 14), 60)).toBe(true);
    expect(clashes(at('A', 'Sea Breeze', 9, 12), at('B', 'Sea Breeze', 12.5, 14), 60)).toBe(true);
  });

  it('leaves alone trips exactly one buffer apart, other boats and the booking itself', () => {
    expect(clashes(at('A', 'Sea Breeze', 9, 12), at('B', 'Sea Breeze', 13, 14), 60)).toBe(false);
    expect(clashes(at('A', 'Sea Breeze', 9, 12), at('B', 'Osprey', 10, 11), 60)).toBe(false);
    expect(clashes(at('A', 'Sea Breeze', 9, 12), at('A', 'Sea Breeze', 9, 12), 60)).toBe(false);
  });

  it('knows a boat by its name without a bracketed type, ignoring case and spacing', () => {
    expect(boatKey('Sea Ray 32 (Sundancer)')).toBe(boatKey('Sea Ray 32'));
    expect(boatKey('sea ray  32 [Sundancer]')).toBe(boatKey('Sea Ray 32'));
    expect(boatKey(' Sea Breeze (42 ft Bayliner) ')).toBe('sea breeze');
    expect(boatKey('Sea Ray 32')).not.toBe(boatKey('Sea Ray 320'));
    expect(boatKey('(unknown boat)')).toBe('(unknown boat)');
    expect(
      clashes(at('A', 'Sea Ray 32 (Sundancer)', 9, 12), at('B', 'Sea Ray 32', 11, 14), 60),
    ).toBe(true);
  });

  it('measures a booking from its start instant for its elapsed minutes (across a DST change)', () => {
    const overnight = intervalOf({
      id: 'OVN',
      boat: 'Sea Breeze',
      start: '2025-11-01T18:00:00-07:00',
      durationMinutes: 17 * 60,
    });
    expect(new Date(overnight.endMs).toISOString()).toBe('2025-11-02T18:00:00.000Z');
  });
});
