/**
 * The board harness: `startBoardHarness({ gas })` serves doGet's page (and dialogs) with a
 * google.script.run shim bound to `gas`' global functions.
 *
 * Run alone (`npx tsx local/board-harness/index.ts [--port 8080]`, after `npm run build:gas`):
 * the board over a sample sheet held in memory, for trying the UI on a laptop or phone.
 */
import { directBoardGlobals } from './direct';
import { startBoardHarness } from './harness';
import { MemorySheets } from './memory-sheets';
import { seedTabs } from './seed';

export { createBoardHarnessHandler, shimScript, startBoardHarness } from './harness';
export type { BoardHarness, BoardHarnessOptions, GasGlobals, RpcRecord } from './harness';
export { directBoardGlobals } from './direct';
export { MemoryLock, MemorySheets } from './memory-sheets';
export { HOSTILE_GUEST, SAMPLE_BOOKINGS, seedTabs } from './seed';

async function main(): Promise<void> {
  const portArg = process.argv.indexOf('--port');
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
  const sheets = new MemorySheets(seedTabs());
  const harness = await startBoardHarness({
    gas: directBoardGlobals({
      sheets,
      retryBooking: (id) => ({ ok: false, message: `Booking ${id}: no bridge in this demo.` }),
    }),
    port,
  });
  console.log(`Kanban board (sample data): ${harness.url}`);
  const stop = () => void harness.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  void main();
}
