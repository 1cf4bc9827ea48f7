/**
 * What every suite of the built bundle shares: the bundle built once, one signature-checking fake
 * bridge for the file (started before all, stopped after all, healthy and empty before each test)
 * and sandboxes wired to it. Call once at the top of a test file.
 */
import { FakeBridge } from './fake-bridge';
import { ensureGasBuilt, newSandbox, type Sandbox } from './harness';

export interface BundleSuite {
  /** The running fake bridge (only inside tests and hooks). */
  readonly bridge: FakeBridge;
  /** A set-up sheet whose bridge URL and secret are the fake bridge's. */
  sandbox(options?: Parameters<typeof newSandbox>[0]): Sandbox;
}

export function bundleSuite(): BundleSuite {
  let started: FakeBridge | undefined;
  const bridge = (): FakeBridge => {
    if (!started) throw new Error('the fake bridge starts in beforeAll; use it inside a test');
    return started;
  };
  beforeAll(async () => {
    ensureGasBuilt();
    started = await FakeBridge.start();
  });
  afterAll(async () => {
    await started?.stop();
  });
  beforeEach(async () => {
    await bridge().setMode('ok');
    await bridge().clear();
  });
  return {
    get bridge() {
      return bridge();
    },
    sandbox: (options = {}) =>
      newSandbox({ bridgeUrl: bridge().url, secret: bridge().secret, ...options }),
  };
}
