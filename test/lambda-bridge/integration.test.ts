/**
 * The bridge end to end with the real AWS SDK v3 clients over HTTP: dynalite (DynamoDB), s3rver
 * (S3), aws-ses-v2-local (SES), the CloudFront stand-in, and the calendar and SCC stand-ins that
 * enforce the real authentication rules. Everything listens on 127.0.0.1:0 and is closed in afterAll.
 */
import { PutItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DynamoDBClient as DynamoClient } from '@aws-sdk/client-dynamodb';
import { S3Client as S3 } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import {
  clearSesStore,
  createCloudFrontClient,
  ensureTables,
  LOCAL_REGION,
  readSesStore,
  startEmulators,
  type Emulators,
} from '../../local/aws/emulators';
import { startCloudFrontStandin, type CloudFrontStandin } from '../../local/aws/cloudfront-standin';
import { startCalendarStandin, type CalendarStandin } from '../../local/standins/calendar';
import { sha256Hex } from '../../local/standins/http-kit';
import { startSccStandin, type SccStandin } from '../../local/standins/scc';
import { sdkCloudFront } from '../../lambda-bridge/src/adapters/cloudfront-sdk';
import { createHandler, type BridgeConfig, type BridgeHandler } from '../../lambda-bridge/src/app';
import { checklistToken } from '../../lambda-bridge/src/crypto';
import { silentLogger } from '../../lambda-bridge/src/log';
import type { StepResult } from '../../shared/bridge-contract';
import {
  type AnswerBody,
  freshNonce,
  parseBody,
  signedEvent,
  SIGNING_SECRET,
  testConfig,
  workedExampleBooking,
  workedExampleRequest,
} from './helpers';

const BUCKET = 'charter-guest-pages';
const DISTRIBUTION = 'E2LOCALDIST';
const SCC_KEY = 'scc-service-key-for-integration';
const CALENDAR_TOKEN = 'calendar-token-for-integration';

let emulators: Emulators;
let calendar: CalendarStandin;
let scc: SccStandin;
let cloudfront: CloudFrontStandin;
let cloudfrontClient: CloudFrontClient;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let config: BridgeConfig;
let handler: BridgeHandler;

