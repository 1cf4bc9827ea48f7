/**
 * Exactly-once effects under lost answers, late requests, failed state writes and runs that run
 * out of time (docs/decisions: effect guarantees). Fake calendar/SCC services that honour
 * Idempotency-Key as the contracts say; SDK clients mocked; an in-memory state store with
 * DynamoDB's conditional semantics.
 */
import { SendEmailCommand } from '@aws-sdk/client-ses';
import type { CreateHandlerOptions } from '../../lambda-bridge/src/app';
import { LATE_WINDOW_MS } from '../../lambda-bridge/src/budget';
import { EMAIL_DOUBT_REASON } from '../../lambda-bridge/src/steps/captain-email';
import type { BridgeRequest, StepResult } from '../../shared/bridge-contract';
import {
  fakeServices,
  MemoryInvitationStore,
  MemoryNonceStore,
  MemoryStateStore,
  mockAws,
  NOW_MS,
  sendSigned,
  testConfig,
  unitBridge,
  workedExampleRequest,
  type AnswerBody,
} from './helpers';

const aws = mockAws();
const { ses } = aws;
beforeEach(() => aws.healthy());

function harness(extra: Partial<CreateHandlerOptions> = {}) {
  const store = new MemoryStateStore();
  const invitations = new MemoryInvitationStore();
  const clock = { now: NOW_MS };
  const { handler, services } = unitBridge({
    now: () => clock.now,
    sleep: async (ms) => void (clock.now += ms),
    random: () => 0.5,
    adapters: {
      store,
      nonces: new MemoryNonceStore(),
      crewStatus: { answers: async () => new Map() },
      invitations,
    },
    ...extra,
  });
  return {
    services,
    store,
    invitations,
    clock,
    async send(request: BridgeRequest = workedExampleRequest()): Promise<AnswerBody> {
      return (await sendSigned(handler, request, clock.now)).body;
    },
    gets: () => services.calls.filter((c) => c.method === 'GET').length,
  };
}

const step = (body: AnswerBody, name: string): StepResult => {
  const found = body.steps.find((s) => s.step === name);
  if (!found) throw new Error(`no step ${name}`);
  return found;
};

describe('calendar entry and crew event: an idempotency key per create', () => {
  it('a new booking creates each without looking anything up first', async () => {
    const h = harness();
    const body = await h.send();
    expect(body.ok).toBe(true);
    expect(h.gets()).toBe(0);
    expect(h.services.calendar.size).toBe(1);
    expect(h.services.scc.size).toBe(1);
  });

  it('a run that failed before the create lands retries with the same key, still no lookup', async () => {
    const h = harness();
    h.services.faults.push({ method: 'POST', pathPrefix: '/api/calendar', status: 503, times: 3 });
    expect(step(await h.send(), 'calendar').status).toBe('failed');
    h.clock.now += 10_000; // inside the late window: the earlier request may still arrive
    const body = await h.send();
    expect(step(body, 'calendar').status).toBe('done');
    expect(h.gets()).toBe(0);
    expect(h.services.calendar.size).toBe(1);
  });

  it('only past the late window does a retry look the entry up (a service that lost the key)', async () => {
    const h = harness();
    h.services.faults.push({ method: 'POST', pathPrefix: '/api/calendar', status: 503, times: 3 });
    await h.send();
    h.clock.now += LATE_WINDOW_MS + 1_000;
    const body = await h.send();
    expect(step(body, 'calendar').status).toBe('done');
    expect(h.gets()).toBe(1);
    expect(h.services.calendar.size).toBe(1);
  });

  it('a state write that fails after the create does not create again', async () => {
    const h = harness();
    // The release carrying the run's records and the entry's id fails, and so does the plain
    // release tried after it.
    h.store.failNextRelease = 2;
    expect(step(await h.send(), 'calendar').status).toBe('failed');
    expect(h.store.head('XHQGMDH').calendarEventId).toBeNull();
    h.clock.now += 61_000; // the lease that was not given back runs out
    expect(step(await h.send(), 'calendar').status).toBe('done');
    expect(h.services.calendar.size).toBe(1);
  });

  it('a later revision reuses the key of a create whose answer never came, and updates it', async () => {
    const h = harness();
    h.services.faults.push({
      method: 'POST',
      pathPrefix: '/api/calendar',
      status: 502,
      times: 3,
      afterEffect: true,
    });
    expect(step(await h.send(), 'calendar').status).toBe('failed');
    const changed = workedExampleRequest();
    changed.revision = 2;
    changed.booking.boat = 'Sea Breeze II';
    const body = await h.send(changed);
    expect(step(body, 'calendar').status).toBe('done');
    expect(h.services.calendar.size).toBe(1);
    expect([...h.services.calendar.values()][0]?.title).toContain('Sea Breeze II');
  });
});

