/**
 * Bridge configuration from the environment, validated once; secrets from SSM Parameter Store
 * (SecureString, SECRETS_SOURCE=ssm, read through the Parameters and Secrets Lambda Extension)
 * or from environment variables (SECRETS_SOURCE=env, local). Errors name what is missing or
 * wrong, never a value.
 */
import type { BridgeConfig } from './app';
import {
  extensionParameterReader,
  ParameterReadError,
  type ParameterReader,
} from './secrets-extension';

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

export function ssmPrefixOf(env: Env): string {
  let prefix = env.SECRETS_SSM_PREFIX?.trim() || DEFAULT_SSM_PREFIX;
  if (!prefix.startsWith('/')) prefix = `/${prefix}`;
  if (!prefix.endsWith('/')) prefix = `${prefix}/`;
  return prefix;
}

async function secretsFromSsm(
  env: Env,
  read: ParameterReader,
): Promise<Record<SecretKey, string | undefined>> {
  const prefix = ssmPrefixOf(env);
  const keys = Object.keys(SECRET_NAMES) as SecretKey[];
  let values: Array<string | undefined>;
  try {
    values = await Promise.all(keys.map((k) => read(`${prefix}${SECRET_NAMES[k].ssm}`)));
  } catch (err) {
    throw new ConfigError(
      `could not read the bridge secrets from SSM under ${prefix} (${err instanceof ParameterReadError ? err.message : ((err as Error)?.name ?? 'error')}); check the Parameters and Secrets extension layer is attached, the parameters exist and the function may ssm:GetParameter and kms:Decrypt`,
    );
  }
  const result = {} as Record<SecretKey, string | undefined>;
  keys.forEach((k, i) => (result[k] = values[i]));
  return result;
}

function secretsFromEnv(env: Env): Record<SecretKey, string | undefined> {
  const result = {} as Record<SecretKey, string | undefined>;
  for (const k of Object.keys(SECRET_NAMES) as SecretKey[]) result[k] = env[SECRET_NAMES[k].env];
  return result;
}

export interface ConfigDeps {
  /** Parameter Store reads (default: the Parameters and Secrets extension on localhost). */
  parameters?: ParameterReader;
}

export async function loadConfig(env: Env, deps: ConfigDeps = {}): Promise<BridgeConfig> {
  const problems: string[] = [];
  const missing = REQUIRED_ENV.filter((name) => !env[name]?.trim());
  if (missing.length) problems.push(`missing environment variables: ${missing.join(', ')}`);
  for (const name of [
    'PUBLIC_BASE_URL',
    'CALENDAR_API_URL',
    'SCC_API_URL',
    'CREW_LINK_BASE_URL',
  ] as const) {
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

  const raw =
    source === 'ssm'
      ? await secretsFromSsm(env, deps.parameters ?? extensionParameterReader(env))
      : secretsFromEnv(env);
  const absent = (Object.keys(SECRET_NAMES) as SecretKey[]).filter((k) => !raw[k]?.trim());
  if (absent.length) {
    const names = absent.map((k) =>
      source === 'ssm' ? `${ssmPrefixOf(env)}${SECRET_NAMES[k].ssm}` : SECRET_NAMES[k].env,
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
    // provider.crew = builtin: the bridge's own invitations table and, optionally, its link base.
    ...(env.CREW_INVITATIONS_TABLE?.trim()
      ? { crewInvitationsTable: env.CREW_INVITATIONS_TABLE.trim() }
      : {}),
    ...(env.CREW_LINK_BASE_URL?.trim()
      ? { crewLinkBaseUrl: env.CREW_LINK_BASE_URL.trim().replace(/\/+$/, '') }
      : {}),
    secrets: {
      signingSecrets,
      calendarToken: (raw.calendarToken ?? '').trim(),
      sccServiceKey: (raw.sccServiceKey ?? '').trim(),
      checklistSecret: (raw.checklistSecret ?? '').trim(),
    },
  };
}
