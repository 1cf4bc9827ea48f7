/**
 * One card: who (guest, boat, party), when (day, time, length, with today / this week / next
 * departure marked), where it came from (a source badge), crew, money, and what needs attention.
 * Each part is its own small function so other features (crew answers, clash marks, retry
 * buttons) slot in without touching the rest.
 */
import { formatUsd } from '../../../shared/money';
import type { BoardCard } from '../../kanban/types';
import { crewChip } from './crew-chip';
import { el, safeUrl } from './dom';
import { dayLabel, dayMark, lengthLabel, timeOf } from './time';

export interface CardContext {
  today: string;
  isNext: boolean;
  isPast: boolean;
  saving: boolean;
  prev: string | null;
  next: string | null;
}

const SOURCE_LABEL: Record<string, string> = { boatsetter: 'Boatsetter', manual: 'Direct' };

/** How the card is named to screen readers and in messages: "Maria Lopez, Sat, Nov 28". */
export function cardLabel(card: BoardCard, today: string): string {
  return `${card.guestName || card.title}, ${dayLabel(card.startIso, today)}`;
}

function badges(card: BoardCard, ctx: CardContext): HTMLElement {
  const mark = ctx.isPast ? null : dayMark(card.startIso, ctx.today);
  const source = SOURCE_LABEL[card.source];
  return el('div', { className: 'card-badges' }, [
    ctx.isNext ? el('span', { className: 'badge next', text: 'Next departure' }) : null,
    mark === 'today' ? el('span', { className: 'badge today', text: 'Today' }) : null,
    mark === 'this-week' ? el('span', { className: 'badge week', text: 'This week' }) : null,
    ctx.isPast ? el('span', { className: 'badge past', text: 'Past' }) : null,
    source ? el('span', { className: `badge source ${card.source}`, text: source }) : null,
  ]);
}

function when(card: BoardCard, today: string): HTMLElement {
  const parts = [dayLabel(card.startIso, today), timeOf(card.startIso)];
  // A trip that returns on a later day shows its return: "Fri, Jul 10 · 10:00 AM – Sun, Jul 12 · 4:00 PM".
  if (card.endIso && card.endIso.slice(0, 10) !== card.startIso.slice(0, 10))
    parts[1] = `${parts[1]} \u2013 ${dayLabel(card.endIso, today)} \u00b7 ${timeOf(card.endIso)}`;
  parts.push(lengthLabel(card.hours));
  return el('p', { className: 'card-when' }, [
    el('time', {
      text: parts.filter(Boolean).join(' \u00b7 '),
      attrs: { datetime: card.startIso },
    }),
  ]);
}

function who(card: BoardCard): HTMLElement {
  const party =
    card.partySize === null ? '' : `${card.partySize} guest${card.partySize === 1 ? '' : 's'}`;
  return el('p', {
    className: 'card-meta',
    text: [card.boat, party].filter(Boolean).join(' \u00b7 '),
  });
}

function moneyCell(label: string, cents: number, className = ''): HTMLElement {
  return el('div', { className }, [
    el('dt', { text: label }),
    el('dd', { text: formatUsd(cents) }),
  ]);
}

function money(card: BoardCard): HTMLElement[] {
  const list = el('dl', { className: 'money' }, [
    moneyCell('Gross', card.grossCents),
    moneyCell('Net', card.netCents, `net${card.netCents < 0 ? ' negative' : ''}`),
    moneyCell('Crew', card.crewCostCents),
    moneyCell('Port fee', card.portFeeCents),
  ]);
  if (card.netCents >= 0) return [list];
  return [
    list,
    el('p', {
      className: 'net-warning',
      text: `\u26a0 This charter loses ${formatUsd(-card.netCents)}: crew and port fee are more than it earns.`,
      attrs: { role: 'note' },
    }),
  ];
}

/**
 * Failed steps in words, amber (retrying by itself), red (waiting for the captain) or doubt (the
 * captain e-mail may have gone). A booking that gave up offers Retry right on the card: one click.
 */
function attention(card: BoardCard, label: string): HTMLElement[] {
  return card.alerts.flatMap((alert) => [
    el('button', {
      className: `attention ${alert.severity}`,
      text: `${alert.severity === 'doubt' ? '?' : '\u26a0'} ${alert.message}`,
      attrs: {
        type: 'button',
        'data-step': alert.step,
        'aria-label': `${alert.message}: open details of ${label}`,
      },
    }),
    ...(alert.offerRetry
      ? [
          el('button', {
            className: 'text-btn card-retry',
            text: 'Retry now',
            attrs: {
              type: 'button',
              'data-step': alert.step,
              'aria-label': `Retry ${label} now`,
            },
          }),
        ]
      : []),
  ]);
}

function moveButton(
  lane: string | null,
  symbol: string,
  which: string,
  card: BoardCard,
  label: string,
) {
  const button = el('button', {
    className: `icon-btn move-${which}`,
    text: symbol,
    attrs: {
      type: 'button',
      'aria-label': lane
        ? `Move ${label} to ${lane}`
        : `No lane ${which === 'prev' ? 'before' : 'after'} ${card.lane}`,
      title: lane ? `Move to ${lane}` : '',
    },
  });
  if (lane) button.dataset.lane = lane;
  else button.disabled = true;
  return button;
}

export function renderCard(card: BoardCard, ctx: CardContext): HTMLElement {
  const label = cardLabel(card, ctx.today);
  const url = safeUrl(card.guestPageUrl);
  const mark = ctx.isPast ? null : dayMark(card.startIso, ctx.today);
  const classes = [
    'card',
    ctx.saving ? 'saving' : '',
    ctx.isNext ? 'next' : '',
    ctx.isPast ? 'past' : '',
    mark ?? '',
    card.netCents < 0 ? 'loss' : '',
    card.clashWith.length ? 'clash' : '',
  ];
  return el(
    'li',
    {
      className: classes.filter(Boolean).join(' '),
      attrs: {
        tabindex: '0',
        draggable: 'true',
        'data-id': card.bookingId,
        'aria-roledescription': 'card',
        'aria-label': label,
        'aria-describedby': 'keyboard-help',
        'aria-keyshortcuts': 'Alt+ArrowLeft Alt+ArrowRight Enter',
      },
    },
    [
      badges(card, ctx),
      el('h3', { className: 'card-title', text: card.guestName || card.title }),
      when(card, ctx.today),
      who(card),
      card.clashWith.length
        ? el('p', {
            className: 'clash-mark',
            text: `\u26a0 Boat clash with ${card.clashWith.join(', ')}`,
            attrs: {
              role: 'note',
              title: 'Another active booking of this boat overlaps this trip (or its turnaround)',
            },
          })
        : null,
      el('div', { className: 'card-tags' }, [
        crewChip(card),
        url
          ? el('a', {
              className: 'guest-link',
              text: 'Guest page \u2197',
              attrs: {
                href: url,
                target: '_blank',
                rel: 'noopener noreferrer',
                'aria-label': `Guest page of ${label}`,
              },
            })
          : null,
      ]),
      ...money(card),
      ...attention(card, label),
      card.problems.length
        ? el('p', { className: 'problem', text: `\u26a0 ${card.problems.join('; ')}` })
        : null,
      el('div', { className: 'card-actions' }, [
        moveButton(ctx.prev, '\u25c0', 'prev', card, label),
        el('button', {
          className: 'text-btn details',
          text: 'Details',
          attrs: { type: 'button', 'aria-label': `Details of ${label}` },
        }),
        moveButton(ctx.next, '\u25b6', 'next', card, label),
      ]),
    ],
  );
}
