/** doGet's page: the board's HTML template with its first screen inlined. */
import { isPastTrip } from '../../shared/board-time';
import { menuPath } from '../entrypoints';
import type { BoardState } from './types';

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
 * What doGet's page inlines: the state with only the cards whose trip has not ended (the board
 * opens on Upcoming), and how many past ones it left out. The page draws these first and loads
 * the past ones with `boardLoad` afterwards, so the first screen does not grow with the history.
 */
export function firstScreen(state: BoardState): BoardState {
  const nowMs = Date.parse(state.loadedAt);
  const cards = state.cards.filter((card) => !isPastTrip(card, nowMs));
  return { ...state, cards, pastLeftOut: state.cards.length - cards.length };
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
