/**
 * What the bridge needs from CloudFront: one CreateInvalidation per page change. The bridge talks
 * to it through @aws-sdk/client-cloudfront (adapters/cloudfront-sdk.ts); on Lambda that client is
 * a chunk of its own in the bundle, loaded the first time a page change needs an invalidation
 * (`lazyCloudFront`), so a cold start and every request that publishes nothing never load it.
 */

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

/**
 * A CloudFrontApi created by `load` on its first call and reused afterwards. Calls made while it
 * loads wait for the same load; a load that fails is tried again on the next call.
 */
export function lazyCloudFront(load: () => Promise<CloudFrontApi>): CloudFrontApi {
  let api: Promise<CloudFrontApi> | undefined;
  return {
    createInvalidation(input) {
      if (!api) {
        const loading = load();
        api = loading;
        loading.catch(() => {
          if (api === loading) api = undefined;
        });
      }
      return api.then((loaded) => loaded.createInvalidation(input));
    },
  };
}
