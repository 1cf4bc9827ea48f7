/** Small in-memory Apps Script services: PropertiesService, LockService, ScriptApp, Utilities, Session, Logger. */
import * as crypto from 'node:crypto';
import { CallCounter, guarded, NotImplementedInFakeError } from './common';

// ---------------------------------------------------------------------------------------------
// PropertiesService

function propertyStore(
  map: Map<string, string>,
  calls: CallCounter,
): GoogleAppsScript.Properties.Properties {
  const self: GoogleAppsScript.Properties.Properties = guarded(
    'Properties',
    {
      getProperty: (key: string) => map.get(key) ?? null,
      setProperty: (key: string, value: string) => {
        map.set(key, String(value));
        return self;
      },
      deleteProperty: (key: string) => {
        map.delete(key);
        return self;
      },
      getProperties: () => Object.fromEntries(map),
      getKeys: () => [...map.keys()],
      setProperties: (props: Record<string, string>) => {
        for (const [k, v] of Object.entries(props)) map.set(k, String(v));
        return self;
      },
    },
    calls,
  );
  return self;
}

export function createPropertiesService(
  script: Map<string, string>,
  calls = new CallCounter(),
): GoogleAppsScript.Properties.PropertiesService {
  const user = new Map<string, string>();
  const document = new Map<string, string>();
  return guarded(
    'PropertiesService',
    {
      getScriptProperties: () => propertyStore(script, calls),
      getUserProperties: () => propertyStore(user, calls),
      getDocumentProperties: () => propertyStore(document, calls),
    },
    calls,
  );
}

// ---------------------------------------------------------------------------------------------
// LockService: one script lock shared by every "execution" of the runtime

export class ScriptLockState {
  holder: string | null = null;
  /** Every tryLock/waitLock answer, in order (true = acquired). */
  readonly attempts: Array<{ execution: string; acquired: boolean }> = [];
  currentExecution = 'execution-0';

  /** Makes another (simulated) execution hold the lock, as if a run were still going. */
  holdFor(execution: string): void {
    if (this.holder && this.holder !== execution)
      throw new Error(`the lock is held by ${this.holder}`);
    this.holder = execution;
  }

  releaseFor(execution: string): void {
    if (this.holder === execution) this.holder = null;
  }
}

export function createLockService(
  state: ScriptLockState,
  calls = new CallCounter(),
): GoogleAppsScript.Lock.LockService {
  const lock = (): GoogleAppsScript.Lock.Lock => {
    const me = state.currentExecution;
    // Nothing else can run while this (synchronous) execution waits, so waiting cannot help.
    const acquire = (): boolean => {
      const acquired = state.holder === null || state.holder === me;
      if (acquired) state.holder = me;
      state.attempts.push({ execution: me, acquired });
      return acquired;
    };
    return guarded(
      'Lock',
      {
        tryLock: (_timeoutMs: number) => acquire(),
        waitLock: (timeoutMs: number) => {
          if (!acquire())
            throw new Error(
              `Lock timeout: another process was holding the lock for too long (${timeoutMs} ms).`,
            );
        },
        releaseLock: () => state.releaseFor(me),
        hasLock: () => state.holder === me,
      },
      calls,
    );
  };
  return guarded(
    'LockService',
    {
      getScriptLock: lock,
      getDocumentLock: lock,
      getUserLock: lock,
    },
    calls,
  );
}

// ---------------------------------------------------------------------------------------------
// ScriptApp: installable triggers and the web app URL

export interface FakeTrigger {
  id: string;
  handler: string;
  kind: 'clock';
  everyMinutes: number | null;
  everyHours: number | null;
}

export class ScriptAppState {
  readonly triggers: FakeTrigger[] = [];
  serviceUrl: string | null = null;
  private next = 1;
  nextId(): string {
    return `trigger-${this.next++}`;
  }
}

