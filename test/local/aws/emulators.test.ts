import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import {
  clearSesStore,
  createDynamoDbClient,
  createS3Client,
  createSesClient,
  DEFAULT_TABLES,
  ensureBucket,
  ensureTables,
  readSesStore,
  startEmulators,
  type Emulators,
} from '../../../local/aws/emulators';
import { IDLE_KEEP_ALIVE_MS } from '../../../local/patient-server';

describe('Local AWS emulators', () => {
  let emulators: Emulators;
  let dynamodb: DynamoDBClient;
  let s3: S3Client;
  let ses: SESClient;

  beforeAll(async () => {
    emulators = await startEmulators();
    dynamodb = createDynamoDbClient(emulators.endpoints.dynamodb);
    s3 = createS3Client(emulators.endpoints.s3);
    ses = createSesClient(emulators.endpoints.ses);
    await ensureTables(dynamodb);
    await ensureBucket(s3, 'pages-bucket');
  });

  afterAll(async () => {
    dynamodb.destroy();
    s3.destroy();
    ses.destroy();
    await emulators.stop();
  });

  it('keeps idle connections as long as the stand-ins do, so a client that waited a few seconds can reuse one', async () => {
    for (const endpoint of Object.values(emulators.endpoints)) {
      const res = await fetch(`${endpoint}/`);
      await res.text();
      expect([endpoint, res.headers.get('keep-alive')]).toEqual([
        endpoint,
        `timeout=${IDLE_KEEP_ALIVE_MS / 1000}`,
      ]);
    }
  });

  it('listens on 127.0.0.1 with ephemeral ports', () => {
    for (const endpoint of Object.values(emulators.endpoints)) {
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
  });

  describe('DynamoDB (dynalite)', () => {
    it('creates the three contract tables with their key schemas, idempotently', async () => {
      // Act
      await ensureTables(dynamodb);
      const describe = (name: string) =>
        dynamodb.send(new DescribeTableCommand({ TableName: name }));
      const [state, nonces, scc] = await Promise.all([
        describe(DEFAULT_TABLES.state),
        describe(DEFAULT_TABLES.nonces),
        describe(DEFAULT_TABLES.sccResponses),
      ]);

      // Assess
      expect(state.Table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(nonces.Table?.KeySchema).toEqual([{ AttributeName: 'nonce', KeyType: 'HASH' }]);
      expect(scc.Table?.KeySchema).toEqual([
        { AttributeName: 'eventId', KeyType: 'HASH' },
        { AttributeName: 'email', KeyType: 'RANGE' },
      ]);
      expect(state.Table?.TableStatus).toBe('ACTIVE');
    });

    it('rejects a second conditional put of the same nonce with ConditionalCheckFailedException', async () => {
      // Prepare
      const put = () =>
        dynamodb.send(
          new PutItemCommand({
            TableName: DEFAULT_TABLES.nonces,
            Item: { nonce: { S: 'nonce-1' }, expiresAt: { N: '1900000000' } },
            ConditionExpression: 'attribute_not_exists(nonce)',
          }),
        );
      await put();

      // Act + Assess
      await expect(put()).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    });
  });

  describe('S3 (s3rver)', () => {
    it('round-trips an HTML page with its content type and Cache-Control byte for byte', async () => {
      // Prepare
      const html = '<!doctype html><html><body><h1>Café ⛵ “quoted”</h1></body></html>\n';
      const cacheControl = 'public, max-age=60, s-maxage=300';

      // Act
      await s3.send(
        new PutObjectCommand({
          Bucket: 'pages-bucket',
          Key: 'xhqgmdh.html',
          Body: html,
          ContentType: 'text/html; charset=utf-8',
          CacheControl: cacheControl,
        }),
      );
      const got = await s3.send(
        new GetObjectCommand({ Bucket: 'pages-bucket', Key: 'xhqgmdh.html' }),
      );
      const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);

      // Assess
      expect(bytes.equals(Buffer.from(html, 'utf8'))).toBe(true);
      expect(got.ContentType).toBe('text/html; charset=utf-8');
      expect(got.CacheControl).toBe(cacheControl);
    });

    it('treats ensureBucket on an existing bucket as a no-op', async () => {
      await expect(ensureBucket(s3, 'pages-bucket')).resolves.toBeUndefined();
    });
  });

  describe('SES (aws-ses-v2-local)', () => {
    it('captures a v1 SendEmail in the store, and clears it', async () => {
      // Prepare
      await clearSesStore(emulators.endpoints.ses);

      // Act
      const sent = await ses.send(
        new SendEmailCommand({
          Source: 'bridge@example.com',
          Destination: { ToAddresses: ['captain@example.com'] },
          Message: {
            Subject: { Data: 'Booking confirmed' },
            Body: { Text: { Data: 'plain text' }, Html: { Data: '<p>html</p>' } },
          },
        }),
      );
      const store = await readSesStore(emulators.endpoints.ses);

      // Assess
      expect(store.emails).toHaveLength(1);
      expect(store.emails[0]).toMatchObject({
        messageId: sent.MessageId,
        from: 'bridge@example.com',
        destination: { to: ['captain@example.com'] },
        subject: 'Booking confirmed',
        body: { text: 'plain text', html: '<p>html</p>' },
      });
      await clearSesStore(emulators.endpoints.ses);
      expect((await readSesStore(emulators.endpoints.ses)).emails).toEqual([]);
    });
  });
});

describe('Local AWS emulators with a data directory', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'emulators-test-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second concurrent start on the same directory with a clear message', async () => {
    // Prepare
    const running = await startEmulators({ dataDir });
    try {
      // Act + Assess
      await expect(startEmulators({ dataDir })).rejects.toThrow(/already in use/);
    } finally {
      await running.stop();
    }
  });

  it('keeps DynamoDB items, S3 objects and captured mail across a restart', async () => {
    // Prepare: first run writes one of each
    const first = await startEmulators({ dataDir });
    let dynamodb = createDynamoDbClient(first.endpoints.dynamodb);
    let s3 = createS3Client(first.endpoints.s3);
    const ses = createSesClient(first.endpoints.ses);
    await ensureTables(dynamodb);
    await ensureBucket(s3, 'persisted');
    await dynamodb.send(
      new PutItemCommand({
        TableName: DEFAULT_TABLES.state,
        Item: { pk: { S: 'booking#1' }, sk: { S: 'rev#1' }, status: { S: 'done' } },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'persisted', Key: 'a.html', Body: '<p>a</p>' }));
    await ses.send(
      new SendEmailCommand({
        Source: 'a@example.com',
        Destination: { ToAddresses: ['b@example.com'] },
        Message: { Subject: { Data: 'kept' }, Body: { Text: { Data: 'x' } } },
      }),
    );
    dynamodb.destroy();
    s3.destroy();
    ses.destroy();
    await first.stop();

    // Act: second run on the same directory
    const second = await startEmulators({ dataDir });
    dynamodb = createDynamoDbClient(second.endpoints.dynamodb);
    s3 = createS3Client(second.endpoints.s3);
    try {
      await ensureTables(dynamodb);
      const item = await dynamodb.send(
        new GetItemCommand({
          TableName: DEFAULT_TABLES.state,
          Key: { pk: { S: 'booking#1' }, sk: { S: 'rev#1' } },
        }),
      );
      const object = await s3.send(new GetObjectCommand({ Bucket: 'persisted', Key: 'a.html' }));
      const store = await readSesStore(second.endpoints.ses);

      // Assess
      expect(item.Item?.status).toEqual({ S: 'done' });
      expect(await object.Body?.transformToString()).toBe('<p>a</p>');
      expect(store.emails.map((e) => e.subject)).toEqual(['kept']);
    } finally {
      dynamodb.destroy();
      s3.destroy();
      await second.stop();
    }
  });
});
