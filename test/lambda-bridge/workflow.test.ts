/**
 * The booking workflow through the handler, with aws-sdk-client-mock for S3/CloudFront/SES, an
 * in-memory state store with DynamoDB's conditional semantics, and fake calendar/SCC services.
 */
import { CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import 'aws-sdk-client-mock-jest';
import type { CrewAnswer } from '../../lambda-bridge/src/adapters/crew-status';
import { checklistToken } from '../../lambda-bridge/src/crypto';
import {
  BridgeResponseSchema,
  STEP_NAMES,
  type BridgeRequest,
  type StepResult,
} from '../../shared/bridge-contract';
import {
  type AnswerBody,
  fakeServices,
  MemoryNonceStore,
  MemoryStateStore,
  NOW_MS,
  testConfig,
  workedExampleBooking,
  workedExampleRequest,
  mockAws,
  sendSigned,
  unitBridge,
} from './helpers';

const aws = mockAws();
const { s3, cloudfront, ses } = aws;
beforeEach(() => aws.healthy());

interface Harness {
  send(request: BridgeRequest): Promise<{ status: number; body: AnswerBody }>;
  store: MemoryStateStore;
  services: ReturnType<typeof fakeServices>;
  sleeps: number[];
  answers: Map<string, CrewAnswer>;
  clock: { now: number; extraPerSleep: number };
}

function harness(): Harness {
  const store = new MemoryStateStore();
  const sleeps: number[] = [];
  const answers = new Map<string, CrewAnswer>();
  const clock = { now: NOW_MS, extraPerSleep: 0 };
  const { handler, services } = unitBridge({
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms + clock.extraPerSleep;
    },
    random: () => 0.5,
    adapters: {
      store,
      nonces: new MemoryNonceStore(),
      crewStatus: { answers: async () => answers },
    },
  });
  return {
    send: (request) => sendSigned(handler, request, clock.now),
    store,
    services,
    sleeps,
    answers,
    clock,
  };
}

const step = (body: AnswerBody, name: string): StepResult => {
  const found = body.steps.find((s) => s.step === name);
  if (!found) throw new Error(`no step ${name} in the answer`);
  return found;
};

