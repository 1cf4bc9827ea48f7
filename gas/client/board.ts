/**
 * The kanban board in the browser: the entry that starts it. State (board/state.ts), views
 * (board/*-view.ts) and actions (board/actions.ts) live in their own modules.
 */
import { FIRST_SCREEN_MARK } from '../../shared/board-time';
import type { BoardServer } from '../kanban/server';
import type { BoardState } from '../kanban/types';
import { BoardActions } from './board/actions';
import { wire } from './board/events';
import { serverFunctions } from './rpc';

function initialState(): BoardState | null {
  const text = document.getElementById('initial-state')?.textContent?.trim();
  if (!text) return null;
  try {
    return JSON.parse(text) as BoardState;
  } catch {
    return null;
  }
}

/** Runs `fn` once the browser has painted what is on screen now (a timer if frames are paused). */
function afterPaint(fn: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 500);
}

/**
 * Draws the inlined first screen (a screenful of each lane, with the lanes' totals), then loads
 * the whole board; `data-ready` says it is all in.
 */
function start(): void {
  const actions = new BoardActions(serverFunctions<BoardServer>());
  wire(actions);
  const state = initialState();
  const ready = () => void (document.body.dataset.ready = 'true');
  if (!state) {
    void actions.refresh().finally(ready);
    return;
  }
  actions.apply(state);
  afterPaint(() => {
    performance.mark(FIRST_SCREEN_MARK);
    if (state.leftOut) void actions.loadRest().finally(ready);
    else ready();
  });
}

start();
