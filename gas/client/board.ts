/**
 * The kanban board in the browser. Every piece of sheet data reaches the page through
 * textContent or attribute setters (never innerHTML), so a guest called
 * `<script>alert(1)</script>` is just a strange name.
 *
 * Moves are optimistic: the card moves at once, the server confirms or refuses; a refusal puts
 * the card where the sheet says it is and shows why (role=alert). Moves of one card are sent one
 * after another, each with the version the previous one produced.
 */
import type {
  BoardCard,
  BoardServer,
  BoardState,
  CardDetail,
  MoveResult,
  StepView,
} from '../kanban/server';
import { formatUsd } from '../../shared/money';
import { serverFunctions } from './rpc';

const server = serverFunctions<BoardServer>();

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LANE_COLORS = ['#1f6feb', '#0e9384', '#6941c6', '#475467', '#137a3f', '#b42318', '#b54708'];
const CREW_LABEL: Record<BoardCard['crewStatus'], string> = {
  confirmed: 'Crew confirmed',
  pending: 'Crew pending',
  declined: 'Crew declined',
  unknown: 'Crew: no reply',
};
const STEP_STATE_LABEL: Record<StepView['state'], string> = {
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  pending: 'Waiting',
  'not-run': 'Not run',
  unreadable: 'Unreadable',
};

/** Step cells that say no more than the chip does. */
const PLAIN_STEP_WORDS = new Set(['done', 'failed', 'skipped', 'pending']);

// ---------------------------------------------------------------------------------------------
// State

let lanes: string[] = [];
let movableLanes: string[] = [];
let month = '';
/** Cards as the server last confirmed them. */
const confirmed = new Map<string, BoardCard>();
/** Cards as shown (confirmed + optimistic moves). */
const shown = new Map<string, BoardCard>();
/** Per card: the chain of its moves in flight, how many, and a generation bumped on refusal. */
const queues = new Map<string, Promise<void>>();
const pendingCount = new Map<string, number>();
const generation = new Map<string, number>();
let detailFor: string | null = null;
/** A refusal showed the board was out of date: reload it once no move is in flight. */
let reloadWhenIdle = false;
/** Where focus goes back to when the panel closes: the card (by id, it may be re-rendered). */
let focusBeforeDetail: { id: string; details: boolean } | null = null;

// ---------------------------------------------------------------------------------------------
// DOM helpers

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from board.html`);
  return el;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  children: Array<Node | null> = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

function safeUrl(url: string): string | null {
  return /^https?:\/\//i.test(url) ? url : null;
}

function monthLabel(key: string): string {
  const [y, m] = key.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

function timeOf(startIso: string): string {
  const m = /T(\d{2}):(\d{2})/.exec(startIso);
  if (!m) return '';
  const h = Number(m[1]);
  return `${((h + 11) % 12) + 1}:${m[2]} ${h < 12 ? 'AM' : 'PM'}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "2026-11-28T09:00:00-08:00" -> "Sat, Nov 28, 2026, 9:00 AM": the charter's own local time. */
function formatStart(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()];
  return `${weekday}, ${MONTHS[mo - 1]} ${d}, ${y}, ${timeOf(iso)}`;
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

let toastTimer: number | undefined;
function announce(message: string): void {
  const toast = $('toast');
  toast.textContent = message;
  toast.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (toast.hidden = true), 3500);
}

function showAlert(message: string): void {
  $('alert-text').textContent = message;
  $('alert').hidden = false;
}

function clearAlert(): void {
  $('alert').hidden = true;
  $('alert-text').textContent = '';
}

// ---------------------------------------------------------------------------------------------
// Rendering

function visibleCards(): BoardCard[] {
  return [...shown.values()]
    .filter((c) => month === '' || c.month === month)
    .sort((a, b) => a.startIso.localeCompare(b.startIso) || a.bookingId.localeCompare(b.bookingId));
}

function renderMonthFilter(): void {
  const select = $('month') as HTMLSelectElement;
  const months = [...new Set([...shown.values()].map((c) => c.month).filter(Boolean))].sort();
  if (month && !months.includes(month)) month = '';
  select.replaceChildren(
    el('option', { text: 'All months', attrs: { value: '' } }),
    ...months.map((m) => el('option', { text: monthLabel(m), attrs: { value: m } })),
  );
  select.value = month;
}

