/**
 * The captain's e-mail says what happened in the words of the providers chosen in Settings: who
 * tells the crew about a cancellation, and where the calendar entry is.
 */
import { renderCaptainEmail } from '../../lambda-bridge/src/captain-email';
import type { BridgeRequest } from '../../shared/bridge-contract';
import { workedExampleRequest } from './helpers';

const LINKS = {
  guestPage: 'https://charters.example/g/queen',
  checklist: 'https://charters.example/crew/queen-x.html',
};

const cancelled = (providers: BridgeRequest['providers']) =>
  renderCaptainEmail({
    request: workedExampleRequest({ op: 'cancel', revision: 2, providers }),
    kind: 'cancelled',
    links: LINKS,
    answers: null,
    previous: null,
  }).text;

describe('captain e-mail wording follows the providers', () => {
  it('with ShipCaptainCrew: SCC cancels its event and tells the crew', () => {
    const text = cancelled({ calendar: 'dashboard', crew: 'scc' });
    expect(text).toContain('the crew event is cancelled (ShipCaptainCrew notifies the crew)');
    expect(text).toContain('Calendar: on the calendar dashboard');
  });

  it('with the built-in invitations: each invited member gets a cancellation e-mail; no SCC', () => {
    const text = cancelled({ calendar: 'google', crew: 'builtin' });
    expect(text).toContain(
      'every invited crew member gets a cancellation e-mail (built-in invitations)',
    );
    expect(text).not.toMatch(/SCC|ShipCaptainCrew/);
    expect(text).toContain('Calendar: there was no entry in your Google Calendar to remove');
  });

  it('a request without providers means the first operator’s own services', () => {
    expect(cancelled(undefined)).toContain('ShipCaptainCrew notifies the crew');
  });
});
