// The worker thread of the UrlFetchApp fake (sync-fetch.ts): performs the real HTTP requests of
// one fetch/fetchAll call in parallel, posts the results and wakes the blocked caller. Idle for
// IDLE_MS, it claims the shared state as closed (only while no call is in flight) and ends, so a
// finished test file or sandbox run leaves no thread behind; the next call starts a new one.
import { workerData } from 'node:worker_threads';

const { state, port, idleMs } = workerData;
// The shared state word, as in sync-fetch.ts (1 is BUSY: a caller waits for this answer).
const IDLE = 0;
const DONE = 2;
const CLOSED = 3;

async function perform(r) {
  try {
    const res = await fetch(r.url, {
      method: r.method,
      headers: r.headers,
      body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body,
      redirect: r.followRedirects ? 'follow' : 'manual',
      signal: AbortSignal.timeout(r.timeoutMs),
    });
    const body = await res.text();
    const headers = {};
    res.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { ok: true, status: res.status, headers, body };
  } catch (error) {
    const cause = error && error.cause ? error.cause.code || error.cause.message : null;
    return { ok: false, error: cause || (error && error.message) || String(error) };
  }
}

let idle;
function closeWhenIdle() {
  // A caller that has just claimed the thread (BUSY) or not yet read its answer (DONE) keeps it.
  if (Atomics.compareExchange(state, 0, IDLE, CLOSED) === IDLE) process.exit(0);
  idle = setTimeout(closeWhenIdle, idleMs);
}

port.on('message', async (requests) => {
  clearTimeout(idle);
  const results = await Promise.all(requests.map(perform));
  port.postMessage(results);
  Atomics.store(state, 0, DONE);
  Atomics.notify(state, 0);
  idle = setTimeout(closeWhenIdle, idleMs);
});
idle = setTimeout(closeWhenIdle, idleMs);
