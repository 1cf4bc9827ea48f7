/**
 * The S3 page publisher: a page is only ever replaced by the same or a newer revision's page, also
 * when an abandoned write of an older revision reaches S3 late. Against the local S3 (which
 * enforces S3's conditional writes) through the real SDK; the fault proxy holds a write back.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  PUBLISH_ROUNDS,
  s3PagePublisher,
  type PagePublisher,
} from '../../../lambda-bridge/src/adapters/page-publisher';
import { isAdapterError } from '../../../lambda-bridge/src/errors';
import {
  createS3Client,
  ensureBucket,
  startEmulators,
  type Emulators,
} from '../../../local/aws/emulators';
import { startFaultProxy, type FaultProxy } from '../../../local/faults/proxy';

const BUCKET = 'publisher-pages';
const CACHE = 'public, max-age=60';

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('s3PagePublisher against the local S3', () => {
  let emulators: Emulators;
  let proxy: FaultProxy;
  let direct: S3Client;
  /** Through the fault proxy, one attempt, a short request timeout: the bridge's effect client. */
  let proxied: S3Client;
  let pages: PagePublisher;
  let n = 0;
  const freshKey = () => `page-${++n}.html`;

  const page = async (key: string) => {
    const head = await direct.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    const got = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { html: await got.Body?.transformToString(), revision: head.Metadata?.revision };
  };

  beforeAll(async () => {
    emulators = await startEmulators();
    proxy = await startFaultProxy(emulators.endpoints.s3);
    direct = createS3Client(emulators.endpoints.s3);
    proxied = createS3Client(proxy.url, {
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 1000, requestTimeout: 400, throwOnRequestTimeout: true },
    });
    pages = s3PagePublisher(direct, BUCKET);
    await ensureBucket(direct, BUCKET);
  });

  afterEach(() => proxy.clear());

  afterAll(async () => {
    direct.destroy();
    proxied.destroy();
    await proxy.close();
    await emulators.stop();
  });

  it('creates a page that is not there, carrying its revision', async () => {
    const key = freshKey();
    const out = await pages.publish(key, '<p>r1</p>', CACHE, 1);
    expect(out).toEqual({ key, etag: expect.any(String), revision: 1, keptNewer: false });
    expect(await page(key)).toEqual({ html: '<p>r1</p>', revision: '1' });
  });

  it('replaces an older revision’s page, and a page written before pages carried a revision', async () => {
    const key = freshKey();
    await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '<p>legacy</p>' }));
    await pages.publish(key, '<p>r1</p>', CACHE, 1);
    expect(await page(key)).toEqual({ html: '<p>r1</p>', revision: '1' });
    const out = await pages.publish(key, '<p>r2</p>', CACHE, 2);
    expect(out).toMatchObject({ revision: 2, keptNewer: false });
    expect(await page(key)).toEqual({ html: '<p>r2</p>', revision: '2' });
  });

  it('writes the same revision again (a retry of the same run)', async () => {
    const key = freshKey();
    await pages.publish(key, '<p>r3</p>', CACHE, 3);
    const again = await pages.publish(key, '<p>r3</p>', CACHE, 3);
    expect(again).toMatchObject({ revision: 3, keptNewer: false });
    expect(await page(key)).toEqual({ html: '<p>r3</p>', revision: '3' });
  });

  it('keeps a newer revision’s page and says so, without writing', async () => {
    const key = freshKey();
    const newer = await pages.publish(key, '<p>r5</p>', CACHE, 5);
    const out = await pages.publish(key, '<p>r4</p>', CACHE, 4);
    expect(out).toEqual({ key, etag: newer.etag, revision: 5, keptNewer: true });
    expect(await page(key)).toEqual({ html: '<p>r5</p>', revision: '5' });
  });

  it('a straggler: revision 1’s abandoned write lands after revision 2 published, S3 refuses it', async () => {
    const key = freshKey();
    await pages.publish(key, '<p>r0</p>', CACHE, 0);
    // Revision 1's write is held past its request timeout (the run gave up on it)...
    await proxy.inject({
      kind: 'late',
      method: 'PUT',
      pathPrefix: `/${BUCKET}/${key}`,
      delayMs: 1200,
    });
    const abandoned = await s3PagePublisher(proxied, BUCKET)
      .publish(key, '<p>r1</p>', CACHE, 1)
      .catch((err: unknown) => err);
    expect(isAdapterError(abandoned) && abandoned.retryable).toBe(true);
    expect(proxy.pending()).toBe(1);
    // ...revision 2's run publishes meanwhile...
    await pages.publish(key, '<p>r2</p>', CACHE, 2);
    // ...then revision 1's write reaches S3, with the ETag of revision 0's page: refused.
    const landedBefore = proxy.landed();
    await until(() => proxy.landed() > landedBefore, 'the late write to land');
    expect(await page(key)).toEqual({ html: '<p>r2</p>', revision: '2' });
  });

  it('a write that lost a race reads again and writes over the page it finds', async () => {
    const key = freshKey();
    await pages.publish(key, '<p>r1</p>', CACHE, 1);
    // Our write is slowed; an older revision's run writes the page in between (new ETag).
    await proxy.inject({
      kind: 'slow',
      method: 'PUT',
      pathPrefix: `/${BUCKET}/${key}`,
      delayMs: 150,
    });
    const forwardedBefore = proxy.forwarded();
    const publishing = s3PagePublisher(proxied, BUCKET).publish(key, '<p>r3</p>', CACHE, 3);
    await until(() => proxy.pending() === 1, 'our write to be held');
    await pages.publish(key, '<p>r2</p>', CACHE, 2);
    const out = await publishing;
    expect(out).toMatchObject({ revision: 3, keptNewer: false });
    expect(await page(key)).toEqual({ html: '<p>r3</p>', revision: '3' });
    // HEAD, PUT (412), HEAD, PUT.
    expect(proxy.forwarded() - forwardedBefore).toBe(4);
  });
});

