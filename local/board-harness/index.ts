/**
 * The board harness: `startBoardHarness({ gas })` serves doGet's page (and dialogs) with a
 * google.script.run shim bound to `gas`' global functions.
 *
 * Run alone (after `npm run build:gas`):
 *   npx tsx local/board-harness/index.ts [--port 0] [--cards 1000]
 * serves the board over a sample sheet held in memory: the seven hand-written sample bookings,
 * or N generated ones (a year back and six months ahead) for trying the board at size.
 * `startSampleBoard({ cards })` does the same from code (the bench uses it) and returns the URL.
 */
import { directBoardGlobals } from './direct';
import { generateBookings } from './generate';
import { startBoardHarness, type BoardHarness } from './harness';
import { MemorySheets } from './memory-sheets';
import { seedTabs } from './seed';

export { createBoardHarnessHandler, shimScript, startBoardHarness } from './harness';
export type { BoardHarness, BoardHarnessOptions, GasGlobals, RpcRecord } from './harness';
export { directBoardGlobals } from './direct';
export { generateBookings } from './generate';
export { MemoryLock, MemorySheets } from './memory-sheets';
export { HOSTILE_GUEST, SAMPLE_BOOKINGS, seedTabs } from './seed';

export interface SampleBoardOptions {
  /** Generated bookings; default: the hand-written samples. */
  cards?: number;
  port?: number;
  /** The board's clock (default: real time). */
  now?: () => number;
}

export interface SampleBoard extends BoardHarness {
  sheets: MemorySheets;
}

/** The board over an in-memory sample sheet; resolves once it listens (127.0.0.1). */
export async function startSampleBoard(options: SampleBoardOptions = {}): Promise<SampleBoard> {
  const now = options.now ?? (() => Date.now());
  const bookings =
    options.cards === undefined ? undefined : generateBookings(options.cards, { now: now() });
  const sheets = new MemorySheets(seedTabs(bookings));
  const harness = await startBoardHarness({
    gas: directBoardGlobals({
      sheets,
      now,
      retryBooking: (id) => ({ ok: false, message: `Booking ${id}: no bridge in this demo.` }),
    }),
    port: options.port ?? 0,
  });
  return { ...harness, sheets };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(argument('--port') ?? 0);
  const cardsText = argument('--cards');
  const cards = cardsText === undefined ? undefined : Number(cardsText);
  if (cards !== undefined && !(Number.isInteger(cards) && cards >= 0 && cards <= 20_000)) {
    console.error(`--cards must be a whole number from 0 to 20000, not "${cardsText}"`);
    process.exit(2);
  }
  const board = await startSampleBoard({ port, cards });
  const what = cards === undefined ? 'sample data' : `${cards} generated cards`;
  console.log(`Kanban board (${what}): ${board.url}`);
  const stop = () => void board.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  void main();
}
