/** The DynamoDB state store's conditional writes, with aws-sdk-client-mock. */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { dynamoStateStore } from '../../../lambda-bridge/src/adapters/state-store';
import { dynamoNonceStore } from '../../../lambda-bridge/src/adapters/nonce-store';
import { AdapterError } from '../../../lambda-bridge/src/errors';

const ddb = mockClient(DynamoDBClient);
const client = () => new DynamoDBClient({ region: 'us-west-2' });
const ccf = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

beforeEach(() => ddb.reset());

describe('lease', () => {
  it('takes the lease with one conditional update that also guards the revision', async () => {
    ddb.on(UpdateItemCommand).resolves({
      Attributes: { latestRevision: { N: '2' }, calendarEventId: { S: 'cal-1' } },
    });
    const result = await dynamoStateStore(client(), 'state').acquire(
      'XHQGMDH',
      2,
      'run-1',
      1000,
      60_000,
    );
    expect(result.kind).toBe('acquired');
    expect(result.head.calendarEventId).toBe('cal-1');
    const input = ddb.commandCalls(UpdateItemCommand)[0]!.args[0].input;
    expect(input.Key).toEqual({ pk: { S: 'BOOKING#XHQGMDH' }, sk: { S: 'HEAD' } });
    expect(input.ConditionExpression).toContain('leaseUntil < :now');
    expect(input.ConditionExpression).toContain('latestRevision <= :r');
    expect(input.ExpressionAttributeValues?.[':u']).toEqual({ N: '61000' });
  });

  it('reports superseded when a newer revision has started, busy otherwise', async () => {
    ddb.on(UpdateItemCommand).rejects(ccf());
    ddb
      .on(GetItemCommand)
      .resolvesOnce({ Item: { latestRevision: { N: '3' } } })
      .resolvesOnce({ Item: { latestRevision: { N: '2' }, leaseUntil: { N: '5000' } } });
    const store = dynamoStateStore(client(), 'state');
    expect((await store.acquire('B1', 2, 'run', 1000, 60_000)).kind).toBe('superseded');
    const busy = await store.acquire('B1', 2, 'run', 1000, 60_000);
    expect(busy).toMatchObject({ kind: 'busy', head: { leaseUntil: 5000 } });
  });

  it('releases only its own lease and records the completed revision', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    await dynamoStateStore(client(), 'state').release('B1', 'run-1', 4);
    const input = ddb.commandCalls(UpdateItemCommand)[0]!.args[0].input;
    expect(input.UpdateExpression).toBe('SET completedRevision = :c REMOVE leaseOwner, leaseUntil');
    expect(input.ConditionExpression).toBe('leaseOwner = :o');
    ddb.reset();
    ddb.on(UpdateItemCommand).rejects(ccf());
    await expect(
      dynamoStateStore(client(), 'state').release('B1', 'run-1', null),
    ).resolves.toBeUndefined();
  });
});

/** A put whose first try landed but whose answer was lost: the SDK's retry then fails the condition. */
const putLandedThenConditionFailed = () => {
  let landed: Record<string, unknown> | undefined;
  ddb.on(PutItemCommand).callsFake((input: { Item?: Record<string, unknown> }) => {
    landed ??= input.Item ?? {};
    throw ccf();
  });
  return () => landed;
};

