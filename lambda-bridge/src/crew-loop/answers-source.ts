/**
 * Where crew answers come from: the CrewAnswersSource port and its DynamoDB implementation.
 *
 * The answers table (SCC's, or the bridge's built-in crew provider's, in the same shape):
 *   partition key `eventId` (S), sort key `email` (S); attributes `name`, `role`,
 *   `status` ("pending" | "confirmed" | "declined"), `invitedAt` (ISO), `respondedAt` (ISO, once
 *   answered). One row per invited member; a member removed from the event loses the row.
 * A run reads the rows of every booking it asks about in ONE batched read (BatchGetItem, in
 * chunks of 100 keys, unprocessed keys retried a bounded number of times), never one call per
 * booking.
 */
import {
  BatchGetItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { AdapterError, fromSdkError } from '../errors';
import { fromItem } from '../adapters/ddb';

export interface CrewAnswerRow {
  eventId: string;
  email: string;
  name: string;
  role: string;
  /** "pending", "confirmed" or "declined" (anything else reads as pending). */
  status: string;
  invitedAt: string | null;
  respondedAt: string | null;
}

/** One crew event and the members whose rows are wanted. */
export interface CrewAnswersRef {
  eventId: string;
  emails: readonly string[];
}

export interface CrewAnswersSource {
  /** Rows by event id, then by lower-case e-mail. Throws (CrewStatusError) when unreadable. */
  read(refs: readonly CrewAnswersRef[]): Promise<Map<string, Map<string, CrewAnswerRow>>>;
}

export const BATCH_GET_MAX_KEYS = 100;
const MAX_UNPROCESSED_ROUNDS = 5;

export function rowFromItem(raw: Record<string, AttributeValue>): CrewAnswerRow | null {
  const item = fromItem(raw);
  const email = typeof item.email === 'string' ? item.email : '';
  const eventId = typeof item.eventId === 'string' ? item.eventId : '';
  if (!email || !eventId) return null;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    eventId,
    email,
    name: text(item.name) ?? '',
    role: text(item.role) ?? '',
    status: text(item.status) ?? 'pending',
    invitedAt: text(item.invitedAt),
    respondedAt: text(item.respondedAt),
  };
}

/** BatchGetItem over every key, in chunks of 100, retrying unprocessed keys a few times. */
export async function batchGetAll(
  client: DynamoDBClient,
  table: string,
  keys: Array<Record<string, AttributeValue>>,
  what: string,
  errorName: 'CrewStatusError' | 'StateStoreError',
): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_MAX_KEYS) {
    let pending: Array<Record<string, AttributeValue>> = keys.slice(i, i + BATCH_GET_MAX_KEYS);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round >= MAX_UNPROCESSED_ROUNDS)
        throw new AdapterError(
          errorName,
          'throttled',
          `${what}: DynamoDB left keys unprocessed; try again later`,
          { retryable: true },
        );
      let out;
      try {
        out = await client.send(
          new BatchGetItemCommand({
            RequestItems: { [table]: { Keys: pending, ConsistentRead: true } },
          }),
        );
      } catch (err) {
        throw fromSdkError(errorName, `DynamoDB BatchGetItem (${what})`, err);
      }
      items.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return items;
}

export function dynamoCrewAnswersSource(client: DynamoDBClient, table: string): CrewAnswersSource {
  return {
    async read(refs) {
      const keys = refs.flatMap((ref) =>
        [...new Set(ref.emails)].map((email) => ({
          eventId: { S: ref.eventId },
          email: { S: email },
        })),
      );
      const out = new Map<string, Map<string, CrewAnswerRow>>();
      for (const ref of refs) out.set(ref.eventId, new Map());
      if (keys.length === 0) return out;
      const items = await batchGetAll(client, table, keys, 'crew answers', 'CrewStatusError');
      for (const raw of items) {
        const row = rowFromItem(raw);
        if (row) out.get(row.eventId)?.set(row.email.toLowerCase(), row);
      }
      return out;
    },
  };
}
