/** doGet's page: the board's HTML template with its first screen inlined. */
import {
  boardOrder,
  FIRST_SCREEN_CARDS,
  isPastTrip,
  totalsOf,
  type Totals,
} from '../../shared/board-time';
import { menuPath } from '../entrypoints';
import type { BoardCard, BoardState } from './types';

const SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON that is safe inside a <script> element: no "</script>", "<!--", "]]>" or line
 * separators can appear, so a hostile guest name stays data.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c] ?? c);
}

/**
 * What doGet's page inlines: per lane, the first `FIRST_SCREEN_CARDS` cards whose trip has not
 * ended in board order (the board opens on Upcoming), each lane's totals over all its upcoming
 * cards, and how many cards it left out. The page draws this, then loads the whole state with
 * `boardLoad`, so the first screen is the same size at 100 or 1,000 cards.
 */
export function firstScreen(state: BoardState): BoardState {
  const nowMs = Date.parse(state.loadedAt);
  const upcoming = state.cards
    .filter((card) => !isPastTrip(card, nowMs))
    .sort((a, b) => boardOrder(a, b, nowMs));
  const shown = new Map<string, BoardCard[]>();
  const laneTotals: Record<string, Totals> = {};
  for (const card of upcoming) {
    const lane = shown.get(card.lane) ?? [];
    if (lane.length < FIRST_SCREEN_CARDS) lane.push(card);
    shown.set(card.lane, lane);
    laneTotals[card.lane] = totalsOf([card], laneTotals[card.lane]);
  }
  const cards = [...shown.values()].flat();
  return { ...state, cards, laneTotals, leftOut: state.cards.length - cards.length };
}

export const BOARD_TITLE = 'Charter board';
export const BOARD_FILE = 'board';
export const VIEWPORT = 'width=device-width, initial-scale=1';

/** The parts of an HtmlOutput doGet uses (structural, so tests can use the local fake). */
export interface BoardHtmlOutput {
  setTitle(title: string): BoardHtmlOutput;
  addMetaTag(name: string, content: string): BoardHtmlOutput;
}

/**
 * doGet: the board page with its first screen inlined (no round trip before the first paint; see
 * `firstScreen`). Framing stays at the default (denied): the page shows revenue.
 */
export function renderBoardPage<O extends BoardHtmlOutput>(
  html: { createTemplateFromFile(name: string): { evaluate(): O; [key: string]: unknown } },
  state: BoardState,
): O {
  const template = html.createTemplateFromFile(BOARD_FILE);
  template.initialStateJson = jsonForScript(firstScreen(state));
  template.newBookingPath = menuPath('newBooking');
  template.monthReportPath = menuPath('monthReport');
  const output = template.evaluate();
  output.setTitle(BOARD_TITLE);
  output.addMetaTag('viewport', VIEWPORT);
  return output;
}