function summaryItem(label: string, value: string): HTMLElement {
  return el('div', {}, [el('dt', { text: label }), el('dd', { text: value })]);
}

function renderSummary(cards: BoardCard[]): void {
  const sum = (pick: (c: BoardCard) => number) => cards.reduce((t, c) => t + pick(c), 0);
  $('summary').replaceChildren(
    summaryItem('Bookings', String(cards.length)),
    summaryItem('Gross', formatUsd(sum((c) => c.grossCents))),
    summaryItem('Net', formatUsd(sum((c) => c.netCents))),
  );
}

function neighbours(card: BoardCard): { prev: string | null; next: string | null } {
  const i = movableLanes.indexOf(card.lane);
  if (i < 0) return { prev: null, next: movableLanes[0] ?? null };
  return { prev: movableLanes[i - 1] ?? null, next: movableLanes[i + 1] ?? null };
}

function moneyCell(label: string, cents: number, className = ''): HTMLElement {
  return el('div', { className }, [
    el('dt', { text: label }),
    el('dd', { text: formatUsd(cents) }),
  ]);
}

function renderCard(card: BoardCard): HTMLElement {
  const { prev, next } = neighbours(card);
  const meta = [
    timeOf(card.startIso),
    card.guestFirstName,
    card.partySize === null ? '' : `${card.partySize} guest${card.partySize === 1 ? '' : 's'}`,
  ]
    .filter(Boolean)
    .join(' \u00b7 ');
  const moveButton = (lane: string | null, symbol: string, which: string) => {
    const button = el('button', {
      className: `icon-btn move-${which}`,
      text: symbol,
      attrs: {
        type: 'button',
        'aria-label': lane
          ? `Move ${card.title} to ${lane}`
          : `No lane ${which === 'prev' ? 'before' : 'after'} ${card.lane}`,
        title: lane ? `Move to ${lane}` : '',
      },
    });
    if (lane) button.dataset.lane = lane;
    else button.disabled = true;
    return button;
  };
  const url = safeUrl(card.guestPageUrl);
  const li = el(
    'li',
    {
      className: `card${(pendingCount.get(card.bookingId) ?? 0) > 0 ? ' saving' : ''}`,
      attrs: {
        tabindex: '0',
        draggable: 'true',
        'data-id': card.bookingId,
        'aria-roledescription': 'card',
        'aria-describedby': 'keyboard-help',
        'aria-keyshortcuts': 'Alt+ArrowLeft Alt+ArrowRight Enter',
      },
    },
    [
      el('h3', { className: 'card-title', text: card.title }),
      el('p', { className: 'card-meta', text: meta }),
      el('div', { className: 'card-tags' }, [
        el('span', { className: `chip ${card.crewStatus}`, text: CREW_LABEL[card.crewStatus] }),
        url
          ? el('a', {
              className: 'guest-link',
              text: 'Guest page \u2197',
              attrs: {
                href: url,
                target: '_blank',
                rel: 'noopener noreferrer',
                'aria-label': `Guest page of ${card.title}`,
              },
            })
          : null,
      ]),
      el('dl', { className: 'money' }, [
        moneyCell('Gross', card.grossCents),
        moneyCell('Net', card.netCents, `net${card.netCents < 0 ? ' negative' : ''}`),
        moneyCell('Crew', card.crewCostCents),
        moneyCell('Port fee', card.portFeeCents),
      ]),
      card.failedSteps.length
        ? el('button', {
            className: 'attention',
            text: `\u26a0 ${card.failedSteps.join(', ')} failed`,
            attrs: {
              type: 'button',
              'aria-label': `${card.failedSteps.join(', ')} failed: open details of ${card.title}`,
            },
          })
        : null,
      card.problems.length
        ? el('p', { className: 'problem', text: `\u26a0 ${card.problems.join('; ')}` })
        : null,
      el('div', { className: 'card-actions' }, [
        moveButton(prev, '\u25c0', 'prev'),
        el('button', {
          className: 'text-btn details',
          text: 'Details',
          attrs: { type: 'button', 'aria-label': `Details of ${card.title}` },
        }),
        moveButton(next, '\u25b6', 'next'),
      ]),
    ],
  );
  return li;
}

