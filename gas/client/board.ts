/**
 * The kanban board in the browser: the entry that starts it. State (board/state.ts), views
 * (board/*-view.ts) and actions (board/actions.ts) live in their own modules.
 */
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

function start(): void {
  const actions = new BoardActions(serverFunctions<BoardServer>());
  wire(actions);
  const state = initialState();
  if (state) actions.apply(state);
  else void actions.refresh();
  document.body.dataset.ready = 'true';
}

start();
