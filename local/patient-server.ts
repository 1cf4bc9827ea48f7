import type { Server } from 'node:http';

/**
 * Local servers keep idle connections longer than any client of theirs is blocked.
 *
 * The Apps Script runtime makes UrlFetchApp synchronous by blocking the calling thread; a test or
 * the sandbox on that thread may hold a pooled keep-alive connection to one of these servers the
 * whole time. With Node's default 5 s idle timeout the server closes that connection while the
 * client cannot notice, and the client's next request on it fails with "other side closed". An idle
 * timeout well above the longest block (and announced in the Keep-Alive header, which undici
 * honours) lets the client retire the connection itself first. `server.close()` still closes idle
 * connections at once (Node >= 19), so a stop is not delayed.
 */
export const IDLE_KEEP_ALIVE_MS = 120_000;

export function patientKeepAlive<S extends Server>(server: S): S {
  server.keepAliveTimeout = IDLE_KEEP_ALIVE_MS;
  server.headersTimeout = IDLE_KEEP_ALIVE_MS + 5_000;
  return server;
}
