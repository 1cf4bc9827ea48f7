/**
 * The handler's request pipeline: routing, content type, size, signature, replay, parsing,
 * validation. Every rejection before authentication must leave every system untouched.
 */
import { ConditionalCheckFailedException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import 'aws-sdk-client-mock-jest';
import { nodeSigningCrypto } from '../../lambda-bridge/src/crypto';
import {
  BridgeErrorBodySchema,
  MAX_BODY_BYTES,
  type BridgeRequest,
} from '../../shared/bridge-contract';
import { signatureHeaderValue } from '../../shared/signing';
import {
  fakeServices,
  freshNonce,
  httpEvent,
  MemoryStateStore,
  NOW_MS,
  parseBody,
  signedEvent,
  SIGNING_SECRET,
  testConfig,
  workedExampleRequest,
  mockAws,
  unitBridge,
} from './helpers';

const aws = mockAws();
const { ddb, s3, cloudfront, ses } = aws;

function setup() {
  return unitBridge();
}

function expectNoSideEffects(services: ReturnType<typeof fakeServices>) {
  expect(ddb).not.toHaveReceivedAnyCommand();
  expect(s3).not.toHaveReceivedAnyCommand();
  expect(cloudfront).not.toHaveReceivedAnyCommand();
  expect(ses).not.toHaveReceivedAnyCommand();
  expect(services.calls).toHaveLength(0);
}

const validBody = () => JSON.stringify(workedExampleRequest());

beforeEach(() => aws.reset());

describe('routing and framing', () => {
  it('answers 404 for another path and 405 for another method, without side effects', async () => {
    const { handler, services } = setup();
    const notFound = await handler(httpEvent({ path: '/v1/other', body: validBody() }));
    const wrongMethod = await handler(httpEvent({ method: 'GET' }));
    expect(notFound.statusCode).toBe(404);
    expect(parseBody(notFound).error.code).toBe('not-found');
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers?.allow).toBe('POST');
    expectNoSideEffects(services);
  });

  it('answers 415 when the body is not declared as JSON', async () => {
    const { handler, services } = setup();
    const event = signedEvent(validBody(), { extraHeaders: { 'content-type': 'text/plain' } });
    const result = await handler(event);
    expect(result.statusCode).toBe(415);
    expect(parseBody(result).error.code).toBe('unsupported-media-type');
    expectNoSideEffects(services);
  });

  it('answers 413 for a body over the limit, plain or base64, before checking anything else', async () => {
    const { handler, services } = setup();
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    const plain = await handler(signedEvent(big));
    const b64 = await handler(
      httpEvent({
        body: Buffer.from(big).toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(plain.statusCode).toBe(413);
    expect(b64.statusCode).toBe(413);
    expect(parseBody(b64).error.code).toBe('payload-too-large');
    expectNoSideEffects(services);
  });

  it('counts bytes, not characters (multi-byte UTF-8 over the limit is 413)', async () => {
    const { handler } = setup();
    const body = '\u00e9'.repeat(MAX_BODY_BYTES / 2 + 1); // 2 bytes each
    const result = await handler(signedEvent(body));
    expect(result.statusCode).toBe(413);
  });
});

describe('signature failures: 401 and zero writes anywhere', () => {
  const cases: Array<[string, () => ReturnType<typeof signedEvent>]> = [
    [
      'tampered body',
      () => {
        const event = signedEvent(validBody());
        return { ...event, body: event.body!.replace('Alicia', 'Mallory') };
      },
    ],
    ['wrong key', () => signedEvent(validBody(), { secret: 'some-other-secret-value-xxxxxxxx' })],
    ['stale timestamp', () => signedEvent(validBody(), { nowSeconds: NOW_MS / 1000 - 301 })],
    ['future timestamp', () => signedEvent(validBody(), { nowSeconds: NOW_MS / 1000 + 301 })],
    ...(['x-sig', 'x-sig-nonce', 'x-sig-timestamp'] as const).map(
      (name): [string, () => ReturnType<typeof signedEvent>] => [
        `missing ${name}`,
        () => {
          const event = signedEvent(validBody());
          const headers = { ...event.headers };
          delete headers[name];
          return { ...event, headers };
        },
      ],
    ),
    [
      'malformed signature header',
      () => signedEvent(validBody(), { extraHeaders: { 'x-sig': 'v1=nothex' } }),
    ],
    [
      'signature of another path',
      () => {
        const body = validBody();
        const nonce = freshNonce();
        const sig = signatureHeaderValue(
          { method: 'POST', path: '/v1/other', timestamp: NOW_MS / 1000, nonce, body },
          SIGNING_SECRET,
          nodeSigningCrypto,
        );
        return httpEvent({
          body,
          headers: {
            'content-type': 'application/json',
            'x-sig-timestamp': String(NOW_MS / 1000),
            'x-sig-nonce': nonce,
            'x-sig': sig,
          },
        });
      },
    ],
  ];

  it.each(cases)('%s -> 401 unauthorized, nothing written', async (_name, makeEvent) => {
    const { handler, services } = setup();
    const result = await handler(makeEvent());
    expect(result.statusCode).toBe(401);
    const body = BridgeErrorBodySchema.parse(parseBody(result));
    expect(body.error.code).toBe('unauthorized');
    // The message may name the reason but never reveals the expected signature or a secret.
    expect(result.body).not.toMatch(/[0-9a-f]{64}/);
    expect(result.body).not.toContain(SIGNING_SECRET);
    expectNoSideEffects(services);
  });

  it('a replayed nonce gets 401: the only write attempted is the rejected conditional put', async () => {
    const { handler, services } = setup();
    ddb
      .on(PutItemCommand, { TableName: 'charter-bridge-nonces' })
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    const result = await handler(signedEvent(validBody()));
    expect(result.statusCode).toBe(401);
    expect(parseBody(result).error.message).toContain('replayed');
    expect(ddb).toHaveReceivedCommandTimes(PutItemCommand, 1);
    const put = ddb.commandCalls(PutItemCommand)[0]!.args[0].input;
    expect(put.ConditionExpression).toBe('attribute_not_exists(nonce) OR expiresAt < :now');
    expect(put.Item?.expiresAt?.N).toBe(String(NOW_MS / 1000 + 600));
    // then one read: is the nonce there this request's own put whose answer was lost? (no)
    expect(ddb.calls().map((c) => c.args[0].constructor.name)).toEqual([
      'PutItemCommand',
      'GetItemCommand',
    ]);
    expect(s3).not.toHaveReceivedAnyCommand();
    expect(ses).not.toHaveReceivedAnyCommand();
    expect(services.calls).toHaveLength(0);
  });

  it('accepts the second secret during a rotation', async () => {
    const store = new MemoryStateStore();
    const { handler } = unitBridge({
      config: testConfig({
        secrets: {
          ...testConfig().secrets,
          signingSecrets: ['new-secret-value-0000000000', SIGNING_SECRET],
        },
      }),
      adapters: { store, crewStatus: { answers: async () => new Map() } },
    });
    ddb.on(PutItemCommand).resolves({});
    cloudfront.onAnyCommand().resolves({
      Invalidation: {
        Id: 'I1',
        Status: 'InProgress',
        CreateTime: new Date(),
        InvalidationBatch: undefined,
      },
    });
    ses.onAnyCommand().resolves({ MessageId: 'm-1' });
    s3.onAnyCommand().resolves({});
    const result = await handler(signedEvent(validBody()));
    expect(result.statusCode).toBe(200);
  });
});

describe('parsing and validation (after authentication)', () => {
  beforeEach(() => ddb.on(PutItemCommand).resolves({}));

  it('answers 400 invalid-json for a signed body that is not JSON; nothing is written', async () => {
    const { handler, services } = setup();
    const result = await handler(signedEvent('{"op": "upsert",'));
    expect(result.statusCode).toBe(400);
    expect(parseBody(result).error.code).toBe('invalid-json');
    expect(ddb.calls()).toHaveLength(0);
    expect(services.calls).toHaveLength(0);
  });

  it('answers 400 invalid-request naming the bad field', async () => {
    const { handler, services } = setup();
    const request = workedExampleRequest();
    const bad = { ...request, booking: { ...request.booking, start: '2024-05-30T09:00:00Z' } };
    const result = await handler(signedEvent(JSON.stringify(bad)));
    expect(result.statusCode).toBe(400);
    const { error } = parseBody(result);
    expect(error.code).toBe('invalid-request');
    expect(error.message).toContain('booking.start');
    expect(error.message).toContain('UTC offset');
    expect(services.calls).toHaveLength(0);
    expect(s3).not.toHaveReceivedAnyCommand();
  });

  it.each([
    [
      'crew.0.email',
      (r: BridgeRequest) => ({ ...r, crew: [{ ...r.crew[0], email: 'not-an-email' }] }),
    ],
    ['op', (r: BridgeRequest) => ({ ...r, op: 'delete' })],
    ['revision', (r: BridgeRequest) => ({ ...r, revision: 0 })],
    ['(root)', (r: BridgeRequest) => ({ ...r, extra: true })],
    ['booking.id', (r: BridgeRequest) => ({ ...r, booking: { ...r.booking, id: 'x/../y' } })],
    ['booking.id', (r: BridgeRequest) => ({ ...r, booking: { ...r.booking, id: '--------' } })],
    [
      'booking.timeZone',
      (r: BridgeRequest) => ({ ...r, booking: { ...r.booking, timeZone: 'America/Nowhere' } }),
    ],
    [
      'finance.revenueCents',
      (r: BridgeRequest) => ({ ...r, finance: { ...r.finance, revenueCents: -84075 } }),
    ],
    [
      'finance.netCents',
      (r: BridgeRequest) => ({ ...r, finance: { ...r.finance, netCents: -999999 } }),
    ],
    [
      'finance.crewCostCents',
      (r: BridgeRequest) => ({ ...r, finance: { ...r.finance, crewCostCents: 1 } }),
    ],
  ])('names %s in the message', async (field, mutate) => {
    const { handler } = setup();
    const result = await handler(signedEvent(JSON.stringify(mutate(workedExampleRequest()))));
    expect(result.statusCode).toBe(400);
    expect(parseBody(result).error.message).toContain(field);
  });

  it('accepts the route under a stage prefix, verifying the signature over the full path', async () => {
    const { handler } = setup();
    const staged = await handler(signedEvent('{"op": "upsert",', { path: '/prod/v1/bookings' }));
    expect(staged.statusCode).toBe(400);
    expect(parseBody(staged).error.code).toBe('invalid-json');
    const mismatch = signedEvent('{}', { path: '/prod/v1/bookings' });
    const moved = await handler({ ...mismatch, rawPath: '/test/v1/bookings' });
    expect(moved.statusCode).toBe(401);
  });

  it('decodes a base64 body before verifying and parsing it', async () => {
    const { handler } = setup();
    const event = signedEvent('{"op": "upsert",');
    const result = await handler({
      ...event,
      body: Buffer.from(event.body!, 'utf8').toString('base64'),
      isBase64Encoded: true,
    });
    expect(result.statusCode).toBe(400);
    expect(parseBody(result).error.code).toBe('invalid-json');
  });
});

describe('internal failures', () => {
  it('answers 500 internal without a stack trace when the nonce table is unreachable', async () => {
    const { handler } = setup();
    ddb.on(PutItemCommand).rejects(
      Object.assign(new Error('socket hang up at Foo.bar (/var/task/x.js:1:2)'), {
        name: 'Error',
      }),
    );
    const result = await handler(signedEvent(validBody()));
    expect(result.statusCode).toBe(500);
    expect(parseBody(result)).toEqual({
      error: { code: 'internal', message: expect.any(String) },
    });
    expect(result.body).not.toContain('/var/task');
    expect(result.body).not.toContain('socket');
  });
});
