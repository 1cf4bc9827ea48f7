/**
 * The home page itself: totals, the upcoming charters first (the next departure drawn out),
 * the past ones folded below, then what needs a look (review, ignored mail), then links to
 * every system. Dates in the script's time zone (Settings: booking.timeZone).
 */
import { MENU, menuPath } from '../../gas/entrypoints';
import { TABS } from '../../gas/sheets/schema';
import { CANCELLED_LANE } from '../../shared/lanes';
import { centsFromCell, formatUsd } from '../../shared/money';
import { bookingCard } from './booking-card';
import { escapeHtml, layout, table } from './html';
import type { Row, SandboxReport } from './report';
import type { HomeSandbox } from './types';
import { humanInstant, instantOrNull, scriptTimeZone } from './when';

const MONEY = ['Revenue', 'Crew cost', 'Port fee', 'Net'] as const;

interface Group {
  label: string;
  rows: Row[];
}

function cents(value: unknown): number {
  try {
    return centsFromCell(value === null || value === undefined || value === '' ? 0 : value);
  } catch {
    return 0;
  }
}

/** Charters (cancelled ones apart) and their money per group, exact to the cent. */
function totalsTable(groups: readonly Group[]): string {
  const line = (g: Group) => {
    const active = g.rows.filter((r) => String(r.Status ?? '') !== CANCELLED_LANE);
    const sums = MONEY.map((m) => active.reduce((sum, r) => sum + cents(r[m]), 0));
    const cancelled = g.rows.length - active.length;
    const count = `${active.length} charter${active.length === 1 ? '' : 's'}${cancelled ? ` (+${cancelled} cancelled)` : ''}`;
    return `<tr data-total="${escapeHtml(g.label.toLowerCase())}"><th>${escapeHtml(g.label)}<br><span class="muted count">${count}</span></th>${sums
      .map((c) => `<td class="num${c < 0 ? ' bad' : ''}">${escapeHtml(formatUsd(c))}</td>`)
      .join('')}</tr>`;
  };
  return `<div class="wrap"><table class="totals"><thead><tr><th></th>${MONEY.map((m) => `<th>${m}</th>`).join('')}</tr></thead><tbody>${groups.map(line).join('')}</tbody></table></div>`;
}

/** The crew checklist link of each booking, read from its captain e-mails (the latest wins). */
function checklistLinks(report: SandboxReport): Map<string, string> {
  const links = new Map<string, string>();
  for (const e of report.emails) {
    if (e.source !== 'ses') continue;
    const link = /Crew checklist: (\S+)/.exec(e.text)?.[1];
    const id = report.bookings
      .map((b) => String(b['Booking ID'] ?? ''))
      .find((bid) => bid && e.subject.includes(bid));
    if (link && id) links.set(id, link);
  }
  return links;
}

function bookingsSection(report: SandboxReport, timeZone: string, now: number): string {
  const start = (r: Row) => instantOrNull(r.Start) ?? 0;
  const end = (r: Row) => instantOrNull(r.End) ?? start(r);
  const upcoming = report.bookings.filter((r) => end(r) >= now).sort((a, b) => start(a) - start(b));
  const past = report.bookings.filter((r) => end(r) < now).sort((a, b) => start(b) - start(a));
  const nextId = upcoming.find((r) => String(r.Status ?? '') !== CANCELLED_LANE)?.['Booking ID'];
  const checklists = checklistLinks(report);
  const cards = (rows: Row[]) =>
    rows
      .map((row) => {
        const id = String(row['Booking ID'] ?? '');
        const page = report.guestPages.find((p) => p.slug === id.toLowerCase() && p.status === 200);
        return bookingCard({
          row,
          card: report.kanban.find((c) => c.bookingId === id),
          guestPagePath: page ? page.path : null,
          checklistLink: checklists.get(id) ?? null,
          timeZone,
          next: id === nextId,
        });
      })
      .join('');
  if (report.bookings.length === 0) return '<h2>Bookings</h2><p class="muted">No bookings yet.</p>';
  return `${totalsTable([
    { label: 'Upcoming', rows: upcoming },
    { label: 'Past', rows: past },
    { label: 'All', rows: report.bookings },
  ])}
    <p class="muted">Times in ${escapeHtml(timeZone)} (Settings: booking.timeZone).</p>
    <section id="upcoming"><h2>Upcoming (${upcoming.length})</h2>
    ${upcoming.length ? `<div class="cards">${cards(upcoming)}</div>` : '<p class="muted">No upcoming charters.</p>'}</section>
    <details id="past"${upcoming.length ? '' : ' open'}><summary><h2>Past (${past.length})</h2></summary>
    <div class="cards">${cards(past)}</div></details>`;
}

