/**
 * Bridge configuration from the environment, validated once; secrets from SSM Parameter Store
 * (SecureString, SECRETS_SOURCE=ssm) or from environment variables (SECRETS_SOURCE=env, local).
 * Errors name what is missing or wrong, never a value.
 */
import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { BridgeConfig } from './app';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const REQUIRED_ENV = [
  'STATE_TABLE',
  'NONCE_TABLE',
  'SCC_RESPONSES_TABLE',
  'PAGES_BUCKET',
  'CLOUDFRONT_DISTRIBUTION_ID',
  'PUBLIC_BASE_URL',
  'CALENDAR_API_URL',
  'SCC_API_URL',
  'SES_FROM_ADDRESS',
] as const;

/** SSM parameter names under SECRETS_SSM_PREFIX, and the env variables used instead locally. */
export const SECRET_NAMES = {
  signingSecrets: { ssm: 'signing-secrets', env: 'BRIDGE_SIGNING_SECRETS' },
  calendarToken: { ssm: 'calendar-token', env: 'CALENDAR_TOKEN' },
  sccServiceKey: { ssm: 'scc-service-key', env: 'SCC_SERVICE_KEY' },
  checklistSecret: { ssm: 'checklist-secret', env: 'CHECKLIST_SECRET' },
} as const;

export const DEFAULT_SSM_PREFIX = '/charter/bridge/';

type Env = Record<string, string | undefined>;
type SecretKey = keyof typeof SECRET_NAMES;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Splits "a, b" into the signing secrets (two during a rotation). */
export function parseSigningSecrets(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function secretsFromSsm(
  env: Env,
  ssm: SSMClient | undefined,
): Promise<Record<SecretKey, string | undefined>> {
  if (!ssm) throw new ConfigError('SECRETS_SOURCE=ssm needs an SSM client');
  let prefix = env.SECRETS_SSM_PREFIX?.trim() || DEFAULT_SSM_PREFIX;
  if (!prefix.startsWith('/')) prefix = `/${prefix}`;
  if (!prefix.endsWith('/')) prefix = `${prefix}/`;
  const keys = Object.keys(SECRET_NAMES) as SecretKey[];
  const names = keys.map((k) => `${prefix}${SECRET_NAMES[k].ssm}`);
  let out;
  try {
    out = await ssm.send(new GetParametersCommand({ Names: names, WithDecryption: true }));
  } catch (err) {
    throw new ConfigError(
      `could not read the bridge secrets from SSM under ${prefix} (${(err as Error)?.name ?? 'error'}); check the parameters exist and the function may ssm:GetParameters and kms:Decrypt`,
    );
  }
  const byName = new Map((out.Parameters ?? []).map((p) => [p.Name, p.Value]));
  const result = {} as Record<SecretKey, string | undefined>;
  keys.forEach((k, i) => (result[k] = byName.get(names[i])));
  return result;
}

function secretsFromEnv(env: Env): Record<SecretKey, string | undefined> {
  const result = {} as Record<SecretKey, string | undefined>;
  for (const k of Object.keys(SECRET_NAMES) as SecretKey[]) result[k] = env[SECRET_NAMES[k].env];
  return result;
}

export async function loadConfig(env: Env, deps: { ssm?: SSMClient } = {}): Promise<BridgeConfig> {
  const problems: string[] = [];
  const missing = REQUIRED_ENV.filter((name) => !env[name]?.trim());
  if (missing.length) problems.push(`missing environment variables: ${missing.join(', ')}`);
  for (const name of ['PUBLIC_BASE_URL', 'CALENDAR_API_URL', 'SCC_API_URL'] as const) {
    const value = env[name]?.trim();
    if (value && !isHttpUrl(value)) problems.push(`${name} must be an http(s) URL`);
  }
  const from = env.SES_FROM_ADDRESS?.trim();
  if (from && !/^[^\s@]+@[^\s@]+$/.test(from.replace(/^.*<(.+)>\s*$/, '$1')))
    problems.push('SES_FROM_ADDRESS must be an e-mail address');
  const source = env.SECRETS_SOURCE?.trim();
  if (source !== 'ssm' && source !== 'env')
    problems.push('SECRETS_SOURCE must be "ssm" (AWS) or "env" (local)');
  if (problems.length) throw new ConfigError(`bridge configuration: ${problems.join('; ')}`);

  const raw = source === 'ssm' ? await secretsFromSsm(env, deps.ssm) : secretsFromEnv(env);
  const absent = (Object.keys(SECRET_NAMES) as SecretKey[]).filter((k) => !raw[k]?.trim());
  if (absent.length) {
    const names = absent.map((k) =>
      source === 'ssm'
        ? `${env.SECRETS_SSM_PREFIX?.trim() || DEFAULT_SSM_PREFIX}${SECRET_NAMES[k].ssm}`
        : SECRET_NAMES[k].env,
    );
    throw new ConfigError(`bridge configuration: missing secrets: ${names.join(', ')}`);
  }
  const signingSecrets = parseSigningSecrets(raw.signingSecrets ?? '');
  if (signingSecrets.length === 0 || signingSecrets.length > 2)
    throw new ConfigError(
      'bridge configuration: the signing secrets must be one secret, or two separated by a comma during a rotation',
    );

  const str = (name: (typeof REQUIRED_ENV)[number]) => (env[name] ?? '').trim();
  return {
    stateTable: str('STATE_TABLE'),
    nonceTable: str('NONCE_TABLE'),
    sccResponsesTable: str('SCC_RESPONSES_TABLE'),
    pagesBucket: str('PAGES_BUCKET'),
    distributionId: str('CLOUDFRONT_DISTRIBUTION_ID'),
    publicBaseUrl: str('PUBLIC_BASE_URL').replace(/\/+$/, ''),
    calendarApiUrl: str('CALENDAR_API_URL').replace(/\/+$/, ''),
    sccApiUrl: str('SCC_API_URL').replace(/\/+$/, ''),
    sesFromAddress: str('SES_FROM_ADDRESS'),
    secrets: {
      signingSecrets,
      calendarToken: (raw.calendarToken ?? '').trim(),
      sccServiceKey: (raw.sccServiceKey ?? '').trim(),
      checklistSecret: (raw.checklistSecret ?? '').trim(),
    },
  };
}