// Real SDK v3 clients over HTTP, configured as the bridge's handler.ts configures them when an
// endpoint is set (path-style S3, checksums only when required).
// s3rver knows one key pair (S3RVER/S3RVER); the other emulators accept any.
const credentials = () => ({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
const createDynamoDbClient = (endpoint: string) =>
  new DynamoClient({ endpoint, region: LOCAL_REGION, credentials: credentials() });
const createS3Client = (endpoint: string) =>
  new S3({
    endpoint,
    region: LOCAL_REGION,
    credentials: credentials(),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
const createSesClient = (endpoint: string) =>
  new SESClient({ endpoint, region: LOCAL_REGION, credentials: credentials() });

beforeAll(async () => {
  emulators = await startEmulators();
  dynamodb = createDynamoDbClient(emulators.endpoints.dynamodb);
  s3 = createS3Client(emulators.endpoints.s3);
  await ensureTables(dynamodb);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  calendar = await startCalendarStandin({ token: CALENDAR_TOKEN });
  scc = await startSccStandin({
    serviceKeyHash: sha256Hex(SCC_KEY),
    dynamodb,
    responsesTable: 'scc-crew-responses',
  });
  cloudfront = await startCloudFrontStandin({ distributions: [DISTRIBUTION] });
  config = testConfig({
    pagesBucket: BUCKET,
    distributionId: DISTRIBUTION,
    calendarApiUrl: calendar.url,
    sccApiUrl: scc.url,
    secrets: {
      signingSecrets: [SIGNING_SECRET],
      calendarToken: CALENDAR_TOKEN,
      sccServiceKey: SCC_KEY,
      checklistSecret: 'checklist-secret-for-integration',
    },
  });
  cloudfrontClient = createCloudFrontClient(cloudfront.url, { maxAttempts: 1 });
  handler = createHandler({
    config,
    clients: {
      dynamodb,
      s3,
      ses: createSesClient(emulators.endpoints.ses),
      // The real @aws-sdk/client-cloudfront against the CloudFront stand-in.
      cloudfront: sdkCloudFront(cloudfrontClient),
    },
    retryPolicy: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, budgetMs: 100 },
    log: silentLogger,
  });
});

afterAll(async () => {
  cloudfrontClient?.destroy();
  await Promise.allSettled([calendar?.close(), scc?.close(), cloudfront?.close()]);
  await emulators?.stop();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function send(event: APIGatewayProxyEventV2): Promise<{ status: number; body: AnswerBody }> {
  const result = await handler(event);
  return { status: result.statusCode ?? 0, body: parseBody(result) };
}

function request(id: string, overrides: Parameters<typeof workedExampleRequest>[0] = {}) {
  return workedExampleRequest({
    booking: workedExampleBooking({ id }),
    ...overrides,
  });
}

const sendRequest = (body: object) =>
  send(signedEvent(JSON.stringify(body), { nowSeconds: nowSeconds() }));

const step = (body: AnswerBody, name: string): StepResult => {
  const found = body.steps.find((s) => s.step === name);
  if (!found) throw new Error(`no step ${name}`);
  return found;
};

async function objectText(key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}

async function scanAll(table: string) {
  return (await dynamodb.send(new ScanCommand({ TableName: table }))).Items ?? [];
}

async function mailsTo(address: string) {
  return (await readSesStore(emulators.endpoints.ses)).emails.filter((m) =>
    m.destination.to.includes(address),
  );
}

describe('signature failures reach nothing', () => {
  // Runs first, on an untouched stack: every store must still be empty afterwards.
  it('tampered body, wrong key, stale, replayed and missing header all get 401 and zero writes anywhere', async () => {
    const body = JSON.stringify(request('SIGFAIL1'));
    const tampered = signedEvent(body, { nowSeconds: nowSeconds() });
    tampered.body = tampered.body!.replace('Alicia', 'Mallory');
    const wrongKey = signedEvent(body, {
      nowSeconds: nowSeconds(),
      secret: 'not-the-secret-00000000',
    });
    const stale = signedEvent(body, { nowSeconds: nowSeconds() - 301 });
    const missing = signedEvent(body, { nowSeconds: nowSeconds() });
    delete missing.headers['x-sig'];

    for (const event of [tampered, wrongKey, stale, missing]) {
      const { status, body: answer } = await send(event);
      expect(status).toBe(401);
      expect(answer.error.code).toBe('unauthorized');
    }

    expect(calendar.state().events).toEqual([]);
    expect(calendar.state().calls).toEqual([]);
    expect(scc.state().calls).toEqual([]);
    expect(cloudfront.state().requests).toEqual([]);
    expect(scc.state().events).toEqual([]);
    expect(scc.state().invitations).toEqual([]);
    expect(cloudfront.state().invalidations).toEqual([]);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).KeyCount ?? 0).toBe(0);
    expect((await readSesStore(emulators.endpoints.ses)).emails).toEqual([]);
    for (const table of ['charter-bridge-state', 'charter-bridge-nonces', 'scc-crew-responses'])
      expect(await scanAll(table)).toEqual([]);
  });

  it('a replayed request gets 401 and changes nothing beyond what the original did', async () => {
    const nonce = freshNonce();
    const body = JSON.stringify(request('REPLAY01'));
    const original = await send(signedEvent(body, { nowSeconds: nowSeconds(), nonce }));
    expect(original.status).toBe(200);
    const before = {
      calendar: calendar.state().events.length,
      scc: scc.state().events.length,
      invalidations: cloudfront.state().invalidations.length,
      mails: (await readSesStore(emulators.endpoints.ses)).emails.length,
      state: (await scanAll('charter-bridge-state')).length,
      nonces: JSON.stringify(await scanAll('charter-bridge-nonces')),
    };

    const replay = await send(signedEvent(body, { nowSeconds: nowSeconds(), nonce }));

    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toContain('replayed');
    expect(calendar.state().events.length).toBe(before.calendar);
    expect(scc.state().events.length).toBe(before.scc);
    expect(cloudfront.state().invalidations.length).toBe(before.invalidations);
    expect((await readSesStore(emulators.endpoints.ses)).emails.length).toBe(before.mails);
    expect((await scanAll('charter-bridge-state')).length).toBe(before.state);
    expect(JSON.stringify(await scanAll('charter-bridge-nonces'))).toBe(before.nonces);
  });
});

describe('nonce expiry without TTL (dynalite never deletes)', () => {
  it('accepts a nonce whose remembered copy has expired, and refuses it again afterwards', async () => {
    const nonce = freshNonce();
    await dynamodb.send(
      new PutItemCommand({
        TableName: 'charter-bridge-nonces',
        Item: { nonce: { S: nonce }, expiresAt: { N: String(nowSeconds() - 1) } },
      }),
    );
    const request = workedExampleRequest();
    request.booking.id = 'NONCEEXPIRY1';
    const body = JSON.stringify(request);
    const first = await send(signedEvent(body, { nowSeconds: nowSeconds(), nonce }));
    expect(first.status).toBe(200); // authenticated, valid, and past the replay guard
    const again = await send(signedEvent(body, { nowSeconds: nowSeconds(), nonce }));
    expect(again.status).toBe(401);
  });
});

describe('the worked example end to end (XHQGMDH)', () => {
  let answer: AnswerBody;

  beforeAll(async () => {
    await clearSesStore(emulators.endpoints.ses);
    ({ body: answer } = await sendRequest(workedExampleRequest()));
  });

  it('completes every step', () => {
    expect(answer).toMatchObject({ ok: true, outcome: 'completed', bookingId: 'XHQGMDH' });
    for (const s of answer.steps) expect(s.status).toBe('done');
  });

  it('creates one calendar entry and one SCC event with the checklist link, and invites the crew', () => {
    const events = calendar.state().events.filter((e) => e.externalId === 'XHQGMDH');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      start: '2024-05-30T09:00:00-07:00',
      end: '2024-05-30T12:00:00-07:00',
      timeZone: 'America/Los_Angeles',
    });
    const crewEvents = scc.state().events.filter((e) => e.booking_ref === 'XHQGMDH');
    expect(crewEvents).toHaveLength(1);
    const token = checklistToken('checklist-secret-for-integration', 'XHQGMDH');
    expect(crewEvents[0]!.checklist_url).toBe(
      `https://charters.example/crew/xhqgmdh-${token}.html`,
    );
    expect(JSON.stringify(crewEvents[0])).not.toMatch(/\$|\b840(\.75)?\b|earnings/); // \b: random hex ids may contain 840
    const invited = scc.state().invitations.filter((i) => i.eventId === crewEvents[0]!.eventId);
    expect(invited.map((i) => i.email).sort()).toEqual([
      'jo@crew.example',
      'lee@crew.example',
      'sam@crew.example',
    ]);
  });

  it('publishes the guest page and the checklist to S3 as HTML', async () => {
    const guest = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'xhqgmdh.html' }));
    expect(guest.ContentType).toBe('text/html; charset=utf-8');
    expect(guest.CacheControl).toContain('max-age=60');
    const html = (await guest.Body?.transformToString('utf8')) ?? '';
    expect(html).toContain('Hi Alicia,');
    expect(html).toContain('Queen of San Diego');
    const token = checklistToken('checklist-secret-for-integration', 'XHQGMDH');
    expect(await objectText(`crew/xhqgmdh-${token}.html`)).toContain('Safety briefing');
  });

  it('makes one invalidation with both page paths and records its id', () => {
    const invs = cloudfront.state().invalidations.filter((i) => i.paths.includes('/xhqgmdh.html'));
    expect(invs).toHaveLength(1);
    expect([...invs[0]!.paths].sort()).toEqual(['/g/xhqgmdh', '/xhqgmdh.html']);
    expect(step(answer, 'invalidation').ids.invalidationId).toBe(invs[0]!.id);
  });

  it('mails the captain the exact worked-example finances and the crew status from SCC', async () => {
    const [mail] = await mailsTo('owner@charter.example');
    expect(mail).toBeDefined();
    const text = mail!.body.text ?? '';
    for (const figure of ['$840.75', '$250.00', '$150.00', '$151.34', '$289.41'])
      expect(text).toContain(figure);
    expect(text).toContain('Sam Rivera (captain) <sam@crew.example>: invited, no answer yet');
    expect(mail!.body.html).toContain('$289.41');
    expect(mail!.from).toBe('bridge@charter.example');
  });

  it("reports a crew member's answer in the next e-mail (read from SCC's table)", async () => {
    const eventId = step(answer, 'crewEvent').ids.sccEventId!;
    await scc.respond(eventId, 'jo@crew.example', 'declined');
    await clearSesStore(emulators.endpoints.ses);
    const { body } = await sendRequest(workedExampleRequest({ revision: 2 }));
    expect(body.ok).toBe(true);
    const [mail] = await mailsTo('owner@charter.example');
    expect(mail!.body.text).toContain('Jo Park (deckhand) <jo@crew.example>: DECLINED');
  });
});

