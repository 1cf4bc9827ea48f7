import fc from 'fast-check';
import {
  abbreviationAt,
  abbreviationInfo,
  addMinutesInZone,
  DEFAULT_TIME_ZONE,
  dstWindow,
  epochOfIso,
  formatInstantInZone,
  formatOffset,
  minutesBetween,
  offsetAtInstant,
  offsetFor,
  readZonedTime,
  resolveLocalTime,
  resolveTimeZone,
  toLocalIsoWithOffset,
  US_TIME_ZONES,
  type UsTimeZone,
} from '../../../shared/time';
import { icuOffset } from '../icu-offset';

describe('Module: shared/time', () => {
  describe('Function: dstWindow', () => {
    it('starts on the 2nd Sunday of March at 02:00 standard and ends on the 1st Sunday of November at 02:00 daylight', () => {
      // Act
      const la2024 = dstWindow('America/Los_Angeles', 2024);
      const ny2025 = dstWindow('America/New_York', 2025);
      // Assess
      expect(new Date(la2024!.startMs).toISOString()).toBe('2024-03-10T10:00:00.000Z');
      expect(new Date(la2024!.endMs).toISOString()).toBe('2024-11-03T09:00:00.000Z');
      expect(new Date(ny2025!.startMs).toISOString()).toBe('2025-03-09T07:00:00.000Z');
      expect(new Date(ny2025!.endMs).toISOString()).toBe('2025-11-02T06:00:00.000Z');
    });

    it('uses the 1987-2006 rule (1st Sunday of April to last Sunday of October) before 2007', () => {
      const w = dstWindow('America/Chicago', 2006)!;
      expect(new Date(w.startMs).toISOString()).toBe('2006-04-02T08:00:00.000Z');
      expect(new Date(w.endMs).toISOString()).toBe('2006-10-29T07:00:00.000Z');
    });

    it('has no DST window in Arizona or Hawaii', () => {
      expect(dstWindow('America/Phoenix', 2025)).toBeNull();
      expect(dstWindow('Pacific/Honolulu', 2025)).toBeNull();
    });
  });

  describe('Function: offsetAtInstant', () => {
    it('agrees with the ICU time-zone database for every supported zone, 1990-2037', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...US_TIME_ZONES),
          fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2037, 11, 31) }),
          (zone, epochMs) => {
            expect(offsetAtInstant(zone, epochMs)).toBe(icuOffset(zone, epochMs));
          },
        ),
        { numRuns: 3000 },
      );
    });

    it('agrees with ICU one second before and at each transition', () => {
      for (const zone of [
        'America/Los_Angeles',
        'America/Denver',
        'America/Chicago',
        'America/New_York',
        'America/Anchorage',
      ] as UsTimeZone[]) {
        for (let year = 2005; year <= 2030; year += 1) {
          const w = dstWindow(zone, year)!;
          for (const t of [w.startMs - 1000, w.startMs, w.endMs - 1000, w.endMs]) {
            expect([zone, t, offsetAtInstant(zone, t)]).toEqual([zone, t, icuOffset(zone, t)]);
          }
        }
      }
    });
  });

  describe('Function: toLocalIsoWithOffset / offsetFor', () => {
    it('gives the offset in force on the date: PDT in May, PST in December', () => {
      expect(
        toLocalIsoWithOffset('America/Los_Angeles', {
          year: 2024,
          month: 5,
          day: 30,
          hour: 9,
          minute: 0,
        }),
      ).toBe('2024-05-30T09:00:00-07:00');
      expect(
        toLocalIsoWithOffset('America/Los_Angeles', {
          year: 2024,
          month: 12,
          day: 14,
          hour: 9,
          minute: 0,
        }),
      ).toBe('2024-12-14T09:00:00-08:00');
      expect(
        offsetFor('America/Phoenix', { year: 2025, month: 7, day: 4, hour: 12, minute: 0 }),
      ).toBe(-420);
      expect(
        offsetFor('America/Denver', { year: 2025, month: 7, day: 4, hour: 12, minute: 0 }),
      ).toBe(-360);
      expect(
        offsetFor('Pacific/Honolulu', { year: 2025, month: 7, day: 4, hour: 12, minute: 0 }),
      ).toBe(-600);
      expect(
        offsetFor('America/Anchorage', { year: 2025, month: 1, day: 4, hour: 12, minute: 0 }),
      ).toBe(-540);
    });

    it('moves a nonexistent spring-forward time forward by the gap (02:30 -> 03:30 PDT)', () => {
      // Prepare
      const local = { year: 2025, month: 3, day: 9, hour: 2, minute: 30 };
      // Act
      const resolved = resolveLocalTime('America/Los_Angeles', local);
      // Assess
      expect(resolved.status).toBe('gap');
      expect(toLocalIsoWithOffset('America/Los_Angeles', local)).toBe('2025-03-09T03:30:00-07:00');
      expect(offsetFor('America/Los_Angeles', local)).toBe(-420);
    });

    it('reads an ambiguous fall-back time as the first occurrence (daylight) unless an offset is preferred', () => {
      const local = { year: 2025, month: 11, day: 2, hour: 1, minute: 30 };
      expect(resolveLocalTime('America/Los_Angeles', local).status).toBe('ambiguous');
      expect(toLocalIsoWithOffset('America/Los_Angeles', local)).toBe('2025-11-02T01:30:00-07:00');
      expect(toLocalIsoWithOffset('America/Los_Angeles', local, -480)).toBe(
        '2025-11-02T01:30:00-08:00',
      );
    });

    it('rejects dates that do not exist', () => {
      expect(() =>
        toLocalIsoWithOffset('America/Chicago', {
          year: 2025,
          month: 2,
          day: 29,
          hour: 9,
          minute: 0,
        }),
      ).toThrow(/not a real local date/);
    });

    it('round-trips every instant through its local ISO form', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...US_TIME_ZONES),
          fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2040, 0, 1) / 60_000 }),
          (zone, minutes) => {
            const epochMs = minutes * 60_000;
            const iso = formatInstantInZone(zone, epochMs);
            expect(epochOfIso(iso)).toBe(epochMs);
          },
        ),
        { numRuns: 2000 },
      );
    });
  });

  describe('Function: addMinutesInZone (elapsed time)', () => {
    it('ends a 3 h charter from 00:30 on the spring-forward day at 04:30 local', () => {
      expect(addMinutesInZone('2025-03-09T00:30:00-08:00', 180, 'America/Los_Angeles')).toBe(
        '2025-03-09T04:30:00-07:00',
      );
    });

    it('ends a 3 h charter from 00:30 on the fall-back day at 02:30 standard time', () => {
      expect(addMinutesInZone('2025-11-02T00:30:00-07:00', 180, 'America/Los_Angeles')).toBe(
        '2025-11-02T02:30:00-08:00',
      );
    });

    it('crosses midnight for an overnight charter and supports fractional hours', () => {
      expect(addMinutesInZone('2025-08-01T21:00:00-05:00', 300, 'America/Chicago')).toBe(
        '2025-08-02T02:00:00-05:00',
      );
      expect(addMinutesInZone('2025-01-10T10:00:00-05:00', 150, 'America/New_York')).toBe(
        '2025-01-10T12:30:00-05:00',
      );
      expect(minutesBetween('2025-03-09T00:30:00-08:00', '2025-03-09T04:30:00-07:00')).toBe(180);
    });
  });

  describe('Function: readZonedTime', () => {
    it('uses the default zone (America/Los_Angeles) when the mail names none', () => {
      const r = readZonedTime({ year: 2025, month: 7, day: 12, hour: 9, minute: 0 }, null);
      expect(DEFAULT_TIME_ZONE).toBe('America/Los_Angeles');
      expect(r).toMatchObject({
        zone: 'America/Los_Angeles',
        iso: '2025-07-12T09:00:00-07:00',
        mismatch: null,
      });
    });

    it.each([
      ['EDT', 'America/New_York', '2025-07-12T09:00:00-04:00'],
      ['ET', 'America/New_York', '2025-07-12T09:00:00-04:00'],
      ['CDT', 'America/Chicago', '2025-07-12T09:00:00-05:00'],
      ['MDT', 'America/Denver', '2025-07-12T09:00:00-06:00'],
      ['MST', 'America/Phoenix', '2025-07-12T09:00:00-07:00'],
      ['AKDT', 'America/Anchorage', '2025-07-12T09:00:00-08:00'],
      ['HST', 'Pacific/Honolulu', '2025-07-12T09:00:00-10:00'],
      ['PT', 'America/Los_Angeles', '2025-07-12T09:00:00-07:00'],
    ])('reads 9:00 %s on a July date as %s', (abbr, zone, iso) => {
      const r = readZonedTime({ year: 2025, month: 7, day: 12, hour: 9, minute: 0 }, abbr);
      expect(r).toMatchObject({ zone, iso, mismatch: null });
    });

    it('reads MST in winter as Mountain time (Denver), or Arizona when that is the configured zone', () => {
      const local = { year: 2025, month: 1, day: 12, hour: 9, minute: 0 };
      expect(readZonedTime(local, 'MST').zone).toBe('America/Denver');
      expect(readZonedTime(local, 'MST', 'America/Phoenix').zone).toBe('America/Phoenix');
      expect(readZonedTime(local, 'MST').iso).toBe('2025-01-12T09:00:00-07:00');
    });

    it('keeps the wall clock and flags the correction when the abbreviation contradicts the date (PST in July)', () => {
      const r = readZonedTime({ year: 2025, month: 7, day: 12, hour: 9, minute: 0 }, 'PST');
      expect(r.iso).toBe('2025-07-12T09:00:00-07:00');
      expect(r.mismatch).toMatch(
        /stated PST but Pacific time is on PDT on 2025-07-12; used PDT \(-07:00\)/,
      );
    });

    it('lets a stated abbreviation pick the reading of an ambiguous fall-back time', () => {
      const local = { year: 2024, month: 11, day: 3, hour: 1, minute: 30 };
      expect(readZonedTime(local, 'PST').iso).toBe('2024-11-03T01:30:00-08:00');
      expect(readZonedTime(local, 'PDT').iso).toBe('2024-11-03T01:30:00-07:00');
      expect(readZonedTime(local, 'PST').mismatch).toBeNull();
    });
  });

  describe('Function: abbreviationInfo / abbreviationAt / resolveTimeZone / formatOffset', () => {
    it('maps abbreviations to zones and stated offsets', () => {
      expect(abbreviationInfo('pdt')).toMatchObject({
        zone: 'America/Los_Angeles',
        offsetMinutes: -420,
        daylight: true,
      });
      expect(abbreviationInfo('CT')).toMatchObject({
        zone: 'America/Chicago',
        offsetMinutes: null,
      });
      expect(abbreviationInfo('AKST')).toMatchObject({
        zone: 'America/Anchorage',
        offsetMinutes: -540,
      });
      expect(abbreviationInfo('BST')).toBeNull();
    });

    it('names the abbreviation in force', () => {
      expect(abbreviationAt('America/Los_Angeles', Date.UTC(2024, 4, 30, 16))).toBe('PDT');
      expect(abbreviationAt('America/Los_Angeles', Date.UTC(2024, 11, 30, 16))).toBe('PST');
      expect(abbreviationAt('America/Phoenix', Date.UTC(2024, 6, 1))).toBe('MST');
    });

    it('resolves IANA names and common aliases only for supported zones', () => {
      expect(resolveTimeZone('america/new_york')).toBe('America/New_York');
      expect(resolveTimeZone('US/Pacific')).toBe('America/Los_Angeles');
      expect(resolveTimeZone('Eastern')).toBe('America/New_York');
      expect(resolveTimeZone('Europe/Paris')).toBeNull();
    });

    it('formats offsets as ±HH:MM', () => {
      expect(formatOffset(-420)).toBe('-07:00');
      expect(formatOffset(-600)).toBe('-10:00');
      expect(formatOffset(330)).toBe('+05:30');
    });
  });
});
