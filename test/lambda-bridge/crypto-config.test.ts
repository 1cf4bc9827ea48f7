/** node:crypto adapter (signing vectors), configuration loading, error translation, backoff. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checklistToken,
  nodeSigningCrypto,
  timingSafeStringEqual,
} from '../../lambda-bridge/src/crypto';
import { ConfigError, loadConfig } from '../../lambda-bridge/src/config';
import { extensionParameterReader } from '../../lambda-bridge/src/secrets-extension';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { createServer, type AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import {
  AdapterError,
  certainlyNotApplied,
  connectionRefused,
  fromSdkError,
  isAdapterError,
  isRetryable,
  safeReason,
} from '../../lambda-bridge/src/errors';
import { requestJson } from '../../lambda-bridge/src/http';
import { backoffDelay, withRetry, DEFAULT_RETRY_POLICY } from '../../lambda-bridge/src/retry';

interface Vector {
  key: string;
  message: string;
  hmacSha256Hex: string;
  sha256Hex: string;
}
const vectors: Vector[] = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/signing-vectors.json'), 'utf8'),
);

describe('node crypto adapter', () => {
  it.each(vectors.map((v) => [v.message.slice(0, 24), v] as const))(
    'reproduces the vector %j',
    (_label, v) => {
      expect(nodeSigningCrypto.hmacSha256Hex(v.key, v.message)).toBe(v.hmacSha256Hex);
      expect(nodeSigningCrypto.sha256Hex(v.message)).toBe(v.sha256Hex);
    },
  );

  it('compares in constant time and handles different lengths without throwing', () => {
    expect(timingSafeStringEqual('abc', 'abc')).toBe(true);
    expect(timingSafeStringEqual('abc', 'abd')).toBe(false);
    expect(timingSafeStringEqual('abc', 'abcd')).toBe(false);
    expect(timingSafeStringEqual('', '')).toBe(true);
  });

  it('derives a 32-hex checklist token that depends on the secret and the booking', () => {
    const token = checklistToken('s1', 'XHQGMDH');
    expect(token).toBe(nodeSigningCrypto.hmacSha256Hex('s1', 'XHQGMDH').slice(0, 32));
    expect(token).not.toBe(checklistToken('s2', 'XHQGMDH'));
    expect(token).not.toBe(checklistToken('s1', 'XHQGMDI'));
  });
});

const BASE_ENV = {
  STATE_TABLE: 'charter-bridge-state',
  NONCE_TABLE: 'charter-bridge-nonces',
  SCC_RESPONSES_TABLE: 'scc-crew-responses',
  PAGES_BUCKET: 'pages',
  CLOUDFRONT_DISTRIBUTION_ID: 'E123',
  PUBLIC_BASE_URL: 'https://charters.example/',
  CALENDAR_API_URL: 'https://calendar.example',
  SCC_API_URL: 'https://scc.example/prod/',
  SES_FROM_ADDRESS: 'bridge@charter.example',
};
const ENV_SECRETS = {
  SECRETS_SOURCE: 'env',
  BRIDGE_SIGNING_SECRETS: 'secret-one-value, secret-two-value',
  CALENDAR_TOKEN: 'cal-token-value',
  SCC_SERVICE_KEY: 'scc-key-value',
  CHECKLIST_SECRET: 'checklist-secret-value',
};

describe('loadConfig', () => {
  it('reads env secrets, splits rotated signing secrets and trims URLs', async () => {
    const config = await loadConfig({ ...BASE_ENV, ...ENV_SECRETS });
    expect(config.secrets.signingSecrets).toEqual(['secret-one-value', 'secret-two-value']);
    expect(config.publicBaseUrl).toBe('https://charters.example');
    expect(config.sccApiUrl).toBe('https://scc.example/prod');
    expect(config.distributionId).toBe('E123');
  });

  it('fails fast naming every missing variable, and never a value', async () => {
    const env: Record<string, string> = { ...BASE_ENV, ...ENV_SECRETS };
    delete env.PAGES_BUCKET;
    delete env.SES_FROM_ADDRESS;
    env.CALENDAR_API_URL = 'not a url';
    const error = await loadConfig(env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PAGES_BUCKET');
    expect(message).toContain('SES_FROM_ADDRESS');
    expect(message).toContain('CALENDAR_API_URL must be an http(s) URL');
    for (const secret of Object.values(ENV_SECRETS))
      if (secret !== 'env') expect(message).not.toContain(secret);
  });

  it('names missing env secrets', async () => {
    const env: Record<string, string> = { ...BASE_ENV, ...ENV_SECRETS, SCC_SERVICE_KEY: ' ' };
    await expect(loadConfig(env)).rejects.toThrow('missing secrets: SCC_SERVICE_KEY');
    await expect(loadConfig({ ...BASE_ENV })).rejects.toThrow('SECRETS_SOURCE');
  });

  it('reads SecureString parameters through the Parameters and Secrets extension under the prefix', async () => {
    const values: Record<string, string> = {
      '/charter/prod/signing-secrets': 'ssm-signing',
      '/charter/prod/calendar-token': 'ssm-cal',
      '/charter/prod/scc-service-key': 'ssm-scc',
      '/charter/prod/checklist-secret': 'ssm-check',
    };
    const extension = fakeExtension(values);
    const config = await loadConfig(
      {
        ...BASE_ENV,
        SECRETS_SOURCE: 'ssm',
        SECRETS_SSM_PREFIX: '/charter/prod',
        AWS_SESSION_TOKEN: 'session-token',
      },
      {
        parameters: extensionParameterReader(
          { AWS_SESSION_TOKEN: 'session-token' },
          extension.fetch,
        ),
      },
    );
    expect(extension.requests.map((r) => r.url).sort()).toEqual(
      Object.keys(values)
        .map(
          (n) =>
            `http://localhost:2773/systemsmanager/parameters/get?name=${encodeURIComponent(n)}&withDecryption=true`,
        )
        .sort(),
    );
    expect(extension.requests.every((r) => r.token === 'session-token')).toBe(true);
    expect(config.secrets).toEqual({
      signingSecrets: ['ssm-signing'],
      calendarToken: 'ssm-cal',
      sccServiceKey: 'ssm-scc',
      checklistSecret: 'ssm-check',
    });
  });

  it('with Google Calendar and the built-in invitations needs neither service URL nor their secrets', async () => {
    // Prepare: no CALENDAR_API_URL, SCC_API_URL, SCC_RESPONSES_TABLE, calendar token or SCC key
    const env: Record<string, string> = {
      ...BASE_ENV,
      ...ENV_SECRETS,
      CALENDAR_PROVIDER: 'google',
      CREW_PROVIDER: 'builtin',
      CREW_INVITATIONS_TABLE: 'crew-invitations',
    };
    for (const name of [
      'CALENDAR_API_URL',
      'SCC_API_URL',
      'SCC_RESPONSES_TABLE',
      'CALENDAR_TOKEN',
      'SCC_SERVICE_KEY',
    ])
      delete env[name];

    // Act
    const config = await loadConfig(env);

    // Assess: those services are off ('' = not configured), the built-in table is on
    expect(config).toMatchObject({
      calendarApiUrl: '',
      sccApiUrl: '',
      sccResponsesTable: '',
      crewInvitationsTable: 'crew-invitations',
      secrets: { calendarToken: '', sccServiceKey: '', checklistSecret: 'checklist-secret-value' },
    });
  });

  it('reads from SSM only the secrets the chosen providers use', async () => {
    const extension = fakeExtension({
      '/charter/bridge/signing-secrets': 'ssm-signing',
      '/charter/bridge/checklist-secret': 'ssm-check',
    });
    const config = await loadConfig(
      {
        ...BASE_ENV,
        SECRETS_SOURCE: 'ssm',
        CALENDAR_PROVIDER: 'google',
        CREW_PROVIDER: 'builtin',
        CREW_INVITATIONS_TABLE: 'crew-invitations',
      },
      { parameters: extensionParameterReader({ AWS_SESSION_TOKEN: 't' }, extension.fetch) },
    );
    expect(extension.requests.map((r) => decodeURIComponent(r.url.split('name=')[1]!))).toEqual([
      '/charter/bridge/signing-secrets&withDecryption=true',
      '/charter/bridge/checklist-secret&withDecryption=true',
    ]);
    expect(config.secrets.signingSecrets).toEqual(['ssm-signing']);
  });

  it.each([
    [{ CALENDAR_API_URL: '' }, 'CALENDAR_PROVIDER=dashboard needs CALENDAR_API_URL'],
    [
      { SCC_API_URL: '', SCC_RESPONSES_TABLE: '' },
      'CREW_PROVIDER=scc needs SCC_API_URL, SCC_RESPONSES_TABLE',
    ],
    [{ CREW_PROVIDER: 'builtin' }, 'CREW_PROVIDER=builtin needs CREW_INVITATIONS_TABLE'],
    [{ CALENDAR_PROVIDER: 'outlook' }, 'CALENDAR_PROVIDER must be one of dashboard, google'],
    [{ CALENDAR_TOKEN: '' }, 'missing secrets: CALENDAR_TOKEN'],
  ])('names what the chosen providers miss: %j', async (change, message) => {
    await expect(loadConfig({ ...BASE_ENV, ...ENV_SECRETS, ...change })).rejects.toThrow(message);
  });

  it('names the parameters that do not exist, and says what to check when the extension is absent', async () => {
    const partial = fakeExtension({ '/charter/bridge/signing-secrets': 'x' });
    await expect(
      loadConfig(
        { ...BASE_ENV, SECRETS_SOURCE: 'ssm' },
        { parameters: extensionParameterReader({ AWS_SESSION_TOKEN: 't' }, partial.fetch) },
      ),
    ).rejects.toThrow(
      'missing secrets: /charter/bridge/calendar-token, /charter/bridge/scc-service-key, /charter/bridge/checklist-secret',
    );
    const refused = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const error = await loadConfig(
      { ...BASE_ENV, SECRETS_SOURCE: 'ssm', PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2999' },
      {
        parameters: extensionParameterReader(
          { AWS_SESSION_TOKEN: 't', PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2999' },
          refused,
        ),
      },
    ).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/did not answer on port 2999.*layer attached/);
  });

  it('never echoes what the extension answered on an error', async () => {
    const leaky = (async () =>
      new Response('denied for value hunter2', { status: 403 })) as unknown as typeof fetch;
    const read = extensionParameterReader({ AWS_SESSION_TOKEN: 't' }, leaky);
    await expect(read('/charter/bridge/calendar-token')).rejects.toThrow('HTTP 403');
    await expect(read('/charter/bridge/calendar-token')).rejects.not.toThrow('hunter2');
  });
});

/** The extension's HTTP answers (GetParameter JSON; 400 ParameterNotFound for a missing name). */
function fakeExtension(values: Record<string, string>) {
  const requests: Array<{ url: string; token: string | null }> = [];
  const fetchFn = (async (input: string | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, token: new Headers(init?.headers).get('x-aws-parameters-secrets-token') });
    const name = new URL(url).searchParams.get('name') ?? '';
    const value = values[name];
    if (value === undefined)
      return new Response('ParameterNotFound: parameter not found', { status: 400 });
    return new Response(
      JSON.stringify({ Parameter: { Name: name, Value: value, Type: 'SecureString' } }),
      {
        status: 200,
      },
    );
  }) as unknown as typeof fetch;
  return { fetch: fetchFn, requests };
}

