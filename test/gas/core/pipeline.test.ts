/**
 * The booking pipeline (gas/core/pipeline.ts and its bridge delivery, gas/core/delivery.ts)
 * through the ports, with the small in-memory fakes: a booking event becomes a row and a card,
 * the row goes to the bridge on the retry schedule, and the answers land in the row's step cells.
 */
import type { BookingEvent } from '../../../shared/booking';
import { deliverRows, retryBooking, rowsNeedingDelivery } from '../../../gas/core/delivery';
import {
  applyEvent,
  commit,
  loadRunState,
  withScriptLock,
  LockBusyError,
  type RunState,
} from '../../../gas/core/pipeline';
import { STEP_CELL } from '../../../gas/core/records';
import { MAX_TRIES, RETRY_DELAYS_MINUTES } from '../../../gas/core/retry-schedule';
import { STEP_COLUMNS, TABS } from '../../../gas/sheets/schema';
import { verifySignature } from '../../../shared/signing';
import {
  bridgeAnswer,
  bridgeDidEverything,
  FAKE_SECRET,
  fakeServices,
  httpStatus,
  networkError,
  type FakeServices,
} from './support/fake-services';

const STEP_HEADERS = Object.values(STEP_COLUMNS);
const MINUTE = 60_000;

/** The worked example of DESIGN.md as a booking event: $840.75 owner earnings, 3 hours. */
function newBooking(id = 'XHQGMDH'): BookingEvent {
  return {
    kind: 'new',
    booking: {
      id,
      source: 'boatsetter',
      start: '2026-07-10T09:00:00-07:00',
      timeZone: 'America/Los_Angeles',
      durationMinutes: 180,
      guestName: 'Alicia Gomez',
      partySize: 6,
      boat: 'Queen of San Diego',
      pickupLocation: 'Sheraton Marina',
      money: { boatPriceCents: 96086, platformFeeCents: 12011, ownerEarningsCents: 84075 },
      crewPlan: null,
      captainName: null,
      notes: '',
    },
  };
}

function row(services: FakeServices, id = 'XHQGMDH') {
  const found = services.sheets.record(TABS.bookings, 'Booking ID', id);
  if (!found) throw new Error(`no Bookings row ${id}`);
  return found;
}

function stepsOf(services: FakeServices, id = 'XHQGMDH'): string[] {
  const r = row(services, id);
  return STEP_HEADERS.map((h) => String(r[h]));
}

/** One run as the trigger makes it: read, apply, send what is due, write. */
function run(services: FakeServices, events: BookingEvent[] = []): RunState {
  const state = loadRunState(services, 'time-driven');
  for (const event of events) applyEvent(state, event);
  deliverRows(state, rowsNeedingDelivery(state, false));
  commit(state);
  return state;
}

describe('Function: applyEvent', () => {
  it('writes a new booking as a row with exact finances, a card, and every step pending', () => {
    // Prepare
    const services = fakeServices();
    const state = loadRunState(services, 'time-driven');

    // Act
    const result = applyEvent(state, newBooking());
    commit(state);

    // Assess
    expect(result).toEqual({ ok: true, action: 'created', bookingId: 'XHQGMDH', deliver: true });
    expect(row(services)).toMatchObject({ Revenue: 840.75, Revision: 1, Tries: '' });
    expect(stepsOf(services)).toEqual(Array(6).fill(STEP_CELL.pending));
    expect(services.sheets.record(TABS.kanban, 'Booking ID', 'XHQGMDH')).toMatchObject({
      Gross: 840.75,
    });
    expect(services.http.requests).toHaveLength(0); // applying never talks to the bridge
  });

  it('starts a new revision with a fresh retry schedule when the booking changes', () => {
    // Prepare: a booking with two failed tries
    const services = fakeServices();
    services.http.responder = () => networkError();
    run(services, [newBooking()]);
    services.clock.advance(5 * MINUTE);
    run(services);
    expect(row(services)).toMatchObject({ Tries: 2 });

    // Act: the renter changes the party size
    const changed = newBooking();
    changed.kind = 'changed';
    changed.booking.partySize = 8;
    const state = loadRunState(services, 'time-driven');
    applyEvent(state, changed);
    commit(state);

    // Assess
    expect(row(services)).toMatchObject({ Revision: 2, Tries: '', 'Next try': '' });
  });
});

