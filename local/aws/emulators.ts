/**
 * Local AWS emulators driven by the real AWS SDK v3 clients over HTTP:
 * DynamoDB (dynalite, in-process), S3 (s3rver, with S3's conditional writes added:
 * s3-conditional-writes.ts) and SES (aws-ses-v2-local).
 *
 * Every server listens on 127.0.0.1 (port 0 = ephemeral unless a port is asked for). With a data
 * directory the state survives a restart: dynalite keeps a LevelDB store in `<dataDir>/dynamodb`,
 * s3rver keeps objects in `<dataDir>/s3`, and the captured SES mail is written to
 * `<dataDir>/ses-emails.json` as each message is captured (before SES answers, so a crash loses
 * none) and on stop(), and loaded again on start.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import startSesServer from 'aws-ses-v2-local';
import { getStoreReadonly, type Email as SesStoredEmail } from 'aws-ses-v2-local/dist/store';
import { s3ConditionalWrites } from './s3-conditional-writes';
import { releasePidLock, takePidLock } from '../pid-lock';
import { patientKeepAlive } from '../patient-server';
import { closeServer, listen } from '../standins/http-kit';
import type { SdkCallOptions } from '../../lambda-bridge/src/sdk-options';

export type { SesStoredEmail };

export const LOCAL_REGION = 'us-west-2';
/**
 * Dummy credentials (the SDK insists on signing). s3rver knows exactly one key pair, S3RVER/S3RVER;
 * dynalite and aws-ses-v2-local accept any. A fresh object per client: the SDK annotates it.
 */
export function localCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
}

/** Default table names (see the team contracts); all of them are configurable. */
export const DEFAULT_TABLES = Object.freeze({
  state: 'charter-bridge-state',
  nonces: 'charter-bridge-nonces',
  sccResponses: 'scc-crew-responses',
  crewInvitations: 'charter-crew-invitations',
});
export const DEFAULT_PAGES_BUCKET = 'charter-guest-pages';

export interface EmulatorOptions {
  /** Persist DynamoDB, S3 and captured mail here. Omit for throw-away in-memory/temporary state. */
  dataDir?: string;
  ports?: { dynamodb?: number; s3?: number; ses?: number };
}

