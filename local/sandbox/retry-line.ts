/**
 * The home page's word on a booking's retry schedule: retrying (which try, when next), gave up
 * (with the one-click "Retry now", which is Charter > Retry failed steps), or the captain e-mail
 * in doubt. The same vocabulary as the board (gas/kanban/alerts.ts) and the row's cells.
 */
import { EMAIL_DOUBT_MESSAGE } from '../../gas/kanban/alerts';
import { STEP_CELL } from '../../gas/core/records';
import { MAX_TRIES, SCHEDULE_SPAN_MINUTES, spanText } from '../../gas/core/retry-schedule';
import { STEP_COLUMNS } from '../../gas/sheets/schema';
import { escapeHtml } from './html';

export function retryLine(row: Record<string, unknown>): string {
  const cells = Object.values(STEP_COLUMNS).map((c) => String(row[c] ?? '').trim());
  const tries = Number(row.Tries) || 0;
  const next = String(row['Next try'] ?? '');
  const lines: string[] = [];
  if (cells.includes(STEP_CELL.gaveUp))
    lines.push(
      `<div class="bad" data-retry="gave-up">Gave up after ${MAX_TRIES} tries over about ${spanText(SCHEDULE_SPAN_MINUTES)}.
      <form method="post" action="/actions/retry" style="display:inline"><button>Retry now</button></form></div>`,
    );
  else if (tries > 0 && next)
    lines.push(
      `<p class="muted" data-retry="retrying">Retrying: next try ${escapeHtml(next.slice(11, 16))} (try ${Math.min(tries + 1, MAX_TRIES)} of ${MAX_TRIES}).</p>`,
    );
  if (String(row[STEP_COLUMNS.captainEmail] ?? '').trim() === STEP_CELL.doubt)
    lines.push(`<p class="muted" data-retry="doubt">${escapeHtml(EMAIL_DOUBT_MESSAGE)}.</p>`);
  return lines.join('');
}
