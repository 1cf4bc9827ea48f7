import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeRequest } from '../../shared/bridge-contract';
import { slugForBookingId } from '../../shared/slug';
import { postSigned } from '../../local/signed-post';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { workedExampleBooking, workedExampleRequest } from '../lambda-bridge/helpers';

async function post(
  stack: LocalStack,
  request: BridgeRequest,
  secret = stack.signingSecret,
): Promise<{
  status: number;
  body: { ok?: boolean; steps?: Array<{ step: string; status: string }> };
}> {
  const res = await postSigned(stack.bridgeUrl, secret, request);
  return { status: res.status, body: (await res.json()) as never };
}

function requestFor(bookingId: string, overrides: Partial<BridgeRequest> = {}): BridgeRequest {
  const booking = workedExampleBooking({ id: bookingId, start: '2030-05-30T09:00:00-07:00' });
  return {
    ...workedExampleRequest({ booking }),
    requestedAt: new Date().toISOString(),
    ...overrides,
  };
}

describe('Local stack', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({ publicBaseUrl: 'http://127.0.0.1:9/' });
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('starts on loopback only, with random secrets', () => {
    for (const url of [stack.bridgeUrl, ...Object.values(stack.endpoints)]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    const { secrets } = stack.config;
    const all = [
      secrets.signingSecrets[0],
      secrets.calendarToken,
      secrets.sccServiceKey,
      secrets.checklistSecret,
    ];
    expect(new Set(all).size).toBe(4);
    for (const secret of all) expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(stack.signingSecret).toBe(secrets.signingSecrets[0]);
    expect(stack.config.publicBaseUrl).toBe('http://127.0.0.1:9');
  });

  it('runs a signed booking through the real bridge into every local service', async () => {
    // Prepare
    const request = requestFor('LOCALSTACK1');
    const slug = slugForBookingId('LOCALSTACK1');

    // Act
    const answer = await post(stack, request);

    // Assess: the bridge's answer
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(true);

    // calendar + SCC stand-ins
    expect(stack.calendarState().events.filter((e) => e.externalId === 'LOCALSTACK1')).toHaveLength(
      1,
    );
    const sccEvents = stack.sccState().events.filter((e) => e.booking_ref === 'LOCALSTACK1');
    expect(sccEvents).toHaveLength(1);
    const eventId = sccEvents[0]!.eventId;
    expect(stack.sccState().invitations.filter((i) => i.eventId === eventId)).toHaveLength(3);

    // SCC's DynamoDB rows, and a crew answer through the helper
    expect((await stack.crewResponses(eventId)).map((r) => r.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    await stack.respondAsCrew(eventId, 'jo@crew.example', 'confirmed');
    const rows = await stack.crewResponses(eventId);
    expect(rows.find((r) => r.email === 'jo@crew.example')?.status).toBe('confirmed');

    // guest page in the bucket, one invalidation with both paths
    const page = await stack.getPageObject(`${slug}.html`);
    expect(page?.contentType).toBe('text/html; charset=utf-8');
    expect(page?.body).toContain('<html');
    expect((await stack.listPageObjects()).map((o) => o.key)).toContain(`${slug}.html`);
    expect(await stack.getPageObject('nothing-here.html')).toBeUndefined();
    const invalidations = stack
      .cloudfrontState()
      .invalidations.filter((i) => i.paths.includes(`/g/${slug}`));
    expect(invalidations).toHaveLength(1);
    expect([...invalidations[0]!.paths].sort()).toEqual([`/${slug}.html`, `/g/${slug}`].sort());

    // captain e-mail captured by the SES emulator
    const mail = (await stack.sesMessages()).filter((m) =>
      m.destination.to.includes('owner@charter.example'),
    );
    expect(mail.length).toBeGreaterThanOrEqual(1);
  });

  it('rejects a request signed with another secret, and nothing is written', async () => {
    // Prepare
    const before = {
      calendar: stack.calendarState().events.length,
      scc: stack.sccState().events.length,
      pages: (await stack.listPageObjects()).length,
    };

    // Act
    const answer = await post(
      stack,
      requestFor('LOCALSTACK-BADSIG'),
      'not-the-secret-0123456789abcdef',
    );

    // Assess
    expect(answer.status).toBe(401);
    expect(stack.calendarState().events).toHaveLength(before.calendar);
    expect(stack.sccState().events).toHaveLength(before.scc);
    expect(await stack.listPageObjects()).toHaveLength(before.pages);
  });

  it('injects faults into a stand-in, so the bridge reports that step as failed', async () => {
    // Prepare: a permanent (non-retryable) calendar failure
    stack.injectFault('calendar', {
      method: 'POST',
      pathPrefix: '/api/calendar/events',
      status: 400,
      times: 1,
    });

    // Act
    const answer = await post(stack, requestFor('LOCALSTACK-FAULT'));
    stack.clearFaults();

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.steps?.find((s) => s.step === 'calendar')?.status).toBe('failed');
    expect(stack.calendarState().calls.some((c) => c.injectedFault)).toBe(true);
    expect(stack.calendarState().faults).toEqual([]);
  });
});

describe('Local stack with a data directory', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'local-stack-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes secrets and every service state after a restart; a repeat changes nothing', async () => {
    // Prepare: first run processes a booking
    const first = await startLocalStack({ dataDir });
    const request = requestFor('LOCALSTACK-RESUME');
    let firstSecret: string;
    try {
      expect((await post(first, request)).body.ok).toBe(true);
      firstSecret = first.signingSecret;
    } finally {
      await first.stop();
    }

    // Act: second run on the same directory, the same revision sent again
    const second = await startLocalStack({ dataDir });
    try {
      const again = await post(second, request);

      // Assess
      expect(second.signingSecret).toBe(firstSecret);
      expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
      expect(again.status).toBe(200);
      expect(again.body.ok).toBe(true);
      expect(
        second.calendarState().events.filter((e) => e.externalId === 'LOCALSTACK-RESUME'),
      ).toHaveLength(1);
      expect(
        second.sccState().events.filter((e) => e.booking_ref === 'LOCALSTACK-RESUME'),
      ).toHaveLength(1);
      expect(second.cloudfrontState().invalidations).toHaveLength(1);
      const slug = slugForBookingId('LOCALSTACK-RESUME');
      expect(await second.getPageObject(`${slug}.html`)).toBeDefined();
      expect((await second.sesMessages()).length).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