describe("captain's e-mail: at most once per revision, a doubt shown rather than a resend", () => {
  it('an answer lost after SES may have sent it: no resend, the step says so', async () => {
    const h = harness();
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    const first = await h.send();
    expect(step(first, 'captainEmail')).toMatchObject({
      status: 'skipped',
      reason: EMAIL_DOUBT_REASON,
    });
    expect(step(first, 'captainEmail').ids.doubt).toBe('true');
    ses.on(SendEmailCommand).resolves({ MessageId: 'msg-2' });
    const second = await h.send();
    expect(step(second, 'captainEmail').reason).toBe(EMAIL_DOUBT_REASON);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('throttling happens before SES acts, so the retry sends: exactly one e-mail', async () => {
    const h = harness();
    ses
      .on(SendEmailCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), {
          name: 'Throttling',
          $metadata: { httpStatusCode: 400 },
        }),
      )
      .resolves({ MessageId: 'msg-3' });
    const body = await h.send();
    expect(step(body, 'captainEmail')).toMatchObject({
      status: 'done',
      ids: { messageId: 'msg-3' },
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('a done record that fails to save after the send: the next run reports it, no resend', async () => {
    const h = harness();
    h.store.failNextRecords = 1; // the release with the run's records fails; a plain one works
    expect(step(await h.send(), 'captainEmail').status).toBe('failed');
    const second = await h.send();
    expect(step(second, 'captainEmail')).toMatchObject({
      status: 'done',
      ids: { messageId: 'msg-1' },
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});

describe('built-in crew invitations: each e-mail at most once, a doubt shown rather than a resend', () => {
  const builtin = (revision = 1, over: Partial<BridgeRequest> = {}): BridgeRequest => ({
    ...workedExampleRequest(),
    providers: { calendar: 'dashboard', crew: 'builtin' },
    revision,
    ...over,
  });
  /** SES calls of crew e-mails to one member (the captain's e-mail goes to the captain). */
  const mailsTo = (email: string) =>
    ses
      .commandCalls(SendEmailCommand)
      .filter((c) => c.args[0].input.Destination?.ToAddresses?.includes(email));
  const JO = 'jo@crew.example';

  it('an invitation whose SES answer is lost is uncertain and never sent again', async () => {
    const h = harness();
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: [JO] } })
      .rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    const first = await h.send(builtin());
    expect(step(first, 'crewEvent')).toMatchObject({
      status: 'done',
      ids: { doubt: '1', emailsSent: '0' },
      reason: expect.stringMatching(/1 crew e-mail\(s\) uncertain.*not sent again/),
    });
    expect(h.invitations.rows.get(JO)).toMatchObject({ mailing: ['r1:invite'], mailed: [] });
    expect(mailsTo(JO)).toHaveLength(1);
    expect(mailsTo('sam@crew.example')).toHaveLength(1);
    expect(mailsTo('lee@crew.example')).toHaveLength(1);
    expect(step(first, 'captainEmail').status).toBe('done');

    // SES works again; a run that never recorded the step (its record was lost) finds the claim.
    ses.on(SendEmailCommand, { Destination: { ToAddresses: [JO] } }).resolves({ MessageId: 'm' });
    h.store.runs.clear();
    const again = await h.send(builtin());
    expect(step(again, 'crewEvent')).toMatchObject({ status: 'done', ids: { doubt: '1' } });
    expect(mailsTo(JO)).toHaveLength(1);
  });

  it('a claim batch whose answer was lost: the same run knows it sent nothing and sends', async () => {
    const h = harness();
    h.invitations.failSaves.push({ afterWrite: true });
    const body = await h.send(builtin());
    expect(step(body, 'crewEvent')).toMatchObject({ status: 'done', ids: { emailsSent: '3' } });
    expect(step(body, 'crewEvent').ids.doubt).toBeUndefined();
    expect(mailsTo(JO)).toHaveLength(1);
  });

  it('a run killed after its claims were written reports them uncertain and sends nothing', async () => {
    const h = harness();
    // The claims land but their answer is lost; every later write of that run fails (3 tries).
    h.invitations.failSaves.push(
      { afterWrite: true },
      { afterWrite: false },
      { afterWrite: false },
    );
    const first = await h.send(builtin());
    expect(step(first, 'crewEvent')).toMatchObject({ status: 'failed', retryable: true });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    // a new run cannot know whether the dead one sent: every claim is a doubt, nothing is sent
    const second = await h.send(builtin());
    expect(step(second, 'crewEvent')).toMatchObject({ status: 'done', ids: { doubt: '3' } });
    expect(mailsTo(JO)).toHaveLength(0);
  });

  it('a send SES certainly refused (throttled) goes on a later run: exactly one each', async () => {
    const h = harness();
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    ses.on(SendEmailCommand, { Destination: { ToAddresses: [JO] } }).rejects(throttled);
    const first = await h.send(builtin());
    expect(step(first, 'crewEvent')).toMatchObject({ status: 'failed', retryable: true });
    expect(h.invitations.rows.get(JO)).toMatchObject({ mailing: [], owed: ['r1:invite'] });
    ses.on(SendEmailCommand, { Destination: { ToAddresses: [JO] } }).resolves({ MessageId: 'm' });
    const second = await h.send(builtin());
    expect(step(second, 'crewEvent')).toMatchObject({ status: 'done', ids: { emailsSent: '1' } });
    expect(step(second, 'crewEvent').ids.doubt).toBeUndefined();
    expect(h.invitations.rows.get(JO)).toMatchObject({ mailed: ['r1:invite'], owed: [] });
    // 3 throttled tries, then the one that went; the others once
    expect(mailsTo(JO)).toHaveLength(4);
    expect(mailsTo('sam@crew.example')).toHaveLength(1);
  });

  it('a change that could not be sent is still sent after the new details were saved', async () => {
    const h = harness();
    await h.send(builtin());
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    ses.on(SendEmailCommand, { Destination: { ToAddresses: [JO] } }).rejects(throttled);
    const changed = builtin(2);
    changed.booking = { ...changed.booking, boat: 'Sea Breeze II' };
    expect(step(await h.send(changed), 'crewEvent').status).toBe('failed');
    ses.on(SendEmailCommand, { Destination: { ToAddresses: [JO] } }).resolves({ MessageId: 'm' });
    expect(step(await h.send(changed), 'crewEvent').status).toBe('done');
    const toJo = mailsTo(JO).map((c) => c.args[0].input.Message?.Subject?.Data ?? '');
    expect(toJo.filter((s) => /Crew invitation/.test(s))).toHaveLength(1);
    expect(h.invitations.rows.get(JO)?.mailed).toEqual(['r1:invite', 'r2:change']);
  });

  it('the settlement not saved after SES accepted every one: done, no resend, no doubt', async () => {
    const h = harness();
    // the claims are saved; the settlement after the sends fails without writing
    const save = h.invitations.save.bind(h.invitations);
    h.invitations.save = async (items) => {
      if (h.invitations.saves === 1) h.invitations.failSaves.push({ afterWrite: false });
      return save(items);
    };
    const body = await h.send(builtin());
    expect(step(body, 'crewEvent')).toMatchObject({ status: 'done', ids: { emailsSent: '3' } });
    expect(step(body, 'crewEvent').ids.doubt).toBeUndefined();
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4); // 3 crew + the captain
    // the claims stay in the rows; the run's record says done, so the next run repeats nothing
    expect(h.invitations.rows.get(JO)).toMatchObject({ mailing: ['r1:invite'], mailed: [] });
    const again = await h.send(builtin());
    expect(step(again, 'crewEvent')).toMatchObject({ status: 'done', ids: { emailsSent: '3' } });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4);
  });

  it('one refused and the settlement not saved: the same run settles the sent, sends the refused', async () => {
    const h = harness();
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: [JO] } })
      .rejectsOnce(throttled)
      .resolves({ MessageId: 'm' });
    const save = h.invitations.save.bind(h.invitations);
    h.invitations.save = async (items) => {
      if (h.invitations.saves === 1) h.invitations.failSaves.push({ afterWrite: false });
      return save(items);
    };
    const body = await h.send(builtin());
    expect(step(body, 'crewEvent')).toMatchObject({ status: 'done', ids: { emailsSent: '1' } });
    expect(step(body, 'crewEvent').ids.doubt).toBeUndefined();
    expect(mailsTo(JO)).toHaveLength(2);
    expect(mailsTo('sam@crew.example')).toHaveLength(1);
    for (const row of h.invitations.rows.values())
      expect(row).toMatchObject({ mailing: [], mailed: ['r1:invite'] });
  });
});