export function createScriptApp(
  state: ScriptAppState,
  calls = new CallCounter(),
): GoogleAppsScript.Script.ScriptApp {
  const wrap = (t: FakeTrigger): GoogleAppsScript.Script.Trigger =>
    guarded(
      'Trigger',
      {
        getHandlerFunction: () => t.handler,
        getUniqueId: () => t.id,
        getEventType: () => 'CLOCK',
        getTriggerSource: () => 'CLOCK',
      },
      calls,
    );
  const clockBuilder = (handler: string) => {
    const spec: { minutes: number | null; hours: number | null } = { minutes: null, hours: null };
    const builder: object = {
      everyMinutes: (n: number) => {
        if (![1, 5, 10, 15, 30].includes(n)) {
          throw new Error(
            `Exception: The value you passed to everyMinutes (${n}) was invalid. It must be one of 1, 5, 10, 15 or 30.`,
          );
        }
        spec.minutes = n;
        return guardedBuilder;
      },
      everyHours: (n: number) => {
        if (![1, 2, 4, 6, 8, 12].includes(n))
          throw new Error(`Exception: invalid everyHours value ${n}`);
        spec.hours = n;
        return guardedBuilder;
      },
      create: () => {
        if (spec.minutes === null && spec.hours === null)
          throw new Error('Exception: the clock trigger needs a frequency');
        if (state.triggers.length >= 20)
          throw new Error(
            'Exception: This script has too many triggers. Triggers must be deleted from the script before more can be added.',
          );
        const trigger: FakeTrigger = {
          id: state.nextId(),
          handler,
          kind: 'clock',
          everyMinutes: spec.minutes,
          everyHours: spec.hours,
        };
        state.triggers.push(trigger);
        return wrap(trigger);
      },
    };
    const guardedBuilder = guarded<GoogleAppsScript.Script.ClockTriggerBuilder>(
      'ClockTriggerBuilder',
      builder,
      calls,
    );
    return guardedBuilder;
  };
  return guarded(
    'ScriptApp',
    {
      newTrigger: (handler: string) =>
        guarded('TriggerBuilder', { timeBased: () => clockBuilder(handler) }, calls),
      getProjectTriggers: () => state.triggers.map(wrap),
      deleteTrigger: (trigger: GoogleAppsScript.Script.Trigger) => {
        const index = state.triggers.findIndex((t) => t.id === trigger.getUniqueId());
        if (index < 0) throw new Error('Exception: the trigger does not exist');
        state.triggers.splice(index, 1);
      },
      getService: () =>
        guarded(
          'Service',
          { getUrl: () => state.serviceUrl, isEnabled: () => state.serviceUrl !== null },
          calls,
        ),
      getScriptId: () => 'fake-script-id',
    },
    calls,
  );
}

// ---------------------------------------------------------------------------------------------
// Utilities

export const Charset = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' } as const;
export const DigestAlgorithm = {
  MD2: 'MD2',
  MD5: 'MD5',
  SHA_1: 'SHA_1',
  SHA_256: 'SHA_256',
  SHA_384: 'SHA_384',
  SHA_512: 'SHA_512',
} as const;
const NODE_DIGEST: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

function toBuffer(value: string | number[], charset?: string): Buffer {
  if (typeof value === 'string')
    return Buffer.from(value, charset === Charset.US_ASCII ? 'latin1' : 'utf8');
  if (Array.isArray(value)) return Buffer.from(value.map((b) => b & 0xff));
  throw new Error('Utilities: expected a string or a byte array');
}

