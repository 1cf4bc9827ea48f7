/**
 * The bridge's small CloudFront client: one SigV4-signed CreateInvalidation POST. Checked against
 * the CloudFront stand-in (the request shape the real SDK sends), against an independent SigV4
 * computation, and for the error classification the workflow's retries rely on.
 */
import { createHash, createHmac } from 'node:crypto';
import { localCredentials } from '../../../local/aws/emulators';
import {
  startCloudFrontStandin,
  type CloudFrontStandin,
} from '../../../local/aws/cloudfront-standin';
import { cloudFrontInvalidator } from '../../../lambda-bridge/src/adapters/cdn';
import {
  invalidationBatchXml,
  signedCloudFront,
} from '../../../lambda-bridge/src/adapters/cloudfront-api';
import { AdapterError } from '../../../lambda-bridge/src/errors';

const DISTRIBUTION = 'E3SIGNEDTEST';

describe('signed CloudFront client against the stand-in', () => {
  let standin: CloudFrontStandin;
  const api = () =>
    signedCloudFront({ endpoint: standin.url, credentials: async () => localCredentials() });

  beforeAll(async () => {
    standin = await startCloudFrontStandin({ distributions: [DISTRIBUTION] });
  });
  afterAll(() => standin.close());
  afterEach(() => standin.clearFaults());

  it('creates one invalidation, and the same caller reference returns the same one', async () => {
    const paths = ['/abc.html', '/g/abc'];
    const first = await api().createInvalidation({
      distributionId: DISTRIBUTION,
      paths,
      callerReference: 'ref-1',
    });
    const again = await api().createInvalidation({
      distributionId: DISTRIBUTION,
      paths,
      callerReference: 'ref-1',
    });
    expect(first.status).toBe('InProgress');
    expect(again.id).toBe(first.id);
    const stored = standin.state().invalidations.filter((i) => i.callerReference === 'ref-1');
    expect(stored).toEqual([expect.objectContaining({ paths, id: first.id })]);
  });

  it('classifies answers as the workflow needs: conflict is permanent, 503 and throttling retry', async () => {
    const cdn = cloudFrontInvalidator(api(), DISTRIBUTION);
    await cdn.invalidate(['/x.html'], 'ref-2');
    const conflict = await cdn.invalidate(['/y.html'], 'ref-2').catch((e: unknown) => e);
    expect(conflict).toMatchObject({ name: 'CdnError', retryable: false, status: 409 });
    expect((conflict as Error).message).toContain('InvalidationBatchAlreadyExists');

    standin.injectFault({ method: 'POST', pathPrefix: '/', status: 503, times: 1 });
    const unavailable = await cdn.invalidate(['/z.html'], 'ref-3').catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(AdapterError);
    expect(unavailable).toMatchObject({ code: 'unavailable', retryable: true });

    const unknown = cloudFrontInvalidator(api(), 'ENOSUCH');
    await expect(unknown.invalidate(['/a.html'], 'ref-4')).rejects.toMatchObject({
      code: 'not-found',
      retryable: false,
    });
  });

  it('a refused connection is a retryable network failure', async () => {
    const cdn = cloudFrontInvalidator(
      signedCloudFront({
        endpoint: 'http://127.0.0.1:9',
        credentials: async () => localCredentials(),
      }),
      DISTRIBUTION,
    );
    await expect(cdn.invalidate(['/a.html'], 'ref-5')).rejects.toMatchObject({
      retryable: true,
    });
  });
});

describe('signed CloudFront client: the request', () => {
  const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
  const hmac = (key: Buffer | string, data: string) =>
    createHmac('sha256', key).update(data, 'utf8').digest();

  it('is a POST of the InvalidationBatch XML with a SigV4 signature for cloudfront/us-east-1', async () => {
    const seen: Array<{ url: string; method: string; headers: Headers; body: string }> = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      seen.push({
        url,
        method: String(init.method),
        headers: new Headers(init.headers),
        body: String(init.body),
      });
      return new Response(
        '<Invalidation><Id>I2ABC</Id><Status>InProgress</Status></Invalidation>',
        { status: 201 },
      );
    }) as unknown as typeof fetch;
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const api = signedCloudFront({
      credentials: async () => ({
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: secret,
        sessionToken: 'session-token',
      }),
      fetch: fakeFetch,
    });
    const out = await api.createInvalidation({
      distributionId: 'E123',
      paths: ['/a&b.html', '/g/a'],
      callerReference: 'booking-1<r1>',
    });
    expect(out).toEqual({ id: 'I2ABC', status: 'InProgress' });

    const [req] = seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(
      'https://cloudfront.amazonaws.com/2020-05-31/distribution/E123/invalidation',
    );
    expect(req?.body).toBe(invalidationBatchXml(['/a&b.html', '/g/a'], 'booking-1<r1>'));
    expect(req?.body).toContain('<Path>/a&amp;b.html</Path>');
    expect(req?.body).toContain('<Quantity>2</Quantity>');
    expect(req?.headers.get('x-amz-security-token')).toBe('session-token');

    // Recompute the signature from the SigV4 specification with node:crypto only.
    const auth = req!.headers.get('authorization') ?? '';
    const m =
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/(\d{8})\/us-east-1\/cloudfront\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    expect(m).not.toBeNull();
    const [, day, signedHeaders, signature] = m!;
    const amzDate = req!.headers.get('x-amz-date') ?? '';
    const names = signedHeaders!.split(';');
    expect(names).toEqual(expect.arrayContaining(['host', 'x-amz-date']));
    const canonicalHeaders = names.map((n) => `${n}:${req!.headers.get(n)?.trim()}\n`).join('');
    const canonicalRequest = [
      'POST',
      '/2020-05-31/distribution/E123/invalidation',
      '',
      canonicalHeaders,
      signedHeaders,
      sha256(req!.body),
    ].join('\n');
    const scope = `${day}/us-east-1/cloudfront/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
    let key: Buffer = hmac(`AWS4${secret}`, day!);
    for (const part of ['us-east-1', 'cloudfront', 'aws4_request']) key = hmac(key, part);
    expect(signature).toBe(createHmac('sha256', key).update(stringToSign).digest('hex'));
  });
});