describe('Function: deliverRows', () => {
  it('sends one signed request per booking and writes each step the bridge reports', () => {
    const services = fakeServices();

    run(services, [newBooking()]);

    expect(services.http.requests).toHaveLength(1);
    const [request] = services.http.requests;
    expect(
      verifySignature({
        method: 'POST',
        path: '/v1/bookings',
        body: request!.payload,
        headers: request!.headers,
        secrets: [FAKE_SECRET],
        nowSeconds: Math.floor(services.clock.now() / 1000),
        crypto: services.crypto,
      }),
    ).toMatchObject({ ok: true });
    expect(stepsOf(services)).toEqual(Array(6).fill(STEP_CELL.done));
    expect(row(services)).toMatchObject({ 'Last error': '', Tries: '', 'Next try': '' });
  });

  it('sends the first booking alone as the probe, then the rest in one fetchAll', () => {
    const services = fakeServices();

    run(services, [newBooking('BK1001'), newBooking('BK1002'), newBooking('BK1003')]);

    expect(services.http.calls.fetchAll).toBe(2);
    expect(services.http.requests).toHaveLength(3);
    for (const id of ['BK1001', 'BK1002', 'BK1003'])
      expect(stepsOf(services, id)).toEqual(Array(6).fill(STEP_CELL.done));
  });

  it.each([
    ['a refused connection', networkError('connection refused')],
    ['a 503', httpStatus(503)],
    ['a 429', httpStatus(429)],
  ])('sends nothing more this run when the probe meets %s', (_what, answer) => {
    const services = fakeServices();
    services.http.responder = () => answer;

    const state = run(services, [newBooking('BK1001'), newBooking('BK1002')]);

    expect(services.http.requests).toHaveLength(1);
    expect(state.bridgeDown).toBeTruthy();
    expect(row(services, 'BK1001')).toMatchObject({ Tries: 1 });
    // not tried: still due, with a word for the captain
    expect(row(services, 'BK1002')).toMatchObject({ Tries: '', 'Next try': '' });
    expect(String(row(services, 'BK1002')['Last error'])).toMatch(/^not sent yet: /);
  });

  it('goes on with the rest when the first booking is only busy (409), not the bridge', () => {
    const services = fakeServices();
    services.http.script(httpStatus(409, 'busy', 'lease held'));

    run(services, [newBooking('BK1001'), newBooking('BK1002')]);

    expect(services.http.requests).toHaveLength(2);
    expect(stepsOf(services, 'BK1002')).toEqual(Array(6).fill(STEP_CELL.done));
  });

  describe('the retry schedule', () => {
    it(`tries ${MAX_TRIES} times, each when due, then gives up and sends nothing more by itself`, () => {
      // Prepare
      const services = fakeServices();
      services.http.responder = () => networkError();
      run(services, [newBooking()]);

      // Act: a run every 5 minutes for two days
      const sentAt: number[] = [services.clock.now()];
      for (let t = 0; t < 2 * 24 * 60; t += 5) {
        services.clock.advance(5 * MINUTE);
        const before = services.http.requests.length;
        run(services);
        if (services.http.requests.length > before) sentAt.push(services.clock.now());
      }

      // Assess: the tries follow the schedule (the trigger's 5-minute rhythm rounds them up)
      expect(sentAt).toHaveLength(MAX_TRIES);
      const gaps = sentAt.slice(1).map((at, i) => (at - sentAt[i]!) / MINUTE);
      expect(gaps).toEqual([...RETRY_DELAYS_MINUTES]);
      expect(stepsOf(services)).toEqual(Array(6).fill(STEP_CELL.gaveUp));
      expect(row(services)).toMatchObject({ Tries: MAX_TRIES, 'Next try': '' });
      expect(services.sheets.records(TABS.log).some((l) => l.Result === 'gave up')).toBe(true);
    });

    it('counts a try in which the bridge ran the booking but a step failed, and retries only then', () => {
      const services = fakeServices();
      services.http.responder = (request) =>
        bridgeAnswer(request, { crewEvent: { status: 'failed', reason: 'SCC answered 503' } });

      run(services, [newBooking()]);

      expect(row(services)).toMatchObject({ 'Crew event': STEP_CELL.failed, Tries: 1 });
      expect(String(row(services)['Next try'])).toMatch(/T\d\d:\d\d/);
      services.http.responder = bridgeDidEverything;
      services.clock.advance(4 * MINUTE - 1); // more than a minute early: not due
      run(services);
      expect(services.http.requests).toHaveLength(1);
      services.clock.advance(1 * MINUTE);
      run(services);
      expect(stepsOf(services)).toEqual(Array(6).fill(STEP_CELL.done));
      expect(row(services)).toMatchObject({ Tries: '', 'Next try': '', 'Last error': '' });
    });

    it('does not schedule a permanent failure or a refusal: they wait for the captain', () => {
      const services = fakeServices();
      services.http.responder = (request) =>
        bridgeAnswer(request, {
          calendar: { status: 'failed', retryable: false, reason: 'calendar answered 403' },
        });

      run(services, [newBooking()]);

      expect(row(services)).toMatchObject({
        Calendar: STEP_CELL.failedPermanent,
        Tries: '',
        'Next try': '',
      });
    });
  });

  describe("the captain e-mail's doubt", () => {
    it('writes the doubt the bridge reports as uncertain, not done, and never sends it again', () => {
      // Prepare: the bridge cannot tell whether an earlier try sent the e-mail
      const services = fakeServices();
      services.http.responder = (request) =>
        bridgeAnswer(request, {
          captainEmail: {
            status: 'skipped',
            ids: { doubt: 'true', since: '2026-07-01T16:00:00Z' },
            reason: 'uncertain: an earlier attempt may have sent this e-mail',
          },
        });

      // Act
      run(services, [newBooking()]);
      services.clock.advance(60 * MINUTE);
      run(services);

      // Assess
      expect(row(services)).toMatchObject({
        'Captain e-mail': STEP_CELL.doubt,
        Calendar: STEP_CELL.done,
        'Last error': '',
        Tries: '',
      });
      expect(services.http.requests).toHaveLength(1); // nothing owed: not sent again
    });

    it('shows crew e-mails of the built-in invitations in doubt as uncertain too, not done', () => {
      // Prepare: the bridge invited the crew itself; one invitation may have gone earlier
      const services = fakeServices();
      services.http.responder = (request) =>
        bridgeAnswer(request, {
          crewEvent: {
            status: 'done',
            ids: { handledBy: 'built-in invitations', eventId: 'builtin-XHQGMDH', doubt: '1' },
            reason: '1 crew e-mail(s) uncertain: an earlier attempt may have sent them',
          },
        });

      // Act
      run(services, [newBooking()]);

      // Assess
      expect(row(services)).toMatchObject({
        'Crew event': STEP_CELL.doubt,
        'Last error': '',
        Tries: '',
      });
    });
  });
});

