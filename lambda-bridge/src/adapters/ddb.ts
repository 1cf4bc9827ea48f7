/**
 * A small attribute-value codec for the bridge's own items (strings, numbers, booleans, string
 * maps, lists), so the low-level DynamoDBClient is used directly (one client, easy to mock).
 */
import {
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export function toAttr(value: Plain): AttributeValue {
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toAttr) };
  const m: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) m[k] = toAttr(v);
  return { M: m };
}

export function toItem(record: Record<string, Plain | undefined>): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) item[k] = toAttr(v);
  return item;
}

export function fromAttr(attr: AttributeValue): Plain {
  if (attr.S !== undefined) return attr.S;
  if (attr.N !== undefined) return Number(attr.N);
  if (attr.BOOL !== undefined) return attr.BOOL;
  if (attr.NULL) return null;
  if (attr.L) return attr.L.map(fromAttr);
  if (attr.M) return fromItem(attr.M);
  return null;
}

export function fromItem(item: Record<string, AttributeValue>): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const [k, v] of Object.entries(item)) out[k] = fromAttr(v);
  return out;
}

export const isConditionalCheckFailed = (err: unknown): boolean =>
  (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

/** Every item a Query matches, following LastEvaluatedKey page by page. */
export async function queryAll(
  client: DynamoDBClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