describe("captain's e-mail: its writes beside the run's record, which says it was sent", () => {
  it('the intent is claimed while the answers are read, and settled as sent beside the release', async () => {
    const h = harness();
    const order: string[] = [];
    const store = h.store;
    const claim = store.claimEffect.bind(store);
    const settle = store.settleEffect.bind(store);
    const release = store.release.bind(store);
    const pause = () => new Promise<void>((r) => setTimeout(r, 5));
    store.claimEffect = async (...args) => {
      order.push('claim started');
      await pause();
      order.push('claim done');
      return claim(...args);
    };
    store.settleEffect = async (...args) => {
      order.push('settle started');
      await pause();
      order.push(`settled ${args[3].kind}`);
      return settle(...args);
    };
    store.release = async (...args) => {
      const email = args[4]?.records.find((r) => r.step === 'captainEmail');
      order.push(`released with the e-mail ${email?.status ?? 'unrecorded'}`);
      return release(...args);
    };
    const { handler } = unitBridge({
      now: () => h.clock.now,
      adapters: {
        store,
        nonces: new MemoryNonceStore(),
        crewStatus: {
          answers: async () => {
            order.push('answers read');
            return new Map();
          },
        },
      },
    });
    const body = (await sendSigned(handler, workedExampleRequest(), h.clock.now)).body;
    expect(step(body, 'captainEmail').status).toBe('done');
    expect(order).toEqual([
      'answers read',
      'claim started',
      'claim done',
      'settle started',
      'released with the e-mail done',
      'settled sent',
    ]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('an intent never settled after the release: the next run reads the record, no doubt, no resend', async () => {
    const h = harness();
    h.store.settleEffect = async () => {
      throw new Error('DynamoDB unavailable');
    };
    h.services.faults.push({ method: 'POST', pathPrefix: '/api/calendar', status: 503, times: 3 });
    const first = await h.send();
    expect(step(first, 'captainEmail').status).toBe('done');
    expect(step(first, 'calendar').status).toBe('failed');
    const second = await h.send(); // the same revision again: the calendar is retried
    expect(step(second, 'calendar').status).toBe('done');
    expect(step(second, 'captainEmail')).toMatchObject({
      status: 'done',
      ids: { messageId: 'msg-1' },
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('a failed record write waits for the settlement before the lease goes back', async () => {
    const h = harness();
    const order: string[] = [];
    const settle = h.store.settleEffect.bind(h.store);
    const release = h.store.release.bind(h.store);
    h.store.failNextRecords = 1;
    h.store.settleEffect = async (...args) => {
      await new Promise<void>((r) => setTimeout(r, 5));
      order.push(`settled ${args[3].kind}`);
      return settle(...args);
    };
    h.store.release = async (...args) => {
      order.push(args[4] ? 'release with records' : 'plain release');
      return release(...args);
    };
    expect(step(await h.send(), 'captainEmail').status).toBe('failed');
    expect(order).toEqual(['release with records', 'settled sent', 'plain release']);
    const second = await h.send();
    expect(step(second, 'captainEmail')).toMatchObject({ status: 'done' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});

describe('every run ends in time', () => {
  it('a step still waiting at the deadline is reported failed and retryable; the next run finishes it once', async () => {
    let hang = true;
    const base = fakeServices(testConfig());
    const slowFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      if (hang && String(input).includes('/api/calendar')) {
        hang = false;
        return new Promise<Response>(() => undefined);
      }
      return base.fetch(input, init);
    }) as typeof fetch;
    const h = harness({ fetch: slowFetch, timing: { stepsDeadlineMs: 100 } });
    const first = await h.send();
    expect(step(first, 'calendar')).toMatchObject({ status: 'failed', retryable: true });
    expect(step(first, 'crewEvent').status).toBe('done');
    const second = await h.send();
    expect(step(second, 'calendar').status).toBe('done');
    expect(base.calendar.size).toBe(1);
  });
});
