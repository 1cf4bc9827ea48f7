/** The detail panel: the booking's facts, finance, each system's step and the run history. */
import { formatUsd } from '../../../shared/money';
import type { CardDetail, StepView } from '../../kanban/types';
import { crewDetail, crewText } from './crew-chip';
import { $, el, safeUrl } from './dom';
import { fullStart, whenLabel } from './time';

const STEP_STATE_LABEL: Record<StepView['state'], string> = {
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  pending: 'Waiting',
  doubt: 'Uncertain',
  'not-run': 'Not run',
  unreadable: 'Unreadable',
};

/** Step cells that say no more than the chip does. */
const PLAIN_STEP_WORDS = new Set(['done', 'failed', 'skipped', 'pending']);

function fact(label: string, value: string): Node[] {
  return value ? [el('dt', { text: label }), el('dd', { text: value })] : [];
}

export function showDetailLoading(title: string): void {
  $('detail-title').textContent = title;
  $('detail-sub').textContent = 'Loading\u2026';
  $('detail-body').replaceChildren();
  $('detail').hidden = false;
  $('backdrop').hidden = false;
  $('detail-close').focus();
}

export function showDetailError(message: string): void {
  $('detail-sub').textContent = '';
  $('detail-body').replaceChildren(
    el('div', { className: 'panel-message error', text: message, attrs: { role: 'alert' } }),
  );
}

export function hideDetail(): void {
  $('detail').hidden = true;
  $('backdrop').hidden = true;
}

function steps(detail: CardDetail): HTMLElement {
  const alertOf = new Map(detail.card.alerts.map((a) => [a.step, a]));
  return el(
    'ul',
    { className: 'steps' },
    detail.steps.map((step) => {
      const alert = alertOf.get(step.step);
      const note =
        alert?.message ?? (PLAIN_STEP_WORDS.has(step.text.toLowerCase()) ? '' : step.text);
      return el('li', { attrs: { 'data-step': step.step } }, [
        el('span', { className: 'step-name' }, [
          document.createTextNode(step.label),
          note ? el('span', { className: `step-text ${alert?.severity ?? ''}`, text: note }) : null,
        ]),
        el('span', {
          className: `chip ${step.state} ${alert?.severity ?? ''}`,
          text: STEP_STATE_LABEL[step.state],
        }),
        step.state === 'failed' || step.state === 'unreadable'
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
      ]);
    }),
  );
}

function history(detail: CardDetail): HTMLElement {
  if (!detail.history.length) return el('p', { className: 'sub', text: 'No runs recorded yet.' });
  return el('table', { className: 'history' }, [
    el(
      'tbody',
      {},
      detail.history.map((h) =>
        el('tr', {}, [
          el('td', { className: 'when', text: whenLabel(h.time) }),
          el('td', { text: [h.trigger, h.action].filter(Boolean).join(' \u00b7 ') }),
          el('td', { text: [h.result, h.details].filter(Boolean).join(': ') }),
        ]),
      ),
    ),
  ]);
}

/** `message`: the outcome of a retry; ok is green only when every step is done. */
export function renderDetail(
  detail: CardDetail,
  message?: { tone: 'ok' | 'warn' | 'error'; text: string },
): void {
  const { card, booking } = detail;
  $('detail-title').textContent = card.guestName || card.title;
  $('detail-sub').textContent = [fullStart(booking.start || card.startIso), card.lane]
    .filter(Boolean)
    .join(' \u00b7 ');
  const url = safeUrl(booking.guestPageUrl);
  const financeRows = detail.finance
    .filter((line) => line.cents !== null || line.problem)
    .map((line) =>
      el(
        'tr',
        {
          className: line.label === 'Net' ? `total${(line.cents ?? 0) < 0 ? ' negative' : ''}` : '',
        },
        [
          el('td', { text: line.label }),
          el('td', {
            className: 'num',
            text: line.problem
              ? `\u26a0 ${line.problem}`
              : line.cents === null
                ? '\u2014'
                : formatUsd(line.cents),
          }),
        ],
      ),
    );
  $('detail-body').replaceChildren(
    el('dl', { className: 'facts' }, [
      ...fact('Booking', card.bookingId),
      ...fact('Guest', booking.guest),
      ...fact('Starts', fullStart(booking.start || card.startIso)),
      ...fact('Hours', booking.durationHours),
      ...fact('Party', booking.partySize),
      ...fact('Boat', booking.boat),
      ...fact('Pick-up', booking.pickup),
      ...fact('Crew', crewText(card).replace(/^Crew: /, '')),
    ]),
    url
      ? el('p', {}, [
          el('a', {
            text: 'Open guest page \u2197',
            attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' },
          }),
        ])
      : el('span'),
    message
      ? el('div', {
          className: `panel-message ${message.tone}`,
          text: message.text,
          attrs: { role: message.tone === 'ok' ? 'status' : 'alert' },
        })
      : el('span'),
    el('h3', { text: 'Crew' }),
    crewDetail(card),
    el('h3', { text: 'Finance' }),
    el('table', { className: 'finance' }, [el('tbody', {}, financeRows)]),
    card.netCents < 0
      ? el('p', {
          className: 'net-warning',
          text: `\u26a0 This charter loses ${formatUsd(-card.netCents)}.`,
        })
      : el('span'),
    el('h3', { text: 'Systems' }),
    steps(detail),
    booking.lastError
      ? el('div', { className: 'last-error', text: `Last error: ${booking.lastError}` })
      : el('span'),
    booking.lastRun
      ? el('p', { className: 'sub', text: `Last run: ${whenLabel(booking.lastRun)}` })
      : el('span'),
    el('h3', { text: 'Run history' }),
    history(detail),
  );
}
