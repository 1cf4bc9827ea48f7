/** Crew answers as SCC stores them: table keyed by eventId (partition) and email (sort). */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromSdkError } from '../errors';
import { fromItem, queryAll } from './ddb';

export interface CrewAnswer {
  email: string;
  name: string;
  role: string;
  status: string;
  respondedAt: string | null;
}

export interface CrewStatusReader {
  /** Answers by lower-case e-mail address. */
  answers(eventId: string): Promise<Map<string, CrewAnswer>>;
}

export function dynamoCrewStatusReader(client: DynamoDBClient, table: string): CrewStatusReader {
  return {
    async answers(eventId) {
      const out = new Map<string, CrewAnswer>();
      try {
        const items = await queryAll(client, {
          TableName: table,
          KeyConditionExpression: 'eventId = :e',
          ExpressionAttributeValues: { ':e': { S: eventId } },
        });
        for (const raw of items) {
          const item = fromItem(raw);
          const email = String(item.email ?? '').toLowerCase();
          if (!email) continue;
          out.set(email, {
            email,
            name: String(item.name ?? ''),
            role: String(item.role ?? ''),
            status: String(item.status ?? 'pending'),
            respondedAt: typeof item.respondedAt === 'string' ? item.respondedAt : null,
          });
        }
      } catch (err) {
        throw fromSdkError('CrewStatusError', 'DynamoDB Query on the SCC crew table', err);
      }
      return out;
    },
  };
}
