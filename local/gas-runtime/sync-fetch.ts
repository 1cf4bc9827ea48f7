/**
 * Real HTTP requests made synchronously, as Apps Script's UrlFetchApp makes them: the calling
 * thread posts the requests to a worker thread and blocks (Atomics.wait) until the worker has
 * answered. The worker ends itself after a second without calls (url-fetch-worker.mjs), so no
 * thread outlives the run or test that used it; the next call starts a new one.
 */
import * as path from 'node:path';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';

export interface FetchRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  followRedirects: boolean;
  timeoutMs: number;
}

export type FetchResult =
  | { ok: true; status: number; headers: Record<string, string>; body: string }
  | { ok: false; error: string };

/**
 * The shared state word (index 0), the same numbers in url-fetch-worker.mjs: IDLE (a caller may
 * claim the worker, or the worker may close), BUSY (a caller posted requests and waits), DONE (2:
 * the worker posted the results; the caller reads them and sets IDLE), CLOSED (3: the worker
 * ended for idleness; the next caller starts another).
 */
const IDLE = 0;
const BUSY = 1;

const WORKER_FILE = path.join(__dirname, 'url-fetch-worker.mjs');
const IDLE_MS = 1_000;
/** Beyond the requests' own timeouts: the worker is gone or stuck. */
const ANSWER_GRACE_MS = 10_000;

interface FetchThread {
  worker: Worker;
  port: MessagePort;
  state: Int32Array;
}

let thread: FetchThread | null = null;

function startThread(): FetchThread {
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_FILE, {
    workerData: { state, port: port2, idleMs: IDLE_MS },
    transferList: [port2],
  });
  worker.unref();
  return { worker, port: port1, state };
}

/** Claims the live worker thread, or starts one if there is none or it closed itself. */
function claim(): FetchThread {
  for (;;) {
    thread ??= startThread();
    if (Atomics.compareExchange(thread.state, 0, IDLE, BUSY) === IDLE) return thread;
    thread = null; // CLOSED: a caller never leaves it BUSY or DONE (see fetchSync)
  }
}

/** Performs the requests in parallel; returns when every one has answered or failed. */
export function fetchSync(requests: FetchRequest[]): FetchResult[] {
  const claimed = claim();
  claimed.port.postMessage(requests);
  const limit = Math.max(0, ...requests.map((r) => r.timeoutMs)) + ANSWER_GRACE_MS;
  const deadline = Date.now() + limit;
  while (Atomics.load(claimed.state, 0) === BUSY) {
    const left = deadline - Date.now();
    if (left <= 0 || Atomics.wait(claimed.state, 0, BUSY, left) === 'timed-out') {
      void claimed.worker.terminate();
      if (thread === claimed) thread = null;
      throw new Error(`UrlFetchApp fake: no answer from its worker thread within ${limit} ms`);
    }
  }
  const answer = receiveMessageOnPort(claimed.port);
  Atomics.store(claimed.state, 0, IDLE);
  if (!answer)
    throw new Error('UrlFetchApp fake: its worker thread woke the caller with no answer');
  return answer.message as FetchResult[];
}
