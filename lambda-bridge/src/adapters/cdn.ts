/** CloudFront invalidations. One call per page change; completion is recorded, never awaited. */
import { CreateInvalidationCommand, type CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { AdapterError, fromSdkError } from '../errors';

export interface Invalidation {
  id: string;
  status: string;
}

export interface CdnInvalidator {
  invalidate(paths: string[], callerReference: string): Promise<Invalidation>;
}

export function cloudFrontInvalidator(
  client: CloudFrontClient,
  distributionId: string,
): CdnInvalidator {
  return {
    async invalidate(paths, callerReference) {
      try {
        const out = await client.send(
          new CreateInvalidationCommand({
            DistributionId: distributionId,
            InvalidationBatch: {
              CallerReference: callerReference,
              Paths: { Quantity: paths.length, Items: paths },
            },
          }),
        );
        const id = out.Invalidation?.Id;
        if (!id)
          throw new AdapterError(
            'CdnError',
            'bad-response',
            'CloudFront: invalidation without an id',
            {
              retryable: false,
            },
          );
        return { id, status: out.Invalidation?.Status ?? 'InProgress' };
      } catch (err) {
        throw fromSdkError('CdnError', 'CloudFront CreateInvalidation', err);
      }
    },
  };
}
