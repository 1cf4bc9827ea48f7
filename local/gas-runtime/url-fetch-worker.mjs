// synckit worker for the UrlFetchApp fake: performs the real HTTP requests of one fetch/fetchAll
// call in parallel and hands the results back to the (blocked) caller.
import { runAsWorker } from 'synckit';

runAsWorker(async (requests) =>
  Promise.all(
    requests.map(async (r) => {
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
    }),
  ),
);
