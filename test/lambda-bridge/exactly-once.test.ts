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
  const clock = { now: NOW_MS };
  const { handler, services } = unitBridge({
    now: () => clock.now,
    sleep: async (ms) => void (clock.now += ms),
    random: () => 0.5,
    adapters: {
      store,
      nonces: new MemoryNonceStore(),
      crewStatus: { answers: async () => new Map() },
    },
    ...extra,
  });
  return {
    services,
    store,
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