describe('error translation', () => {
  const sdkError = (name: string, status?: number, extra: object = {}) =>
    Object.assign(new Error(name), {
      name,
      $metadata: status ? { httpStatusCode: status } : {},
      ...extra,
    });

  it.each([
    ['ThrottlingException', 400, 'throttled', true],
    ['SlowDown', 503, 'throttled', true],
    ['InternalError', 500, 'unavailable', true],
    ['ServiceUnavailable', 503, 'unavailable', true],
    ['AccessDenied', 403, 'unauthorized', false],
    ['NoSuchBucket', 404, 'not-found', false],
    ['ValidationException', 400, 'rejected', false],
  ])('%s (HTTP %s) -> %s, retryable %s', (name, status, code, retryable) => {
    const error = fromSdkError('PagePublisherError', 'S3 PutObject', sdkError(name, status));
    expect(error).toBeInstanceOf(AdapterError);
    expect(error).toMatchObject({ name: 'PagePublisherError', code, retryable });
    expect(error.cause).toBeDefined();
  });

  it('a socket error without any response is a retryable network error', () => {
    const error = fromSdkError(
      'MailerError',
      'SES',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );
    expect(error).toMatchObject({ retryable: true });
  });

  it('a connection the SDK could not make in time certainly sent nothing; a request timeout may have', () => {
    const notConnected = sdkError('TimeoutError', undefined, {
      message:
        '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 1000 ms.',
    });
    expect(fromSdkError('MailerError', 'SES', notConnected)).toMatchObject({
      retryable: true,
      ambiguous: false,
    });
    const noAnswer = sdkError('TimeoutError', undefined, { code: 'ETIMEDOUT' });
    expect(fromSdkError('MailerError', 'SES', noAnswer)).toMatchObject({
      retryable: true,
      ambiguous: true,
    });
  });

  it('an error with no HTTP status is a retryable network error, even with the SDK’s $metadata', () => {
    const error = fromSdkError(
      'MailerError',
      'SES',
      sdkError('Error', undefined, { code: 'EHOSTUNREACH', $metadata: { attempts: 1 } }),
    );
    expect(error).toMatchObject({ code: 'network', retryable: true, ambiguous: true });
  });

  it('classes errors by their shape, so errors made in another realm are classed the same', async () => {
    // Node's own socket errors under Jest, and an AdapterError from another copy of the module.
    const refused = await refusedFetch();
    expect(refused).toBeDefined();
    expect(connectionRefused(refused)).toBe(true);
    const foreign = runInNewContext(
      'Object.assign(new Error("down"), { name: "CalendarError", code: "unavailable", retryable: true, ambiguous: false })',
    ) as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(isAdapterError(foreign)).toBe(true);
    expect(isRetryable(foreign)).toBe(true);
    expect(certainlyNotApplied(foreign)).toBe(true);
    expect(safeReason(foreign)).toBe('down');
    const foreignSocket = runInNewContext(
      'Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" })',
    ) as unknown;
    expect(fromSdkError('MailerError', 'SES', foreignSocket)).toMatchObject({
      retryable: true,
      ambiguous: false,
    });
  });

  it('reads a socket error back from the SDK’s wrapper (what a real SDK call refused under Jest throws)', async () => {
    const port = await closedPort();
    const ses = new SESClient({
      region: 'us-west-2',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      maxAttempts: 1,
    });
    const thrown = await ses
      .send(
        new SendEmailCommand({
          Source: 'bookings@charter.example',
          Destination: { ToAddresses: ['captain@charter.example'] },
          Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } },
        }),
      )
      .catch((e: unknown) => e);
    ses.destroy();
    expect(fromSdkError('MailerError', 'SES SendEmail', thrown)).toMatchObject({
      code: 'network',
      retryable: true,
      ambiguous: false,
    });
    const wrapped = Object.assign(
      new Error(
        'AWS SDK error wrapper for TimeoutError: @smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 500 ms.',
      ),
      { $metadata: { attempts: 1 } },
    );
    expect(fromSdkError('MailerError', 'SES', wrapped)).toMatchObject({
      code: 'timeout',
      ambiguous: false,
    });
  });

  it('a refused connection to the calendar service or SCC is retryable and certainly had no effect', async () => {
    const port = await closedPort();
    const error = await requestJson(
      {
        errorName: 'CalendarError',
        label: 'calendar service',
        credentialSetting: 'CALENDAR_TOKEN',
        fetch,
        timeoutMs: 2_000,
      },
      { method: 'POST', url: `http://127.0.0.1:${port}/api/calendar/events`, headers: {} },
    ).catch((e: unknown) => e);
    expect(isRetryable(error)).toBe(true);
    expect(error).toMatchObject({ code: 'network', ambiguous: false });
    expect(safeReason(error)).toContain('connection refused');
  });
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function refusedFetch(): Promise<unknown> {
  const port = await closedPort();
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe('retry policy', () => {
  it('uses full jitter under an exponentially growing cap', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 300 };
    expect(backoffDelay(p, 1, () => 0.999)).toBe(99);
    expect(backoffDelay(p, 2, () => 0.999)).toBe(199);
    expect(backoffDelay(p, 3, () => 0.999)).toBe(299);
    expect(backoffDelay(p, 3, () => 0)).toBe(0);
  });

  it('stops when the waiting budget would be exceeded', async () => {
    const sleeps: number[] = [];
    const transient = new AdapterError('CalendarError', 'unavailable', 'down', { retryable: true });
    let calls = 0;
    const run = withRetry(
      {
        policy: { attempts: 10, baseDelayMs: 1000, maxDelayMs: 1000, budgetMs: 2500 },
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.99,
      },
      async () => {
        calls++;
        throw transient;
      },
    );
    await expect(run).rejects.toBe(transient);
    expect(sleeps).toEqual([990, 990]);
    expect(calls).toBe(3);
  });

  it('starts no new attempt after the run deadline', async () => {
    const transient = new AdapterError('CrewServiceError', 'timeout', 'slow', { retryable: true });
    let calls = 0;
    const run = withRetry(
      {
        policy: DEFAULT_RETRY_POLICY,
        sleep: async () => undefined,
        random: () => 0.5,
        now: () => 10_000,
        deadline: 10_050,
      },
      async () => {
        calls++;
        throw transient;
      },
    );
    await expect(run).rejects.toBe(transient);
    expect(calls).toBe(1);
  });

  it('does not retry a permanent error', async () => {
    const permanent = new AdapterError('CalendarError', 'rejected', 'bad', { retryable: false });
    let calls = 0;
    const run = withRetry(
      { policy: DEFAULT_RETRY_POLICY, sleep: async () => undefined, random: () => 0.5 },
      async () => {
        calls++;
        throw permanent;
      },
    );
    await expect(run).rejects.toBe(permanent);
    expect(calls).toBe(1);
  });
});
