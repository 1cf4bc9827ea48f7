/**
 * Replay guard. A nonce is remembered with a conditional put that succeeds when the nonce is new
 * OR its remembered copy has expired (`expiresAt` is epoch seconds; DynamoDB TTL deletes lazily
 * and the local emulator never does, so expiry is checked in the condition itself).
 */
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              nonce: { S: nonce },
              expiresAt: { N: String(nowSeconds + NONCE_TTL_SECONDS) },
              seenAt: { N: String(nowSeconds) },
            },
            ConditionExpression: 'attribute_not_exists(nonce) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
          }),
        );
        return 'fresh';
      } catch (err) {
        if (isConditionalCheckFailed(err)) return 'replayed';
        throw fromSdkError('NonceStoreError', 'DynamoDB PutItem on the nonce table', err);
      }
    },
  };
}
