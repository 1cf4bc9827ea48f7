/** Public pages in the S3 bucket behind CloudFront. */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { fromSdkError } from '../errors';

export interface PublishedPage {
  key: string;
  etag: string | undefined;
}

export interface PagePublisher {
  publish(key: string, html: string, cacheControl: string): Promise<PublishedPage>;
}

export function s3PagePublisher(s3: S3Client, bucket: string): PagePublisher {
  return {
    async publish(key, html, cacheControl) {
      try {
        const out = await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: html,
            ContentType: 'text/html; charset=utf-8',
            CacheControl: cacheControl,
          }),
        );
        return { key, etag: out.ETag };
      } catch (err) {
        throw fromSdkError('PagePublisherError', `S3 PutObject ${key}`, err);
      }
    },
  };
}
