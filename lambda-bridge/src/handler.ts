/**
 * AWS Lambda entry point (Function URL / API Gateway HTTP API, payload v2). SDK clients live at
 * module scope and are reused across invocations; the configuration and secrets are loaded once
 * (the first invocation: the Parameters and Secrets extension answers only during INVOKE) and
 * cached. A configuration error answers 500 `internal` and is logged with what is missing (never
 * a value); the next invocation tries again.
 *
 * The CloudFront client (@aws-sdk/client-cloudfront) is imported dynamically: esbuild gives it a
 * chunk of its own, loaded by the first invalidation (adapters/cloudfront-api `lazyCloudFront`).
 * Parameter Store is read through the Parameters and Secrets extension (secrets-extension), with
 * no SDK client (docs/developer-guide.md, Bundle).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lazyCloudFront } from './adapters/cloudfront-api';
import { createHandler, errorResponse, type BridgeClients, type BridgeHandler } from './app';
import { loadConfig } from './config';
import { jsonLogger } from './log';
import { sdkCallOptions } from './sdk-options';

const env = process.env;
const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
/** Optional endpoint overrides (emulators); on AWS none is set. */
const endpointFor = (service: string): string | undefined =>
  env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL ?? undefined;
/** Timeouts on every call, one retry layer per call (sdk-options.ts, budget.ts). */
const state = { region, ...sdkCallOptions('state') };
const effect = { region, ...sdkCallOptions('effect') };

const s3Endpoint = endpointFor('S3');
export const clients: BridgeClients = {
  dynamodb: new DynamoDBClient({ ...state, endpoint: endpointFor('DYNAMODB') }),
  s3: new S3Client({
    ...effect,
    endpoint: s3Endpoint,
    forcePathStyle: s3Endpoint !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }),
  // CloudFront's API is global (us-east-1 whatever the function's region); loaded when first used.
  cloudfront: lazyCloudFront(async () => {
    const { createCloudFrontApi } = await import('./adapters/cloudfront-sdk');
    return createCloudFrontApi({
      ...effect,
      region: 'us-east-1',
      endpoint: endpointFor('CLOUDFRONT'),
    });
  }),
  ses: new SESClient({ ...effect, endpoint: endpointFor('SES') }),
};
const log = jsonLogger();

let ready: Promise<BridgeHandler> | undefined;

function bridge(): Promise<BridgeHandler> {
  ready ??= loadConfig(env).then((config) => createHandler({ config, clients, log }));
  ready.catch(() => (ready = undefined));
  return ready;
}

export const handler = async (
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => {
  let handle: BridgeHandler;
  try {
    handle = await bridge();
  } catch (err) {
    log.error('bridge is not configured', { error: err });
    return errorResponse(500, 'internal', 'the bridge is not configured; see its logs');
  }
  return handle(event);
};
