/**
 * The inbox run (gas/core/inbox.ts) through the ports, with the small in-memory fakes: e-mails
 * become rows, rows go to the bridge, and the labels say what became of each e-mail.
 */
import { LABELS, runInbox } from '../../../gas/core/inbox';
import { LockBusyError } from '../../../gas/core/pipeline';
import { STEP_CELL } from '../../../gas/core/records';
import { CREW_STATUS_PATH } from '../../../shared/crew-status-contract';
import { STEP_COLUMNS, TABS } from '../../../gas/sheets/schema';
import {
  bridgeDidEverything,
  CAPTAIN_EMAIL,
  fakeServices,
  httpStatus,
  networkError,
  type FakeServices,
} from './support/fake-services';
import { deliver, fixtureMessage, garbledMessage, MAIL } from './support/mail';

const STEP_HEADERS = Object.values(STEP_COLUMNS);
const MINUTE = 60_000;

function row(services: FakeServices, id: string) {
  const found = services.sheets.record(TABS.bookings, 'Booking ID', id);
  if (!found) throw new Error(`no Bookings row ${id}`);
  return found;
}

function stepsOf(services: FakeServices, id: string): string[] {
  const r = row(services, id);
  return STEP_HEADERS.map((h) => String(r[h]));
}

/** Before the seed's charter (May 30 2024), so its crew answers are still read. */
function beforeTheCharter(services: FakeServices): FakeServices {
  services.clock.nowMs = Date.parse('2024-05-14T16:00:00Z');
  return services;
}

