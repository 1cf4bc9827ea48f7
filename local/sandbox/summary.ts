/** The sandbox report as text for a terminal (`npm start` prints it; --once logs it). */
import { formatCellUsd, type SandboxReport } from './report';

/** A readable summary: per booking its finances, each system's step, and links. */
export function summaryText(report: SandboxReport): string {
  const lines: string[] = [];
  const money = (value: unknown) =>
    value === null || value === undefined || value === '' ? '-' : formatCellUsd(value);
  lines.push(`Bookings (${report.bookings.length}):`);
  for (const b of report.bookings) {
    const id = String(b['Booking ID'] ?? '');
    const card = report.kanban.find((c) => c.bookingId === id);
    lines.push(
      `  ${id}  ${card?.title ?? ''}  ${String(b.Guest ?? '')}  [${String(b.Status ?? card?.lane ?? '')}]`,
    );
    lines.push(
      `    revenue ${money(b.Revenue)}  crew ${money(b['Crew cost'])}  port fee ${money(b['Port fee'])}  net ${money(b.Net)}`,
    );
    const breakdown = report.finances.find((f) => f.bookingId === id);
    if (breakdown && breakdown.crew.length > 0)
      lines.push(
        `    crew: ${breakdown.crew
          .map((c) => `${c.count} x ${c.role} x ${c.hours}h = ${money(c.cost)}`)
          .join(', ')}; port fee ${breakdown.portFeePercent.replace(/\.00$/, '')}%`,
      );
    const steps = [
      'Calendar',
      'Crew event',
      'Checklist',
      'Guest page',
      'Invalidation',
      'Captain e-mail',
    ]
      .map((s) => `${s.toLowerCase()}: ${String(b[s] ?? '') || '-'}`)
      .join(' | ');
    lines.push(`    ${steps}`);
    if (b['Last error']) lines.push(`    last error: ${String(b['Last error'])}`);
    const slug = id.toLowerCase();
    const page = report.guestPages.find((p) => p.slug === slug);
    if (page) lines.push(`    guest page: ${page.url} (${page.status})`);
  }
  lines.push(
    `Calendar entries: ${report.calendar.length}   Crew events: ${report.crewEvents.length}   Invalidations: ${report.invalidations.length}   E-mails: ${report.emails.length}`,
  );
  if (report.review.length > 0) {
    lines.push(`Needs review (${report.review.length}):`);
    for (const r of report.review) lines.push(`  ${r.file ?? r.subject}: ${r.reason}`);
  }
  if (report.ignored.length > 0) {
    lines.push(`Ignored (${report.ignored.length}):`);
    for (const r of report.ignored) lines.push(`  ${r.file ?? r.subject}: ${r.kind}`);
  }
  if (report.errors.length > 0) {
    lines.push('ERRORS:');
    for (const e of report.errors) lines.push(`  ${e}`);
  }
  return lines.join('\n');
}
