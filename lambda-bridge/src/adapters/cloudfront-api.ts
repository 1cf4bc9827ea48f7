/**
 * CloudFront's one call the bridge makes, CreateInvalidation, as a single SigV4-signed POST
 * (REST-XML, API version 2020-05-31) instead of the full @aws-sdk/client-cloudfront, which
 * weighs 139 KB in the bundle for this one operation (see docs/developer-guide.md, benchmarks).
 *
 * Signed with the SDK's own signer (@smithy/signature-v4) and the credentials the other clients
 * use. Failures are thrown in the shape of an SDK service error (`name` = CloudFront's error
 * code, `$metadata.httpStatusCode`, `$fault`), so `fromSdkError` classifies them like any other
 * AWS call; a call that gets no answer within `timeoutMs` fails with `TimeoutError`.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';

export const CLOUDFRONT_API_VERSION = '2020-05-31';
export const CLOUDFRONT_ENDPOINT = 'https://cloudfront.amazonaws.com';
/** CloudFront is a global service signed in us-east-1. */
const SIGNING_REGION = 'us-east-1';

export interface CreateInvalidationInput {
  distributionId: string;
  paths: string[];
  callerReference: string;
}

export interface CreatedInvalidation {
  id: string;
  status: string;
}

/** What the CDN adapter needs from CloudFront. */
export interface CloudFrontApi {
  createInvalidation(input: CreateInvalidationInput): Promise<CreatedInvalidation>;
}

export interface SignedCloudFrontOptions {
  credentials: AwsCredentialIdentityProvider;
  /** Default https://cloudfront.amazonaws.com; a local stand-in's URL in the sandbox. */
  endpoint?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** node:crypto behind the Checksum interface the signer expects (HMAC when given a secret). */
class NodeSha256 implements Checksum {
  private hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined
      ? createHash('sha256')
      : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: Uint8Array | string): void {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

export function invalidationBatchXml(paths: string[], callerReference: string): string {
  const items = paths.map((p) => `<Path>${escapeXml(p)}</Path>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/${CLOUDFRONT_API_VERSION}/">` +
    `<Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths>` +
    `<CallerReference>${escapeXml(callerReference)}</CallerReference>` +
    `</InvalidationBatch>`
  );
}

/** The text of the first `<tag>` element (CloudFront's answers are small and flat enough). */
export function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** An error shaped like an AWS SDK v3 service exception. */
export class CloudFrontServiceError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  readonly $fault: 'client' | 'server';
  constructor(code: string, message: string, status: number, requestId?: string) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode: status, ...(requestId ? { requestId } : {}) };
    this.$fault = status >= 500 ? 'server' : 'client';
  }
}

export function signedCloudFront(options: SignedCloudFrontOptions): CloudFrontApi {
  const endpoint = new URL(options.endpoint ?? CLOUDFRONT_ENDPOINT);
  const fetchFn = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  const signer = new SignatureV4({
    service: 'cloudfront',
    region: SIGNING_REGION,
    credentials: options.credentials,
    sha256: NodeSha256,
  });
  const basePath = endpoint.pathname.replace(/\/+$/, '');

  return {
    async createInvalidation({ distributionId, paths, callerReference }) {
      const path = `${basePath}/${CLOUDFRONT_API_VERSION}/distribution/${encodeURIComponent(distributionId)}/invalidation`;
      const body = invalidationBatchXml(paths, callerReference);
      const signed = await signer.sign({
        method: 'POST',
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port ? Number(endpoint.port) : undefined,
        path,
        query: {},
        headers: { host: endpoint.host, 'content-type': 'application/xml' },
        body,
      });
      const response = await fetchFn(`${endpoint.origin}${path}`, {
        method: 'POST',
        headers: signed.headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (response.status !== 201 && response.status !== 200) {
        throw new CloudFrontServiceError(
          xmlText(text, 'Code') ?? `HTTP${response.status}`,
          xmlText(text, 'Message') ?? `CloudFront answered HTTP ${response.status}`,
          response.status,
          xmlText(text, 'RequestId'),
        );
      }
      const id = xmlText(text, 'Id');
      if (!id)
        throw new CloudFrontServiceError(
          'InvalidResponse',
          'CloudFront: invalidation without an id',
          response.status,
        );
      return { id, status: xmlText(text, 'Status') ?? 'InProgress' };
    },
  };
}
