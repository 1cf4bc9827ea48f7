/**
 * The sandbox's one home page server: an overview of every system, the kanban board (the board
 * harness, mounted at /board), the spreadsheet's tabs as HTML tables, the captured e-mails, the
 * stand-ins' state, and the guest pages at /g/{slug} through the local edge.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stepStateOf } from '../../gas/core/records';
import { STEP_COLUMNS, TABS } from '../../gas/sheets/schema';
import { escapeHtml, layout, objectTable, table } from './html';
import { CANCELLED_LANE } from '../../shared/lanes';
import type { KanbanReportCard, ReportEmail } from './report';
import { googleCalendarPage, googleCalendarReport } from './providers';
import type { Sandbox } from './sandbox';

type BoardHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(`${JSON.stringify(value, null, 2)}\n`);
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(303, { location: to });
  res.end();
}

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

async function overview(sandbox: Sandbox): Promise<string> {
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
        <ul>${steps}</ul>
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

function emailList(emails: ReportEmail[]): string {
  return layout(
    'E-mails',
    `<h1>Captured e-mails</h1><p class="muted">SES: sent by the bridge (the captain's summary). Apps Script: sent by the sheet (e.g. the review alert).</p>
    ${table([
      ['#', 'Source', 'To', 'Subject', 'At'],
      ...emails.map((e, i) => [i, e.source, e.to.join(', '), e.subject, e.at]),
    ]).replace(
      /<tr><td>(\d+)<\/td>/g,
      (_m, n: string) => `<tr><td><a href="/emails/${n}">${n}</a></td>`,
    )}`,
  );
}

function emailPage(email: ReportEmail, index: number): string {
  return layout(
    email.subject,
    `<h1>${escapeHtml(email.subject)}</h1>
    <p>From ${escapeHtml(email.from)} to ${escapeHtml(email.to.join(', '))} (${escapeHtml(email.source)}, ${escapeHtml(email.at)}) · <a href="/emails">all e-mails</a></p>
    ${email.html ? `<h2>HTML</h2><iframe sandbox="" title="e-mail ${index}" srcdoc="${escapeHtml(email.html)}"></iframe>` : ''}
    <h2>Text</h2><pre>${escapeHtml(email.text)}</pre>`,
  );
}

async function readForm(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) {
    // the actions take no parameters; drain the body
  }
}

export async function handleHome(
  sandbox: Sandbox,
  board: BoardHandler,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  try {
    if (path.startsWith('/g/') || path.startsWith('/crew/') || /^\/[^/]+\.html$/.test(path)) {
      await sandbox.edge.handle(req, res);
      return;
    }
    if (path === '/board' || path.startsWith('/board/')) {
      if (await board(req, res)) {
        // A card moved on the board is a sheet write: keep it on disk at once.
        if (req.method === 'POST') sandbox.save();
        return;
      }
    }
    if (req.method === 'POST' && path === '/actions/process-inbox') {
      await readForm(req);
      await sandbox.processInbox('menuProcessInbox');
      redirect(res, '/');
      return;
    }
    if (req.method === 'POST' && path === '/actions/retry') {
      await readForm(req);
      await sandbox.processInbox('menuRetryFailed');
      redirect(res, '/');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('405 Method not allowed\n');
      return;
    }
    if (path === '/') {
      html(res, 200, await overview(sandbox));
      return;
    }
    if (path === '/report.json') {
      json(res, await sandbox.report());
      return;
    }
    if (path === '/sheet') {
      const tabs = sandbox.gas.spreadsheet.sheets.map((s) => s.name);
      html(
        res,
        200,
        layout(
          'Spreadsheet',
          `<h1>${escapeHtml(sandbox.gas.spreadsheet.name)}</h1><ul>${tabs
            .map((t) => `<li><a href="/sheet/${encodeURIComponent(t)}">${escapeHtml(t)}</a></li>`)
            .join('')}</ul><p class="muted">Saved as spreadsheet.json in the state folder.</p>`,
        ),
      );
      return;
    }
    if (path.startsWith('/sheet/')) {
      const name = decodeURIComponent(path.slice('/sheet/'.length));
      const values = sandbox.tab(name);
      if (!values) {
        html(res, 404, layout('No such tab', `<h1>No tab "${escapeHtml(name)}"</h1>`));
        return;
      }
      html(res, 200, layout(name, `<h1>${escapeHtml(name)}</h1>${table(values)}`));
      return;
    }
    if (path === '/emails') {
      html(res, 200, emailList(await sandbox.emails()));
      return;
    }
    const emailMatch = /^\/emails\/(\d+)$/.exec(path);
    if (emailMatch) {
      const emails = await sandbox.emails();
      const index = Number(emailMatch[1]);
      const email = emails[index];
      if (!email) html(res, 404, layout('No such e-mail', '<h1>No such e-mail</h1>'));
      else html(res, 200, emailPage(email, index));
      return;
    }
    if (path === '/google-calendar') {
      html(res, 200, googleCalendarPage(googleCalendarReport(sandbox.gas.calendar)));
      return;
    }
    if (path === '/calendar' || path === '/scc' || path === '/invalidations') {
      const which = path === '/calendar' ? 'calendar' : path === '/scc' ? 'scc' : 'cloudfront';
      const state = await sandbox.standinState<Record<string, unknown>>(which);
      const sections = Object.entries(state)
        .filter(([, v]) => Array.isArray(v))
        .map(
          ([k, v]) =>
            `<h2>${escapeHtml(k)} (${(v as unknown[]).length})</h2>${objectTable(
              (v as Array<Record<string, unknown>>).map((item) =>
                typeof item === 'object' && item !== null ? item : { value: item },
              ),
            )}`,
        )
        .join('');
      html(
        res,
        200,
        layout(
          which,
          `<h1>${escapeHtml(which)} stand-in</h1><p><a href="/state/${which}.json">raw state (JSON)</a></p>${sections}`,
        ),
      );
      return;
    }
    const stateMatch = /^\/state\/(calendar|scc|cloudfront)\.json$/.exec(path);
    if (stateMatch) {
      json(res, await sandbox.standinState(stateMatch[1] as 'calendar' | 'scc' | 'cloudfront'));
      return;
    }
    if (path === '/inbox') {
      const messages = sandbox.messages();
      html(
        res,
        200,
        layout(
          'Inbox',
          `<h1>Inbox</h1><p>Folder <code>${escapeHtml(sandbox.inbox.dir)}</code>: drop <code>.eml</code> files in and press
          <form method="post" action="/actions/process-inbox"><button>Process inbox now</button></form></p>
          ${table([['File', 'Subject', 'From', 'Labels'], ...messages.map((m) => [m.file, m.subject, m.from, m.labels.join(', ')])])}
          <h2>Runs</h2>${table([
            ['At', 'Trigger', 'Delivered', 'Summary'],
            ...[...sandbox.runHistory]
              .reverse()
              .map((r) => [r.at, r.trigger, r.delivered.join(', '), r.summary]),
          ])}`,
        ),
      );
      return;
    }
    html(res, 404, layout('Not found', '<h1>Not found</h1><p><a href="/">Home</a></p>'));
  } catch (error) {
    console.error(`[home] ${req.method} ${path}: ${(error as Error).message}`);
    if (!res.headersSent)
      html(
        res,
        500,
        layout('Error', `<h1>Error</h1><pre>${escapeHtml((error as Error).message)}</pre>`),
      );
    else res.end();
  }
}
