/**
 * S3's conditional writes for the local S3 (s3rver ignores If-Match / If-None-Match on PUT).
 *
 * A Koa middleware put in front of s3rver's own stack. For a PutObject it checks the stored
 * object's ETag through s3rver's store and answers as real S3 does:
 *   If-None-Match: *       the key exists              -> 412 PreconditionFailed
 *   If-Match: <etag>|*     the ETag differs             -> 412 PreconditionFailed
 *   If-Match: <etag>|*     no object under the key      -> 404 NoSuchKey
 * so the real SDK raises its real error (`PreconditionFailed`, `NoSuchKey`). Every PutObject of a
 * key (conditional or not) waits for the one before it to be stored, so two conditional writes
 * cannot both pass the check.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The part of Koa's context this middleware reads and writes. */
export interface S3Context {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  status: number;
  type: string;
  body: unknown;
}

/** The part of s3rver's FilesystemStore it reads (getMetadata throws when the object is absent). */
export interface S3ObjectStore {
  getMetadata(bucket: string, key: string): Promise<{ etag: string }>;
}

export type S3Middleware = (ctx: S3Context, next: () => Promise<void>) => Promise<void>;

/** Query parameters that make a PUT on an object key something other than PutObject. */
const NOT_PUT_OBJECT = ['uploadId', 'partNumber', 'acl', 'tagging', 'retention', 'legal-hold'];

/** Bucket and key of a path-style PutObject, or null for any other request. */
function putObjectTarget(ctx: S3Context): { bucket: string; key: string } | null {
  if (ctx.method !== 'PUT' || ctx.headers['x-amz-copy-source']) return null;
  if (NOT_PUT_OBJECT.some((name) => name in ctx.query)) return null;
  const [, bucket = '', ...rest] = ctx.path.split('/');
  if (!bucket || rest.length === 0 || rest.join('') === '') return null;
  return { bucket: decodeURIComponent(bucket), key: rest.map(decodeURIComponent).join('/') };
}

/** An entity-tag list (`"a", W/"b"`) as bare tags; `*` stays `*`. */
function entityTags(header: string): string[] {
  return header
    .split(',')
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1'),
    )
    .filter(Boolean);
}

function header(ctx: S3Context, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function answerError(ctx: S3Context, status: number, code: string, message: string, extra: string) {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${extra}</Error>`;
}

async function storedEtag(store: S3ObjectStore, bucket: string, key: string) {
  try {
    return entityTags((await store.getMetadata(bucket, key)).etag)[0];
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Whether the write must not happen (then the answer is already set on `ctx`). */
async function refused(ctx: S3Context, store: S3ObjectStore, bucket: string, key: string) {
  const ifMatch = header(ctx, 'if-match');
  const ifNoneMatch = header(ctx, 'if-none-match');
  if (ifMatch === undefined && ifNoneMatch === undefined) return false;
  const etag = await storedEtag(store, bucket, key);
  if (ifMatch !== undefined && etag === undefined) {
    answerError(
      ctx,
      404,
      'NoSuchKey',
      'The specified key does not exist.',
      `<Key>${escapeXml(key)}</Key>`,
    );
    return true;
  }
  const tagsMatch = (tags: string[]) => tags.includes('*') || tags.includes(etag ?? '');
  const failed =
    (ifMatch !== undefined && !tagsMatch(entityTags(ifMatch))) ||
    (ifNoneMatch !== undefined && etag !== undefined && tagsMatch(entityTags(ifNoneMatch)));
  if (!failed) return false;
  answerError(
    ctx,
    412,
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
    `<Condition>${ifMatch !== undefined ? 'If-Match' : 'If-None-Match'}</Condition>`,
  );
  return true;
}

export function s3ConditionalWrites(store: S3ObjectStore): S3Middleware {
  /** The last PutObject of each key still running (its check and its store). */
  const tails = new Map<string, Promise<void>>();
  return async (ctx, next) => {
    const target = putObjectTarget(ctx);
    if (!target) return next();
    const id = `${target.bucket}/${target.key}`;
    const before = tails.get(id) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    tails.set(id, mine);
    try {
      await before;
      if (!(await refused(ctx, store, target.bucket, target.key))) await next();
    } finally {
      done();
      if (tails.get(id) === mine) tails.delete(id);
    }
  };
}
