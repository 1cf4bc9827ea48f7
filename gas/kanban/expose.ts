/**
 * The board's Apps Script entry points, ready for gas/main.ts to assign to `global`:
 *
 *   const kanban = createKanbanEntrypoints(() => ({ sheets, lock, clock, retryBooking }));
 *   global.doGet = kanban.doGet;
 *   global.boardLoad = kanban.boardLoad;  // ... boardMoveCard, boardCardDetail, boardRetryStep
 *
 * Services are built per call (an Apps Script execution is one call anyway), so nothing
 * touches SpreadsheetApp or LockService at load time.
 */
import { ENTRYPOINTS } from '../entrypoints';
import {
  createBoardServer,
  renderBoardPage,
  type BoardServer,
  type BoardServices,
  type MoveRequest,
  type RetryRequest,
} from './server';

export interface KanbanEntrypoints extends BoardServer {
  doGet(e?: GoogleAppsScript.Events.DoGet): GoogleAppsScript.HTML.HtmlOutput;
}

export function createKanbanEntrypoints(
  services: () => BoardServices,
  html: () => GoogleAppsScript.HTML.HtmlService = () => HtmlService,
): KanbanEntrypoints {
  const server = () => createBoardServer(services());
  return {
    [ENTRYPOINTS.doGet]: (_e?: GoogleAppsScript.Events.DoGet) =>
      renderBoardPage(html(), server().boardLoad()),
    [ENTRYPOINTS.boardLoad]: () => server().boardLoad(),
    [ENTRYPOINTS.boardMoveCard]: (request: MoveRequest) => server().boardMoveCard(request),
    [ENTRYPOINTS.boardCardDetail]: (bookingId: string) => server().boardCardDetail(bookingId),
    [ENTRYPOINTS.boardRetryStep]: (request: RetryRequest) => server().boardRetryStep(request),
    [ENTRYPOINTS.boardReport]: () => server().boardReport(),
  };
}
