/** Wires the page's events (clicks, keys, drag and drop) to the board's actions. */
import type { BoardActions } from './actions';
import { $ } from './dom';
import { answerQuestion, clearAlert, hideToast, questionOpen, showCard } from './notices';
import type { Filter } from './state';

function cardOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element ? target.closest<HTMLElement>('.card') : null;
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
    const lanes = [...document.querySelectorAll<HTMLElement>('.lane')];
    const step = key === 'ArrowRight' ? 1 : -1;
    for (
      let i = lanes.indexOf(laneEl as HTMLElement) + step;
      i >= 0 && i < lanes.length;
      i += step
    ) {
      const cards = lanes[i]?.querySelectorAll<HTMLElement>('.card');
      if (cards?.length) {
        target = cards[Math.min(index, cards.length - 1)];
        break;
      }
    }
  }
  target?.focus();
  return !!target;
}

/** Keeps Tab inside an open modal (the detail panel or the question). */
function trapFocus(event: KeyboardEvent, modal: HTMLElement): void {
  if (event.key !== 'Tab') return;
  const focusable = [...modal.querySelectorAll<HTMLElement>('button:not([disabled]), a[href]')];
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

function wireBoard(actions: BoardActions): void {
  const board = $('board');
  board.addEventListener('click', (event) => {
    const target = event.target as Element;
    const more = target.closest<HTMLElement>('button[data-more]')?.dataset.more;
    if (more !== undefined) actions.view.showMore(more);
    const id = cardOf(target)?.dataset.id;
    if (!id) return;
    const move = target.closest<HTMLButtonElement>('button[data-lane]');
    const retry = target.closest<HTMLButtonElement>('button.card-retry');
    if (retry) void actions.retryFromCard(id, retry);
    else if (move?.dataset.lane) void actions.requestMove(id, move.dataset.lane);
    else if (target.closest('button.details, button.attention')) void actions.openDetail(id);
  });

  board.addEventListener('keydown', (event) => {
    const card = cardOf(event.target);
    const id = card?.dataset.id;
    if (!card || !id || event.target !== card) return;
    const current = actions.model.shown.get(id);
    if (!current) return;
    if (event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      event.preventDefault();
      const { prev, next } = actions.model.neighbours(current);
      const lane = event.key === 'ArrowLeft' ? prev : next;
      if (lane) void actions.requestMove(id, lane);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      void actions.openDetail(id);
    } else if (
      !event.altKey &&
      ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(event.key) &&
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
  const clearDropTargets = () =>
    board.querySelectorAll('.drop-target').forEach((n) => n.classList.remove('drop-target'));
  board.addEventListener('dragend', (event) => {
    cardOf(event.target)?.classList.remove('dragging');
    clearDropTargets();
  });
  board.addEventListener('dragover', (event) => {
    const lane = (event.target as Element).closest<HTMLElement>('.lane');
    if (!lane?.dataset.lane || !actions.model.movableLanes.includes(lane.dataset.lane)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    if (!lane.classList.contains('drop-target')) {
      clearDropTargets();
      lane.classList.add('drop-target');
    }
  });
  board.addEventListener('drop', (event) => {
    const lane = (event.target as Element).closest<HTMLElement>('.lane');
    clearDropTargets();
    const id = event.dataTransfer?.getData('text/plain');
    if (!lane?.dataset.lane || !id) return;
    event.preventDefault();
    void actions.requestMove(id, lane.dataset.lane);
  });
}

export function wire(actions: BoardActions): void {
  wireBoard(actions);
  ($('filter') as HTMLSelectElement).addEventListener('change', (event) => {
    actions.setFilter((event.target as HTMLSelectElement).value as Filter);
  });
  $('filter-empty-show').addEventListener('click', (event) => {
    const filter = (event.target as HTMLElement).dataset.filter as Filter | undefined;
    if (filter) actions.setFilter(filter);
  });
  $('refresh').addEventListener('click', () => void actions.refresh());
  $('view-toggle').addEventListener('click', () => void actions.toggleReport());
  $('alert-close').addEventListener('click', clearAlert);
  $('toast-close').addEventListener('click', hideToast);
  for (const id of ['toast-show', 'next-departure']) {
    $(id).addEventListener('click', (event) => {
      const show = (event.target as Element).closest<HTMLElement>('[data-show]')?.dataset.show;
      if (show) showCard(show);
    });
  }
  $('confirm-yes').addEventListener('click', () => answerQuestion(true));
  $('confirm-no').addEventListener('click', () => answerQuestion(false));
  $('detail-close').addEventListener('click', () => actions.closeDetail());
  $('backdrop').addEventListener('click', () => actions.closeDetail());
  $('detail').addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button.retry');
    if (button) void actions.retryStep(button);
  });
  document.addEventListener('keydown', (event) => {
    if (questionOpen()) {
      if (event.key === 'Escape') answerQuestion(false);
      trapFocus(event, $('confirm'));
      return;
    }
    if (!actions.detailFor) return;
    if (event.key === 'Escape') actions.closeDetail();
    trapFocus(event, $('detail'));
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !actions.detailFor) void actions.refresh();
  });
}
