/**
 * The bridge's CloudFrontApi over @aws-sdk/client-cloudfront. The Lambda handler imports this
 * module dynamically (see cloudfront-api.ts `lazyCloudFront`): esbuild puts it and the client in
 * a chunk of their own that only the first invalidation loads. The local stack and the tests use
 * it directly; unit tests intercept CreateInvalidation with aws-sdk-client-mock (CloudFront has
 * no emulator; the local stand-in speaks its REST-XML subset).
 */
import {
  CloudFrontClient,
  CreateInvalidationCommand,
  type CloudFrontClientConfig,
} from '@aws-sdk/client-cloudfront';
import type { CloudFrontApi } from './cloudfront-api';

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
          $metadata: { httpStatusCode: out.$metadata.httpStatusCode ?? 201 },
        });
      return { id, status: out.Invalidation?.Status ?? 'InProgress' };
    },
  };
}

/** A client of its own (CloudFront's API is global: its endpoint signs for us-east-1). */
export function createCloudFrontApi(config: CloudFrontClientConfig): CloudFrontApi {
  return sdkCloudFront(new CloudFrontClient(config));
}