describe('Function: retryBooking (one click on the card)', () => {
  function gaveUp(): FakeServices {
    const services = fakeServices();
    services.http.responder = () => networkError();
    run(services, [newBooking()]);
    for (const minutes of RETRY_DELAYS_MINUTES) {
      services.clock.advance(minutes * MINUTE);
      run(services);
    }
    expect(stepsOf(services)).toEqual(Array(6).fill(STEP_CELL.gaveUp));
    return services;
  }

  it('sends a gave-up booking again at once and reports every step done', () => {
    const services = gaveUp();
    services.http.responder = bridgeDidEverything;

    const result = retryBooking(services, 'XHQGMDH');

    expect(result).toEqual({ ok: true, message: 'Booking XHQGMDH: every step is done.' });
    expect(stepsOf(services)).toEqual(Array(6).fill(STEP_CELL.done));
  });

  it('starts the schedule over when the bridge is still down: try 1, next in 5 minutes', () => {
    const services = gaveUp();

    const result = retryBooking(services, 'XHQGMDH');

    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/bridge unreachable.*next try at \d\d:\d\d/);
    expect(stepsOf(services)).toEqual(Array(6).fill(STEP_CELL.pending));
    expect(row(services)).toMatchObject({ Tries: 1 });
  });

  it('says there is nothing to retry for a booking that is done', () => {
    const services = fakeServices();
    run(services, [newBooking()]);

    expect(retryBooking(services, 'XHQGMDH')).toEqual({
      ok: false,
      message: 'Booking XHQGMDH has no failed step to retry.',
    });
  });
});

describe('Function: withScriptLock', () => {
  it('refuses an overlapping run at once and still releases nothing it did not take', () => {
    const services = fakeServices();
    services.lock.heldElsewhere = true;
    const work = jest.fn();

    expect(() => withScriptLock(services, 1000, work)).toThrow(LockBusyError);
    expect(work).not.toHaveBeenCalled();
    expect(services.lock.calls.release).toBe(0);
  });
});
