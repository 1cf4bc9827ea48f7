/**
 * Replay guard. A nonce is remembered with a conditional put that succeeds when the nonce is new
 * OR its remembered copy has expired (`expiresAt` is epoch seconds; DynamoDB TTL deletes lazily
 * and the local emulator never does, so expiry is checked in the condition itself).
 *
 * The put carries a token of this call. When the SDK's own retry of the put finds the nonce taken,
 * the first try may have landed with its answer lost: a consistent read tells whether the nonce is
 * ours (fresh) or another request's (a replay). Without that, a lost answer from DynamoDB would
 * turn a good request into "replayed", which the sheet takes as a rejection, not a retry.
 */
import { randomUUID } from 'node:crypto';
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromSdkError } from '../errors';
import { isConditionalCheckFailed } from './ddb';

export const NONCE_TTL_SECONDS = 600;

export interface NonceStore {
  /** 'fresh' if the nonce was unseen (or expired) and is now remembered; 'replayed' otherwise. */
  remember(nonce: string, nowSeconds: number): Promise<'fresh' | 'replayed'>;
}

export function dynamoNonceStore(client: DynamoDBClient, table: string): NonceStore {
  return {
    async remember(nonce, nowSeconds) {
      const token = randomUUID();
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              nonce: { S: nonce },
              expiresAt: { N: String(nowSeconds + NONCE_TTL_SECONDS) },
              seenAt: { N: String(nowSeconds) },
              token: { S: token },
            },
            ConditionExpression: 'attribute_not_exists(nonce) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
          }),
        );
        return 'fresh';
      } catch (err) {
        if (!isConditionalCheckFailed(err))
          throw fromSdkError('NonceStoreError', 'DynamoDB PutItem on the nonce table', err);
      }
      try {
        const out = await client.send(
          new GetItemCommand({
            TableName: table,
            Key: { nonce: { S: nonce } },
            ConsistentRead: true,
            ProjectionExpression: '#t',
            ExpressionAttributeNames: { '#t': 'token' },
          }),
        );
        return out?.Item?.token?.S === token ? 'fresh' : 'replayed';
      } catch (err) {
        throw fromSdkError('NonceStoreError', 'DynamoDB GetItem on the nonce table', err);
      }
    },
  };
}
