/**
 * Public pages in the S3 bucket behind CloudFront, written so that an older revision's page never
 * replaces a newer one's.
 *
 * Every page carries the revision that wrote it (`x-amz-meta-revision`). Publishing revision R
 * reads the key first (HeadObject): a newer revision's page is kept as it is; otherwise the page is
 * written on condition that the key is still as read (If-None-Match * when absent, If-Match of the
 * ETag read). A write that lost a race (412, 409, or 404 when the page vanished) reads again, up to
 * PUBLISH_ROUNDS times, then fails retryable. A straggler (an abandoned PutObject that reaches S3
 * after a later revision wrote the page) carries the ETag its run read, which no longer matches:
 * S3 refuses it.
 */
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AdapterError, fromSdkError } from '../errors';

export interface PublishedPage {
  key: string;
  /** The ETag of the page now at the key. */
  etag: string | undefined;
  /** The revision whose page is now at the key: this one, or a newer one that was kept. */
  revision: number;
  /** A newer revision's page was already there and was left as it is. */
  keptNewer: boolean;
}

export interface PagePublisher {
  publish(
    key: string,
    html: string,
    cacheControl: string,
    revision: number,
  ): Promise<PublishedPage>;
}

/** Conditional writes tried (each after a fresh read) before the step fails for a later retry. */
export const PUBLISH_ROUNDS = 3;

/** The object metadata key (x-amz-meta-revision) naming the revision that wrote a page. */
export const REVISION_METADATA = 'revision';

interface StoredPage {
  etag: string;
  /** Undefined for a page written before pages carried their revision. */
  revision: number | undefined;
}

interface SdkFailure {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

const statusOf = (err: unknown) => (err as SdkFailure | null)?.$metadata?.httpStatusCode;

/** The page at the key changed between our read and our write: read again. */
function lostRace(err: unknown): boolean {
  const name = (err as SdkFailure | null)?.name;
  const status = statusOf(err);
  return (
    name === 'PreconditionFailed' ||
    name === 'ConditionalRequestConflict' ||
    name === 'NoSuchKey' ||
    status === 412 ||
    status === 409
  );
}

function revisionOf(metadata: Record<string, string> | undefined): number | undefined {
  const value = Number(metadata?.[REVISION_METADATA]);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export function s3PagePublisher(s3: S3Client, bucket: string): PagePublisher {
  async function stored(key: string): Promise<StoredPage | null> {
    try {
      const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      if (!out.ETag) {
        throw new AdapterError(
          'PagePublisherError',
          'bad-response',
          `S3 HeadObject ${key}: no ETag`,
          {
            retryable: true,
            ambiguous: false,
          },
        );
      }
      return { etag: out.ETag, revision: revisionOf(out.Metadata) };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw fromSdkError('PagePublisherError', `S3 HeadObject ${key}`, err);
    }
  }

  return {
    async publish(key, html, cacheControl, revision) {
      for (let round = 1; round <= PUBLISH_ROUNDS; round++) {
        const current = await stored(key);
        if (current?.revision !== undefined && current.revision > revision)
          return { key, etag: current.etag, revision: current.revision, keptNewer: true };
        try {
          const out = await s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: key,
              Body: html,
              ContentType: 'text/html; charset=utf-8',
              CacheControl: cacheControl,
              Metadata: { [REVISION_METADATA]: String(revision) },
              ...(current ? { IfMatch: current.etag } : { IfNoneMatch: '*' }),
            }),
          );
          return { key, etag: out.ETag, revision, keptNewer: false };
        } catch (err) {
          if (!lostRace(err)) throw fromSdkError('PagePublisherError', `S3 PutObject ${key}`, err);
        }
      }
      // Certainly not written (each write was refused): a later attempt reads and tries again.
      throw new AdapterError(
        'PagePublisherError',
        'conflict',
        `S3 PutObject ${key}: the page changed under each of ${PUBLISH_ROUNDS} conditional writes`,
        { retryable: true, ambiguous: false },
      );
    },
  };
}
