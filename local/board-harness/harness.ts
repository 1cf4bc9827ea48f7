/**
 * Serves Apps Script HTML (the kanban board from doGet, dialogs such as "New booking") to a real
 * browser, the way Apps Script would: the HtmlOutput's title and meta tags in the head, framing
 * denied unless the output allows it, and a `google.script.run` shim whose calls travel to
 * `POST /rpc/<fn>` and run the SAME global functions (the built Code.js in node:vm, or the board's
 * server module directly) against the same sheet fakes.
 *
 * Shim fidelity: calls are asynchronous; handlers get (value, userObject); arguments and results
 * go through JSON (undefined array slots become null) and, as in Apps Script, a result that
 * contains a Date arrives as null; an unknown function name is undefined on google.script.run.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { frameOptionsHeader, toServedDocument } from '../gas-runtime/html-service';
import { readBody, RequestBodyTooLargeError } from '../standins/read-body';

type HtmlOutput = GoogleAppsScript.HTML.HtmlOutput;

/** The largest `google.script.run` call (its JSON arguments) the harness reads. */
const MAX_RPC_BODY_BYTES = 1_000_000;

/**
 * Where the global functions live: the built Code.js loaded with local/gas-runtime's
 * `loadBundle` (each call is one Apps Script "execution"), a bare node:vm context, or a plain
 * object of functions (e.g. `directBoardGlobals`).
 */
export type GasGlobals = object | GasBundleLike;

export interface GasBundleLike {
  context: object;
  call(name: string, ...args: unknown[]): unknown;
}

function isBundle(gas: GasGlobals): gas is GasBundleLike {
  return (
    typeof (gas as GasBundleLike).call === 'function' &&
    typeof (gas as GasBundleLike).context === 'object'
  );
}

export interface BoardHarnessOptions {
  gas: GasGlobals;
  /** Other pages, e.g. `{ 'new-booking': () => template.evaluate() }` served at /dialog/<name>. */
  dialogs?: Record<string, () => HtmlOutput>;
  /** Functions google.script.run may call; default: every global function not ending in "_". */
  functions?: readonly string[];
  /** Where the handler is mounted when embedded in another server, e.g. "/board". Default "". */
  basePath?: string;
  /** Called before every RPC runs (tests use it to observe or delay calls). */
  onRpc?: (name: string, args: unknown[]) => void | Promise<void>;
}

export interface BoardHarness {
  url: string;
  port: number;
  /** Every RPC served, in order. */
  calls: RpcRecord[];
  stop(): Promise<void>;
}

export interface RpcRecord {
  name: string;
  args: unknown[];
  ok: boolean;
}

function globalFunction(gas: GasGlobals, name: string): ((...args: unknown[]) => unknown) | null {
  const scope = isBundle(gas) ? gas.context : gas;
  const value = (scope as Record<string, unknown>)[name];
  if (typeof value !== 'function') return null;
  if (isBundle(gas)) return (...args: unknown[]) => gas.call(name, ...args);
  return value as (...args: unknown[]) => unknown;
}

function callableNames(gas: GasGlobals): string[] {
  const scope = isBundle(gas) ? gas.context : gas;
  return Object.keys(scope).filter(
    (name) => !name.endsWith('_') && /^[a-z]/.test(name) && globalFunction(gas, name) !== null,
  );
}

function containsDate(value: unknown, seen = new Set<unknown>()): boolean {
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    return true;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  seen.add(value);
  return Object.values(value).some((v) => containsDate(v, seen));
}

/** The google.script.run / google.script.host shim, as a classic script. */
export function shimScript(basePath: string, functions: readonly string[]): string {
  const config = JSON.stringify({ base: basePath, functions }).replace(/</g, '\\u003c');
  return `<script>(function () {
  var config = ${config};
  function makeRunner(success, failure, userObject) {
    var runner = {
      withSuccessHandler: function (fn) { return makeRunner(fn, failure, userObject); },
      withFailureHandler: function (fn) { return makeRunner(success, fn, userObject); },
      withUserObject: function (o) { return makeRunner(success, failure, o); }
    };
    config.functions.forEach(function (name) {
      runner[name] = function () {
        var args = JSON.stringify(Array.prototype.slice.call(arguments));
        fetch(config.base + '/rpc/' + encodeURIComponent(name), {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: args
        })
          .then(function (response) { return response.json(); })
          .then(function (body) {
            if (body.ok) { if (success) success(body.value, userObject); return; }
            var error = new Error(body.error.message);
            error.name = body.error.name;
            if (failure) failure(error, userObject); else console.error(error);
          })
          .catch(function (error) {
            if (failure) failure(error, userObject); else console.error(error);
          });
      };
    });
    return runner;
  }
  window.google = window.google || {};
  window.google.script = {
    run: makeRunner(null, null, undefined),
    host: {
      origin: location.origin,
      close: function () { document.documentElement.setAttribute('data-host-closed', 'true'); },
      setHeight: function () {}, setWidth: function () {},
      editor: { focus: function () {} }
    },
    url: {
      getLocation: function (callback) {
        var parameter = {}, parameters = {};
        new URLSearchParams(location.search).forEach(function (v, k) {
          if (!(k in parameter)) parameter[k] = v;
          (parameters[k] = parameters[k] || []).push(v);
        });
        callback({ hash: location.hash.replace(/^#/, ''), parameter: parameter, parameters: parameters });
      }
    }
  };
})();</script>`;
}

