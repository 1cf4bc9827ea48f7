/**
 * The whole AWS side on one machine: DynamoDB/S3/SES emulators, the CloudFront, calendar and SCC
 * stand-ins, and the real bridge handler (`createHandler`) behind a local Function URL-like server.
 * Everything listens on 127.0.0.1 with ephemeral ports; nothing leaves the machine.
 *
 * Secrets are random per stack (crypto.randomBytes). With a data directory they are kept in
 * `<dataDir>/secrets.json` (mode 0600) so a resumed stack publishes crew checklists at the same
 * paths, and every service keeps its state there too (see startEmulators and the stand-ins).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../shared/schema';
import {
  createHandler,
  type BridgeClients,
  type BridgeConfig,
  type CreateHandlerOptions,
} from '../lambda-bridge/src/app';
import { sdkCloudFront } from '../lambda-bridge/src/adapters/cloudfront-sdk';
import { jsonLogger, silentLogger } from '../lambda-bridge/src/log';
import { sdkCallOptions } from '../lambda-bridge/src/sdk-options';
import { startBridgeServer, type BridgeServer } from './bridge-server';
import { startFaultProxy, type FaultProxy } from './faults/proxy';
import { startCloudFrontStandin, type CloudFrontState } from './aws/cloudfront-standin';
import {
  clearSesStore,
  createCloudFrontClient,
  createDynamoDbClient,
  createS3Client,
  createSesClient,
  DEFAULT_PAGES_BUCKET,
  DEFAULT_TABLES,
  ensureBucket,
  ensureTables,
  readSesStore,
  startEmulators,
  type Emulators,
  type SesStoredEmail,
} from './aws/emulators';
import { startCalendarStandin, type CalendarState } from './standins/calendar';
import {
  loadJsonFile,
  saveJsonFile,
  sha256Hex,
  type FaultInput,
  type StandinExtras,
} from './standins/http-kit';
import { startSccStandin, type CrewAnswer, type SccState } from './standins/scc';

export const LOCAL_DISTRIBUTION_ID = 'E1LOCALSTANDIN';
export const DEFAULT_PUBLIC_BASE_URL = 'https://guests.charter.example';
export const DEFAULT_SES_FROM = 'bookings@charter.example';

export type StandinService = 'calendar' | 'scc' | 'cloudfront';
export type FaultDependency = 'calendar' | 'scc' | 's3' | 'cloudfront' | 'dynamodb' | 'ses';

export interface LocalStackOptions {
  /** Keep every service's state here and resume from it (else in memory / temporary). */
  dataDir?: string;
  /** Base of the guest page and checklist links (the sandbox passes its edge's URL). */
  publicBaseUrl?: string;
  /**
   * Base of the built-in crew invitations' links (`{base}/crew/{token}`); default: the address the
   * request came to (the bridge's own port). The sandbox passes a fixed public origin.
   */
  crewLinkBaseUrl?: string;
  /** Port for the bridge server (default ephemeral). */
  bridgePort?: number;
  /** Bridge logs: silent by default; `console` (or env BRIDGE_LOG=1) prints its JSON lines. */
  bridgeLog?: 'silent' | 'console';
  /** CloudFront stand-in: when an invalidation reports Completed (default: on the next Get). */
  cloudfront?: { completeAfterGets?: number; completeAfterMs?: number };
  /** Put a fault-injecting proxy between the bridge and each dependency (the fault matrix). */
  faultProxies?: boolean;
  /** Shortens the bridge's SDK timeouts (tests, the fault matrix); attempts stay as deployed. */
  sdkTimeoutScale?: number;
  /** Extra createHandler options for tests (e.g. a fast retry policy, a clock). */
  handler?: Omit<Partial<CreateHandlerOptions>, 'config' | 'clients'>;
}

export interface PageObjectSummary {
  key: string;
  size: number;
  lastModified?: string;
}

export interface PageObject {
  key: string;
  body: string;
  contentType?: string;
  cacheControl?: string;
}

export interface CrewResponseRow {
  eventId: string;
  email: string;
  name: string;
  role: string;
  status: 'pending' | 'confirmed' | 'declined';
  invitedAt: string;
  respondedAt?: string;
}

