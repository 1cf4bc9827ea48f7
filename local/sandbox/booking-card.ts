/**
 * One booking on the home page: who, which boat, when (in the script's time zone), its crew's
 * answers, the money, each bridge step, and the guest page and crew checklist links (relative,
 * so they follow the sandbox to whatever port it serves on now).
 */
import { stepStateOf } from '../../gas/core/records';
import { STEP_COLUMNS } from '../../gas/sheets/schema';
import { CANCELLED_LANE } from '../../shared/lanes';
import { escapeHtml } from './html';
import { formatCellUsd, type KanbanReportCard, type Row } from './report';
import { retryLine } from './retry-line';
import { humanTrip, instantOrNull } from './when';

const STEP_HEADERS: readonly string[] = Object.values(STEP_COLUMNS);

function stepClass(value: string): string {
  const state = stepStateOf(value);
  if (state === 'done' || state === 'skipped') return 'ok';
  if (state === 'failed' || state === 'unreadable') return 'bad';
  return 'muted';
}

const CREW_CLASS: Record<string, string> = {
  confirmed: 'ok',
  declined: 'bad',
  pending: '',
  unknown: 'muted',
};
const CREW_MARK: Record<string, string> = {
  confirmed: '\u2713',
  declined: '\u2717',
  waiting: '\u2026',
};

/** The booking's crew at a glance, then each member's answer (the same data as the board's chip). */
function crewLine(card: KanbanReportCard | undefined): string {
  if (!card || card.lane === CANCELLED_LANE) return '';
  const members = card.crew
    .map(
      (m) =>
        `<span class="${m.answer === 'declined' ? 'bad' : m.answer === 'confirmed' ? 'ok' : 'muted'}">${CREW_MARK[m.answer] ?? ''} ${escapeHtml(m.name)} (${escapeHtml(m.role)})</span>`,
    )
    .join(' · ');
  return `<p class="crew" data-crew="${escapeHtml(card.crewState)}">Crew: <strong class="${CREW_CLASS[card.crewState] ?? ''}">${escapeHtml(card.crewStatus || 'not read yet')}</strong>${members ? `<br>${members}` : ''}</p>`;
}

/** Every step done: one line; otherwise each step with its state. */
function stepsLine(row: Row): string {
  const cells = STEP_HEADERS.map((s) => [s, String(row[s] ?? '')] as const);
  if (cells.every(([, v]) => ['done', 'skipped'].includes(stepStateOf(v))))
    return `<p class="ok steps">\u2713 Calendar, crew event, checklist, guest page, invalidation and captain e-mail done</p>`;
  return `<ul class="steps">${cells
    .map(
      ([s, v]) =>
        `<li>${escapeHtml(s)}: <span class="${stepClass(v)}">${escapeHtml(v || '-')}</span></li>`,
    )
    .join('')}</ul>`;
}

function money(value: unknown): string {
  return value === null || value === undefined || value === ''
    ? '–'
    : escapeHtml(formatCellUsd(value));
}

/** A path on this server for a stored link (absolute links to the sandbox lose their origin). */
export function localPath(link: string): string {
  try {
    const url = new URL(link);
    return `${url.pathname}${url.search}`;
  } catch {
    return link;
  }
}

export interface BookingCardInput {
  row: Row;
  card: KanbanReportCard | undefined;
  /** `/g/{slug}` when the guest page is published. */
  guestPagePath: string | null;
  /** The crew checklist's link (from the captain e-mail), when there is one. */
  checklistLink: string | null;
  timeZone: string;
  /** The next departure: drawn out. */
  next?: boolean;
}

export function bookingCard(input: BookingCardInput): string {
  const { row: b, card } = input;
  const id = String(b['Booking ID'] ?? '');
  const lane = card?.lane ?? String(b.Status ?? '');
  const cancelled = lane === CANCELLED_LANE;
  const start = instantOrNull(b.Start);
  const when =
    start === null
      ? escapeHtml(String(b.Start ?? 'no date'))
      : escapeHtml(humanTrip(start, instantOrNull(b.End), input.timeZone));
  const hours = b['Duration (h)'] ? ` (${escapeHtml(b['Duration (h)'])} h)` : '';
  const links = [
    input.guestPagePath
      ? `<a href="${escapeHtml(input.guestPagePath)}">Guest page</a>`
      : '<span class="muted">no guest page</span>',
    input.checklistLink
      ? `<a href="${escapeHtml(localPath(input.checklistLink))}">Crew checklist</a>`
      : '',
  ].filter(Boolean);
  const classes = ['card', cancelled ? 'cancelled' : '', input.next ? 'next' : '']
    .filter(Boolean)
    .join(' ');
  return `<article class="${classes}" data-booking="${escapeHtml(id)}" data-start="${start ?? ''}">
    ${input.next ? '<p class="badge">Next departure</p>' : ''}
    <h3>${escapeHtml(String(b.Guest ?? '') || 'Guest unknown')} · ${escapeHtml(String(b.Boat ?? ''))}</h3>
    <p class="when">${when}${hours}</p>
    <p class="muted">${escapeHtml(id)} · ${escapeHtml(String(b.Source ?? ''))} · ${escapeHtml(lane)}${b['Party size'] ? ` · ${escapeHtml(b['Party size'])} guests` : ''}</p>
    ${b['Clash with'] ? `<p class="bad">\u26a0 Boat clash with ${escapeHtml(String(b['Clash with']))}</p>` : ''}
    ${crewLine(card)}
    <table class="money"><tr><th>Revenue</th><th>Crew</th><th>Port fee</th><th>Net</th></tr>
    <tr><td class="num">${money(b.Revenue)}</td><td class="num">${money(b['Crew cost'])}</td>
    <td class="num">${money(b['Port fee'])}</td><td class="num${String(b.Net ?? '').startsWith('-') ? ' bad' : ''}">${money(b.Net)}</td></tr></table>
    ${stepsLine(b)}${retryLine(b)}
    ${b['Last error'] ? `<p class="bad">${escapeHtml(b['Last error'])}</p>` : ''}
    <p class="links">${links.join(' · ')}</p>
  </article>`;
}
