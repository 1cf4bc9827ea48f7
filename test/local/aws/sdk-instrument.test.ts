/** The bench's SDK instrument: DynamoDB calls counted once per logical call, latency held. */
import { Readable } from 'node:stream';
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { callLog, delayedFetch, instrumentClient } from '../../../local/aws/sdk-instrument';

/** A DynamoDB client whose HTTP layer answers every request with `{}` (or a 500 first). */
function clientAnswering(statuses: number[]) {
  const sent: string[] = [];
  const client = new DynamoDBClient({
    region: 'us-west-2',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 2,
    retryStrategy: undefined,
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        sent.push(request.headers['x-amz-target'] ?? '');
        const statusCode = statuses.shift() ?? 200;
        const body = statusCode === 200 ? '{}' : '{"__type":"InternalServerError"}';
        return {
          response: {
            statusCode,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(body)]),
          },
        };
      },
    } as never,
  });
  return { client, sent };
}

describe('instrumentClient', () => {
  it('records every command once, by service and command name', async () => {
    const { client } = clientAnswering([]);
    const log = callLog();
    instrumentClient(client, { service: 'DynamoDB', log });
    await client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' } } }));
    await client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'b' } } }));
    await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));
    await client.send(
      new QueryCommand({
        TableName: 't',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'a' } },
      }),
    );
    expect(log.calls).toEqual([
      'DynamoDB.PutItem',
      'DynamoDB.PutItem',
      'DynamoDB.GetItem',
      'DynamoDB.Query',
    ]);
    expect(log.count('DynamoDB')).toBe(4);
    expect(log.byCommand('DynamoDB')).toEqual({ PutItem: 2, GetItem: 1, Query: 1 });
    log.reset();
    expect(log.count('DynamoDB')).toBe(0);
  });

  it('counts a call the SDK retried once (a logical call), while the wire saw two', async () => {
    const { client, sent } = clientAnswering([500, 200]);
    const log = callLog();
    instrumentClient(client, { service: 'DynamoDB', log, sleep: async () => undefined });
    await client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' } } }));
    expect(sent).toHaveLength(2);
    expect(log.calls).toEqual(['DynamoDB.PutItem']);
  });

  it('holds each call for the injected latency, and can be removed', async () => {
    const { client } = clientAnswering([]);
    const held: number[] = [];
    const log = callLog();
    const remove = instrumentClient(client, {
      service: 'DynamoDB',
      log,
      latencyMs: 10,
      sleep: async (ms) => void held.push(ms),
    });
    await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));
    remove();
    await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));
    expect(held).toEqual([10]);
    expect(log.calls).toHaveLength(1);
  });
});

describe('delayedFetch', () => {
  it('holds requests to a listed origin only', async () => {
    const held: number[] = [];
    const seen: string[] = [];
    const base = (async (input: string) => {
      seen.push(input);
      return new Response('ok');
    }) as unknown as typeof fetch;
    const f = delayedFetch(
      new Map([['http://127.0.0.1:1234', 150]]),
      base,
      async (ms) => void held.push(ms),
    );
    await f('http://127.0.0.1:1234/events');
    await f('http://127.0.0.1:9999/other');
    expect(held).toEqual([150]);
    expect(seen).toEqual(['http://127.0.0.1:1234/events', 'http://127.0.0.1:9999/other']);
  });
});
