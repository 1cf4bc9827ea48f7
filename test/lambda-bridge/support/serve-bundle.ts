/**
 * Child-process entry (support/bundle.ts serveBundle): imports the built bundle given as the
 * argument, exactly as Lambda imports index.js, and serves its `handler` behind the local
 * Function URL server; prints the URL on the first line. Configured only by the environment.
 */
import { pathToFileURL } from 'node:url';
import { startBridgeServer, type BridgeHandler } from '../../../local/bridge-server';

async function main(entry: string): Promise<void> {
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: BridgeHandler };
  const server = await startBridgeServer(handler);
  process.stdout.write(`${server.url}\n`);
}

main(process.argv[2] ?? '').catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
