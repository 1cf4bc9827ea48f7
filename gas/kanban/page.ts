/** doGet's page: the board's HTML template with the current state inlined. */
import { menuPath } from '../entrypoints';
import type { BoardState } from './types';

/**
 * JSON that is safe inside a <script> element: no "</script>", "<!--", "]]>" or line
 * separators can appear, so a hostile guest name stays data.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
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
 * doGet: the board page with the current state inlined (no round trip before the first paint).
 * Framing stays at the default (denied): the page shows revenue.
 */
export function renderBoardPage<O extends BoardHtmlOutput>(
  html: { createTemplateFromFile(name: string): { evaluate(): O; [key: string]: unknown } },
  state: BoardState,
): O {
  const template = html.createTemplateFromFile(BOARD_FILE);
  template.initialStateJson = jsonForScript(state);
  template.newBookingPath = menuPath('newBooking');
  template.monthReportPath = menuPath('monthReport');
  const output = template.evaluate();
  output.setTitle(BOARD_TITLE);
  output.addMetaTag('viewport', VIEWPORT);
  return output;
}
