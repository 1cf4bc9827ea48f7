/**
 * The board's global functions without the Apps Script bundle: the same server module
 * (gas/kanban) over in-memory sheets and the local HtmlService. The harness runs these when it is
 * not given the built Code.js in node:vm.
 */
import { createKanbanEntrypoints, type KanbanEntrypoints } from '../../gas/kanban/expose';
import type { RetryOutcome } from '../../gas/kanban/server';
import type { ScriptLock, SheetRepository } from '../../gas/ports';
import { createHtmlService, type FakeHtmlService } from '../gas-runtime/html-service';
import { MemoryLock } from './memory-sheets';

export interface DirectBoardOptions {
  sheets: SheetRepository;
  lock?: ScriptLock;
  now?: () => number;
  /** Default: the HtmlService fake reading dist/gas. */
  html?: FakeHtmlService;
  retryBooking?: (bookingId: string) => RetryOutcome;
}

export function directBoardGlobals(options: DirectBoardOptions): KanbanEntrypoints {
  const lock = options.lock ?? new MemoryLock();
  const html = options.html ?? createHtmlService();
  return createKanbanEntrypoints(
    () => ({
      sheets: options.sheets,
      lock,
      clock: { now: options.now ?? (() => Date.now()) },
      retryBooking: options.retryBooking,
    }),
    () => html,
  );
}
