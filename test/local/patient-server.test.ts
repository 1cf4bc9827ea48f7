import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDLE_KEEP_ALIVE_MS, patientKeepAlive } from '../../local/patient-server';

describe('Local servers: patientKeepAlive', () => {
  let server: Server;

  afterEach(async () => {
    if (server.listening) await new Promise<void>((done) => server.close(() => done()));
  });

  it('announces an idle timeout longer than a blocked Apps Script call, so clients retire connections first', async () => {
    // Prepare
    server = patientKeepAlive(createServer((_req, res) => res.end('ok')));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const { port } = server.address() as AddressInfo;

    // Act
    const res = await fetch(`http://127.0.0.1:${port}/`);
    await res.text();

    // Assess
    expect(res.headers.get('keep-alive')).toBe(`timeout=${IDLE_KEEP_ALIVE_MS / 1000}`);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });

  it('still stops at once: close() drops idle keep-alive connections', async () => {
    // Prepare
    server = patientKeepAlive(createServer((_req, res) => res.end('ok')));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const { port } = server.address() as AddressInfo;
    await (await fetch(`http://127.0.0.1:${port}/`)).text();

    // Act
    const started = Date.now();
    await new Promise<void>((done) => server.close(() => done()));

    // Assess
    expect(Date.now() - started).toBeLessThan(IDLE_KEEP_ALIVE_MS / 10);
  });
});
