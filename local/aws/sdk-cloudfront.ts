/**
 * The bridge's CloudFrontApi over the full @aws-sdk/client-cloudfront. The bridge itself ships the
 * small signed client (lambda-bridge/src/adapters/cloudfront-api.ts); this one lets unit tests
 * intercept CreateInvalidation with aws-sdk-client-mock and lets tests compare the two.
 */
import { CreateInvalidationCommand, type CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { CloudFrontApi } from '../../lambda-bridge/src/adapters/cloudfront-api';

export function sdkCloudFront(client: CloudFrontClient): CloudFrontApi {
  return {
    async createInvalidation({ distributionId, paths, callerReference }) {
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
        throw Object.assign(new Error('CloudFront: invalidation without an id'), {
          name: 'InvalidResponse',
          $metadata: { httpStatusCode: 201 },
        });
      return { id, status: out.Invalidation?.Status ?? 'InProgress' };
    },
  };
}
