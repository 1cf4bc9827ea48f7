/**
 * Child-process entry of the sandbox's local stack (see stack-process.ts for why it is separate).
 * argv[2]: JSON of {dataDir?, publicBaseUrl?, crewLinkBaseUrl?}.
 */
import { startLocalStack, type LocalStack } from '../stack';
import type { StackInfo, StackProcessOptions } from './stack-process';

const send = (message: unknown): void => {
  if (process.connected) process.send?.(message);
};

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as StackProcessOptions;
  // Ctrl-C reaches the whole process group; the parent decides when to stop us.
  process.on('SIGINT', () => undefined);

  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      dataDir: options.dataDir,
      publicBaseUrl: options.publicBaseUrl,
      crewLinkBaseUrl: options.crewLinkBaseUrl,
    });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
    return;
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= stack
      .stop()
      .catch((error: unknown) => {
        console.error(`[stack] stop failed: ${(error as Error).message}`);
      })
      .then(() => {
        send({ type: 'stopped' });
        process.disconnect?.();
        process.exit(0);
      }));

  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());

  const info: StackInfo = {
    bridgeUrl: stack.bridgeUrl,
    signingSecret: stack.signingSecret,
    endpoints: stack.endpoints,
    config: stack.config,
  };
  send({ type: 'ready', info });
}

void main();