export interface LocalStack {
  bridgeUrl: string;
  /** The current signing secret (what Apps Script signs with). */
  signingSecret: string;
  edgeUrl?: string;
  endpoints: {
    dynamodb: string;
    s3: string;
    ses: string;
    cloudfront: string;
    calendar: string;
    scc: string;
  };
  config: BridgeConfig;
  clients: BridgeClients;
  dataDir?: string;
  calendarState(): CalendarState & StandinExtras;
  sccState(): SccState & StandinExtras;
  cloudfrontState(): CloudFrontState & StandinExtras;
  /** Mail captured by the SES emulator (optionally only mail sent at/after `since`, epoch s). */
  sesMessages(since?: number): Promise<SesStoredEmail[]>;
  clearSesMessages(): Promise<void>;
  listPageObjects(): Promise<PageObjectSummary[]>;
  /** The object as stored in the pages bucket, or undefined when there is none. */
  getPageObject(key: string): Promise<PageObject | undefined>;
  /** SCC's DynamoDB rows for one crew event. */
  crewResponses(eventId: string): Promise<CrewResponseRow[]>;
  /** A crew member answers through their magic link. */
  respondAsCrew(eventId: string, email: string, status: CrewAnswer): Promise<void>;
  injectFault(service: StandinService, fault: FaultInput): void;
  /** With `faultProxies`: the proxy in front of each dependency the bridge calls. */
  faultProxies: Partial<Record<FaultDependency, FaultProxy>>;
  clearFaults(service?: StandinService): void;
  stop(): Promise<void>;
}

const SecretsSchema = z.object({
  signingSecret: z.string().check(z.minLength(32)),
  calendarToken: z.string().check(z.minLength(32)),
  sccServiceKey: z.string().check(z.minLength(32)),
  checklistSecret: z.string().check(z.minLength(32)),
});
type LocalSecrets = z.infer<typeof SecretsSchema>;

function newSecrets(): LocalSecrets {
  const secret = () => randomBytes(32).toString('hex');
  return {
    signingSecret: secret(),
    calendarToken: secret(),
    sccServiceKey: secret(),
    checklistSecret: secret(),
  };
}

