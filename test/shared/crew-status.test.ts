/** The crew loop's rules: the status a person reads at a glance, and when a notice is owed. */
import {
  crewStatusOf,
  crewStatusText,
  noAnswerDeadline,
  noticesDue,
  staleSuffix,
  type MemberAnswer,
} from '../../shared/crew-status';

const HOUR = 3_600_000;
const member = (name: string, role: string, answer: MemberAnswer['answer']): MemberAnswer => ({
  name,
  role,
  email: `${name.split(' ')[0]!.toLowerCase()}@crew.example`,
  answer,
  since: '2026-07-01T10:00:00.000Z',
});
const sam = (a: MemberAnswer['answer']) => member('Sam Rivera', 'captain', a);
const dana = (a: MemberAnswer['answer']) => member('Dana Deck', 'deckhand', a);
const lee = (a: MemberAnswer['answer']) => member('Lee Line', 'deckhand', a);

describe('crew status at a glance', () => {
  it.each([
    [[sam('confirmed'), dana('confirmed'), lee('confirmed')], 'all 3 confirmed', 'confirmed'],
    [[sam('confirmed'), dana('confirmed'), lee('waiting')], '2 of 3 confirmed', 'pending'],
    [[sam('confirmed'), dana('waiting'), lee('declined')], 'declined: Lee (deckhand)', 'declined'],
    [[sam('waiting'), dana('waiting'), lee('waiting')], 'no answers yet', 'pending'],
    [[], 'no crew invited', 'unknown'],
  ] as const)('%j reads "%s" (%s)', (members, text, colour) => {
    expect(crewStatusText(members)).toBe(text);
    expect(crewStatusOf(members)).toBe(colour);
  });

  it('names the full name when two members share a first name', () => {
    const twins = [
      member('Lee Line', 'deckhand', 'declined'),
      member('Lee Park', 'captain', 'waiting'),
    ];
    expect(crewStatusText(twins)).toBe('declined: Lee Line (deckhand)');
  });

  it('says how old the last known answers are', () => {
    const now = Date.parse('2026-07-01T13:00:00Z');
    expect(staleSuffix(now - 20 * 60_000, now)).toBe(' (as of 20 min ago)');
    expect(staleSuffix(now - 3 * HOUR, now)).toBe(' (as of 3 h ago)');
    expect(staleSuffix(now - 72 * HOUR, now)).toBe(' (as of 3 days ago)');
  });
});

describe('when the captain hears about a missing answer', () => {
  const departure = Date.parse('2026-07-04T17:00:00Z');

  it('48 h before departure for an early invitation; half the time left for a late one', () => {
    expect(noAnswerDeadline(departure, departure - 10 * 24 * HOUR, 48)).toMatchObject({
      dueMs: departure - 48 * HOUR,
      late: false,
    });
    expect(noAnswerDeadline(departure, departure - 30 * HOUR, 48)).toEqual({
      dueMs: departure - 15 * HOUR,
      graceHours: 15,
      late: true,
    });
  });

  it('owes nothing twice: notices already sent are left out', () => {
    const members = [sam('confirmed'), dana('waiting'), lee('declined')];
    const due = noticesDue({
      revision: 2,
      departureMs: departure,
      members,
      nowMs: departure - 47 * HOUR,
      noAnswerHours: 48,
      sent: new Set(['declined:r2:lee@crew.example']),
    });
    expect(due.map((n) => n.key)).toEqual(['no-answer:r2:dana@crew.example']);
  });
});