describe('a write whose answer was lost, retried by the SDK, is recognised as ours', () => {
  it('the lease: the retry finds this run holding it, so the run goes on (reading its steps)', async () => {
    ddb.on(UpdateItemCommand).rejects(ccf());
    ddb.on(GetItemCommand).resolves({
      Item: { latestRevision: { N: '2' }, leaseOwner: { S: 'run-1' }, leaseUntil: { N: '61000' } },
    });
    const store = dynamoStateStore(client(), 'state');
    const mine = await store.acquire('B1', 2, 'run-1', 1000, 60_000);
    expect(mine).toMatchObject({ kind: 'acquired', head: { leaseOwner: 'run-1' } });
    expect(mine.kind === 'acquired' && mine.priorAttemptAt).toBeUndefined();
    expect((await store.acquire('B1', 2, 'run-2', 1000, 60_000)).kind).toBe('busy');
  });

  it('the send intent: its own claim is claimed, another attempt’s is a doubt', async () => {
    const landed = putLandedThenConditionFailed();
    ddb.on(GetItemCommand).callsFake(() => ({ Item: landed() }));
    const store = dynamoStateStore(client(), 'state');
    expect(await store.claimEffect('B1', 1, 'captainEmail', 1000)).toEqual({ kind: 'claimed' });
    // a second attempt (another token) finds the first one's intent still sending
    expect(await store.claimEffect('B1', 1, 'captainEmail', 2000)).toMatchObject({
      kind: 'in-doubt',
    });
  });

  it('a claim that got no answer at all is taken back, only if it is this claim', async () => {
    ddb.on(PutItemCommand).rejects(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    ddb.on(DeleteItemCommand).resolves({});
    const error = await dynamoStateStore(client(), 'state')
      .claimEffect('B1', 1, 'captainEmail', 1000)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StateStoreError', retryable: true });
    const put = ddb.commandCalls(PutItemCommand)[0]!.args[0].input;
    const del = ddb.commandCalls(DeleteItemCommand)[0]!.args[0].input;
    expect(del.ConditionExpression).toBe('claim = :c');
    expect(del.ExpressionAttributeValues).toEqual({ ':c': put.Item?.claim });
  });

  it('the nonce: its own put is fresh (not a replay the sheet would take as a rejection)', async () => {
    const landed = putLandedThenConditionFailed();
    ddb.on(GetItemCommand).callsFake(() => ({ Item: landed() }));
    const nonces = dynamoNonceStore(client(), 'nonces');
    expect(await nonces.remember('nonce-0000000000000002', 100)).toBe('fresh');
    // the same nonce in another request (another token): a replay
    expect(await nonces.remember('nonce-0000000000000002', 101)).toBe('replayed');
  });
});

describe('steps and head', () => {
  const record = {
    step: 'calendar' as const,
    status: 'done' as const,
    attempts: 2,
    ids: { calendarEventId: 'cal-9' },
    lastError: null,
    retryable: null,
    reason: null,
    updatedAt: '2024-05-20T17:00:00.000Z',
  };

  it("the release writes the run's step records on the head, and the next lease hands them back", async () => {
    ddb.on(UpdateItemCommand).resolves({});
    const store = dynamoStateStore(client(), 'state');
    await store.release(
      'B1',
      'run-1',
      null,
      { calendarEventId: 'cal-9' },
      {
        revision: 7,
        records: [record],
      },
    );
    const release = ddb.commandCalls(UpdateItemCommand)[0]!.args[0].input;
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(1);
    expect(release.ConditionExpression).toBe('leaseOwner = :o');
    expect(release.UpdateExpression).toBe(
      'SET #calendarEventId = :calendarEventId, #run = :run REMOVE leaseOwner, leaseUntil',
    );
    const runRecords = release.ExpressionAttributeValues![':run']!;
    ddb.reset();
    ddb.on(UpdateItemCommand).resolves({
      Attributes: {
        latestRevision: { N: '7' },
        updatedAt: { S: '2024-05-20T17:00:00.000Z' },
        runRecords,
      },
    });
    const lease = await store.acquire('B1', 7, 'run-2', Date.parse('2024-05-20T17:05:00Z'), 60_000);
    expect(lease).toMatchObject({
      kind: 'acquired',
      priorAttemptAt: Date.parse('2024-05-20T17:00:00.000Z'),
      previous: { calendar: record },
    });
    // Another revision's records are not this one's: the workflow reads the older layout then.
    const next = await store.acquire('B1', 8, 'run-3', Date.parse('2024-05-20T17:05:00Z'), 60_000);
    expect(next).toMatchObject({ kind: 'acquired', priorAttemptAt: null, previous: {} });
    ddb.on(UpdateItemCommand).resolves({
      Attributes: {
        latestRevision: { N: '8' },
        updatedAt: { S: '2024-05-20T17:00:00.000Z' },
        runRecords,
      },
    });
    const crashed = await store.acquire(
      'B1',
      8,
      'run-4',
      Date.parse('2024-05-20T17:05:00Z'),
      60_000,
    );
    expect(crashed.kind === 'acquired' && crashed.previous).toBeUndefined();
  });

  it('a release whose lease ran out still records the run, unless a newer revision started', async () => {
    ddb.on(UpdateItemCommand).rejectsOnce(ccf()).resolvesOnce({});
    const store = dynamoStateStore(client(), 'state');
    await store.release('B1', 'run-1', 7, {}, { revision: 7, records: [record] });
    const [, records] = ddb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);
    expect(records).toMatchObject({
      UpdateExpression: 'SET #run = :run',
      ConditionExpression: 'latestRevision = :r',
      ExpressionAttributeValues: { ':r': { N: '7' } },
    });
    ddb.reset();
    ddb.on(UpdateItemCommand).rejects(ccf());
    await expect(
      store.release('B1', 'run-1', 7, {}, { revision: 7, records: [record] }),
    ).resolves.toBeUndefined();
  });

  it('reads the step records older bridges kept under STEP#{rev}#', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          pk: { S: 'BOOKING#B1' },
          sk: { S: 'STEP#0000000007#calendar' },
          revision: { N: '7' },
          step: { S: 'calendar' },
          status: { S: 'done' },
          attempts: { N: '2' },
          ids: { M: { calendarEventId: { S: 'cal-9' } } },
          updatedAt: { S: '2024-05-20T17:00:00.000Z' },
        },
      ],
    });
    const steps = await dynamoStateStore(client(), 'state').steps('B1', 7);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': { S: 'BOOKING#B1' },
      ':prefix': { S: 'STEP#0000000007#' },
    });
    expect(steps.calendar).toMatchObject({
      status: 'done',
      attempts: 2,
      ids: { calendarEventId: 'cal-9' },
    });
  });

  it('sets and removes head ids in one update', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    await dynamoStateStore(client(), 'state').setHead('B1', {
      calendarEventId: null,
      sccEventId: 'scc-1',
      sccCancelled: false,
    });
    const input = ddb.commandCalls(UpdateItemCommand)[0]!.args[0].input;
    expect(input.UpdateExpression).toBe(
      'SET #sccEventId = :sccEventId, #sccCancelled = :sccCancelled REMOVE #calendarEventId',
    );
  });

  it('turns SDK failures into retryable StateStoreErrors', async () => {
    ddb.on(QueryCommand).rejects(
      Object.assign(new Error('slow'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await dynamoStateStore(client(), 'state')
      .steps('B1', 1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect(error).toMatchObject({ name: 'StateStoreError', code: 'throttled', retryable: true });
  });
});

describe('nonce store', () => {
  it('remembers a fresh nonce and reports a replay on ConditionalCheckFailed', async () => {
    ddb.on(PutItemCommand).resolvesOnce({}).rejectsOnce(ccf());
    const nonces = dynamoNonceStore(client(), 'nonces');
    expect(await nonces.remember('nonce-0000000000000001', 100)).toBe('fresh');
    expect(await nonces.remember('nonce-0000000000000001', 101)).toBe('replayed');
    const input = ddb.commandCalls(PutItemCommand)[1]!.args[0].input;
    expect(input.Item).toMatchObject({
      nonce: { S: 'nonce-0000000000000001' },
      expiresAt: { N: '701' },
    });
    expect(input.ExpressionAttributeValues).toEqual({ ':now': { N: '101' } });
  });
});
