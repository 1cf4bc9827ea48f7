/** The Lambda entry point: module-scope clients, configuration loaded once, safe failure. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpEvent } from './helpers';

const COMPLETE_ENV = {
  STATE_TABLE: 'charter-bridge-state',
  NONCE_TABLE: 'charter-bridge-nonces',
  SCC_RESPONSES_TABLE: 'scc-crew-responses',
  PAGES_BUCKET: 'pages',
  CLOUDFRONT_DISTRIBUTION_ID: 'E123',
  PUBLIC_BASE_URL: 'https://charters.example',
  CALENDAR_API_URL: 'https://calendar.example',
  SCC_API_URL: 'https://scc.example',
  SES_FROM_ADDRESS: 'bridge@charter.example',
  SECRETS_SOURCE: 'env',
  BRIDGE_SIGNING_SECRETS: 'signing-secret-value',
  CALENDAR_TOKEN: 'calendar-token-value',
  SCC_SERVICE_KEY: 'scc-key-value',
  CHECKLIST_SECRET: 'checklist-secret-value',
  AWS_REGION: 'us-west-2',
};

type HandlerModule = typeof import('../../lambda-bridge/src/handler');

function loadHandler(env: Record<string, string>): HandlerModule {
  const saved = { ...process.env };
  for (const key of Object.keys(COMPLETE_ENV)) delete process.env[key];
  delete process.env.AWS_ENDPOINT_URL_S3;
  delete process.env.AWS_ENDPOINT_URL;
  Object.assign(process.env, env);
  let mod: HandlerModule | undefined;
  jest.isolateModules(() => {
    mod = jest.requireActual('../../lambda-bridge/src/handler') as HandlerModule;
  });
  process.env = { ...saved };
  const loaded = mod!;
  // The module read the environment at load; configuration is read on the first invocation.
  return {
    ...loaded,
    handler: async (event) => {
      process.env = { ...saved, ...env };
      try {
        return await loaded.handler(event);
      } finally {
        process.env = { ...saved };
      }
    },
  };
}

describe('handler', () => {
  let logs: string[];
  beforeEach(() => {
    logs = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void logs.push(String(line)));
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers 500 internal when misconfigured, logging what is missing but no secret', async () => {
    const env: Record<string, string> = { ...COMPLETE_ENV };
    delete env.PAGES_BUCKET;
    const { handler } = loadHandler(env);
    const result = (await handler(
      httpEvent({ method: 'GET' }),
    )) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body ?? '{}')).toEqual({
      error: { code: 'internal', message: 'the bridge is not configured; see its logs' },
    });
    const logged = logs.join('\n');
    expect(logged).toContain('PAGES_BUCKET');
    for (const secret of ['signing-secret-value', 'calendar-token-value', 'scc-key-value'])
      expect(logged).not.toContain(secret);
  });

  it('serves requests once configured from the environment', async () => {
    const { handler } = loadHandler(COMPLETE_ENV);
    const result = (await handler(
      httpEvent({ method: 'GET' }),
    )) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(405);
  });

  it('uses path-style S3 and checksums only when required, path-style only with an endpoint', async () => {
    const aws = loadHandler(COMPLETE_ENV);
    expect(aws.clients.s3.config.forcePathStyle).toBe(false);
    expect(await aws.clients.s3.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await aws.clients.s3.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    const local = loadHandler({ ...COMPLETE_ENV, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569' });
    expect(local.clients.s3.config.forcePathStyle).toBe(true);
  });
});
