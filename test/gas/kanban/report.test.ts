import {
  REPORT_HEADERS,
  reportTabValues,
  readReport,
  writeReportTab,
} from '../../../gas/kanban/report';
import { TABS } from '../../../gas/sheets/schema';
import { centsFromCell } from '../../../shared/money';
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
      const november = report.months[1]!;
      expect(november.boats).toEqual([
        {
          boat: 'Sea Breeze (42 ft Bayliner)',
          charters: 4,
          grossCents: 84075 + 61200 + 198000 + 92050,
          crewCostCents: november.crewCostCents,
          portFeeCents: november.portFeeCents,
          netCents: november.netCents,
        },
      ]);
      expect(report.charters).toBe(6);
    });

    it('equals the sum of the rows to the cent at 1,000 generated bookings over three boats', () => {
      // Prepare
      const tabs = seedTabs(generateBookings(1000, { now: Date.parse('2026-11-23T16:00:00Z') }));
      const sheets = new MemorySheets(tabs);
      const rows = sheets.records(TABS.bookings).filter((r) => r.Status !== 'Cancelled');
      const sum = (header: string) => rows.reduce((t, r) => t + centsFromCell(r[header]), 0);

      // Act
      const { report } = readReport(sheets);

      // Assess
      expect(report.charters).toBe(rows.length);
      expect(report.grossCents).toBe(sum('Revenue'));
      expect(report.crewCostCents).toBe(sum('Crew cost'));
      expect(report.portFeeCents).toBe(sum('Port fee'));
      expect(report.netCents).toBe(sum('Net'));
      for (const month of report.months) {
        expect(month.boats.reduce((t, b) => t + b.netCents, 0)).toBe(month.netCents);
        expect(new Set(month.boats.map((b) => b.boat)).size).toBe(month.boats.length);
      }
      expect(new Set(report.months.flatMap((m) => m.boats.map((b) => b.boat))).size).toBe(3);
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