/** Java bytes are signed: 0..255 -> -128..127, as Apps Script returns them. */
export function toJavaBytes(buffer: Buffer): number[] {
  return [...buffer].map((b) => (b > 127 ? b - 256 : b));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The SimpleDateFormat subset the project uses: yyyy MM dd HH mm ss XXX Z and 'quoted' text. */
export function formatDate(date: Date, timeZone: string, format: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const localAsUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const offset = Math.round((localAsUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const tokens: Record<string, string> = {
    yyyy: String(get('year')),
    MM: pad(get('month')),
    dd: pad(get('day')),
    HH: pad(get('hour')),
    mm: pad(get('minute')),
    ss: pad(get('second')),
    XXX: offset === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`,
    Z: `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`,
  };
  return format.replace(
    /'([^']*)'|yyyy|MM|dd|HH|mm|ss|XXX|Z|[A-Za-z]/g,
    (match, quoted: string | undefined) => {
      if (quoted !== undefined) return quoted;
      const value = tokens[match];
      if (value === undefined)
        throw new NotImplementedInFakeError(
          `Utilities.formatDate: pattern letter "${match}" is not implemented in the fake`,
        );
      return value;
    },
  );
}

export function createUtilities(
  options: { uuid?: () => string; onSleep?: (ms: number) => void } = {},
  calls = new CallCounter(),
): GoogleAppsScript.Utilities.Utilities {
  return guarded(
    'Utilities',
    {
      Charset,
      DigestAlgorithm,
      computeHmacSha256Signature: (
        value: string | number[],
        key: string | number[],
        charset?: string,
      ) =>
        toJavaBytes(
          crypto
            .createHmac('sha256', toBuffer(key, charset))
            .update(toBuffer(value, charset))
            .digest(),
        ),
      computeDigest: (algorithm: string, value: string | number[], charset?: string) => {
        const name = NODE_DIGEST[algorithm];
        if (!name)
          throw new NotImplementedInFakeError(
            `Utilities.computeDigest(${algorithm}) is not implemented in the fake`,
          );
        return toJavaBytes(crypto.createHash(name).update(toBuffer(value, charset)).digest());
      },
      getUuid: options.uuid ?? (() => crypto.randomUUID()),
      base64Encode: (value: string | number[], charset?: string) =>
        toBuffer(value, charset).toString('base64'),
      base64EncodeWebSafe: (value: string | number[], charset?: string) =>
        toBuffer(value, charset).toString('base64url'),
      base64Decode: (value: string) => toJavaBytes(Buffer.from(value, 'base64')),
      newBlob: () => {
        throw new NotImplementedInFakeError('Utilities.newBlob is not implemented in the fake');
      },
      sleep: (ms: number) => {
        if (ms > 300_000) throw new Error('Exception: sleep cannot exceed 300000 ms');
        options.onSleep?.(ms);
      },
      formatDate,
    },
    calls,
  );
}

// ---------------------------------------------------------------------------------------------
// Session, Logger, console

export function createSession(
  options: { timeZone: string; email: string },
  calls = new CallCounter(),
): GoogleAppsScript.Base.Session {
  const user = guarded('User', { getEmail: () => options.email }, calls);
  return guarded(
    'Session',
    {
      getScriptTimeZone: () => options.timeZone,
      getActiveUser: () => user,
      getEffectiveUser: () => user,
      getTemporaryActiveUserKey: () => 'fake-user-key',
    },
    calls,
  );
}

export class LogStore {
  readonly lines: string[] = [];
  echo = false;
}

export function createLogger(store: LogStore): GoogleAppsScript.Base.Logger {
  const self: GoogleAppsScript.Base.Logger = guarded('Logger', {
    log: (...args: unknown[]) => {
      store.lines.push(args.map(String).join(' '));
      return self;
    },
    getLog: () => store.lines.join('\n'),
    clear: () => {
      store.lines.length = 0;
    },
  });
  return self;
}

export function createConsole(store: LogStore): Console {
  const write =
    (level: string) =>
    (...args: unknown[]) => {
      const line = `[${level}] ${args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
      store.lines.push(line);
      if (store.echo) process.stderr.write(`${line}\n`);
    };
  return {
    log: write('log'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    debug: write('debug'),
  } as unknown as Console;
}