export interface Emulators {
  endpoints: { dynamodb: string; s3: string; ses: string };
  dataDir: string | undefined;
  /** Closes all three servers (and their open connections); removes temporary S3 storage. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

// The SDK warns on Node 20 at every client construction; the emulators are local-only.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** aws-ses-v2-local keeps its store in module scope: count the servers of this process sharing it. */
let sesServersRunning = 0;

export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const { dataDir } = options;
  const started: Array<() => Promise<void>> = [];
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lockDataDir(dataDir);
    started.push(async () => unlockDataDir(dataDir));
  }

  const stopStarted = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
  };

  try {
    // DynamoDB: tables become ACTIVE immediately (the emulator's default is a 500 ms CREATING state).
    const dynamoPath = dataDir ? join(dataDir, 'dynamodb') : undefined;
    if (dynamoPath) mkdirSync(dynamoPath, { recursive: true });
    const dynamoServer = dynalite({
      path: dynamoPath,
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    });
    // Every emulator keeps idle connections as long as the stand-ins do (patient-server.ts): at
    // Node's default 5 s, a client that waited about that long (the seed pipeline's fixed wait in
    // the bench) sent its next call on a connection the emulator was closing.
    const dynamoPort = await listen(patientKeepAlive(dynamoServer), options.ports?.dynamodb ?? 0);
    started.push(() => closeServer(dynamoServer));

    // S3: s3rver always stores on disk; without a data dir it gets a temporary directory.
    const s3Dir = dataDir ? join(dataDir, 's3') : mkdtempSync(join(tmpdir(), 'charter-s3-'));
    mkdirSync(s3Dir, { recursive: true });
    const s3 = new S3rver({
      address: HOST,
      port: options.ports?.s3 ?? 0,
      silent: true,
      directory: s3Dir,
      resetOnClose: false,
      allowMismatchedSignatures: true,
      vhostBuckets: false,
    });
    // First in the stack: s3rver ignores If-Match / If-None-Match on PUT (s3-conditional-writes.ts).
    s3.middleware.unshift(s3ConditionalWrites(s3.store) as (typeof s3.middleware)[number]);
    const s3Address = await s3.run();
    const s3HttpServer = patientKeepAlive((s3 as unknown as { httpServer: Server }).httpServer);
    started.push(async () => {
      s3HttpServer.closeAllConnections();
      await s3.close();
      if (!dataDir) rmSync(s3Dir, { recursive: true, force: true });
    });

    // SES: its default host is '::'; the store is shared by every server in this process.
    if (sesServersRunning === 0) {
      const store = getStoreReadonly();
      store.emails.length = 0;
      store.templates.clear();
      if (dataDir) store.emails.push(...loadSesEmails(dataDir));
    }
    const sesServer = patientKeepAlive(
      await startSesServer({ host: HOST, port: options.ports?.ses ?? 0 }),
    );
    if (dataDir) persistSesOnCapture(sesServer, dataDir);
    sesServersRunning += 1;
    const sesPort = (sesServer.address() as AddressInfo).port;
    started.push(async () => {
      if (dataDir) saveSesEmails(dataDir, getStoreReadonly().emails);
      sesServersRunning -= 1;
      await closeServer(sesServer);
    });

    const endpoints = {
      dynamodb: `http://${HOST}:${dynamoPort}`,
      s3: `http://${HOST}:${s3Address.port}`,
      ses: `http://${HOST}:${sesPort}`,
    };
    let stopped: Promise<void> | undefined;
    return {
      endpoints,
      dataDir,
      stop: () => (stopped ??= stopStarted()),
    };
  } catch (err) {
    await stopStarted();
    throw err;
  }
}

/**
 * One running set of emulators per data directory: LevelDB cannot be opened twice (dynalite would
 * crash the process later), and two writers would corrupt the JSON state files.
 */
function lockDataDir(dataDir: string): void {
  takePidLock(join(dataDir, '.lock'), `data directory ${dataDir}`, 'another local stack?');
}

function unlockDataDir(dataDir: string): void {
  releasePidLock(join(dataDir, '.lock'));
}

// ---------------------------------------------------------------------------------------------
// Real SDK v3 clients for the emulators

/** `extra`: the bridge's call options (timeouts, attempts: lambda-bridge/src/sdk-options.ts). */
export function createDynamoDbClient(endpoint: string, extra: SdkExtra = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: localCredentials(),
    ...extra,
  });
}

type SdkExtra = Partial<SdkCallOptions>;

/**
 * Path-style addressing and checksums only when required: with the SDK's default
 * (WHEN_SUPPORTED) stream bodies reach s3rver with their aws-chunked framing and are stored corrupted.
 */
export function createS3Client(endpoint: string, extra: SdkExtra = {}): S3Client {
  return new S3Client({
    ...extra,
    endpoint,
    region: LOCAL_REGION,
    credentials: localCredentials(),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function createSesClient(endpoint: string, extra: SdkExtra = {}): SESClient {
  return new SESClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: localCredentials(),
    ...extra,
  });
}

/** For the CloudFront stand-in (local/aws/cloudfront-standin.ts): CloudFront has no emulator. */
export function createCloudFrontClient(endpoint: string, extra: SdkExtra = {}): CloudFrontClient {
  return new CloudFrontClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: localCredentials(),
    ...extra,
  });
}

// ---------------------------------------------------------------------------------------------
// Provisioning (idempotent)

export interface TableNames {
  state: string;
  nonces: string;
  sccResponses: string;
  /** The built-in crew provider's answers table (same keys as SCC's). */
  crewInvitations?: string;
}

