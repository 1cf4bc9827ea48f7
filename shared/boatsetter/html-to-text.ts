/**
 * A small, safe HTML-to-text converter for notification mail (single pass, linear time, no DOM):
 * - script/style/head/title/noscript/template contents and comments are dropped;
 * - <br>, <p>, <div>, headings, list items and table rows become line breaks;
 * - a table row with two filled cells becomes "label: value"; a row with three or more cells
 *   becomes "| a | b | c |" (how the parser reads Previous/New tables); nested layout tables are
 *   flattened cell by cell;
 * - character references are decoded exactly once; runs of HTML white space collapse to one space
 *   (NBSP is kept for the later clean-up, which turns it into a plain space).
 */
import { decodeEntities } from './text';

const DROP_CONTENT = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'svg']);
const BLOCK = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'center',
  'pre',
  'hr',
  'address',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'caption',
  'form',
  'main',
  'nav',
  'aside',
]);

interface Frame {
  type: 'root' | 'table' | 'row' | 'cell';
  parts: string[];
  cells: string[];
}

const MAX_INPUT = 1_000_000;
const MAX_DEPTH = 200;

export function htmlToText(html: string): string {
  const src = html.length > MAX_INPUT ? html.slice(0, MAX_INPUT) : html;
  const stack: Frame[] = [{ type: 'root', parts: [], cells: [] }];
  const top = (): Frame => stack[stack.length - 1] as Frame;

  const textTarget = (): Frame => {
    const t = top();
    if (t.type === 'root' || t.type === 'cell') return t;
    if (t.type === 'row') {
      const cell: Frame = { type: 'cell', parts: [], cells: [] };
      stack.push(cell);
      return cell;
    }
    // text directly inside <table>: treat as its own line
    return t;
  };
  const emit = (text: string): void => {
    textTarget().parts.push(text);
  };
  const closeCell = (): void => {
    const t = top();
    if (t.type !== 'cell') return;
    stack.pop();
    const row = top();
    if (row.type === 'row') row.cells.push(tidy(t.parts.join('')));
    else row.parts.push(t.parts.join(''));
  };
  const closeRow = (): void => {
    closeCell();
    const t = top();
    if (t.type !== 'row') return;
    stack.pop();
    const rendered = renderRow(t.cells);
    if (rendered) emit(`\n${rendered}`);
  };
  let tables = 0;
  const closeTable = (): void => {
    if (tables === 0) return;
    tables -= 1;
    while (stack.length > 1) {
      const t = top();
      if (t.type === 'cell') closeCell();
      else if (t.type === 'row') closeRow();
      else if (t.type === 'table') {
        stack.pop();
        emit(`\n${t.parts.join('')}\n`);
        return;
      } else return;
    }
  };

  let lower: string | undefined;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      emit(collapse(src.slice(i)));
      break;
    }
    if (lt > i) emit(collapse(src.slice(i, lt)));
    // comment
    if (src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const next = src.charCodeAt(lt + 1);
    const isTagStart =
      (next >= 65 && next <= 90) ||
      (next >= 97 && next <= 122) ||
      next === 47 ||
      next === 33 ||
      next === 63;
    if (!isTagStart) {
      emit('<');
      i = lt + 1;
      continue;
    }
    const gt = findTagEnd(src, lt + 1);
    if (gt < 0) {
      emit(collapse(src.slice(lt)));
      break;
    }
    const inner = src.slice(lt + 1, gt);
    i = gt + 1;
    const closing = inner.startsWith('/');
    const nameMatch = /^\/?\s*([A-Za-z][A-Za-z0-9:-]*)/.exec(inner);
    if (!nameMatch) continue; // <!DOCTYPE>, <?xml?>
    const name = (nameMatch[1] as string).toLowerCase();
    if (!closing && DROP_CONTENT.has(name) && !inner.endsWith('/')) {
      lower ??= src.toLowerCase();
      const end = lower.indexOf(`</${name}`, i);
      if (end < 0) {
        i = n;
      } else {
        const endGt = src.indexOf('>', end);
        i = endGt < 0 ? n : endGt + 1;
      }
      continue;
    }
    switch (name) {
      case 'br':
        emit('\n');
        break;
      case 'table':
        if (closing) closeTable();
        else if (stack.length > MAX_DEPTH) emit('\n');
        else {
          emit('\n');
          tables += 1;
          stack.push({ type: 'table', parts: [], cells: [] });
        }
        break;
      case 'tr':
        if (closing) closeRow();
        else if (tables > 0) {
          closeRow();
          stack.push({ type: 'row', parts: [], cells: [] });
        } else emit('\n');
        break;
      case 'td':
      case 'th':
        if (closing) closeCell();
        else {
          closeCell();
          if (top().type === 'row') stack.push({ type: 'cell', parts: [], cells: [] });
          else if (top().type === 'table') {
            stack.push({ type: 'row', parts: [], cells: [] });
            stack.push({ type: 'cell', parts: [], cells: [] });
          } else emit(' ');
        }
        break;
      default:
        if (BLOCK.has(name)) emit('\n');
    }
  }
  while (stack.length > 1) {
    const t = top();
    if (t.type === 'cell') closeCell();
    else if (t.type === 'row') closeRow();
    else closeTable();
  }
  return finish((stack[0] as Frame).parts.join(''));
}

function findTagEnd(src: string, from: number): number {
  let quote = '';
  for (let j = from; j < src.length; j += 1) {
    const c = src[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
  }
  return -1;
}

/** HTML white space (not NBSP) collapses to single spaces; character references decoded once. */
function collapse(text: string): string {
  return decodeEntities(text.replace(/[ \t\n\r\f]+/g, ' '));
}

function tidy(cell: string): string {
  return cell
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

function renderRow(cells: string[]): string {
  const filled = cells.filter((c) => c.trim().length > 0);
  if (filled.length === 0) return '';
  if (filled.length === 2 && cells[0] === filled[0] && !(filled[0] as string).includes('\n')) {
    // a value cell with <br>s: one logical value (an address) unless it is a message
    const label = filled[0] as string;
    const lines = (filled[1] as string).split('\n');
    const value = /message|note|comment|request/i.test(label)
      ? `\n${lines.join('\n')}`
      : lines.reduce((acc, line) => (acc.endsWith(',') ? `${acc} ${line}` : `${acc}, ${line}`));
    return `${label}${label.endsWith(':') ? '' : ':'} ${value}`;
  }
  if (filled.some((c) => c.includes('\n'))) return filled.join('\n');
  if (filled.length === 1) return filled[0] as string;
  if (filled.length === 2 && cells[0] === filled[0]) {
    const label = filled[0] as string;
    return `${label}${label.endsWith(':') ? '' : ':'} ${filled[1] as string}`;
  }
  return `| ${cells.map((c) => c.trim()).join(' | ')} |`;
}

function finish(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
