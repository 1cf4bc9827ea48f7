/**
 * Bridge configuration from the environment, validated once; secrets from SSM Parameter Store
 * (SecureString, SECRETS_SOURCE=ssm, read through the Parameters and Secrets Lambda Extension)
 * or from environment variables (SECRETS_SOURCE=env, local). Errors name what is missing or
 * wrong, never a value.
 */
import {
  CALENDAR_PROVIDERS,
  CREW_PROVIDERS,
  DEFAULT_PROVIDERS,
  type CalendarProvider,
  type CrewProvider,
  type Providers,
} from '../../shared/providers';
import type { BridgeConfig } from './app';
import {
  extensionParameterReader,
  ParameterReadError,
  type ParameterReader,
} from './secrets-extension';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Needed whatever the providers. */
export const REQUIRED_ENV = [
  'STATE_TABLE',
  'NONCE_TABLE',
  'PAGES_BUCKET',
  'CLOUDFRONT_DISTRIBUTION_ID',
  'PUBLIC_BASE_URL',
  'SES_FROM_ADDRESS',
] as const;

/** SSM parameter names under SECRETS_SSM_PREFIX, and the env variables used instead locally. */
export const SECRET_NAMES = {
  signingSecrets: { ssm: 'signing-secrets', env: 'BRIDGE_SIGNING_SECRETS' },
  calendarToken: { ssm: 'calendar-token', env: 'CALENDAR_TOKEN' },
  sccServiceKey: { ssm: 'scc-service-key', env: 'SCC_SERVICE_KEY' },
  checklistSecret: { ssm: 'checklist-secret', env: 'CHECKLIST_SECRET' },
} as const;

type SecretKey = keyof typeof SECRET_NAMES;

/** The providers this bridge is deployed for (Settings may pick only what it has). */
export const PROVIDER_ENV = { calendar: 'CALENDAR_PROVIDER', crew: 'CREW_PROVIDER' } as const;

/**
 * What each provider needs on the bridge. Google Calendar is written by Apps Script and needs
 * nothing here; the built-in invitations need their table (the link key comes from the checklist
 * secret, which every bridge has).
 */
export const PROVIDER_NEEDS: Record<
  CalendarProvider | CrewProvider,
  { env: readonly string[]; secrets: readonly SecretKey[] }
> = {
  dashboard: { env: ['CALENDAR_API_URL'], secrets: ['calendarToken'] },
  google: { env: [], secrets: [] },
  scc: { env: ['SCC_API_URL', 'SCC_RESPONSES_TABLE'], secrets: ['sccServiceKey'] },
  builtin: { env: ['CREW_INVITATIONS_TABLE'], secrets: [] },
};
const ALWAYS_SECRETS: readonly SecretKey[] = ['signingSecrets', 'checklistSecret'];

export const DEFAULT_SSM_PREFIX = '/charter/bridge/';

type Env = Record<string, string | undefined>;

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
  keys: readonly SecretKey[],
): Promise<Partial<Record<SecretKey, string>>> {
  const prefix = ssmPrefixOf(env);
  let values: Array<string | undefined>;
  try {
    values = await Promise.all(keys.map((k) => read(`${prefix}${SECRET_NAMES[k].ssm}`)));
  } catch (err) {
    throw new ConfigError(
      `could not read the bridge secrets from SSM under ${prefix} (${err instanceof ParameterReadError ? err.message : ((err as Error)?.name ?? 'error')}); check the Parameters and Secrets extension layer is attached, the parameters exist and the function may ssm:GetParameter and kms:Decrypt`,
    );
  }
  const result: Partial<Record<SecretKey, string>> = {};
  keys.forEach((k, i) => (result[k] = values[i]));
  return result;
}

function secretsFromEnv(env: Env, keys: readonly SecretKey[]): Partial<Record<SecretKey, string>> {
  const result: Partial<Record<SecretKey, string>> = {};
  for (const k of keys) result[k] = env[SECRET_NAMES[k].env];
  return result;
}

function providerOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[],
): T {
  const value = env[name]?.trim();
  if (!value) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${name} must be one of ${allowed.join(', ')} (got an unknown provider)`);
  return fallback;
}

/** The providers the bridge is deployed for: CALENDAR_PROVIDER and CREW_PROVIDER (default: the first operator's own services). */
export function bridgeProviders(env: Env, problems: string[] = []): Providers {
  return {
    calendar: providerOf(
      env,
      PROVIDER_ENV.calendar,
      CALENDAR_PROVIDERS,
      DEFAULT_PROVIDERS.calendar,
      problems,
    ),
    crew: providerOf(env, PROVIDER_ENV.crew, CREW_PROVIDERS, DEFAULT_PROVIDERS.crew, problems),
  };
}

export interface ConfigDeps {
  /** Parameter Store reads (default: the Parameters and Secrets extension on localhost). */
  parameters?: ParameterReader;
}

export async function loadConfig(env: Env, deps: ConfigDeps = {}): Promise<BridgeConfig> {
  const problems: string[] = [];
  const providers = bridgeProviders(env, problems);
  const needs = [PROVIDER_NEEDS[providers.calendar], PROVIDER_NEEDS[providers.crew]];
  const has = (name: string) => !!env[name]?.trim();
  const missing = REQUIRED_ENV.filter((name) => !has(name));
  if (missing.length) problems.push(`missing environment variables: ${missing.join(', ')}`);
  for (const [kind, provider] of Object.entries(providers) as Array<[keyof Providers, string]>) {
    const absent = PROVIDER_NEEDS[provider as CalendarProvider | CrewProvider].env.filter(
      (name) => !has(name),
    );
    if (absent.length)
      problems.push(
        `${PROVIDER_ENV[kind]}=${provider} needs ${absent.join(', ')} (or choose another ${kind} provider: ${(kind === 'calendar' ? CALENDAR_PROVIDERS : CREW_PROVIDERS).join(', ')})`,
      );
  }
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

  // Only the secrets the chosen providers use are read (and required).
  const wanted = new Set([...ALWAYS_SECRETS, ...needs.flatMap((n) => n.secrets)]);
  const keys = (Object.keys(SECRET_NAMES) as SecretKey[]).filter((k) => wanted.has(k));
  const raw =
    source === 'ssm'
      ? await secretsFromSsm(env, deps.parameters ?? extensionParameterReader(env), keys)
      : secretsFromEnv(env, keys);
  const absent = keys.filter((k) => !raw[k]?.trim());
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

  const str = (name: string) => (env[name] ?? '').trim();
  const url = (name: string) => str(name).replace(/\/+$/, '');
  const dashboard = providers.calendar === 'dashboard';
  const scc = providers.crew === 'scc';
  return {
    stateTable: str('STATE_TABLE'),
    nonceTable: str('NONCE_TABLE'),
    // '' when the bridge runs without that service: its steps then fail saying so (app.ts).
    sccResponsesTable: scc ? str('SCC_RESPONSES_TABLE') : '',
    pagesBucket: str('PAGES_BUCKET'),
    distributionId: str('CLOUDFRONT_DISTRIBUTION_ID'),
    publicBaseUrl: url('PUBLIC_BASE_URL'),
    calendarApiUrl: dashboard ? url('CALENDAR_API_URL') : '',
    sccApiUrl: scc ? url('SCC_API_URL') : '',
    sesFromAddress: str('SES_FROM_ADDRESS'),
    // The built-in crew provider's table (required with CREW_PROVIDER=builtin; the stack always
    // has one, so a bridge deployed for SCC can serve it too) and, optionally, its link base.
    ...(has('CREW_INVITATIONS_TABLE')
      ? { crewInvitationsTable: str('CREW_INVITATIONS_TABLE') }
      : {}),
    ...(has('CREW_LINK_BASE_URL') ? { crewLinkBaseUrl: url('CREW_LINK_BASE_URL') } : {}),
    secrets: {
      signingSecrets,
      calendarToken: dashboard ? (raw.calendarToken ?? '').trim() : '',
      sccServiceKey: scc ? (raw.sccServiceKey ?? '').trim() : '',
      checklistSecret: (raw.checklistSecret ?? '').trim(),
    },
  };
}
