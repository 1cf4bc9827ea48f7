/**
 * The crew's answers on a card: the glanceable status ("2 of 3 confirmed", "declined: Lee
 * (deckhand)") as a coloured chip, then each invited member with a mark for their answer and
 * their role. The detail panel adds when each of them answered.
 */
import type { MemberAnswer } from '../../../shared/kanban';
import type { BoardCard } from '../../kanban/types';
import { el } from './dom';
import { whenLabel } from './time';

const MARK: Record<MemberAnswer['answer'], string> = {
  confirmed: '\u2713',
  declined: '\u2717',
  waiting: '\u2026',
};
const ANSWER_LABEL: Record<MemberAnswer['answer'], string> = {
  confirmed: 'confirmed',
  declined: 'declined',
  waiting: 'waiting for an answer',
};

/** "Crew: 2 of 3 confirmed" */
export function crewText(card: BoardCard): string {
  return `Crew: ${card.crewSummary || card.crewStatus}`;
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export function crewChip(card: BoardCard): HTMLElement {
  return el('div', { className: 'crew' }, [
    el('span', { className: `chip ${card.crewStatus}`, text: crewText(card) }),
    card.crew.length
      ? el(
          'ul',
          { className: 'crew-members', attrs: { 'aria-label': 'Crew answers' } },
          card.crew.map((m) =>
            el('li', {
              className: `member ${m.answer}`,
              text: `${MARK[m.answer]} ${firstName(m.name)} (${m.role})`,
              attrs: { title: `${m.name}, ${m.role}: ${ANSWER_LABEL[m.answer]}` },
            }),
          ),
        )
      : null,
  ]);
}

/** The detail panel's crew table: who, role, answer and since when. */
export function crewDetail(card: BoardCard): HTMLElement {
  if (!card.crew.length) return el('p', { className: 'sub', text: crewText(card) });
  return el('table', { className: 'crew-table' }, [
    el(
      'tbody',
      {},
      card.crew.map((m) =>
        el('tr', { className: `member ${m.answer}` }, [
          el('td', { text: `${MARK[m.answer]} ${m.name}` }),
          el('td', { text: m.role }),
          el('td', { text: ANSWER_LABEL[m.answer] }),
          el('td', {
            className: 'when',
            text: m.since ? `${m.answer === 'waiting' ? 'invited ' : ''}${whenLabel(m.since)}` : '',
          }),
        ]),
      ),
    ),
  ]);
}
