/**
 * The sandbox's one home page server: an overview of every system, the kanban board (the board
 * harness, mounted at /board), the spreadsheet's tabs as HTML tables, the captured e-mails, the
 * stand-ins' state, and the guest pages at /g/{slug} through the local edge.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBridgeLink, passToBridge } from './bridge-links';
import { emailList, emailPage } from './emails-page';
import { escapeHtml, layout, objectTable, table } from './html';
import { flaggedCells } from '../gas-runtime/conditional-format';
import { localizeResponse } from './origin';
import { overview } from './overview';
import { MENU } from '../../gas/entrypoints';
import { readBody, RequestBodyTooLargeError } from '../standins/read-body';
import { TABS } from '../../gas/sheets/schema';
import { scriptTimeZone } from './when';
import { googleCalendarPage, googleCalendarReport } from './providers';
import type { HomeSandbox, StandinName } from './types';

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

/** The actions' forms carry no fields; anything much bigger than an empty form is not ours. */
const MAX_FORM_BYTES = 64 * 1024;

async function readForm(req: IncomingMessage): Promise<void> {
  await readBody(req, MAX_FORM_BYTES); // the actions take no parameters: read and drop
}

export async function handleHome(
  sandbox: HomeSandbox,
  board: BoardHandler,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  try {
    if (isBridgeLink(path)) {
      await passToBridge(sandbox.bridgeUrl, sandbox.homeUrl, req, res);
      return;
    }
    if (path.startsWith('/g/') || path.startsWith('/crew/') || /^\/[^/]+\.html$/.test(path)) {
      await sandbox.edge.handle(req, res);
      return;
    }
    if (path === '/board' || path.startsWith('/board/')) {
      localizeResponse(res, sandbox.homeUrl); // the cards' guest page links
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
      const sheet = sandbox.gas.spreadsheet.sheet(name);
      const styles = sheet ? flaggedCells(sheet) : undefined;
      html(res, 200, layout(name, `<h1>${escapeHtml(name)}</h1>${table(values, { styles })}`));
      return;
    }
    if (path === '/emails') {
      html(res, 200, emailList(await sandbox.emails(), scriptTimeZone(sandbox.tab(TABS.settings))));
      return;
    }
    const emailMatch = /^\/emails\/(\d+)$/.exec(path);
    if (emailMatch) {
      const emails = await sandbox.emails();
      const index = Number(emailMatch[1]);
      const email = emails[index];
      if (!email) html(res, 404, layout('No such e-mail', '<h1>No such e-mail</h1>'));
      else html(res, 200, emailPage(email, index, scriptTimeZone(sandbox.tab(TABS.settings))));
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
      json(res, await sandbox.standinState(stateMatch[1] as StandinName));
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
          <form method="post" action="/actions/process-inbox"><button>${MENU.processInbox.label}</button></form></p>
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
    if (error instanceof RequestBodyTooLargeError) {
      html(res, 413, layout('Too large', `<h1>${escapeHtml(error.message)}</h1>`));
      return;
    }
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
