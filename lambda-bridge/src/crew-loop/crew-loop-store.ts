/**
 * The crew loop's items in the bridge's state table (the same table as the workflow, keyed
 * pk = `BOOKING#{id}`):
 *   sk = `HEAD`           read here, many at once (one BatchGetItem), for each booking's SCC event id
 *   sk = `NOTICE#{key}`   a claimed captain notice (key = noticeKey: kind, revision, member):
 *                         written with a conditional put BEFORE the e-mail is sent, so two runs
 *                         can never both send it; removed again if sending failed
 * Nothing is written for a booking unless a notice is due.
 */
import { DeleteItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromSdkError } from '../errors';
import { fromItem, isConditionalCheckFailed, toItem } from '../adapters/ddb';
import { headFromItem, pkOf, type BookingHead } from '../adapters/state-store';
import { batchGetAll } from './answers-source';

export type ClaimResult = { kind: 'claimed' } | { kind: 'taken'; sentAt: string | null };

export interface CrewLoopStore {
  /** Heads of these bookings (an empty head for one the bridge never saw). */
  heads(bookingIds: readonly string[]): Promise<Map<string, BookingHead>>;
  claimNotice(
    bookingId: string,
    key: string,
    owner: string,
    sentAt: string,
    about: string[],
  ): Promise<ClaimResult>;
  releaseNotice(bookingId: string, key: string, owner: string): Promise<void>;
}

export function dynamoCrewLoopStore(client: DynamoDBClient, table: string): CrewLoopStore {
  return {
    async heads(bookingIds) {
      const out = new Map<string, BookingHead>();
      const ids = [...new Set(bookingIds)];
      for (const id of ids) out.set(id, headFromItem(undefined));
      if (ids.length === 0) return out;
      const items = await batchGetAll(
        client,
        table,
        ids.map((id) => ({ pk: { S: pkOf(id) }, sk: { S: 'HEAD' } })),
        'booking heads',
        'StateStoreError',
      );
      for (const item of items) {
        const id = item.pk?.S?.replace(/^BOOKING#/, '');
        if (id !== undefined) out.set(id, headFromItem(item));
      }
      return out;
    },

    async claimNotice(bookingId, key, owner, sentAt, about) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: toItem({ pk: pkOf(bookingId), sk: `NOTICE#${key}`, owner, sentAt, about }),
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { kind: 'claimed' };
      } catch (err) {
        if (isConditionalCheckFailed(err)) {
          const old = (err as { Item?: Parameters<typeof fromItem>[0] }).Item;
          const at = old ? fromItem(old).sentAt : null;
          return { kind: 'taken', sentAt: typeof at === 'string' ? at : null };
        }
        throw fromSdkError('StateStoreError', 'DynamoDB PutItem (notice) on the state table', err);
      }
    },

    async releaseNotice(bookingId, key, owner) {
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: table,
            Key: { pk: { S: pkOf(bookingId) }, sk: { S: `NOTICE#${key}` } },
            ConditionExpression: '#o = :o',
            ExpressionAttributeNames: { '#o': 'owner' },
            ExpressionAttributeValues: { ':o': { S: owner } },
          }),
        );
      } catch (err) {
        if (isConditionalCheckFailed(err)) return;
        throw fromSdkError(
          'StateStoreError',
          'DynamoDB DeleteItem (notice) on the state table',
          err,
        );
      }
    },
  };
}