describe('failures, retries and concurrency', () => {
  it('a step that failed (503) is resumed by a later retry without duplicates', async () => {
    scc.injectFault({ method: 'POST', pathPrefix: '/events', status: 503, times: 3 });
    const first = await sendRequest(request('RETRY001'));
    expect(first.body).toMatchObject({ ok: false, outcome: 'partial' });
    expect(step(first.body, 'crewEvent')).toMatchObject({ status: 'failed', retryable: true });
    expect(step(first.body, 'captainEmail').status).toBe('skipped');

    const second = await sendRequest(request('RETRY001'));
    expect(second.body).toMatchObject({ ok: true, outcome: 'completed' });
    expect(step(second.body, 'calendar').attempts).toBe(step(first.body, 'calendar').attempts);
    expect(calendar.state().events.filter((e) => e.externalId === 'RETRY001')).toHaveLength(1);
    expect(scc.state().events.filter((e) => e.booking_ref === 'RETRY001')).toHaveLength(1);
    expect(
      cloudfront.state().invalidations.filter((i) => i.paths.includes('/retry001.html')),
    ).toHaveLength(1);
    expect(
      await mailsTo('owner@charter.example').then((m) =>
        m.filter((x) => x.subject.includes('RETRY001')),
      ),
    ).toHaveLength(1);
  });

  it('an effect that happened before the failure is found, not repeated', async () => {
    scc.injectFault({
      method: 'POST',
      pathPrefix: '/events',
      status: 502,
      times: 1,
      afterEffect: true,
    });
    const { body } = await sendRequest(request('AMBIG001'));
    expect(step(body, 'crewEvent').status).toBe('done');
    expect(scc.state().events.filter((e) => e.booking_ref === 'AMBIG001')).toHaveLength(1);
  });

  it('two concurrent identical requests yield one of each effect', async () => {
    const body = request('TWIN0001');
    const [a, b] = await Promise.all([sendRequest(body), sendRequest(body)]);
    const statuses = [a.status, b.status].sort();
    // One runs; the other is told the booking is busy (or, if it came second, finds it all done).
    expect(statuses[0]).toBe(200);
    expect([200, 409]).toContain(statuses[1]);
    expect(calendar.state().events.filter((e) => e.externalId === 'TWIN0001')).toHaveLength(1);
    expect(scc.state().events.filter((e) => e.booking_ref === 'TWIN0001')).toHaveLength(1);
    expect(
      cloudfront.state().invalidations.filter((i) => i.paths.includes('/twin0001.html')),
    ).toHaveLength(1);
    const mails = (await readSesStore(emulators.endpoints.ses)).emails.filter((m) =>
      m.subject.includes('TWIN0001'),
    );
    expect(mails).toHaveLength(1);
  });
});

