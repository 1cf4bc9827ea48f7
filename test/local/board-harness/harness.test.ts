import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createBoardHarnessHandler,
  directBoardGlobals,
  MemorySheets,
  seedTabs,
  startBoardHarness,
  type BoardHarness,
} from '../../../local/board-harness';
import { createHtmlService } from '../../../local/gas-runtime/html-service';
import { TABS } from '../../../gas/sheets/schema';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { inlineClientScripts } = require('../../../gas/client/inline-scripts') as {
  inlineClientScripts: (html: string, fileName: string) => string;
};

describe('Module: board harness', () => {
  let dir: string;
  let harness: BoardHarness;
  let sheets: MemorySheets;

  beforeAll(async () => {
    // Prepare: a board.html template like the real one, and extra globals for the RPC rules.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-harness-'));
    fs.writeFileSync(
      path.join(dir, 'board.html'),
      '<!doctype html><html><head><meta charset="utf-8"></head><body>' +
        '<script type="application/json" id="s"><?!= initialStateJson ?></script></body></html>',
    );
    sheets = new MemorySheets(seedTabs());
    const board = directBoardGlobals({ sheets, html: createHtmlService({ htmlDir: dir }) });
    harness = await startBoardHarness({
      gas: {
        ...board,
        withDate: () => ({ when: new Date(0), n: 1 }),
        explode: () => {
          throw new TypeError('boom');
        },
        helper_: () => 'private',
      },
    });
  });

  afterAll(async () => {
    await harness?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rpc = (name: string, args: unknown[] = []) =>
    fetch(`${harness.url}rpc/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });

  it('serves doGet with the title, viewport, framing denied and the shim before any script', async () => {
    const response = await fetch(harness.url);
    const html = await response.text();
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(html).toMatch(
      /^<!doctype html><html><head><script>\(function \(\) \{[\s\S]*<\/script><title>Charter board<\/title><meta name="viewport"/,
    );
    expect(html).toContain('"functions":["doGet","boardLoad","boardMoveCard","boardCardDetail"');
    expect(html).not.toContain('helper_');
  });

  it('runs a server function for POST /rpc/<fn> on the same sheet', async () => {
    const response = await rpc('boardMoveCard', [
      { bookingId: 'BS-48213', toLane: 'Ready', expectedVersion: 1 },
    ]);
    expect(await response.json()).toMatchObject({
      ok: true,
      value: { ok: true, card: { lane: 'Ready' } },
    });
    expect(sheets.records(TABS.kanban)[0]?.Lane).toBe('Ready');
    expect(harness.calls.at(-1)).toMatchObject({ name: 'boardMoveCard', ok: true });
  });

  it('answers like Apps Script: unknown or private functions are not found, Dates make null, errors carry their message', async () => {
    expect(await (await rpc('nope')).json()).toEqual({
      ok: false,
      error: { name: 'ScriptError', message: 'Script function not found: nope' },
    });
    expect((await rpc('helper_')).status).toBe(404);
    expect(await (await rpc('withDate')).json()).toEqual({ ok: true, value: null });
    expect(await (await rpc('explode')).json()).toEqual({
      ok: false,
      error: { name: 'TypeError', message: 'boom' },
    });
  });

  it('answers 413 to a call whose arguments are over 1 MB, without running it', async () => {
    // Prepare
    const before = sheets.records(TABS.kanban)[0]?.Lane;

    // Act
    const response = await rpc('boardMoveCard', [
      { bookingId: 'BS-48213', toLane: 'Done', expectedVersion: 2, padding: 'x'.repeat(1_000_001) },
    ]);

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      ok: false,
      error: {
        name: 'RequestBodyTooLargeError',
        message: 'Request body over 1000000 bytes; send a smaller body',
      },
    });
    expect(sheets.records(TABS.kanban)[0]?.Lane).toBe(before);
    expect(harness.calls.at(-1)).toEqual({ name: 'boardMoveCard', args: [], ok: false });
  });

  it('can be mounted under a path in another server and leaves other paths alone', async () => {
    const handler = createBoardHarnessHandler({ gas: {}, basePath: '/board' });
    const res = { writeHead: jest.fn().mockReturnThis(), end: jest.fn() };
    const handled = await handler({ url: '/other', method: 'GET' } as never, res as never);
    expect(handled).toBe(false);
    expect(await handler({ url: '/board/', method: 'GET' } as never, res as never)).toBe(true);
    expect(res.writeHead).toHaveBeenCalledWith(404, expect.anything());
  });
});

describe('Build step: inlineClientScripts', () => {
  it('makes board.html self-contained and keeps the template scriptlet for the state', () => {
    const source = fs.readFileSync(path.resolve(__dirname, '../../../gas/html/board.html'), 'utf8');
    const built = inlineClientScripts(source, 'board.html');
    expect(built).not.toContain('data-inline');
    expect(built.match(/<\?!= initialStateJson \?>/g)).toHaveLength(1);
    // The template's own scriptlets only: the state and the menu paths (gas/kanban/page.ts).
    expect(built.match(/<\?[\s\S]*?\?>/g)).toEqual([
      '<?= newBookingPath ?>',
      '<?= monthReportPath ?>',
      '<?!= initialStateJson ?>',
    ]);
    expect(built.match(/<\?/g)).toHaveLength(3);
    // Exactly the two <script> elements of the page; nothing in the bundle closes one early.
    expect(built.match(/<script\b/g)).toHaveLength(2);
    expect(built.match(/<\/script>/g)).toHaveLength(2);
  });
});
