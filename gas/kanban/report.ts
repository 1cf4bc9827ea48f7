/**
 * The month report from the Bookings tab (one row per booking, money in exact cents through
 * the pipeline's money reader), and the same figures as the rows of the sheet's Report tab.
 */
import { CANCELLED_LANE } from '../../shared/lanes';
import { dollarsForCell } from '../../shared/money';
import { monthReport, type MonthReport, type ReportRow } from '../../shared/report';
import { MONTH_ABBREVIATIONS } from '../../shared/time';
import { readMoneyCell } from '../core/records';
import type { CellValue, SheetRepository } from '../ports';
import { BOOKINGS_HEADERS, TABS, type BookingsHeader } from '../sheets/schema';
import { Table } from '../sheets/table';

export const REPORT_HEADERS = [
  'Month',
  'Boat',
  'Charters',
  'Gross',
  'Crew cost',
  'Port fee',
  'Net',
] as const;

export interface ReportResult {
  report: MonthReport;
  /** Rows left out because a money cell could not be read (named, never guessed). */
  problems: string[];
}

/** Every booking that is not cancelled, with its money read exactly. */
export function reportRows(bookings: Table<BookingsHeader>): ReportResult {
  const rows: ReportRow[] = [];
  const problems: string[] = [];
  for (const i of bookings.indexes()) {
    const bookingId = bookings.text(i, 'Booking ID');
    if (!bookingId || bookings.text(i, 'Status') === CANCELLED_LANE) continue;
    const month = /^(\d{4}-\d{2})/.exec(bookings.text(i, 'Start'))?.[1];
    const money = (['Revenue', 'Crew cost', 'Port fee', 'Net'] as const).map((h) => ({
      header: h,
      ...readMoneyCell(bookings.get(i, h)),
    }));
    const bad = money.find((m) => m.cents === null);
    if (!month || bad) {
      problems.push(
        `${bookingId}: ${bad ? `${bad.header} ${bad.problem}` : 'the start is not a date'}`,
      );
      continue;
    }
    const [gross, crew, fee, net] = money.map((m) => m.cents ?? 0);
    rows.push({
      bookingId,
      month,
      boat: bookings.text(i, 'Boat'),
      grossCents: gross ?? 0,
      crewCostCents: crew ?? 0,
      portFeeCents: fee ?? 0,
      netCents: net ?? 0,
    });
  }
  return { report: monthReport(rows), problems };
}

export function readReport(sheets: SheetRepository): ReportResult {
  const bookings = new Table<BookingsHeader>(
    TABS.bookings,
    sheets.read(TABS.bookings),
    BOOKINGS_HEADERS,
  );
  return reportRows(bookings);
}

/** "Nov 2026" */
export function monthName(month: string): string {
  const [y, m] = month.split('-');
  return `${MONTH_ABBREVIATIONS[Number(m) - 1] ?? m} ${y}`;
}

/** The Report tab: header, then per month a row per boat and a month total; money in dollars. */
export function reportTabValues(report: MonthReport): CellValue[][] {
  const money = (f: {
    grossCents: number;
    crewCostCents: number;
    portFeeCents: number;
    netCents: number;
  }) => [
    dollarsForCell(f.grossCents),
    dollarsForCell(f.crewCostCents),
    dollarsForCell(f.portFeeCents),
    dollarsForCell(f.netCents),
  ];
  const values: CellValue[][] = [[...REPORT_HEADERS]];
  for (const month of report.months) {
    for (const line of month.boats) {
      values.push([monthName(month.month), line.boat, line.charters, ...money(line)]);
    }
    values.push([`${monthName(month.month)} total`, '', month.charters, ...money(month)]);
  }
  values.push(['All months', '', report.charters, ...money(report)]);
  return values;
}

/**
 * Writes the Report tab (created when missing): the figures, and blank rows over whatever an
 * older, longer report left below them.
 */
export function writeReportTab(sheets: SheetRepository, report: MonthReport): number {
  sheets.ensureTab(TABS.report, REPORT_HEADERS, {
    moneyColumns: ['Gross', 'Crew cost', 'Port fee', 'Net'],
  });
  const values = reportTabValues(report);
  const previous = sheets.lastRow(TABS.report);
  const blank = REPORT_HEADERS.map(() => '');
  while (values.length < previous) values.push([...blank]);
  sheets.write(TABS.report, 1, 1, values);
  sheets.flush();
  return report.months.length;
}