function renderBoard(): void {
  const active = document.activeElement as HTMLElement | null;
  const focusedCard = active?.closest<HTMLElement>('.card')?.dataset.id ?? null;
  const focusedRole = active?.classList.contains('card')
    ? 'card'
    : active?.classList.contains('details')
      ? 'details'
      : null;

  renderMonthFilter();
  const cards = visibleCards();
  $('empty-board').hidden = shown.size > 0;
  renderSummary(cards);
  const board = $('board');
  board.replaceChildren(
    ...lanes.map((lane, index) => {
      const laneCards = cards.filter((c) => c.lane === lane);
      const gross = laneCards.reduce((t, c) => t + c.grossCents, 0);
      const net = laneCards.reduce((t, c) => t + c.netCents, 0);
      const headingId = `lane-${index}`;
      const section = el(
        'section',
        {
          className: 'lane',
          attrs: {
            'data-lane': lane,
            'aria-labelledby': headingId,
            style: `--lane: ${LANE_COLORS[index % LANE_COLORS.length]}`,
          },
        },
        [
          el('div', { className: 'lane-head' }, [
            el('h2', { attrs: { id: headingId } }, [
              el('span', { className: 'lane-name', text: lane }),
              el('span', {
                className: 'count',
                text: String(laneCards.length),
                attrs: { 'aria-label': `${laneCards.length} cards` },
              }),
            ]),
            el('div', { className: 'lane-totals' }, [
              el('span', {}, [
                document.createTextNode('Gross '),
                el('strong', { text: formatUsd(gross) }),
              ]),
              el('span', {}, [
                document.createTextNode('Net '),
                el('strong', { text: formatUsd(net) }),
              ]),
            ]),
          ]),
          el(
            'ul',
            { className: 'cards', attrs: { 'aria-label': `${lane} cards` } },
            laneCards.length
              ? laneCards.map(renderCard)
              : [el('li', { className: 'empty', text: 'No cards' })],
          ),
        ],
      );
      return section;
    }),
  );

  if (focusedCard) {
    const card = board.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(focusedCard)}"]`);
    const target = focusedRole === 'details' ? card?.querySelector<HTMLElement>('.details') : card;
    target?.focus({ preventScroll: false });
  }
}

function applyState(state: BoardState): void {
  lanes = state.lanes;
  movableLanes = state.movableLanes;
  confirmed.clear();
  shown.clear();
  for (const card of state.cards) {
    confirmed.set(card.bookingId, card);
    shown.set(card.bookingId, card);
  }
  const warnings = $('warnings');
  warnings.textContent = state.warnings.join(' ');
  warnings.hidden = state.warnings.length === 0;
  renderBoard();
}

// ---------------------------------------------------------------------------------------------
// Moves

function focusCard(id: string): void {
  document.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(id)}"]`)?.focus();
}

function moveCard(id: string, toLane: string): void {
  const card = shown.get(id);
  if (!card || card.lane === toLane || !movableLanes.includes(toLane)) return;
  clearAlert();
  const gen = generation.get(id) ?? 0;
  shown.set(id, { ...card, lane: toLane });
  pendingCount.set(id, (pendingCount.get(id) ?? 0) + 1);
  renderBoard();
  focusCard(id);

  const previous = queues.get(id) ?? Promise.resolve();
  const next = previous.then(async () => {
    try {
      if ((generation.get(id) ?? 0) !== gen) return; // an earlier move of this card was refused
      const base = confirmed.get(id);
      if (!base) return;
      let result: MoveResult;
      try {
        result = await server.boardMoveCard({
          bookingId: id,
          toLane,
          expectedVersion: base.version,
        });
      } catch (error) {
        result = {
          ok: false,
          code: 'sheet-error',
          message: `The move could not be saved: ${(error as Error).message}`,
          current: null,
        };
      }
      settle(id, toLane, result);
    } finally {
      pendingCount.set(id, (pendingCount.get(id) ?? 1) - 1);
      if (queues.get(id) === next && (pendingCount.get(id) ?? 0) === 0) queues.delete(id);
      updateSavingMark(id);
      if (reloadWhenIdle && queues.size === 0) {
        reloadWhenIdle = false;
        void refresh();
      }
    }
  });
  queues.set(id, next);
}