describe('a new booking (the worked example)', () => {
  it('runs every step once and answers with ids and links', async () => {
    // Prepare
    const h = harness();
    h.answers.set('sam@crew.example', {
      email: 'sam@crew.example',
      name: 'Sam Rivera',
      role: 'captain',
      status: 'confirmed',
      respondedAt: null,
    });

    // Act
    const { status, body } = await h.send(workedExampleRequest());

    // Assess
    expect(status).toBe(200);
    const response = BridgeResponseSchema.parse(body);
    expect(response).toMatchObject({
      ok: true,
      outcome: 'completed',
      bookingId: 'XHQGMDH',
      revision: 1,
    });
    expect(response.steps.map((s) => s.step)).toEqual([...STEP_NAMES]);
    for (const s of response.steps) expect(s).toMatchObject({ status: 'done', attempts: 1 });
    const token = checklistToken('checklist-secret-value', 'XHQGMDH');
    expect(response.links).toEqual({
      guestPage: 'https://charters.example/g/xhqgmdh',
      checklist: `https://charters.example/crew/xhqgmdh-${token}.html`,
    });
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(h.services.calendar.size).toBe(1);
    expect(h.services.scc.size).toBe(1);
    expect(step(body, 'calendar').ids.calendarEventId).toBe([...h.services.calendar.keys()][0]);
    expect(step(body, 'crewEvent').ids.sccEventId).toBe([...h.services.scc.keys()][0]);
    expect(step(body, 'invalidation').ids).toMatchObject({
      invalidationId: 'INV1',
      invalidationStatus: 'InProgress',
    });
    expect(h.store.head('XHQGMDH')).toMatchObject({ completedRevision: 1, leaseOwner: null });
  });

  it('publishes the guest page and the checklist as short-cached HTML and invalidates both page paths once', async () => {
    const h = harness();
    await h.send(workedExampleRequest());
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    const token = checklistToken('checklist-secret-value', 'XHQGMDH');
    expect(puts.map((p) => p.Key).sort()).toEqual([`crew/xhqgmdh-${token}.html`, 'xhqgmdh.html']);
    for (const put of puts) {
      expect(put).toMatchObject({
        Bucket: 'charter-guest-pages',
        ContentType: 'text/html; charset=utf-8',
      });
      expect(put.CacheControl).toMatch(/max-age=60/);
      // No page there yet: created only if still absent, carrying the revision that wrote it.
      expect(put).toMatchObject({ IfNoneMatch: '*', Metadata: { revision: '1' } });
      expect(put.IfMatch).toBeUndefined();
    }
    expect(cloudfront).toHaveReceivedCommandTimes(CreateInvalidationCommand, 1);
    const batch = cloudfront.commandCalls(CreateInvalidationCommand)[0]!.args[0].input;
    expect(batch.DistributionId).toBe('E2TESTDISTRIBUTION');
    expect(batch.InvalidationBatch?.Paths).toEqual({
      Quantity: 2,
      Items: ['/xhqgmdh.html', '/g/xhqgmdh'],
    });
    expect(batch.InvalidationBatch?.CallerReference).toMatch(/^booking-XHQGMDH-r1-[0-9a-f]{16}$/);
  });

  it('mails the captain the booking, the exact finances and the crew with their answers', async () => {
    const h = harness();
    h.answers.set('sam@crew.example', {
      email: 'sam@crew.example',
      name: 'Sam',
      role: 'captain',
      status: 'confirmed',
      respondedAt: null,
    });
    h.answers.set('jo@crew.example', {
      email: 'jo@crew.example',
      name: 'Jo',
      role: 'deckhand',
      status: 'declined',
      respondedAt: null,
    });
    await h.send(workedExampleRequest());
    const mail = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(mail.Source).toBe('bridge@charter.example');
    expect(mail.Destination?.ToAddresses).toEqual(['owner@charter.example']);
    const text = mail.Message!.Body!.Text!.Data!;
    for (const figure of ['$840.75', '$250.00', '$150.00', '$151.34', '$289.41'])
      expect(text).toContain(figure);
    expect(text).toContain('Sam Rivera (captain) <sam@crew.example>: confirmed');
    expect(text).toContain('Jo Park (deckhand) <jo@crew.example>: DECLINED');
    expect(text).toContain('Lee Chen (deckhand) <lee@crew.example>: not invited yet');
    expect(text).not.toContain('Captain unassigned');
    expect(mail.Message!.Subject!.Data).toContain('New charter XHQGMDH');
    expect(mail.Message!.Body!.Html!.Data).toContain('$289.41');
  });

  it('flags "captain unassigned" when no crew member is the captain', async () => {
    const h = harness();
    const request = workedExampleRequest();
    const { body } = await h.send({
      ...request,
      crew: request.crew.filter((m) => m.role !== 'captain'),
    });
    const text = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Message!.Body!.Text!.Data!;
    expect(text).toContain('Captain unassigned');
    expect(step(body, 'captainEmail').reason).toContain('captain unassigned');
  });

  it('never sends money to SCC', async () => {
    const h = harness();
    await h.send(workedExampleRequest());
    const sccBodies = h.services.calls
      .filter((c) => c.url.startsWith('http://scc.test') && c.body)
      .map((c) => JSON.stringify(c.body));
    expect(sccBodies.length).toBeGreaterThan(0);
    for (const body of sccBodies) {
      expect(body).not.toMatch(/\$|840|960|151\.34|289\.41|earnings|paid/i);
      expect(body).toContain('Birthday celebration');
    }
  });
});

