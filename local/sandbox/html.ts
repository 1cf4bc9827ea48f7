/** Small HTML helpers for the sandbox's home page: everything user-controlled is escaped. */
import { escapeHtml } from '../../shared/html';

export { escapeHtml };

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 1.25rem 3rem; color: #1d2733; }
  h1 { font-size: 1.5rem; margin: .5rem 0 1rem; } h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
  nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
  h3 { font-size: 1.02rem; margin: 0 0 .15rem; overflow-wrap: anywhere; }
  p { overflow-wrap: anywhere; }
  a { color: #0b5cad; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; margin: .5rem 0 1rem; }
  th, td { border: 1px solid #d5dbe3; padding: .3rem .45rem; text-align: left; vertical-align: top; }
  th { background: #eef2f7; position: sticky; top: 0; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .wrap { overflow-x: auto; }
  .ok { color: #1a7f37; } .bad { color: #b42318; font-weight: 600; } .muted { color: #667085; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)); gap: .75rem; }
  .card { border: 1px solid #d5dbe3; border-radius: 8px; padding: .6rem .8rem; min-width: 0; }
  .card p { margin: .2rem 0; } .card .when { font-weight: 600; }
  .card.next { border: 2px solid #0b5cad; box-shadow: 0 1px 6px rgba(11, 92, 173, .18); }
  .card.cancelled { opacity: .7; background: #f6f8fa; }
  .badge { display: inline-block; background: #0b5cad; color: #fff; border-radius: 999px; padding: 0 .55rem; font-size: 12px; }
  ul.steps { margin: .3rem 0; padding-left: 1.1rem; font-size: 13px; } p.steps { font-size: 13px; }
  table.totals tbody th { text-align: left; }
  @media (max-width: 600px) {
    body { padding: .75rem .75rem 2rem; }
    table.totals { font-size: 11.5px; } table.totals th, table.totals td { padding: .25rem .3rem; }
    table.totals .count { font-weight: 400; }
  }
  details > summary { cursor: pointer; } details > summary h2 { display: inline; }
  .email-body { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; padding: .75rem; border-radius: 6px; font-size: 14px; }
  ul.emails { list-style: none; padding: 0; } ul.emails li { border-bottom: 1px solid #e4e8ee; padding: .5rem 0; overflow-wrap: anywhere; }
  pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; font-size: 12px; white-space: pre-wrap; }
  form { display: inline; } button { font: inherit; padding: .3rem .8rem; cursor: pointer; }
  iframe { width: 100%; height: 420px; border: 1px solid #d5dbe3; }
</style></head>
<body>
<nav><a href="/">Home</a><a href="/board">Kanban board</a><a href="/board/dialog/new-booking">New booking</a><a href="/sheet">Spreadsheet</a><a href="/emails">E-mails</a><a href="/google-calendar">Google Calendar</a><a href="/calendar">Calendar</a><a href="/scc">SCC</a><a href="/invalidations">CloudFront</a><a href="/inbox">Inbox</a></nav>
${body}
</body></html>`;
}

/** A 2-D array of cells as a table; the first row is the header. */
/** A cell's look from the sheet's conditional formatting (the red "Clash with" cell). */
export interface CellStyle {
  background: string | null;
  fontColor: string | null;
  bold: boolean | null;
}

function styleAttr(style: CellStyle | undefined): string {
  if (!style) return '';
  const css = [
    style.background ? `background:${style.background}` : '',
    style.fontColor ? `color:${style.fontColor}` : '',
    style.bold ? 'font-weight:bold' : '',
  ].filter(Boolean);
  return ` style="${escapeHtml(css.join(';'))}"`;
}

/** `styles`: "row:column" (1-based, as in the sheet) -> how that cell is shown. */
export function table(
  rows: readonly (readonly unknown[])[],
  opts: { numeric?: boolean; styles?: ReadonlyMap<string, CellStyle> } = {},
): string {
  if (rows.length === 0) return '<p class="muted">(empty)</p>';
  const [head = [], ...body] = rows;
  const cell = (v: unknown, tag: 'td' | 'th', at = ''): string => {
    const text = formatCell(v);
    const num = opts.numeric !== false && tag === 'td' && typeof v === 'number';
    // Local URLs (guest pages, checklists, SCC magic links) are clickable.
    const content = /^https?:\/\/127\.0\.0\.1[:/]\S*$/.test(text)
      ? `<a href="${escapeHtml(text)}">${escapeHtml(text)}</a>`
      : escapeHtml(text);
    const style = styleAttr(opts.styles?.get(at));
    return `<${tag}${num ? ' class="num"' : ''}${style}>${content}</${tag}>`;
  };
  return `<div class="wrap"><table><thead><tr>${head.map((h) => cell(h, 'th')).join('')}</tr></thead><tbody>${body
    .map((r, i) => `<tr>${r.map((v, c) => cell(v, 'td', `${i + 2}:${c + 1}`)).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

/** Objects as a table, columns from the union of their keys (first seen first). */
export function objectTable(items: readonly Record<string, unknown>[]): string {
  const keys: string[] = [];
  for (const item of items) for (const k of Object.keys(item)) if (!keys.includes(k)) keys.push(k);
  return table([keys, ...items.map((item) => keys.map((k) => item[k]))]);
}
