/**
 * The UrlFetchApp fake's blocking fetch: real HTTP from a worker thread while the caller waits,
 * and no thread left behind once calls stop (a finished test file or sandbox run keeps none).
 */
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fetchSync, type FetchRequest } from '../../../local/gas-runtime/sync-fetch';
import { FakeBridge } from '../../gas/support/fake-bridge';

/** The threads of this process (Linux). */
const threads = (): number => readdirSync('/proc/self/task').length;

/** A port nothing listens on (one just given up). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return done();
}

describe('Function: fetchSync', () => {
  let bridge: FakeBridge;
  beforeAll(async () => {
    bridge = await FakeBridge.start();
  });
  afterAll(async () => {
    await bridge?.stop();
  });

  const get = (path: string): FetchRequest => ({
    url: `${bridge.url}${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    followRedirects: true,
    timeoutMs: 10_000,
  });

  it('answers every request of a call, in order, and one that cannot connect as an error', async () => {
    const refused = `http://127.0.0.1:${await closedPort()}/x`;
    const results = fetchSync([get('/a'), { ...get('/b'), url: refused }]);
    expect(results).toEqual([
      expect.objectContaining({ ok: true, status: 401 }), // unsigned: the stand-in refuses it
      { ok: false, error: 'ECONNREFUSED' },
    ]);
  });

  it('ends its worker thread once calls stop, and starts another for the next call', async () => {
    // Prepare: the thread count settles (the fetch thread of the test before has ended)
    let idle = threads();
    let since = Date.now();
    await until(() => {
      if (threads() !== idle) [idle, since] = [threads(), Date.now()];
      return Date.now() - since > 2_000;
    }, 20_000);

    // Act
    fetchSync([get('/first')]);
    const during = threads();
    const ended = await until(() => threads() === idle, 15_000);

    // Assess
    expect(during).toBe(idle + 1);
    expect(ended).toBe(true);
    expect(fetchSync([get('/again')])).toEqual([expect.objectContaining({ ok: true })]);
  });
});