describe('retries and resumption', () => {
  it('retries a transient 503 with capped, jittered backoff and succeeds', async () => {
    const h = harness();
    h.services.faults.push({ method: 'POST', pathPrefix: '/events', status: 503, times: 2 });
    const { body } = await h.send(workedExampleRequest());
    expect(step(body, 'crewEvent')).toMatchObject({ status: 'done', attempts: 3 });
    // random() = 0.5: delays are half of min(max, base * 2^(n-1)) = 100, 200
    expect(h.sleeps).toEqual([100, 200]);
    expect(h.services.scc.size).toBe(1);
  });

  it('reports a step that keeps failing as failed and retryable, and skips what depends on it', async () => {
    const h = harness();
    h.services.faults.push({ method: 'POST', pathPrefix: '/events', status: 503, times: 3 });
    const { status, body } = await h.send(workedExampleRequest());
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: false, outcome: 'partial' });
    expect(step(body, 'crewEvent')).toMatchObject({
      status: 'failed',
      attempts: 3,
      retryable: true,
    });
    expect(step(body, 'crewEvent').reason).toContain('HTTP 503');
    expect(step(body, 'captainEmail')).toMatchObject({ status: 'skipped', retryable: true });
    expect(step(body, 'calendar').status).toBe('done');
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    expect(h.store.head('XHQGMDH').completedRevision).toBe(0);
  });

  it('a later retry of the same revision resumes: done steps are not repeated, failed ones run once', async () => {
    const h = harness();
    h.services.faults.push({ method: 'POST', pathPrefix: '/events', status: 503, times: 3 });
    await h.send(workedExampleRequest());
    const calendarPosts = h.services.callsTo('POST', '/api/calendar/events');
    const puts = s3.commandCalls(PutObjectCommand).length;

    const { body } = await h.send(workedExampleRequest());

    expect(body).toMatchObject({ ok: true, outcome: 'completed' });
    expect(step(body, 'calendar')).toMatchObject({ status: 'done', attempts: 1 });
    expect(step(body, 'guestPage')).toMatchObject({ status: 'done', attempts: 1 });
    expect(step(body, 'crewEvent')).toMatchObject({ status: 'done', attempts: 4 });
    expect(h.services.callsTo('POST', '/api/calendar/events')).toBe(calendarPosts);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(puts);
    expect(cloudfront).toHaveReceivedCommandTimes(CreateInvalidationCommand, 1);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(h.services.scc.size).toBe(1);
    // The records came back with the lease (the release wrote them): nothing else was read.
    expect(h.store.legacyReads).toBe(0);
  });

  it("a retry of a revision whose run never gave the lease back reads the older bridges' records", async () => {
    const h = harness();
    h.store.failNextRelease = 2; // the run's records and the lease stay unwritten
    h.services.faults.push({ method: 'POST', pathPrefix: '/events', status: 503, times: 3 });
    await h.send(workedExampleRequest());
    expect(h.store.legacyReads).toBe(0);
    h.clock.now += 61_000; // its lease runs out
    const { body } = await h.send(workedExampleRequest());
    expect(body).toMatchObject({ ok: true, outcome: 'completed' });
    expect(h.store.legacyReads).toBe(1);
    expect(h.services.scc.size).toBe(1);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
  });

  it('repeats a create whose answer was lost with the same idempotency key: one crew event', async () => {
    const h = harness();
    // SCC creates the event but the answer is lost as a 502; the retry carries the same key.
    h.services.faults.push({
      method: 'POST',
      pathPrefix: '/events',
      status: 502,
      times: 1,
      afterEffect: true,
    });
    const { body } = await h.send(workedExampleRequest());
    expect(step(body, 'crewEvent')).toMatchObject({ status: 'done', attempts: 2 });
    expect(step(body, 'crewEvent').ids.sccEventId).toBe([...h.services.scc.keys()][0]);
    expect(h.services.scc.size).toBe(1);
    const posts = h.services.calls.filter(
      (c) => c.method === 'POST' && c.url === `${testConfig().sccApiUrl}/events`,
    );
    expect(posts.map((c) => c.key)).toEqual([
      'booking/XHQGMDH/crewEvent/0',
      'booking/XHQGMDH/crewEvent/0',
    ]);
  });

  it('also recovers within one run when the calendar create answer is lost (same key, no lookup)', async () => {
    const h = harness();
    h.services.faults.push({
      method: 'POST',
      pathPrefix: '/api/calendar/events',
      status: 500,
      times: 1,
      afterEffect: true,
    });
    const { body } = await h.send(workedExampleRequest());
    expect(step(body, 'calendar')).toMatchObject({ status: 'done', attempts: 2 });
    expect(h.services.calendar.size).toBe(1);
  });

  it('starts no new attempt once the run is 15 s old (the function times out at 30 s)', async () => {
    const h = harness();
    h.clock.extraPerSleep = 16_000; // each backoff wait "takes" 16 s of wall time (slow answers)
    h.services.faults.push({ method: 'POST', pathPrefix: '/events', status: 503, times: 5 });
    const { body } = await h.send(workedExampleRequest());
    expect(step(body, 'crewEvent')).toMatchObject({
      status: 'failed',
      attempts: 2,
      retryable: true,
    });
  });

  it('fails a permanent 4xx at once, with a safe reason and no retry', async () => {
    const h = harness();
    h.services.faults.push({
      method: 'POST',
      pathPrefix: '/api/calendar/events',
      status: 422,
      times: 5,
    });
    const { body } = await h.send(workedExampleRequest());
    expect(step(body, 'calendar')).toMatchObject({
      status: 'failed',
      attempts: 1,
      retryable: false,
    });
    expect(step(body, 'calendar').reason).toContain('HTTP 422');
    expect(JSON.stringify(body)).not.toContain('calendar-token-value');
    expect(h.sleeps).toEqual([]);
  });

  it('network errors are retried like 5xx', async () => {
    const h = harness();
    h.services.faults.push({
      method: 'POST',
      pathPrefix: '/api/calendar/events',
      status: 0,
      times: 1,
      network: true,
    });
    const { body } = await h.send(workedExampleRequest());
    expect(step(body, 'calendar')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('throttled and 5xx SDK errors are retried; the invalidation waits for the guest page', async () => {
    const h = harness();
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    s3.on(PutObjectCommand, { Key: 'xhqgmdh.html' }).rejectsOnce(throttled).resolves({});
    const { body } = await h.send(workedExampleRequest());
    expect(step(body, 'guestPage')).toMatchObject({ status: 'done', attempts: 2 });
    expect(step(body, 'invalidation').status).toBe('done');
  });

  it('a guest page that cannot be written leaves the invalidation not run (skipped, retryable)', async () => {
    const h = harness();
    const denied = Object.assign(new Error('Access Denied'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    s3.on(PutObjectCommand, { Key: 'xhqgmdh.html' }).rejects(denied);
    const { body } = await h.send(workedExampleRequest());
    expect(step(body, 'guestPage')).toMatchObject({
      status: 'failed',
      attempts: 1,
      retryable: false,
    });
    expect(step(body, 'invalidation')).toMatchObject({ status: 'skipped', retryable: true });
    expect(cloudfront).not.toHaveReceivedCommand(CreateInvalidationCommand);
  });
});

describe('lease and revisions', () => {
  it('answers 409 busy while another run holds the booking, and runs once the lease expires', async () => {
    const h = harness();
    await h.store.acquire('XHQGMDH', 1, 'someone-else', NOW_MS, 120_000);
    const busy = await h.send(workedExampleRequest());
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('busy');
    expect(h.services.calls).toHaveLength(0);

    h.clock.now = NOW_MS + 121_000;
    const later = await h.send(workedExampleRequest());
    expect(later.status).toBe(200);
    expect(later.body.ok).toBe(true);
  });

  it('two concurrent identical requests: one runs, the other is told to retry; one of each effect', async () => {
    const h = harness();
    const [a, b] = await Promise.all([
      h.send(workedExampleRequest()),
      h.send(workedExampleRequest()),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(h.services.calendar.size).toBe(1);
    expect(h.services.scc.size).toBe(1);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(cloudfront).toHaveReceivedCommandTimes(CreateInvalidationCommand, 1);
  });

  it('an older revision after a newer one is superseded: ok, no effects', async () => {
    const h = harness();
    await h.send(workedExampleRequest({ revision: 2 }));
    const callsBefore = h.services.calls.length;
    const putsBefore = s3.commandCalls(PutObjectCommand).length;
    const { status, body } = await h.send(workedExampleRequest({ revision: 1 }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, outcome: 'superseded' });
    expect(body.steps.every((s) => s.status === 'skipped')).toBe(true);
    expect(h.services.calls.length).toBe(callsBefore);
    expect(s3.commandCalls(PutObjectCommand).length).toBe(putsBefore);
  });

  it('a change updates the calendar entry and the SCC event in place and mails a change summary', async () => {
    const h = harness();
    const first = await h.send(workedExampleRequest());
    const calendarId = step(first.body, 'calendar').ids.calendarEventId;
    const sccId = step(first.body, 'crewEvent').ids.sccEventId;

    const moved = workedExampleBooking({
      start: '2024-05-31T10:30:00-07:00',
      durationMinutes: 240,
    });
    const crew = [
      ...workedExampleRequest().crew.filter((m) => m.name !== 'Lee Chen'),
      { name: 'Ana Ruiz', role: 'deckhand', email: 'ana@crew.example' },
    ];
    const { body } = await h.send(workedExampleRequest({ revision: 2, booking: moved, crew }));

    expect(body.ok).toBe(true);
    expect(step(body, 'calendar').ids).toEqual({ calendarEventId: calendarId, action: 'updated' });
    expect(step(body, 'crewEvent').ids).toEqual({ sccEventId: sccId, action: 'updated' });
    expect(h.services.calendar.size).toBe(1);
    expect(h.services.scc.size).toBe(1);
    expect(h.services.calendar.get(calendarId ?? '')?.start).toBe('2024-05-31T10:30:00-07:00');
    expect(h.services.calendar.get(calendarId ?? '')?.end).toBe('2024-05-31T14:30:00-07:00');
    expect(h.services.scc.get(sccId ?? '')).toMatchObject({
      start_time: '2024-05-31T17:30:00Z',
      duration_hours: 4,
    });
    expect(cloudfront).toHaveReceivedCommandTimes(CreateInvalidationCommand, 2);
    const mails = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Message!);
    expect(mails[1]!.Subject!.Data).toContain('Changed charter XHQGMDH');
    expect(mails[1]!.Body!.Text!.Data).toContain('What changed');
    expect(mails[1]!.Body!.Text!.Data).toContain('Crew added: Ana Ruiz (deckhand)');
    expect(mails[1]!.Body!.Text!.Data).toContain('Crew removed: Lee Chen (deckhand)');
    expect(mails[1]!.Body!.Text!.Data).toMatch(
      /Thursday, May 30, 2024, 9:00 AM .* -> Friday, May 31, 2024, 10:30 AM/,
    );
  });

  it('a cancellation deletes the calendar entry, cancels the SCC event, replaces both pages and tells the captain', async () => {
    const h = harness();
    await h.send(workedExampleRequest());
    const sccId = [...h.services.scc.keys()][0]!;
    const { body } = await h.send(workedExampleRequest({ op: 'cancel', revision: 2 }));
    expect(body).toMatchObject({ ok: true, outcome: 'completed' });
    expect(step(body, 'calendar').ids.action).toBe('deleted');
    expect(h.services.calendar.size).toBe(0);
    expect(h.services.scc.get(sccId)?.status).toBe('cancelled');
    const pages = s3
      .commandCalls(PutObjectCommand)
      .slice(2)
      .map((c) => c.args[0].input);
    expect(pages).toHaveLength(2);
    for (const page of pages) expect(String(page.Body)).toMatch(/cancelled/i);
    expect(cloudfront).toHaveReceivedCommandTimes(CreateInvalidationCommand, 2);
    const mail = ses.commandCalls(SendEmailCommand)[1]!.args[0].input.Message!;
    expect(mail.Subject!.Data).toContain('Cancelled charter XHQGMDH');
    expect(mail.Body!.Text!.Data).toContain('This charter has been cancelled');
    expect(mail.Body!.Text!.Data).not.toContain('Finances');
  });

  it('cancelling a booking the bridge never saw skips what does not exist and still publishes the notice', async () => {
    const h = harness();
    const { body } = await h.send(workedExampleRequest({ op: 'cancel' }));
    expect(body.ok).toBe(true);
    expect(step(body, 'calendar')).toMatchObject({
      status: 'skipped',
      reason: 'no calendar entry to remove',
    });
    expect(step(body, 'crewEvent')).toMatchObject({
      status: 'skipped',
      reason: 'no crew event to cancel',
    });
    expect(step(body, 'guestPage').status).toBe('done');
    expect(step(body, 'captainEmail').status).toBe('done');
  });

  it('a revision after a cancellation creates a fresh SCC event instead of reviving the cancelled one', async () => {
    const h = harness();
    await h.send(workedExampleRequest());
    await h.send(workedExampleRequest({ op: 'cancel', revision: 2 }));
    const { body } = await h.send(workedExampleRequest({ revision: 3 }));
    expect(body.ok).toBe(true);
    expect(step(body, 'crewEvent').ids.action).toBe('created');
    expect(step(body, 'calendar').ids.action).toBe('created');
    expect([...h.services.scc.values()].map((e) => e.status).sort()).toEqual([
      'cancelled',
      'scheduled',
    ]);
  });
});
