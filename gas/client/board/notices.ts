/**
 * Messages: a short notice after a move (with "Show" when the card is out of view), the alert
 * for refusals and failures (inside the sticky header, where the captain is looking), and the
 * question asked before a risky move.
 */
import { $, cardElement } from './dom';

let toastTimer: number | undefined;

/** A polite notice; `show` adds a button that brings the card into view. */
export function announce(message: string, show?: string): void {
  const toast = $('toast');
  $('toast-text').textContent = message;
  const button = $('toast-show') as HTMLButtonElement;
  const card = show ? cardElement(show) : null;
  button.hidden = !card || isInView(card);
  button.dataset.show = show ?? '';
  toast.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (toast.hidden = true), button.hidden ? 3500 : 8000);
}

export function hideToast(): void {
  $('toast').hidden = true;
}

function isInView(node: HTMLElement): boolean {
  // Wholly in view across (a lane peeking in from the side does not count), and some of it down.
  const box = node.getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  return box.left >= 0 && box.right <= width && box.bottom > 0 && box.top < window.innerHeight;
}

/** Scrolls the card into view (its lane sideways on a phone) and focuses it. */
export function showCard(id: string): void {
  const card = cardElement(id);
  if (!card) return;
  card.scrollIntoView({ block: 'center', inline: 'center' });
  card.focus({ preventScroll: true });
  hideToast();
}

export function showAlert(message: string): void {
  $('alert-text').textContent = message;
  $('alert').hidden = false;
}

export function clearAlert(): void {
  $('alert').hidden = true;
  $('alert-text').textContent = '';
}

let answer: ((yes: boolean) => void) | null = null;

/** Asks a yes/no question in a small modal; resolves false on Escape or "no". */
export function ask(question: string, yes: string, no: string): Promise<boolean> {
  answer?.(false);
  $('confirm-text').textContent = question;
  $('confirm-yes').textContent = yes;
  $('confirm-no').textContent = no;
  $('confirm').hidden = false;
  $('confirm-no').focus();
  return new Promise((resolve) => {
    answer = (value) => {
      answer = null;
      $('confirm').hidden = true;
      resolve(value);
    };
  });
}

export function answerQuestion(yes: boolean): void {
  answer?.(yes);
}

export function questionOpen(): boolean {
  return answer !== null;
}
