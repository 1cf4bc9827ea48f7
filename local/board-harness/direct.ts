/**
 * The board's global functions without the Apps Script bundle: the same server module
 * (gas/kanban) over in-memory sheets and the local HtmlService. The harness runs these when it is
 * not given the built Code.js in node:vm.
 */
import { createKanbanEntrypoints, type KanbanEntrypoints } from '../../gas/kanban/expose';
import type { RetryOutcome } from '../../gas/kanban/server';
import type { ScriptLock, SheetRepository } from '../../gas/ports';
import { createHtmlService, type FakeHtmlService } from '../gas-runtime/html-service';
import { formatInstantInZone, type UsTimeZone } from '../../shared/time';
import { MemoryLock } from './memory-sheets';

export interface DirectBoardOptions {
  sheets: SheetRepository;
  lock?: ScriptLock;
  now?: () => number;
  /** Default: the HtmlService fake reading dist/gas. */
  html?: FakeHtmlService;
  retryBooking?: (bookingId: string) => RetryOutcome;
  /** The script's time zone (default: the sample captain's, San Diego). */
  timeZone?: UsTimeZone;
}

export const HARNESS_TIME_ZONE: UsTimeZone = 'America/Los_Angeles';

export function directBoardGlobals(options: DirectBoardOptions): KanbanEntrypoints {
  const lock = options.lock ?? new MemoryLock();
  const html = options.html ?? createHtmlService();
  return createKanbanEntrypoints(
    () => ({
      sheets: options.sheets,
      lock,
      clock: {
        now: options.now ?? (() => Date.now()),
        localIso: (epochMs) => formatInstantInZone(options.timeZone ?? HARNESS_TIME_ZONE, epochMs),
      },
      retryBooking: options.retryBooking,
    }),
    () => html,
  );
}