describe('s3PagePublisher when the page keeps changing', () => {
  // One instance mocked (not the class: the suite above uses real clients).
  const client = new S3Client({ region: 'us-west-2' });
  const s3 = mockClient(client);
  afterEach(() => s3.reset());
  afterAll(() => s3.restore());

  it(`gives up after ${PUBLISH_ROUNDS} refused writes with a retryable error that certainly wrote nothing`, async () => {
    let etag = 0;
    s3.on(HeadObjectCommand).callsFake(async () => ({
      ETag: `"e${++etag}"`,
      Metadata: { revision: '1' },
    }));
    s3.on(PutObjectCommand).rejects(
      Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
        name: 'PreconditionFailed',
        $metadata: { httpStatusCode: 412 },
      }),
    );
    const err = await s3PagePublisher(client, BUCKET)
      .publish('page.html', '<p>r2</p>', CACHE, 2)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'PagePublisherError',
      code: 'conflict',
      retryable: true,
      ambiguous: false,
    });
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(PUBLISH_ROUNDS);
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.IfMatch);
    expect(puts).toEqual(['"e1"', '"e2"', '"e3"']);
  });

  it('retries a 409 ConditionalRequestConflict like a 412', async () => {
    s3.on(HeadObjectCommand).resolves({ ETag: '"e1"', Metadata: { revision: '1' } });
    s3.on(PutObjectCommand)
      .rejectsOnce(
        Object.assign(new Error('conflict'), {
          name: 'ConditionalRequestConflict',
          $metadata: { httpStatusCode: 409 },
        }),
      )
      .resolves({ ETag: '"e2"' });
    const out = await s3PagePublisher(client, BUCKET).publish('page.html', '<p>r2</p>', CACHE, 2);
    expect(out).toEqual({ key: 'page.html', etag: '"e2"', revision: 2, keptNewer: false });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('does not retry a refusal that is not a lost race (access denied)', async () => {
    s3.on(HeadObjectCommand).resolves({ ETag: '"e1"' });
    s3.on(PutObjectCommand).rejects(
      Object.assign(new Error('denied'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const err = await s3PagePublisher(client, BUCKET)
      .publish('page.html', '<p>r2</p>', CACHE, 2)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unauthorized', retryable: false });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });
});