function injectShim(document: string, shim: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(document);
  if (!head) return shim + document;
  const at = head.index + head[0].length;
  return document.slice(0, at) + shim + document.slice(at);
}

/** A call's arguments (its JSON body); a body that is not a JSON array is no arguments. */
async function rpcArguments(req: http.IncomingMessage): Promise<unknown[]> {
  const body = (await readBody(req, MAX_RPC_BODY_BYTES)).toString('utf8');
  try {
    const parsed: unknown = JSON.parse(body || '[]');
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** The shim's failure answer: the failure handler gets an Error with this name and message. */
function rpcFailure(name: string, message: string): string {
  return JSON.stringify({ ok: false, error: { name, message } });
}

function send(
  res: http.ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

function doGetEvent(url: URL): GoogleAppsScript.Events.DoGet {
  const parameter: Record<string, string> = {};
  const parameters: Record<string, string[]> = {};
  url.searchParams.forEach((value, key) => {
    if (!(key in parameter)) parameter[key] = value;
    (parameters[key] ??= []).push(value);
  });
  return {
    queryString: url.search.replace(/^\?/, ''),
    parameter,
    parameters,
    pathInfo: '',
    contextPath: '',
    contentLength: -1,
  } as unknown as GoogleAppsScript.Events.DoGet;
}

/**
 * A request handler for the pages and RPCs; resolves false for paths it does not serve, so a
 * bigger local server (the sandbox) can mount it beside its own routes.
 */
export function createBoardHarnessHandler(options: BoardHarnessOptions): ((
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => Promise<boolean>) & {
  calls: RpcRecord[];
} {
  const base = (options.basePath ?? '').replace(/\/$/, '');
  const calls: RpcRecord[] = [];
  const functions = () => options.functions ?? callableNames(options.gas);

  const servePage = (res: http.ServerResponse, output: HtmlOutput) => {
    const document = injectShim(toServedDocument(output), shimScript(base, functions()));
    const frame = frameOptionsHeader(output);
    send(res, 200, 'text/html; charset=utf-8', document, frame ? { 'x-frame-options': frame } : {});
  };

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith(base)) return false;
    const path = url.pathname.slice(base.length) || '/';

    try {
      if (req.method === 'GET' && (path === '/' || path === '/exec')) {
        const doGet = globalFunction(options.gas, 'doGet');
        if (!doGet) {
          send(res, 404, 'text/plain; charset=utf-8', 'The script has no doGet function.');
          return true;
        }
        servePage(res, doGet(doGetEvent(url)) as HtmlOutput);
        return true;
      }
      const dialog = /^\/dialog\/([A-Za-z0-9_-]+)$/.exec(path);
      if (req.method === 'GET' && dialog) {
        const make = options.dialogs?.[dialog[1] ?? ''];
        if (!make) {
          send(res, 404, 'text/plain; charset=utf-8', `No dialog named ${dialog[1]}.`);
          return true;
        }
        servePage(res, make());
        return true;
      }
      const rpc = /^\/rpc\/([A-Za-z0-9_$]+)$/.exec(path);
      if (req.method === 'POST' && rpc) {
        const name = rpc[1] ?? '';
        const fn = functions().includes(name) ? globalFunction(options.gas, name) : null;
        let args: unknown[];
        try {
          args = await rpcArguments(req);
        } catch (error) {
          if (!(error instanceof RequestBodyTooLargeError)) throw error;
          calls.push({ name, args: [], ok: false });
          send(res, 413, 'application/json', rpcFailure(error.name, error.message));
          return true;
        }
        if (!fn) {
          calls.push({ name, args, ok: false });
          send(
            res,
            404,
            'application/json',
            rpcFailure('ScriptError', `Script function not found: ${name}`),
          );
          return true;
        }
        await options.onRpc?.(name, args);
        try {
          const value = fn(...args);
          calls.push({ name, args, ok: true });
          send(
            res,
            200,
            'application/json',
            JSON.stringify({ ok: true, value: containsDate(value) ? null : (value ?? null) }),
          );
        } catch (error) {
          calls.push({ name, args, ok: false });
          const e = error instanceof Error ? error : new Error(String(error));
          send(res, 500, 'application/json', rpcFailure(e.name, e.message));
        }
        return true;
      }
      if (req.method === 'GET' && path === '/favicon.ico') {
        res.writeHead(204).end();
        return true;
      }
      if (req.method === 'GET' && path === '/healthz') {
        send(res, 200, 'text/plain; charset=utf-8', 'ok');
        return true;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      send(res, 500, 'text/plain; charset=utf-8', `The page could not be produced: ${message}`);
      return true;
    }
    return false;
  };
  return Object.assign(handler, { calls });
}

/** Starts the harness on 127.0.0.1 (port 0 = any free port). */
export async function startBoardHarness(
  options: BoardHarnessOptions & { port?: number; host?: string },
): Promise<BoardHarness> {
  const handler = createBoardHarnessHandler(options);
  const server = http.createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      },
      (error: unknown) => {
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', String(error));
      },
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}${(options.basePath ?? '').replace(/\/$/, '')}/`,
    port,
    calls: handler.calls,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