describe('changes and cancellations', () => {
  it('a change updates the calendar entry and the SCC event in place', async () => {
    const first = await sendRequest(request('CHANGE01'));
    const calendarId = step(first.body, 'calendar').ids.calendarEventId;
    const sccId = step(first.body, 'crewEvent').ids.sccEventId;

    const moved = workedExampleBooking({ id: 'CHANGE01', start: '2024-06-02T14:00:00-07:00' });
    const { body } = await sendRequest(workedExampleRequest({ booking: moved, revision: 2 }));

    expect(body.ok).toBe(true);
    const events = calendar.state().events.filter((e) => e.externalId === 'CHANGE01');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: calendarId, start: '2024-06-02T14:00:00-07:00' });
    const crewEvents = scc.state().events.filter((e) => e.booking_ref === 'CHANGE01');
    expect(crewEvents).toHaveLength(1);
    expect(crewEvents[0]).toMatchObject({ eventId: sccId, start_time: '2024-06-02T21:00:00Z' });
    expect(await objectText('change01.html')).toContain('Sunday, June 2, 2024');
    // The page says which revision wrote it; the step reports that revision and the page's ETag.
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'change01.html' }));
    expect(head.Metadata).toEqual({ revision: '2' });
    expect(step(body, 'guestPage').ids).toEqual({
      key: 'change01.html',
      revision: '2',
      etag: head.ETag,
    });
    const mails = (await readSesStore(emulators.endpoints.ses)).emails.filter((m) =>
      m.subject.includes('Changed charter CHANGE01'),
    );
    expect(mails).toHaveLength(1);
  });

  it('an SCC event cancelled outside the bridge is replaced by a fresh one on the next change', async () => {
    const first = await sendRequest(request('OUTSIDE1'));
    const sccId = step(first.body, 'crewEvent').ids.sccEventId!;
    const res = await fetch(`${scc.url}/events/${sccId}/cancel`, {
      method: 'POST',
      headers: { 'X-Service-Key': SCC_KEY },
    });
    expect(res.status).toBe(200);
    const { body } = await sendRequest(request('OUTSIDE1', { revision: 2 }));
    expect(step(body, 'crewEvent')).toMatchObject({ status: 'done', ids: { action: 'created' } });
    const events = scc.state().events.filter((e) => e.booking_ref === 'OUTSIDE1');
    expect(events.map((e) => e.status).sort()).toEqual(['cancelled', 'scheduled']);
  });

  it('a cancellation reaches every system', async () => {
    await sendRequest(request('CANCEL01'));
    const { body } = await sendRequest(request('CANCEL01', { op: 'cancel', revision: 2 }));

    expect(body).toMatchObject({ ok: true, outcome: 'completed' });
    expect(calendar.state().events.filter((e) => e.externalId === 'CANCEL01')).toEqual([]);
    expect(calendar.state().deleted.filter((e) => e.externalId === 'CANCEL01')).toHaveLength(1);
    const crewEvent = scc.state().events.find((e) => e.booking_ref === 'CANCEL01');
    expect(crewEvent?.status).toBe('cancelled');
    expect(
      scc.state().notices.filter((n) => n.eventId === crewEvent?.eventId).length,
    ).toBeGreaterThan(0);
    expect(await objectText('cancel01.html')).toMatch(/has been cancelled/);
    const token = checklistToken('checklist-secret-for-integration', 'CANCEL01');
    expect(await objectText(`crew/cancel01-${token}.html`)).toMatch(/is cancelled/);
    for (const key of ['cancel01.html', `crew/cancel01-${token}.html`]) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect([key, head.Metadata?.revision]).toEqual([key, '2']);
    }
    expect(
      cloudfront.state().invalidations.filter((i) => i.paths.includes('/cancel01.html')),
    ).toHaveLength(2);
    const mails = (await readSesStore(emulators.endpoints.ses)).emails.filter((m) =>
      m.subject.includes('Cancelled charter CANCEL01'),
    );
    expect(mails).toHaveLength(1);
  });
});
