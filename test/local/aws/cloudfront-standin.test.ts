import {
  CloudFrontClient,
  CloudFrontServiceException,
  CreateInvalidationCommand,
  GetInvalidationCommand,
  NoSuchDistribution,
  NoSuchInvalidation,
} from '@aws-sdk/client-cloudfront';
import { localCredentials, LOCAL_REGION } from '../../../local/aws/emulators';
import {
  startCloudFrontStandin,
  type CloudFrontStandin,
} from '../../../local/aws/cloudfront-standin';

const DISTRIBUTION = 'E2LOCALTEST';

function batch(callerReference: string, paths: string[]) {
  return { CallerReference: callerReference, Paths: { Quantity: paths.length, Items: paths } };
}

describe('CloudFront stand-in (through the real @aws-sdk/client-cloudfront)', () => {
  let standin: CloudFrontStandin;
  let client: CloudFrontClient;

  beforeAll(async () => {
    standin = await startCloudFrontStandin({ distributions: [DISTRIBUTION] });
    client = new CloudFrontClient({
      endpoint: standin.url,
      region: LOCAL_REGION,
      credentials: localCredentials(),
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await standin.close();
  });

  it('creates an invalidation: InProgress, with the paths, caller reference and a Location', async () => {
    // Act
    const out = await client.send(
      new CreateInvalidationCommand({
        DistributionId: DISTRIBUTION,
        InvalidationBatch: batch('booking-1#rev-1', ['/xhqgmdh.html', '/g/xhqgmdh']),
      }),
    );

    // Assess
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out.Invalidation?.Id).toMatch(/^I[A-Z0-9]{13}$/);
    expect(out.Invalidation?.Status).toBe('InProgress');
    expect(out.Invalidation?.CreateTime).toBeInstanceOf(Date);
    expect(out.Invalidation?.InvalidationBatch).toEqual(
      batch('booking-1#rev-1', ['/xhqgmdh.html', '/g/xhqgmdh']),
    );
    expect(out.Location).toBe(
      `${standin.url}/2020-05-31/distribution/${DISTRIBUTION}/invalidation/${out.Invalidation?.Id}`,
    );
  });

  it('returns the same invalidation for the same caller reference and paths (in any order)', async () => {
    // Prepare
    const first = await client.send(
      new CreateInvalidationCommand({
        DistributionId: DISTRIBUTION,
        InvalidationBatch: batch('idem-ref', ['/a.html', '/g/a']),
      }),
    );

    // Act
    const again = await client.send(
      new CreateInvalidationCommand({
        DistributionId: DISTRIBUTION,
        InvalidationBatch: batch('idem-ref', ['/g/a', '/a.html']),
      }),
    );

    // Assess
    expect(again.Invalidation?.Id).toBe(first.Invalidation?.Id);
    const made = standin.state().invalidations.filter((i) => i.callerReference === 'idem-ref');
    expect(made).toHaveLength(1);
    expect(standin.state().requests.filter((r) => r.callerReference === 'idem-ref')).toEqual([
      expect.objectContaining({ operation: 'CreateInvalidation', outcome: 'created' }),
      expect.objectContaining({ operation: 'CreateInvalidation', outcome: 'existing' }),
    ]);
  });

  it('rejects the same caller reference with different paths: InvalidationBatchAlreadyExists', async () => {
    // Prepare
    await client.send(
      new CreateInvalidationCommand({
        DistributionId: DISTRIBUTION,
        InvalidationBatch: batch('conflict-ref', ['/b.html']),
      }),
    );

    // Act
    const attempt = client.send(
      new CreateInvalidationCommand({
        DistributionId: DISTRIBUTION,
        InvalidationBatch: batch('conflict-ref', ['/c.html']),
      }),
    );

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CloudFrontServiceException);
    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidationBatchAlreadyExists',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('reports InProgress on create, then Completed on the next GetInvalidation', async () => {
    // Prepare
    const created = await client.send(
      new CreateInvalidationCommand({
        DistributionId: DISTRIBUTION,
        InvalidationBatch: batch('status-ref', ['/d.html']),
      }),
    );

    // Act
    const got = await client.send(
      new GetInvalidationCommand({ DistributionId: DISTRIBUTION, Id: created.Invalidation?.Id }),
    );

    // Assess
    expect(created.Invalidation?.Status).toBe('InProgress');
    expect(got.Invalidation).toMatchObject({
      Id: created.Invalidation?.Id,
      Status: 'Completed',
      InvalidationBatch: batch('status-ref', ['/d.html']),
    });
  });

  it('answers NoSuchDistribution and NoSuchInvalidation as the SDK models them', async () => {
    await expect(
      client.send(
        new CreateInvalidationCommand({
          DistributionId: 'EUNKNOWN',
          InvalidationBatch: batch('x', ['/x.html']),
        }),
      ),
    ).rejects.toBeInstanceOf(NoSuchDistribution);
    await expect(
      client.send(new GetInvalidationCommand({ DistributionId: DISTRIBUTION, Id: 'INOTTHERE' })),
    ).rejects.toBeInstanceOf(NoSuchInvalidation);
  });

  it('answers injected faults with service errors the SDK classifies, then recovers', async () => {
    // Prepare
    standin.injectFault({ method: 'POST', pathPrefix: '/2020-05-31/', status: 503, times: 1 });
    const send = () =>
      client.send(
        new CreateInvalidationCommand({
          DistributionId: DISTRIBUTION,
          InvalidationBatch: batch('fault-ref', ['/f.html']),
        }),
      );

    // Act + Assess
    await expect(send()).rejects.toMatchObject({
      name: 'ServiceUnavailable',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    });
    await expect(send()).resolves.toMatchObject({ Invalidation: { Status: 'InProgress' } });
    expect(
      standin.state().invalidations.filter((i) => i.callerReference === 'fault-ref'),
    ).toHaveLength(1);
  });

  it('can complete invalidations after a time instead of a Get', async () => {
    // Prepare: a clock the test controls
    let nowMs = Date.parse('2026-07-01T10:00:00Z');
    const timed = await startCloudFrontStandin({
      distributions: [DISTRIBUTION],
      completeAfterGets: 1000,
      completeAfterMs: 60_000,
      now: () => new Date(nowMs),
    });
    const timedClient = new CloudFrontClient({
      endpoint: timed.url,
      region: LOCAL_REGION,
      credentials: localCredentials(),
    });
    try {
      const created = await timedClient.send(
        new CreateInvalidationCommand({
          DistributionId: DISTRIBUTION,
          InvalidationBatch: batch('timed', ['/t.html']),
        }),
      );
      const get = () =>
        timedClient.send(
          new GetInvalidationCommand({
            DistributionId: DISTRIBUTION,
            Id: created.Invalidation?.Id,
          }),
        );

      // Act + Assess
      expect((await get()).Invalidation?.Status).toBe('InProgress');
      nowMs += 60_000;
      expect((await get()).Invalidation?.Status).toBe('Completed');
    } finally {
      timedClient.destroy();
      await timed.close();
    }
  });

  it('exposes its state over GET /__state', async () => {
    // Act
    const res = await fetch(`${standin.url}/__state`);
    const body = (await res.json()) as ReturnType<CloudFrontStandin['state']>;

    // Assess
    expect(res.status).toBe(200);
    expect(body.distributions).toEqual([DISTRIBUTION]);
    expect(body.invalidations.length).toBeGreaterThan(0);
    expect(body.invalidations[0]).toMatchObject({ paths: ['/xhqgmdh.html', '/g/xhqgmdh'] });
    expect(body.calls.length).toBeGreaterThan(0);
  });
});
