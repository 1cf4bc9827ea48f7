import {
  REPORT_HEADERS,
  reportTabValues,
  readReport,
  writeReportTab,
} from '../../../gas/kanban/report';
import { TABS } from '../../../gas/sheets/schema';
import { monthReport } from '../../../shared/report';
import { MemorySheets } from '../../../local/board-harness/memory-sheets';
import { generateBookings, seedTabs, SAMPLE_BOOKINGS } from '../../../local/board-harness';

describe('Module: month report', () => {
  describe('Function: readReport', () => {
    it('adds up the Bookings rows per month and boat, exactly, leaving cancelled bookings out', () => {
      // Prepare
      const sheets = new MemorySheets(seedTabs(SAMPLE_BOOKINGS));

      // Act
      const { report, problems } = readReport(sheets);

      // Assess: Oct has Olivia; Nov Maria, Tom, Priya and Chen; Dec Sam (Daniel cancelled).
      expect(problems).toEqual([]);
      expect(report.months.map((m) => [m.month, m.charters])).toEqual([
        ['2026-10', 1],
        ['2026-11', 4],
        ['2026-12', 1],
      ]);
      // 840.75 + 612.00 + 1,980.00 + 920.50 earned; crew 500 + 400 + 900 + 500 (deckhands 2 x $25
      // x (h + 2), captain $50 x h); port fee 18% of each, to the cent: 151.34 + 110.16 + 356.40
      // + 165.69.
      expect(report.months[1]!.boats).toEqual([
        {
          boat: 'Sea Breeze (42 ft Bayliner)',
          charters: 4,
          grossCents: 435_325,
          crewCostCents: 230_000,
          portFeeCents: 78_359,
          netCents: 126_966,
        },
      ]);
      expect(report.charters).toBe(6);
    });

    it('is exact to the cent at 1,000 generated bookings over three boats and 19 months', () => {
      // Prepare: the generator is seeded; 41 of its bookings are cancelled
      const tabs = seedTabs(generateBookings(1000, { now: Date.parse('2026-11-23T16:00:00Z') }));

      // Act
      const { report, problems } = readReport(new MemorySheets(tabs));

      // Assess: the totals of the 959 rows' cells, added up in decimal outside the product
      expect(problems).toEqual([]);
      expect(report).toMatchObject({
        charters: 959,
        grossCents: 84_724_490,
        crewCostCents: 50_250_000,
        portFeeCents: 15_250_435,
        netCents: 19_224_055,
      });
      expect(report.months).toHaveLength(19);
      expect(new Set(report.months.flatMap((m) => m.boats.map((b) => b.boat)))).toEqual(
        new Set([
          'Blue Heron (36 ft Catalina)',
          'Sea Breeze (42 ft Bayliner)',
          'Windward (50 ft Beneteau)',
        ]),
      );
    });
  });

  describe('Function: writeReportTab', () => {
    it('writes the same figures to the Report tab, in dollars, and blanks what an older report left', () => {
      // Prepare
      const sheets = new MemorySheets(seedTabs(SAMPLE_BOOKINGS));
      // An older, longer report.
      sheets.tabs.set(TABS.report, [
        [...REPORT_HEADERS],
        ...Array.from({ length: 20 }, () => REPORT_HEADERS.map(() => 'old')),
      ]);
      const { report } = readReport(sheets);

      // Act
      writeReportTab(sheets, report);

      // Assess
      const tab = sheets.tabs.get(TABS.report)!;
      expect(tab[0]).toEqual([
        'Month',
        'Boat',
        'Charters',
        'Gross',
        'Crew cost',
        'Port fee',
        'Net',
      ]);
      expect(tab.slice(1, reportTabValues(report).length).map((r) => r.slice(0, 3))).toEqual(
        reportTabValues(report)
          .slice(1)
          .map((r) => r.slice(0, 3)),
      );
      expect(tab.find((r) => r[0] === 'All months')?.slice(2, 4)).toEqual([6, 6213.25]);
      expect(
        tab
          .slice(reportTabValues(report).length)
          .every((r) => r.every((c) => c === '' || c === undefined)),
      ).toBe(true);
    });
  });

  describe('Function: monthReport', () => {
    it('counts one boat once, whatever the spelling of its type in brackets', () => {
      const row = (bookingId: string, boat: string) => ({
        bookingId,
        month: '2026-12',
        boat,
        grossCents: 10_000,
        crewCostCents: 4_000,
        portFeeCents: 1_800,
        netCents: 4_200,
      });
      const report = monthReport([
        row('A', 'Sea Breeze (42 ft Bayliner)'),
        row('B', 'sea breeze'),
        row('C', 'Sea Breeze'),
        row('D', 'Osprey'),
      ]);
      expect(report.months[0]!.boats.map((b) => [b.boat, b.charters, b.netCents])).toEqual([
        ['Osprey', 1, 4_200],
        ['Sea Breeze', 3, 12_600],
      ]);
    });

    it('is empty for no rows', () => {
      expect(monthReport([])).toEqual({
        months: [],
        charters: 0,
        grossCents: 0,
        crewCostCents: 0,
        portFeeCents: 0,
        netCents: 0,
      });
    });
  });
});