function settle(id: string, toLane: string, result: MoveResult): void {
  if (result.ok) {
    confirmed.set(id, result.card);
    const view = shown.get(id);
    // Later moves of this card may already be shown; keep their lane, take the new version.
    shown.set(id, { ...result.card, lane: view?.lane ?? result.card.lane });
    announce(`Moved ${result.card.title} to ${toLane}.`);
    return;
  }
  generation.set(id, (generation.get(id) ?? 0) + 1);
  if (result.code === 'version-conflict' || result.code === 'unknown-booking') {
    reloadWhenIdle = true; // other cards may have changed too
  }
  if (result.code === 'unknown-booking') {
    confirmed.delete(id);
    shown.delete(id);
  } else {
    if (result.current) confirmed.set(id, result.current);
    const truth = confirmed.get(id);
    if (truth) shown.set(id, truth);
  }
  const hadFocus = document.activeElement?.closest('.card') !== null;
  renderBoard();
  if (hadFocus) focusCard(id);
  showAlert(result.message);
}

function updateSavingMark(id: string): void {
  const node = document.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(id)}"]`);
  node?.classList.toggle('saving', (pendingCount.get(id) ?? 0) > 0);
  const card = shown.get(id);
  // The version changed: the move buttons and data stay in step with the confirmed card.
  if (node && card && (pendingCount.get(id) ?? 0) === 0) {
    const hadFocus = node.contains(document.activeElement);
    renderBoard();
    if (hadFocus) focusCard(id);
  }
}

// ---------------------------------------------------------------------------------------------
// Detail panel

function fact(label: string, value: string): Node[] {
  return value ? [el('dt', { text: label }), el('dd', { text: value })] : [];
}

function renderDetail(detail: CardDetail, message?: { ok: boolean; text: string }): void {
  const { card, booking } = detail;
  $('detail-title').textContent = card.title;
  $('detail-sub').textContent = [booking.guest || card.guestFirstName, card.lane]
    .filter(Boolean)
    .join(' \u00b7 ');

  const facts = el('dl', { className: 'facts' }, [
    ...fact('Booking', card.bookingId),
    ...fact('Starts', formatStart(booking.start || card.startIso)),
    ...fact('Hours', booking.durationHours),
    ...fact('Party', booking.partySize),
    ...fact('Boat', booking.boat),
    ...fact('Pick-up', booking.pickup),
    ...fact('Crew', CREW_LABEL[card.crewStatus]),
  ]);
  const url = safeUrl(booking.guestPageUrl);
  const link = url
    ? el('p', {}, [
        el('a', {
          text: 'Open guest page \u2197',
          attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' },
        }),
      ])
    : null;

  const financeRows = detail.finance
    .filter((line) => line.cents !== null || line.problem)
    .map((line) =>
      el('tr', { className: line.label === 'Net' ? 'total' : '' }, [
        el('td', { text: line.label }),
        el('td', {
          className: 'num',
          text: line.problem
            ? `\u26a0 ${line.problem}`
            : line.cents === null
              ? '\u2014'
              : formatUsd(line.cents),
        }),
      ]),
    );

  const steps = el(
    'ul',
    { className: 'steps' },
    detail.steps.map((step) =>
      el('li', { attrs: { 'data-step': step.step } }, [
        el('span', { className: 'step-name' }, [
          document.createTextNode(step.label),
          step.text && !PLAIN_STEP_WORDS.has(step.text.toLowerCase())
            ? el('span', { className: 'step-text', text: step.text })
            : null,
        ]),
        el('span', { className: `chip ${step.state}`, text: STEP_STATE_LABEL[step.state] }),
        step.state === 'failed'
          ? el('button', {
              className: 'text-btn retry',
              text: 'Retry',
              attrs: {
                type: 'button',
                'data-step': step.step,
                'aria-label': `Retry ${step.label}`,
              },
            })
          : null,
      ]),
    ),
  );

  const history = detail.history.length
    ? el('table', { className: 'history' }, [
        el(
          'tbody',
          {},
          detail.history.map((h) =>
            el('tr', {}, [
              el('td', { className: 'when', text: formatWhen(h.time) }),
              el('td', { text: [h.trigger, h.action].filter(Boolean).join(' \u00b7 ') }),
              el('td', { text: [h.result, h.details].filter(Boolean).join(': ') }),
            ]),
          ),
        ),
      ])
    : el('p', { className: 'sub', text: 'No runs recorded yet.' });

  $('detail-body').replaceChildren(
    facts,
    ...(link ? [link] : []),
    message
      ? el('div', {
          className: `panel-message ${message.ok ? 'ok' : 'error'}`,
          text: message.text,
          attrs: { role: message.ok ? 'status' : 'alert' },
        })
      : el('span'),
    el('h3', { text: 'Finance' }),
    el('table', { className: 'finance' }, [el('tbody', {}, financeRows)]),
    el('h3', { text: 'Systems' }),
    steps,
    booking.lastError
      ? el('div', { className: 'last-error', text: `Last error: ${booking.lastError}` })
      : el('span'),
    booking.lastRun
      ? el('p', { className: 'sub', text: `Last run: ${formatWhen(booking.lastRun)}` })
      : el('span'),
    el('h3', { text: 'Run history' }),
    history,
  );
}

