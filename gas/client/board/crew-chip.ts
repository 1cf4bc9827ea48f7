/** The crew's answer on a card (one chip today; the crew loop fills in who answered what). */
import type { BoardCard } from '../../kanban/types';
import { el } from './dom';

export const CREW_LABEL: Record<BoardCard['crewStatus'], string> = {
  confirmed: 'Crew confirmed',
  pending: 'Crew pending',
  declined: 'Crew declined',
  unknown: 'Crew: no reply',
};

export function crewChip(card: BoardCard): HTMLElement {
  return el('span', { className: `chip ${card.crewStatus}`, text: CREW_LABEL[card.crewStatus] });
}
