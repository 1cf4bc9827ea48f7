import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  createS3Client,
  ensureBucket,
  startEmulators,
  type Emulators,
} from '../../../local/aws/emulators';

const BUCKET = 'conditional-pages';

describe('Local S3: conditional writes (as real S3 answers them)', () => {
  let emulators: Emulators;
  let s3: S3Client;
  let n = 0;
  const freshKey = () => `page-${++n}.html`;

  const put = (key: string, body: string, extra: Partial<PutObjectCommandInput> = {}) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ...extra }));
  const read = async (key: string) =>
    (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body?.transformToString();
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('the write was accepted');
      },
      (err: { name: string; $metadata?: { httpStatusCode?: number } }) => ({
        name: err.name,
        status: err.$metadata?.httpStatusCode,
      }),
    );

  beforeAll(async () => {
    emulators = await startEmulators();
    s3 = createS3Client(emulators.endpoints.s3);
    await ensureBucket(s3, BUCKET);
  });

  afterAll(async () => {
    s3.destroy();
    await emulators.stop();
  });

  it('If-None-Match * creates a page that is not there', async () => {
    const key = freshKey();
    const out = await put(key, 'first', { IfNoneMatch: '*' });
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(await read(key)).toBe('first');
  });

  it('If-None-Match * on an existing key: 412 PreconditionFailed, the page unchanged', async () => {
    const key = freshKey();
    await put(key, 'first');
    expect(await failure(put(key, 'second', { IfNoneMatch: '*' }))).toEqual({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await read(key)).toBe('first');
  });

  it('If-Match with another ETag: 412 PreconditionFailed, the page unchanged', async () => {
    const key = freshKey();
    const first = await put(key, 'first');
    await put(key, 'second', { IfMatch: first.ETag });
    expect(await failure(put(key, 'late', { IfMatch: first.ETag }))).toEqual({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await read(key)).toBe('second');
  });

  it('If-Match on a key with no object: 404 NoSuchKey, nothing written', async () => {
    const key = freshKey();
    expect(await failure(put(key, 'orphan', { IfMatch: '"0123456789abcdef"' }))).toEqual({
      name: 'NoSuchKey',
      status: 404,
    });
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })))).toEqual({
      name: 'NotFound',
      status: 404,
    });
  });

  it('If-Match with the stored ETag: 200, the page replaced with its metadata', async () => {
    const key = `crew/${freshKey()}`;
    const first = await put(key, 'first', { Metadata: { revision: '1' } });
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ETag).toBe(first.ETag);
    expect(head.Metadata).toEqual({ revision: '1' });
    const out = await put(key, 'second', { IfMatch: head.ETag, Metadata: { revision: '2' } });
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(await read(key)).toBe('second');
    const after = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(after.Metadata).toEqual({ revision: '2' });
  });

  it('two conditional writes against the same ETag at once: exactly one passes', async () => {
    const key = freshKey();
    const first = await put(key, 'first');
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((body) => put(key, body, { IfMatch: first.ETag })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.map((r) => (r.reason as Error).name)).toEqual([
      'PreconditionFailed',
      'PreconditionFailed',
      'PreconditionFailed',
    ]);
  });

  it('writes without a condition still overwrite, as on S3', async () => {
    const key = freshKey();
    await put(key, 'first');
    await put(key, 'second');
    expect(await read(key)).toBe('second');
  });
});
