/** CloudFront invalidations. One call per page change; completion is recorded, never awaited. */
import { fromSdkError } from '../errors';
import type { CloudFrontApi } from './cloudfront-api';

export interface Invalidation {
  id: string;
  status: string;
}

export interface CdnInvalidator {
  invalidate(paths: string[], callerReference: string): Promise<Invalidation>;
}

export function cloudFrontInvalidator(api: CloudFrontApi, distributionId: string): CdnInvalidator {
  return {
    async invalidate(paths, callerReference) {
      try {
        return await api.createInvalidation({ distributionId, paths, callerReference });
      } catch (err) {
        throw fromSdkError('CdnError', 'CloudFront CreateInvalidation', err);
      }
    },
  };
}