export async function overview(sandbox: HomeSandbox): Promise<string> {
  const report = await sandbox.report();
  const timeZone = scriptTimeZone(sandbox.tab(TABS.settings));
  const bookings = bookingsSection(report, timeZone, Date.now());
  const lastRun = sandbox.runHistory.at(-1);
  return layout(
    'Charter sandbox',
    `<h1>Charter sandbox</h1>
    <p>Everything runs on this machine: the Apps Script bundle on in-memory services, the bridge,
    DynamoDB/S3/SES emulators, the calendar and SCC stand-ins and the local edge.
    State: <code>${escapeHtml(sandbox.stateDir)}</code>. Inbox folder: <code>${escapeHtml(sandbox.inbox.dir)}</code>.</p>
    <p><form method="post" action="/actions/process-inbox"><button>${MENU.processInbox.label}</button></form>
    <form method="post" action="/actions/retry"><button>${MENU.retryFailed.label}</button></form>
    <a href="/report.json">report.json</a></p>
    ${lastRun ? `<p class="muted">Last run (${escapeHtml(lastRun.trigger)}, ${escapeHtml(humanInstant(Date.parse(lastRun.at), timeZone))}): ${escapeHtml(lastRun.summary)}</p>` : ''}
    ${report.errors.length ? `<p class="bad">${report.errors.map(escapeHtml).join('<br>')}</p>` : ''}
    ${bookings}
    ${
      report.review.length
        ? `<h2>Needs review</h2>${table([
            ['File', 'Subject', 'Why'],
            ...report.review.map((r) => [r.file, r.subject, r.reason]),
          ])}`
        : ''
    }
    ${
      report.ignored.length
        ? `<h2>Ignored</h2>${table([
            ['File', 'Subject', 'Kind'],
            ...report.ignored.map((r) => [r.file, r.subject, r.kind]),
          ])}`
        : ''
    }
    <h2>Everything else</h2>
    <ul>
      <li><a href="/board">Kanban board</a> (${report.kanban.length} cards)</li>
      <li><a href="/board/dialog/new-booking">${MENU.newBooking.label}</a> (the "${escapeHtml(menuPath('newBooking'))}" dialog)</li>
      <li><a href="/sheet">Spreadsheet</a>: ${Object.values(TABS)
        .map((t) => `<a href="/sheet/${encodeURIComponent(t)}">${escapeHtml(t)}</a>`)
        .join(', ')}</li>
      <li>Guest pages: ${report.guestPages.map((p) => `<a href="${escapeHtml(p.path)}">${escapeHtml(p.path)}</a>`).join(', ') || 'none'}</li>
      <li><a href="/emails">E-mails</a> (${report.emails.length})</li>
      <li>Providers: calendar <strong>${escapeHtml(report.providers.calendar)}</strong>, crew <strong>${escapeHtml(report.providers.crew)}</strong> (Settings: provider.calendar, provider.crew)</li>
      <li><a href="/google-calendar">Google Calendar</a> (${report.googleCalendar.events.length} entries)</li>
      <li><a href="/calendar">Calendar stand-in</a> (${report.calendar.length} entries)</li>
      <li><a href="/scc">SCC stand-in</a> (${report.crewEvents.length} crew events)</li>
      <li><a href="/invalidations">CloudFront invalidations</a> (${report.invalidations.length})</li>
      <li><a href="/inbox">Inbox</a>: ${report.messages.length} messages, ${report.review.length} need review, ${report.ignored.length} ignored</li>
    </ul>`,
  );
}
