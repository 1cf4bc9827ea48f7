/** How the sandbox refuses to start, before it touches any state. */
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Sandbox } from '../../local/sandbox/sandbox';
import { ensureGasBuilt, FIXTURES, tempDir } from './support';

describe('Sandbox start', () => {
  let busy: Server;
  let dir: string;

  beforeAll(async () => {
    ensureGasBuilt();
    dir = tempDir('e2e-start-');
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
  });

  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a port in use with a hint, and leaves the state folder alone', async () => {
    // Prepare
    const port = (busy.address() as AddressInfo).port;
    const stateDir = join(dir, 'state');
    // Act
    const start = Sandbox.start({
      stateDir,
      inboxDir: FIXTURES,
      port,
      reset: true,
      log: () => undefined,
    });
    // Assess
    await expect(start).rejects.toThrow(`port ${port} is in use`);
    expect(existsSync(stateDir)).toBe(false);
  });
});