/** The key schemas fixed by the team contracts. */
export function tableDefinitions(names: TableNames = DEFAULT_TABLES): CreateTableCommandInput[] {
  return [
    {
      TableName: names.state,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
    },
    {
      // TTL attribute `expiresAt` (epoch seconds): dynalite has no TTL API, so readers check it.
      TableName: names.nonces,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'nonce', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'nonce', AttributeType: 'S' }],
    },
    {
      TableName: names.sccResponses,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'eventId', KeyType: 'HASH' },
        { AttributeName: 'email', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'eventId', AttributeType: 'S' },
        { AttributeName: 'email', AttributeType: 'S' },
      ],
    },
    ...(names.crewInvitations
      ? [
          {
            TableName: names.crewInvitations,
            BillingMode: 'PAY_PER_REQUEST' as const,
            KeySchema: [
              { AttributeName: 'eventId', KeyType: 'HASH' as const },
              { AttributeName: 'email', KeyType: 'RANGE' as const },
            ],
            AttributeDefinitions: [
              { AttributeName: 'eventId', AttributeType: 'S' as const },
              { AttributeName: 'email', AttributeType: 'S' as const },
            ],
          },
        ]
      : []),
  ];
}

/** Creates the state, nonce and SCC-answer tables unless they exist; waits until ACTIVE. */
export async function ensureTables(
  client: DynamoDBClient,
  names: TableNames = DEFAULT_TABLES,
): Promise<void> {
  await Promise.all(
    tableDefinitions(names).map(async (definition) => {
      try {
        await client.send(new CreateTableCommand(definition));
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
      }
      await waitForActive(client, definition.TableName as string);
    }),
  );
}

async function waitForActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`DynamoDB table ${tableName} did not become ACTIVE`);
}

/** Creates the bucket unless it exists. */
export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const name = (err as Error).name;
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists' && status !== 409) {
      throw err;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Captured SES mail

export interface SesStore {
  emails: SesStoredEmail[];
  templates: Record<string, unknown>;
}

/** Everything aws-ses-v2-local captured (`GET /store`), optionally only mail sent at/after `since` (epoch s). */
export async function readSesStore(sesEndpoint: string, since?: number): Promise<SesStore> {
  const url = new URL('/store', sesEndpoint);
  if (since !== undefined) url.searchParams.set('since', String(Math.floor(since)));
  const res = await fetch(url);
  if (!res.ok) throw new Error(`SES emulator GET /store answered ${res.status}`);
  return (await res.json()) as SesStore;
}

export async function clearSesStore(sesEndpoint: string): Promise<void> {
  const res = await fetch(new URL('/clear-store', sesEndpoint), { method: 'POST' });
  if (!res.ok) throw new Error(`SES emulator POST /clear-store answered ${res.status}`);
  await res.arrayBuffer();
}

function sesFile(dataDir: string): string {
  return join(dataDir, 'ses-emails.json');
}

function loadSesEmails(dataDir: string): SesStoredEmail[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(sesFile(dataDir), 'utf8'));
    return Array.isArray(parsed) ? (parsed as SesStoredEmail[]) : [];
  } catch {
    return [];
  }
}

/**
 * Writes the captured mail to disk before the emulator answers any request that changed it (a
 * send, a clear): once the bridge has SES's answer, the message is on disk.
 */
function persistSesOnCapture(server: Server, dataDir: string): void {
  let saved = getStoreReadonly().emails;
  let savedCount = saved.length;
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      const { emails } = getStoreReadonly();
      if (emails !== saved || emails.length !== savedCount) {
        saveSesEmails(dataDir, emails);
        saved = emails;
        savedCount = emails.length;
      }
      return end(...args);
    }) as ServerResponse['end'];
  });
}

function saveSesEmails(dataDir: string, emails: SesStoredEmail[]): void {
  const target = sesFile(dataDir);
  writeFileSync(`${target}.tmp`, JSON.stringify(emails, null, 2));
  renameSync(`${target}.tmp`, target);
}
