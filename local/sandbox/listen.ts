/**
 * The home page server's socket, opened before anything else: its URL is the public base of the
 * guest pages, and a port in use must stop a second sandbox before it touches any state. Until
 * the sandbox is ready, every request gets "starting" (503).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { patientKeepAlive } from '../patient-server';
import { LOOPBACK } from '../standins/http-kit';

export interface HomeSocket {
  server: Server;
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  /** Serves requests with `route` from now on. */
  route(route: RequestListener): void;
}

const starting: RequestListener = (_req, res) => {
  res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('The sandbox is starting.\n');
};

export async function listenHome(port: number): Promise<HomeSocket> {
  let current = starting;
  const server = createServer((req, res) => current(req, res));
  patientKeepAlive(server);
  await new Promise<void>((ok, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is in use (another sandbox running?); use --port N or --port 0`)
          : error,
      ),
    );
    server.listen(port, LOOPBACK, () => ok());
  });
  return {
    server,
    url: `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`,
    route: (route) => {
      current = route;
    },
  };
}
