/**
 * The bridge's CloudFront: @aws-sdk/client-cloudfront behind the CloudFrontApi interface, checked
 * against the CloudFront stand-in (the REST-XML the real service speaks) for the CallerReference
 * rules and the error classification the workflow's retries rely on; and the lazy wrapper the
 * Lambda handler uses so that only the first invalidation loads the client.
 */
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { createCloudFrontClient } from '../../../local/aws/emulators';
import {
  startCloudFrontStandin,
  type CloudFrontStandin,
} from '../../../local/aws/cloudfront-standin';
import { cloudFrontInvalidator } from '../../../lambda-bridge/src/adapters/cdn';
import {
  lazyCloudFront,
  type CloudFrontApi,
} from '../../../lambda-bridge/src/adapters/cloudfront-api';
import { sdkCloudFront } from '../../../lambda-bridge/src/adapters/cloudfront-sdk';
import { AdapterError } from '../../../lambda-bridge/src/errors';

const DISTRIBUTION = 'E3SDKTEST';

describe('CloudFront through @aws-sdk/client-cloudfront, against the stand-in', () => {
  let standin: CloudFrontStandin;
  const clients: CloudFrontClient[] = [];
  const api = () => {
    const client = createCloudFrontClient(standin.url, { maxAttempts: 1 });
    clients.push(client);
    return sdkCloudFront(client);
  };

  beforeAll(async () => {
    standin = await startCloudFrontStandin({ distributions: [DISTRIBUTION] });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await standin.close();
  });
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

  it('classifies answers as the workflow needs: conflict is permanent, 503 retries, unknown distribution is not found', async () => {
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
});

describe('lazyCloudFront: the client is loaded by the first invalidation', () => {
  const input = { distributionId: 'E1', paths: ['/a.html'], callerReference: 'r' };
  const loaded: CloudFrontApi = {
    createInvalidation: async ({ callerReference }) => ({
      id: `I-${callerReference}`,
      status: 'InProgress',
    }),
  };

  it('loads nothing until a call, then once for calls made while it loads and after', async () => {
    const load = jest.fn(async () => loaded);
    const api = lazyCloudFront(load);
    expect(load).not.toHaveBeenCalled();

    const answers = await Promise.all([
      api.createInvalidation(input),
      api.createInvalidation({ ...input, callerReference: 's' }),
    ]);
    await api.createInvalidation(input);

    expect(answers.map((a) => a.id)).toEqual(['I-r', 'I-s']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a load that fails fails that call, and the next call loads again', async () => {
    const load = jest
      .fn<Promise<CloudFrontApi>, []>()
      .mockRejectedValueOnce(new Error('chunk missing'))
      .mockResolvedValue(loaded);
    const api = lazyCloudFront(load);

    await expect(api.createInvalidation(input)).rejects.toThrow('chunk missing');
    await expect(api.createInvalidation(input)).resolves.toEqual({
      id: 'I-r',
      status: 'InProgress',
    });
    expect(load).toHaveBeenCalledTimes(2);
  });
});