describe('Function: runInbox', () => {
  describe('a parsed e-mail is read from Gmail once', () => {
    it('labels the e-mail processed once its row holds the booking, even while the bridge is down', async () => {
      // Prepare: the bridge refuses every connection
      const services = fakeServices();
      services.http.responder = () => networkError('connection refused');
      deliver(services.mailbox, await fixtureMessage(MAIL.seed));

      // Act
      const summary = runInbox(services, 'time-driven');

      // Assess: the row holds the booking and owes the bridge every step...
      expect(summary).toMatchObject({ messages: 1, created: 1, bridgeFailures: 1 });
      expect(stepsOf(services, 'XHQGMDH')).toEqual(Array(6).fill(STEP_CELL.pending));
      expect(row(services, 'XHQGMDH')).toMatchObject({ Tries: 1 });
      // ...and the e-mail is labelled, so the inbox search no longer returns it
      expect([...services.mailbox.labelsOf('thread-00_seed_example_xhqgmdh')]).toEqual([
        LABELS.processed,
      ]);
    });

    it('does not read or parse the e-mail again on later runs; the row alone carries the retry', async () => {
      // Prepare: a first run during an outage
      const services = fakeServices();
      services.http.responder = () => networkError();
      deliver(services.mailbox, await fixtureMessage(MAIL.seed));
      runInbox(services, 'time-driven');

      // Act: the bridge is back when the first retry is due
      services.http.responder = bridgeDidEverything;
      services.clock.advance(5 * MINUTE);
      const second = runInbox(services, 'time-driven');

      // Assess: no message read; the booking was sent from its row and is done
      expect(second).toMatchObject({ messages: 0, created: 0, retried: 1, bridgeFailures: 0 });
      expect(stepsOf(services, 'XHQGMDH')).toEqual(Array(6).fill(STEP_CELL.done));
      expect(services.sheets.records(TABS.bookings)).toHaveLength(1);
    });
  });

  describe('while the bridge is down a run costs one request', () => {
    it('sends the first booking as the probe and leaves the others due, untried, for the next run', async () => {
      // Prepare: five new bookings and a bridge answering 503
      const services = fakeServices();
      services.http.responder = () => httpStatus(503);
      const ids = ['BK1001', 'BK1002', 'BK1003', 'BK1004', 'BK1005'];
      deliver(
        services.mailbox,
        ...(await Promise.all(ids.map((id) => fixtureMessage(MAIL.seed, id)))),
      );

      // Act
      const summary = runInbox(services, 'time-driven');

      // Assess: one request; five rows written and five e-mails labelled
      expect(services.http.requests).toHaveLength(1);
      expect(summary).toMatchObject({ created: 5, bridgeFailures: 5 });
      expect(services.mailbox.labels.size).toBe(5);
      const tries = ids.map((id) => row(services, id).Tries);
      expect(tries.filter((t) => t === 1)).toHaveLength(1);
      expect(tries.filter((t) => t === '')).toHaveLength(4);
      for (const id of ids) expect(String(row(services, id)['Last error'])).toMatch(/503/);
    });

    it('asks for no crew answers after the probe failed, so the run stays at one request', async () => {
      // Prepare: one published booking whose crew answers each run reads, then an outage
      const services = beforeTheCharter(fakeServices());
      services.http.responder = (request) =>
        request.url.endsWith(CREW_STATUS_PATH) ? httpStatus(503) : bridgeDidEverything(request);
      deliver(services.mailbox, await fixtureMessage(MAIL.seed));
      runInbox(services, 'time-driven');
      expect(stepsOf(services, 'XHQGMDH')).toEqual(Array(6).fill(STEP_CELL.done));
      expect(services.http.requests.at(-1)?.url).toContain(CREW_STATUS_PATH);
      deliver(
        services.mailbox,
        await fixtureMessage(MAIL.seed, 'BK2001'),
        await fixtureMessage(MAIL.seed, 'BK2002'),
      );
      services.http.responder = () => networkError();
      const before = services.http.requests.length;

      // Act
      runInbox(services, 'time-driven');

      // Assess: the probe only; the crew answers keep their last known values
      const sent = services.http.requests.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.url).not.toContain(CREW_STATUS_PATH);
    });

    it('sends nothing for a booking whose next try is not due yet', async () => {
      // Prepare: one failed try
      const services = fakeServices();
      services.http.responder = () => networkError();
      deliver(services.mailbox, await fixtureMessage(MAIL.seed));
      runInbox(services, 'time-driven');
      const before = services.http.requests.length;

      // Act: a run one minute later, four minutes before the first retry is due
      services.clock.advance(1 * MINUTE);
      const summary = runInbox(services, 'time-driven');

      // Assess
      expect(services.http.requests.length).toBe(before);
      expect(summary.retried).toBe(0);
    });
  });

  describe('an unparseable e-mail is labelled for review and reported, never dropped', () => {
    it('labels it needs-review and mails the captain why, and never acts on it as a booking', () => {
      // Prepare
      const services = fakeServices();
      deliver(services.mailbox, garbledMessage('garbled-1'));

      // Act
      const summary = runInbox(services, 'time-driven');

      // Assess
      expect(summary).toMatchObject({ messages: 1, needsReview: 1, created: 0 });
      expect([...services.mailbox.labelsOf('thread-garbled-1')]).toEqual([LABELS.needsReview]);
      expect(services.mailbox.sent).toHaveLength(1);
      expect(services.mailbox.sent[0]).toMatchObject({ to: CAPTAIN_EMAIL });
      expect(services.mailbox.sent[0]?.body).toContain('Booking confirmed');
      expect(services.sheets.records(TABS.bookings)).toHaveLength(0);
      expect(services.http.requests).toHaveLength(0);
    });

    it('labels a booking the bridge refused (4xx) for review too, with the refusal in its row', async () => {
      const services = fakeServices();
      services.http.responder = () => httpStatus(400, 'invalid-request', 'booking.id: bad');
      deliver(services.mailbox, await fixtureMessage(MAIL.seed));

      runInbox(services, 'time-driven');

      expect([...services.mailbox.labelsOf('thread-00_seed_example_xhqgmdh')]).toEqual([
        LABELS.needsReview,
      ]);
      expect(stepsOf(services, 'XHQGMDH')).toEqual(Array(6).fill(STEP_CELL.rejected));
      expect(row(services, 'XHQGMDH')).toMatchObject({ Tries: '', 'Next try': '' });
    });
  });

  describe('Charter > Retry failed steps', () => {
    it('sends a gave-up booking again at once with a fresh schedule', async () => {
      // Prepare: seven failed tries, each when due
      const services = fakeServices();
      services.http.responder = () => networkError();
      deliver(services.mailbox, await fixtureMessage(MAIL.seed));
      runInbox(services, 'time-driven');
      for (const minutes of [5, 20, 60, 180, 360, 720]) {
        services.clock.advance(minutes * MINUTE);
        runInbox(services, 'time-driven');
      }
      expect(stepsOf(services, 'XHQGMDH')).toEqual(Array(6).fill(STEP_CELL.gaveUp));
      services.clock.advance(24 * 60 * MINUTE);
      runInbox(services, 'time-driven');
      expect(services.http.requests).toHaveLength(7); // given up: no 8th try by itself

      // Act: the bridge is back; the captain retries from the menu
      services.http.responder = bridgeDidEverything;
      const summary = runInbox(services, 'retry', { includeRefused: true });

      // Assess
      expect(summary).toMatchObject({ retried: 1, gaveUp: 0 });
      expect(stepsOf(services, 'XHQGMDH')).toEqual(Array(6).fill(STEP_CELL.done));
      expect(row(services, 'XHQGMDH')).toMatchObject({ Tries: '', 'Next try': '' });
    });
  });

  it('stops at once, touching nothing, when another run holds the script lock', async () => {
    const services = fakeServices();
    services.lock.heldElsewhere = true;
    deliver(services.mailbox, await fixtureMessage(MAIL.seed));

    expect(() => runInbox(services, 'time-driven')).toThrow(LockBusyError);
    expect(services.mailbox.calls.search).toBe(0);
    expect(services.sheets.calls.write).toBe(0);
  });
});
