/**
 * The home page itself: per booking its trip, crew, money and each bridge step, then what needs a
 * look (review, ignored mail), then links to every system.
 */
import { stepStateOf } from '../../gas/core/records';
import { STEP_COLUMNS, TABS } from '../../gas/sheets/schema';
import { CANCELLED_LANE } from '../../shared/lanes';
import { escapeHtml, layout, table } from './html';
import type { KanbanReportCard } from './report';
import type { HomeSandbox } from './types';
import { retryLine } from './retry-line';

const STEP_HEADERS: readonly string[] = Object.values(STEP_COLUMNS);

function stepClass(value: string): string {
  const state = stepStateOf(value);
  if (state === 'done' || state === 'skipped') return 'ok';
  if (state === 'failed' || state === 'unreadable') return 'bad';
  return 'muted';
}

const CREW_CLASS: Record<string, string> = {
  confirmed: 'ok',
  declined: 'bad',
  pending: '',
  unknown: 'muted',
};
const CREW_MARK: Record<string, string> = {
  confirmed: '\u2713',
  declined: '\u2717',
  waiting: '\u2026',
};

/** The booking's crew at a glance, then each member's answer (the same data as the board's chip). */
function crewLine(card: KanbanReportCard | undefined): string {
  if (!card || card.lane === CANCELLED_LANE) return '';
  const members = card.crew
    .map(
      (m) =>
        `<span class="${m.answer === 'declined' ? 'bad' : m.answer === 'confirmed' ? 'ok' : 'muted'}">${CREW_MARK[m.answer] ?? ''} ${escapeHtml(m.name)} (${escapeHtml(m.role)})</span>`,
    )
    .join(' · ');
  return `<p class="crew">Crew: <strong class="${CREW_CLASS[card.crewState] ?? ''}">${escapeHtml(card.crewStatus || 'not read yet')}</strong>${members ? `<br>${members}` : ''}</p>`;
}

export async function overview(sandbox: HomeSandbox): Promise<string> {
  const report = await sandbox.report();
  const cards = report.bookings
    .map((b) => {
      const id = String(b['Booking ID'] ?? '');
      const slug = id.toLowerCase();
      const card = report.kanban.find((c) => c.bookingId === id);
      const steps = STEP_HEADERS.map((s) => {
        const v = String(b[s] ?? '');
        return `<li>${escapeHtml(s)}: <span class="${stepClass(v)}">${escapeHtml(v || '-')}</span></li>`;
      }).join('');
      const page = report.guestPages.find((p) => p.slug === slug);
      return `<div class="card"><strong>${escapeHtml(id)}</strong> · ${escapeHtml(card?.title ?? '')}<br>
        <span class="muted">${escapeHtml(String(b.Guest ?? ''))} · ${escapeHtml(String(b.Start ?? ''))} · lane ${escapeHtml(card?.lane ?? String(b.Status ?? ''))}</span>
        ${b['Clash with'] ? `<p class="bad">\u26a0 Boat clash with ${escapeHtml(String(b['Clash with']))}</p>` : ''}
        ${crewLine(card)}
        <table><tr><th>Revenue</th><th>Crew</th><th>Port fee</th><th>Net</th></tr>
        <tr><td class="num">${escapeHtml(b.Revenue ?? '')}</td><td class="num">${escapeHtml(b['Crew cost'] ?? '')}</td>
        <td class="num">${escapeHtml(b['Port fee'] ?? '')}</td><td class="num">${escapeHtml(b.Net ?? '')}</td></tr></table>
        <ul>${steps}</ul>${retryLine(b)}
        ${b['Last error'] ? `<p class="bad">${escapeHtml(b['Last error'])}</p>` : ''}
        ${page ? `<a href="${escapeHtml(page.path)}">Guest page ${escapeHtml(page.path)}</a>` : '<span class="muted">no guest page</span>'}
      </div>`;
    })
    .join('');
  const lastRun = sandbox.runHistory.at(-1);
  return layout(
    'Charter sandbox',
    `<h1>Charter sandbox</h1>
    <p>Everything runs on this machine: the Apps Script bundle on in-memory services, the bridge,
    DynamoDB/S3/SES emulators, the calendar and SCC stand-ins and the local edge.
    State: <code>${escapeHtml(sandbox.stateDir)}</code>. Inbox folder: <code>${escapeHtml(sandbox.inbox.dir)}</code>.</p>
    <p><form method="post" action="/actions/process-inbox"><button>Process inbox now</button></form>
    <form method="post" action="/actions/retry"><button>Retry failed steps</button></form>
    <a href="/report.json">report.json</a></p>
    ${lastRun ? `<p class="muted">Last run (${escapeHtml(lastRun.trigger)}, ${escapeHtml(lastRun.at)}): ${escapeHtml(lastRun.summary)}</p>` : ''}
    ${report.errors.length ? `<p class="bad">${report.errors.map(escapeHtml).join('<br>')}</p>` : ''}
    <h2>Bookings</h2><div class="cards">${cards || '<p class="muted">No bookings yet.</p>'}</div>
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
      <li><a href="/board/dialog/new-booking">New booking</a> (the "Charter &gt; New booking" dialog)</li>
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
