/**
 * A booking's guest page through the whole local stack (real bridge, real SDK clients, the local
 * S3 with S3's conditional writes) when revision 1's page writes reach S3 only after revision 2's
 * run has published: the page stays revision 2's.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { BridgeRequest } from '../../shared/bridge-contract';
import { slugForBookingId } from '../../shared/slug';
import { postSigned } from '../../local/signed-post';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { workedExampleBooking, workedExampleRequest } from '../lambda-bridge/helpers';

const BOOKING = 'LATEPAGE1';

function revision(revision: number, start: string): BridgeRequest {
  const booking = workedExampleBooking({ id: BOOKING, start });
  return { ...workedExampleRequest({ booking, revision }), requestedAt: new Date().toISOString() };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('A late page write of an older revision (whole booking, local stack)', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({
      faultProxies: true,
      sdkTimeoutScale: 0.1, // S3 calls time out after 0.5 s
      handler: {
        retryPolicy: { attempts: 2, baseDelayMs: 20, maxDelayMs: 50, budgetMs: 1_000 },
        leaseSeconds: 3,
      },
    });
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('leaves the guest page with revision 2’s content and metadata', async () => {
    const bucket = stack.config.pagesBucket;
    const key = `${slugForBookingId(BOOKING)}.html`;
    const s3Proxy = stack.faultProxies.s3!;

    // Revision 1: every write of its guest page is held past the bridge's timeout (abandoned).
    await s3Proxy.inject({
      kind: 'late',
      method: 'PUT',
      pathPrefix: `/${bucket}/${key}`,
      delayMs: 4_000,
      times: 10,
    });
    const first = await postSigned(
      stack.bridgeUrl,
      stack.signingSecret,
      revision(1, '2030-05-30T09:00:00-07:00'),
    );
    const firstBody = (await first.json()) as { steps: Array<{ step: string; status: string }> };
    expect(firstBody.steps.find((s) => s.step === 'guestPage')?.status).toBe('failed');
    expect(s3Proxy.pending()).toBeGreaterThan(0);
    await s3Proxy.clear();

    // Revision 2 (the charter moved) publishes while revision 1's writes are still on their way.
    const second = await postSigned(
      stack.bridgeUrl,
      stack.signingSecret,
      revision(2, '2030-06-02T14:00:00-07:00'),
    );
    expect(await second.json()).toMatchObject({ ok: true, outcome: 'completed' });
    expect(s3Proxy.pending()).toBeGreaterThan(0);

    // Revision 1's writes land; each carries a condition that no longer holds.
    await until(
      () => s3Proxy.pending() === 0 && s3Proxy.landed() === s3Proxy.forwarded(),
      'revision 1’s writes to land',
    );
    const page = await stack.getPageObject(key);
    expect(page?.body).toContain('Sunday, June 2, 2030');
    const head = await stack.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.Metadata).toEqual({ revision: '2' });
  }, 30_000);
});