async function openDetail(id: string): Promise<void> {
  const active = document.activeElement;
  focusBeforeDetail = { id, details: !!active?.closest('button.details, button.attention') };
  detailFor = id;
  const card = shown.get(id);
  $('detail-title').textContent = card?.title ?? id;
  $('detail-sub').textContent = 'Loading\u2026';
  $('detail-body').replaceChildren();
  $('detail').hidden = false;
  $('backdrop').hidden = false;
  $('detail-close').focus();
  try {
    const result = await server.boardCardDetail(id);
    if (detailFor !== id) return;
    if (result.ok) renderDetail(result.detail);
    else {
      $('detail-sub').textContent = '';
      $('detail-body').replaceChildren(
        el('div', {
          className: 'panel-message error',
          text: result.message,
          attrs: { role: 'alert' },
        }),
      );
    }
  } catch (error) {
    if (detailFor !== id) return;
    $('detail-sub').textContent = '';
    $('detail-body').replaceChildren(
      el('div', {
        className: 'panel-message error',
        text: `Could not load the details: ${(error as Error).message}`,
        attrs: { role: 'alert' },
      }),
    );
  }
}

function closeDetail(): void {
  detailFor = null;
  $('detail').hidden = true;
  $('backdrop').hidden = true;
  const back = focusBeforeDetail;
  focusBeforeDetail = null;
  if (!back) return;
  const card = document.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(back.id)}"]`);
  (back.details ? card?.querySelector<HTMLElement>('button.details') : card)?.focus();
}