function loadOrCreateSecrets(dataDir: string | undefined): LocalSecrets {
  if (!dataDir) return newSecrets();
  const file = join(dataDir, 'secrets.json');
  const saved = SecretsSchema.safeParse(loadJsonFile(file));
  if (saved.success) return saved.data;
  const secrets = newSecrets();
  saveJsonFile(file, secrets);
  chmodSync(file, 0o600);
  return secrets;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const { dataDir } = options;
  if (dataDir && !existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
  const secrets = loadOrCreateSecrets(dataDir);

  const cleanups: Array<() => Promise<void> | void> = [];
  const runCleanups = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw new AggregateError(errors, 'local stack did not stop cleanly');
  };

  try {
    const emulators: Emulators = await startEmulators({ dataDir });
    cleanups.push(() => emulators.stop());
    const proxies: Partial<Record<FaultDependency, FaultProxy>> = {};
    /** The bridge reaches `dep` here: its fault proxy when the stack has them, else the service. */
    const via = async (dep: FaultDependency, url: string): Promise<string> => {
      if (!options.faultProxies) return url;
      const proxy = await startFaultProxy(url);
      cleanups.push(() => proxy.close());
      proxies[dep] = proxy;
      return proxy.url;
    };
    const bridgeEndpoints = {
      dynamodb: await via('dynamodb', emulators.endpoints.dynamodb),
      s3: await via('s3', emulators.endpoints.s3),
      ses: await via('ses', emulators.endpoints.ses),
    };

    const scale = options.sdkTimeoutScale ?? 1;
    const dynamodb = createDynamoDbClient(bridgeEndpoints.dynamodb, sdkCallOptions('state', scale));
    const s3 = createS3Client(bridgeEndpoints.s3, sdkCallOptions('effect', scale));
    const ses = createSesClient(bridgeEndpoints.ses, sdkCallOptions('effect', scale));
    // SCC is another system: its own client for its own table.
    const sccDynamodb = createDynamoDbClient(emulators.endpoints.dynamodb);
    // Provisioning is set-up, not the bridge: the SDK's patient defaults, straight to the emulators
    // (a just-started emulator on a loaded machine can take more than the bridge's 1 s to accept).
    const setupDynamodb = createDynamoDbClient(emulators.endpoints.dynamodb);
    const setupS3 = createS3Client(emulators.endpoints.s3);
    cleanups.push(() => {
      for (const client of [dynamodb, s3, ses, sccDynamodb, setupDynamodb, setupS3])
        client.destroy();
    });

    // Provisioning and the stand-ins start side by side; whatever started is closed on failure.
    const closeLater = <T extends { close(): Promise<void> }>(started: Promise<T>) =>
      started.then((service) => {
        cleanups.push(() => service.close());
        return service;
      });
    const [calendar, scc, cloudfrontStandin] = await Promise.all([
      closeLater(startCalendarStandin({ token: secrets.calendarToken, dataDir })),
      closeLater(
        startSccStandin({
          serviceKeyHash: sha256Hex(secrets.sccServiceKey),
          dynamodb: sccDynamodb,
          responsesTable: DEFAULT_TABLES.sccResponses,
          dataDir,
        }),
      ),
      closeLater(
        startCloudFrontStandin({
          distributions: [LOCAL_DISTRIBUTION_ID],
          dataDir,
          ...options.cloudfront,
        }),
      ),
      ensureTables(setupDynamodb, DEFAULT_TABLES),
      ensureBucket(setupS3, DEFAULT_PAGES_BUCKET),
    ]);

    // The real @aws-sdk/client-cloudfront against the stand-in, with the bridge's call options.
    const cloudfrontClient = createCloudFrontClient(
      await via('cloudfront', cloudfrontStandin.url),
      sdkCallOptions('effect', scale),
    );
    cleanups.push(() => cloudfrontClient.destroy());
    const cloudfront = sdkCloudFront(cloudfrontClient);

    const config: BridgeConfig = {
      stateTable: DEFAULT_TABLES.state,
      nonceTable: DEFAULT_TABLES.nonces,
      sccResponsesTable: DEFAULT_TABLES.sccResponses,
      pagesBucket: DEFAULT_PAGES_BUCKET,
      distributionId: LOCAL_DISTRIBUTION_ID,
      publicBaseUrl: (options.publicBaseUrl ?? DEFAULT_PUBLIC_BASE_URL).replace(/\/+$/, ''),
      calendarApiUrl: await via('calendar', calendar.url),
      sccApiUrl: await via('scc', scc.url),
      sesFromAddress: DEFAULT_SES_FROM,
      crewInvitationsTable: DEFAULT_TABLES.crewInvitations,
      ...(options.crewLinkBaseUrl
        ? { crewLinkBaseUrl: options.crewLinkBaseUrl.replace(/\/+$/, '') }
        : {}),
      // The sample charters are in the past: keep their crew links answerable (as the sheet's
      // crewAnswers.keepReadingDays keeps reading them).
      crewAnswersGraceDays: 3650,
      secrets: {
        signingSecrets: [secrets.signingSecret],
        calendarToken: secrets.calendarToken,
        sccServiceKey: secrets.sccServiceKey,
        checklistSecret: secrets.checklistSecret,
      },
    };
    const clients: BridgeClients = { dynamodb, s3, cloudfront, ses };
    const logToConsole =
      options.bridgeLog === 'console' ||
      (options.bridgeLog === undefined && process.env.BRIDGE_LOG === '1');
    const handler = createHandler({
      log: logToConsole ? jsonLogger() : silentLogger,
      ...options.handler,
      config,
      clients,
    });
    const bridge: BridgeServer = await startBridgeServer(handler, { port: options.bridgePort });
    cleanups.push(() => bridge.close());

    const standins = { calendar, scc, cloudfront: cloudfrontStandin };
    const doc = DynamoDBDocumentClient.from(dynamodb);
    let stopping: Promise<void> | undefined;

    return {
      bridgeUrl: bridge.url,
      signingSecret: secrets.signingSecret,
      endpoints: {
        ...emulators.endpoints,
        cloudfront: cloudfrontStandin.url,
        calendar: calendar.url,
        scc: scc.url,
      },
      config,
      clients,
      dataDir,
      calendarState: () => calendar.state(),
      sccState: () => scc.state(),
      cloudfrontState: () => cloudfrontStandin.state(),
      sesMessages: async (since) => (await readSesStore(emulators.endpoints.ses, since)).emails,
      clearSesMessages: () => clearSesStore(emulators.endpoints.ses),
      listPageObjects: async () => {
        const out: PageObjectSummary[] = [];
        let token: string | undefined;
        do {
          const page = await s3.send(
            new ListObjectsV2Command({ Bucket: config.pagesBucket, ContinuationToken: token }),
          );
          for (const o of page.Contents ?? []) {
            out.push({
              key: o.Key ?? '',
              size: o.Size ?? 0,
              lastModified: o.LastModified?.toISOString(),
            });
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return out;
      },
      getPageObject: async (key) => {
        try {
          const got = await s3.send(new GetObjectCommand({ Bucket: config.pagesBucket, Key: key }));
          return {
            key,
            body: (await got.Body?.transformToString('utf-8')) ?? '',
            contentType: got.ContentType,
            cacheControl: got.CacheControl,
          };
        } catch (err) {
          if ((err as Error).name === 'NoSuchKey') return undefined;
          throw err;
        }
      },
      crewResponses: async (eventId) => {
        const out = await doc.send(
          new QueryCommand({
            TableName: config.sccResponsesTable,
            KeyConditionExpression: 'eventId = :eventId',
            ExpressionAttributeValues: { ':eventId': eventId },
          }),
        );
        return (out.Items ?? []) as CrewResponseRow[];
      },
      respondAsCrew: (eventId, email, status) => scc.respond(eventId, email, status),
      injectFault: (service, fault) => standins[service].injectFault(fault),
      clearFaults: (service) => {
        for (const name of service ? [service] : (Object.keys(standins) as StandinService[])) {
          standins[name].clearFaults();
        }
      },
      faultProxies: proxies,
      stop: () => (stopping ??= runCleanups()),
    };
  } catch (err) {
    await runCleanups().catch(() => undefined);
    throw err;
  }
}
