/**
 * The month report: per month and per boat, how many charters, gross, crew cost, port fee and
 * net, in integer cents. Every total is the plain sum of the booking rows it covers (no
 * rounding happens here), so the report always equals the sum of the rows, to the cent.
 * Cancelled bookings are not charters and are left out. Boats are told apart by the one boat
 * identity rule (shared/clash.ts), so "Sea Breeze" and "Sea Breeze (42 ft Bayliner)" share a
 * line, named by the first of their spellings in alphabetical order.
 */
import { boatKey } from './clash';

export interface ReportRow {
  bookingId: string;
  /** "2026-11": the month of the charter's local start. */
  month: string;
  boat: string;
  grossCents: number;
  crewCostCents: number;
  portFeeCents: number;
  netCents: number;
}

export interface ReportFigures {
  charters: number;
  grossCents: number;
  crewCostCents: number;
  portFeeCents: number;
  netCents: number;
}

export interface ReportLine extends ReportFigures {
  boat: string;
}

export interface ReportMonth extends ReportFigures {
  month: string;
  boats: ReportLine[];
}

export interface MonthReport extends ReportFigures {
  /** Oldest month first. */
  months: ReportMonth[];
}

function zero(): ReportFigures {
  return { charters: 0, grossCents: 0, crewCostCents: 0, portFeeCents: 0, netCents: 0 };
}

function add(total: ReportFigures, row: ReportRow | ReportFigures): void {
  total.charters += 'charters' in row ? row.charters : 1;
  total.grossCents += row.grossCents;
  total.crewCostCents += row.crewCostCents;
  total.portFeeCents += row.portFeeCents;
  total.netCents += row.netCents;
}

export function monthReport(rows: readonly ReportRow[]): MonthReport {
  const months = new Map<string, Map<string, ReportLine>>();
  for (const row of rows) {
    const boats = months.get(row.month) ?? new Map<string, ReportLine>();
    months.set(row.month, boats);
    const boat = row.boat.trim() || '(no boat)';
    const key = boatKey(boat);
    const line = boats.get(key) ?? { boat, ...zero() };
    if (boat < line.boat) line.boat = boat;
    boats.set(key, line);
    add(line, row);
  }
  const report: MonthReport = { months: [], ...zero() };
  for (const month of [...months.keys()].sort()) {
    const boats = [...(months.get(month)?.values() ?? [])].sort((a, b) =>
      a.boat < b.boat ? -1 : a.boat > b.boat ? 1 : 0,
    );
    const total: ReportMonth = { month, boats, ...zero() };
    for (const line of boats) add(total, line);
    report.months.push(total);
    add(report, total);
  }
  return report;
}