/** Keeps Tab inside the open panel (it is modal). */
function trapFocus(event: KeyboardEvent): void {
  if (event.key !== 'Tab' || !detailFor) return;
  const focusable = [
    ...$('detail').querySelectorAll<HTMLElement>('button:not([disabled]), a[href]'),
  ];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/** Arrow keys walk between cards: up/down in a lane, left/right to the neighbouring lane. */
function moveFocus(card: HTMLElement, key: string): boolean {
  const laneEl = card.closest('.lane');
  const inLane = laneEl ? [...laneEl.querySelectorAll<HTMLElement>('.card')] : [];
  const index = inLane.indexOf(card);
  let target: HTMLElement | undefined;
  if (key === 'ArrowDown') target = inLane[index + 1];
  else if (key === 'ArrowUp') target = inLane[index - 1];
  else {
    const lanesEls = [...document.querySelectorAll<HTMLElement>('.lane')];
    const step = key === 'ArrowRight' ? 1 : -1;
    for (
      let i = lanesEls.indexOf(laneEl as HTMLElement) + step;
      i >= 0 && i < lanesEls.length;
      i += step
    ) {
      const cards = lanesEls[i]?.querySelectorAll<HTMLElement>('.card');
      if (cards?.length) {
        target = cards[Math.min(index, cards.length - 1)];
        break;
      }
    }
  }
  target?.focus();
  return !!target;
}

async function retryStep(button: HTMLButtonElement): Promise<void> {
  const id = detailFor;
  const step = button.dataset.step as StepView['step'] | undefined;
  if (!id || !step) return;
  button.disabled = true;
  button.textContent = 'Retrying\u2026';
  try {
    const result = await server.boardRetryStep({ bookingId: id, step });
    if (detailFor !== id) return;
    if (result.detail) renderDetail(result.detail, { ok: result.ok, text: result.message });
    else showAlert(result.message);
    if (result.ok) void refresh();
  } catch (error) {
    button.disabled = false;
    button.textContent = 'Retry';
    showAlert(`The retry could not run: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

async function refresh(): Promise<void> {
  if (queues.size > 0) return; // never overwrite moves in flight
  try {
    applyState(await server.boardLoad());
  } catch (error) {
    showAlert(`Could not load the board: ${(error as Error).message}`);
  }
}

function initialState(): BoardState | null {
  const text = document.getElementById('initial-state')?.textContent?.trim();
  if (!text) return null;
  try {
    return JSON.parse(text) as BoardState;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Events

function cardOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element ? target.closest<HTMLElement>('.card') : null;
}

function wire(): void {
  const board = $('board');

  board.addEventListener('click', (event) => {
    const target = event.target as Element;
    const card = cardOf(target);
    const id = card?.dataset.id;
    if (!id) return;
    const move = target.closest<HTMLButtonElement>('button[data-lane]');
    if (move?.dataset.lane) {
      moveCard(id, move.dataset.lane);
      return;
    }
    if (target.closest('button.details, button.attention')) void openDetail(id);
  });

  board.addEventListener('keydown', (event) => {
    const card = cardOf(event.target);
    const id = card?.dataset.id;
    if (!id || event.target !== card) return;
    const current = shown.get(id);
    if (!current) return;
    if (event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      event.preventDefault();
      const { prev, next } = neighbours(current);
      const lane = event.key === 'ArrowLeft' ? prev : next;
      if (lane) moveCard(id, lane);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      void openDetail(id);
    } else if (
      !event.altKey &&
      ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(event.key) &&
      card &&
      moveFocus(card, event.key)
    ) {
      event.preventDefault();
    }
  });

  board.addEventListener('dragstart', (event) => {
    const card = cardOf(event.target);
    if (!card?.dataset.id || !event.dataTransfer) return;
    event.dataTransfer.setData('text/plain', card.dataset.id);
    event.dataTransfer.effectAllowed = 'move';
    card.classList.add('dragging');
  });
  board.addEventListener('dragend', (event) => {
    cardOf(event.target)?.classList.remove('dragging');
    board.querySelectorAll('.drop-target').forEach((n) => n.classList.remove('drop-target'));
  });
  board.addEventListener('dragover', (event) => {
    const lane = (event.target as Element).closest<HTMLElement>('.lane');
    if (!lane?.dataset.lane || !movableLanes.includes(lane.dataset.lane)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    board
      .querySelectorAll('.drop-target')
      .forEach((n) => n !== lane && n.classList.remove('drop-target'));
    lane.classList.add('drop-target');
  });
  board.addEventListener('drop', (event) => {
    const lane = (event.target as Element).closest<HTMLElement>('.lane');
    board.querySelectorAll('.drop-target').forEach((n) => n.classList.remove('drop-target'));
    const id = event.dataTransfer?.getData('text/plain');
    if (!lane?.dataset.lane || !id) return;
    event.preventDefault();
    moveCard(id, lane.dataset.lane);
  });

  ($('month') as HTMLSelectElement).addEventListener('change', (event) => {
    month = (event.target as HTMLSelectElement).value;
    renderBoard();
  });
  $('refresh').addEventListener('click', () => void refresh());
  $('alert-close').addEventListener('click', clearAlert);
  $('detail-close').addEventListener('click', closeDetail);
  $('backdrop').addEventListener('click', closeDetail);
  $('detail').addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button.retry');
    if (button) void retryStep(button);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && detailFor) closeDetail();
    trapFocus(event);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !detailFor) void refresh();
  });
}

function start(): void {
  wire();
  const state = initialState();
  if (state) applyState(state);
  else void refresh();
  document.body.dataset.ready = 'true';
}

start();
