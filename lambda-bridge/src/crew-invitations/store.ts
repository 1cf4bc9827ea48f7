/**
 * The built-in crew provider's own table, in the shape the crew loop reads from SCC's: partition
 * key `eventId` (S), sort key `email` (S); per member `name`, `role`, `status` (pending |
 * confirmed | declined; `removed` once dropped from the charter), `invitedAt`, `respondedAt`.
 * Beside those, what the invitations need: the invitation id its link carries, a version for
 * answers (a replayed form finds it changed and writes nothing), recent answer times (rate limit),
 * and `ttl` (epoch seconds, after the charter). One item per event (sort key `#event`) keeps the
 * crew-facing details the page shows and every member's e-mails sent and in flight (each once).
 *
 * Who writes what (an answer can land while a booking run is between its read and its writes, so
 * neither side ever writes the other's attributes from a copy it read earlier):
 * - an answer (`recordAnswer`) is one UpdateItem that sets only `status`, `respondedAt`,
 *   `answerTimes` and `version`, on condition the row still has the version and invitation id
 *   the page showed;
 * - a booking run (the workflow's per-booking lease keeps runs of a booking apart) keeps every
 *   member's e-mail keys (`mailing`, `mailed`, `owed`) in the event item (`mail`, by e-mail), which
 *   no answer writes: a claim or a settlement is a whole-item write of the event. It writes whole
 *   member rows only where no answer can land (new rows, and rows removed before: the route
 *   refuses a removed row's answers, and its version changed); an existing member's row is written
 *   only when its details change, with `update` (one UpdateItem that sets `name`, `role`, `ttl`; a
 *   removal also `status` "removed", a new `invitationId` and `version` + 1, atomically).
 *   `load` and `member` give each row the event's copy of its e-mail keys (a row's own, from
 *   before the event kept them, only when the event has none).
 *
 * Calls: a booking run reads the event with one Query and writes with one BatchWriteItem per 25
 * items (the claims: the event and new rows) plus one UpdateItem per existing member whose details
 * changed, and settles its e-mails with one more write of the event (a new booking: Query,
 * BatchWriteItem, BatchWriteItem); an answer is one BatchGetItem and one UpdateItem.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { AdapterError, fromSdkError, isAdapterError } from '../errors';
import { fromItem, isConditionalCheckFailed, queryAll, toItem, type Plain } from '../adapters/ddb';

export const EVENT_SORT_KEY = '#event';
export const MEMBER_STATUSES = ['pending', 'confirmed', 'declined', 'removed'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** What a crew member sees on the page and in the e-mails (crew-facing: no money). */
export interface CrewPageDetails {
  title: string;
  date: string;
  time: string;
  zone: string;
  duration: string;
  boat: string;
  meetingPoint: string;
  captain: string;
  guests: string;
  notes: string;
  checklistUrl: string;
  crew: Array<{ name: string; role: string }>;
}

/** One member's e-mail keys (see InvitationRow): kept in the event item, which answers never write. */
export interface MailState {
  mailing: string[];
  mailed: string[];
  owed: string[];
}

export interface InvitationEvent {
  eventId: string;
  bookingId: string;
  revision: number;
  cancelled: boolean;
  details: CrewPageDetails;
  /** Hash of `details`: a change e-mail goes out only when what the crew sees changed. */
  detailsHash: string;
  /** Epoch seconds: answers close at departure; links die at the end. */
  departureAt: number;
  endsAt: number;
  ttl: number;
  /** Every member's e-mail keys, by e-mail: the authority over the rows' own copies. */
  mail?: Record<string, MailState>;
}

export interface InvitationRow {
  eventId: string;
  email: string;
  name: string;
  role: string;
  status: MemberStatus;
  invitedAt: string;
  respondedAt: string | null;
  invitationId: string;
  version: number;
  /**
   * E-mail keys (`r{revision}:{kind}`) claimed but not confirmed sent: never sent again. These
   * three are kept in the event item (`InvitationEvent.mail`); `load` and `member` fill them in.
   */
  mailing: string[];
  mailed: string[];
  /** E-mail keys whose send certainly failed (SES refused or throttled it): the next run sends them. */
  owed?: string[];
  /** Epoch seconds of this member's recent answers (the rate limit's window). */
  answerTimes: number[];
  ttl: number;
}

/** An existing member row to write with `update`; `removal` when this run drops the member. */
export interface MemberUpdate {
  row: InvitationRow;
  removal?: boolean;
}

export interface InvitationStore {
  load(eventId: string): Promise<{ event: InvitationEvent | null; rows: InvitationRow[] }>;
  /**
   * Whole items, for the event (with every member's e-mail keys) and for member rows no answer
   * can touch (new, or removed before this run): an existing member row goes through `update`.
   */
  save(items: ReadonlyArray<InvitationEvent | InvitationRow>): Promise<void>;
  /**
   * Only the booking run's attributes of existing member rows (name, role, ttl; the e-mail keys
   * live in the event); `removal` also sets status "removed", the row's new invitation id and
   * version + 1. An answer recorded meanwhile keeps its status, respondedAt and answer times.
   */
  update(rows: ReadonlyArray<MemberUpdate>): Promise<void>;
  member(
    eventId: string,
    email: string,
  ): Promise<{ event: InvitationEvent | null; row: InvitationRow | null }>;
  /**
   * Writes only the answer's attributes (status, respondedAt, answerTimes, version) and only if
   * the row still has `expectedVersion` and the row's invitation id; false when either changed.
   */
  recordAnswer(row: InvitationRow, expectedVersion: number): Promise<boolean>;
}

const isEvent = (item: InvitationEvent | InvitationRow): item is InvitationEvent =>
  'details' in item;

function toDynamo(item: InvitationEvent | InvitationRow): Record<string, AttributeValue> {
  if (isEvent(item))
    return toItem({
      ...(item as unknown as Record<string, Plain>),
      email: EVENT_SORT_KEY,
    });
  return toItem(item as unknown as Record<string, Plain>);
}

const strings = (v: Plain | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

type PlainMap = { [k: string]: Plain };
const isMap = (v: Plain | undefined): v is PlainMap =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** The event's `mail` attribute: each member's e-mail keys, by e-mail. */
function mailMapOf(mail: PlainMap): Record<string, MailState> {
  return Object.fromEntries(
    Object.entries(mail).map(([email, m]) => {
      const o = isMap(m) ? m : {};
      return [
        email,
        { mailing: strings(o.mailing), mailed: strings(o.mailed), owed: strings(o.owed) },
      ];
    }),
  );
}

export function rowOf(raw: Record<string, AttributeValue>): InvitationEvent | InvitationRow {
  const p = fromItem(raw);
  const text = (v: Plain | undefined) => (typeof v === 'string' ? v : '');
  const num = (v: Plain | undefined) => (typeof v === 'number' ? v : 0);
  if (p.email === EVENT_SORT_KEY)
    return {
      eventId: text(p.eventId),
      bookingId: text(p.bookingId),
      revision: num(p.revision),
      cancelled: p.cancelled === true,
      details: p.details as unknown as CrewPageDetails,
      detailsHash: text(p.detailsHash),
      departureAt: num(p.departureAt),
      endsAt: num(p.endsAt),
      ttl: num(p.ttl),
      ...(isMap(p.mail) ? { mail: mailMapOf(p.mail) } : {}),
    };
  const status = MEMBER_STATUSES.find((s) => s === p.status) ?? 'pending';
  return {
    eventId: text(p.eventId),
    email: text(p.email),
    name: text(p.name),
    role: text(p.role),
    status,
    invitedAt: text(p.invitedAt),
    respondedAt: typeof p.respondedAt === 'string' ? p.respondedAt : null,
    invitationId: text(p.invitationId),
    version: num(p.version),
    mailing: strings(p.mailing),
    mailed: strings(p.mailed),
    owed: strings(p.owed),
    answerTimes: Array.isArray(p.answerTimes)
      ? p.answerTimes.filter((x): x is number => typeof x === 'number')
      : [],
    ttl: num(p.ttl),
  };
}

/** The row with the event's copy of its e-mail keys, when the event keeps them. */
export function withMailOf(event: InvitationEvent | null, row: InvitationRow): InvitationRow {
  const mail = event?.mail?.[row.email];
  return mail
    ? { ...row, mailing: [...mail.mailing], mailed: [...mail.mailed], owed: [...mail.owed] }
    : row;
}

const BATCH_WRITE_MAX = 25;

export function dynamoInvitationStore(client: DynamoDBClient, table: string): InvitationStore {
  const fail = (what: string, err: unknown) =>
    isAdapterError(err)
      ? err
      : fromSdkError('CrewStatusError', `DynamoDB ${what} (crew invitations)`, err);
  return {
    async load(eventId) {
      let items: Array<Record<string, AttributeValue>>;
      try {
        items = await queryAll(client, {
          TableName: table,
          KeyConditionExpression: 'eventId = :e',
          ExpressionAttributeValues: { ':e': { S: eventId } },
          ConsistentRead: true,
        });
      } catch (err) {
        throw fail('Query', err);
      }
      const all = items.map(rowOf);
      const event = (all.find(isEvent) as InvitationEvent | undefined) ?? null;
      return {
        event,
        rows: all.filter((i): i is InvitationRow => !isEvent(i)).map((r) => withMailOf(event, r)),
      };
    },
    async save(items) {
      for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) {
        let pending = items
          .slice(i, i + BATCH_WRITE_MAX)
          .map((item) => ({ PutRequest: { Item: toDynamo(item) } }));
        for (let round = 0; pending.length > 0; round += 1) {
          if (round >= 5)
            throw new AdapterError(
              'CrewStatusError',
              'throttled',
              'DynamoDB left crew invitation writes unprocessed; try again later',
              { retryable: true },
            );
          try {
            const out = await client.send(
              new BatchWriteItemCommand({ RequestItems: { [table]: pending } }),
            );
            pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
          } catch (err) {
            throw fail('BatchWriteItem', err);
          }
        }
      }
    },
    async member(eventId, email) {
      let out;
      try {
        out = await client.send(
          new BatchGetItemCommand({
            RequestItems: {
              [table]: {
                Keys: [
                  { eventId: { S: eventId }, email: { S: EVENT_SORT_KEY } },
                  { eventId: { S: eventId }, email: { S: email } },
                ],
                ConsistentRead: true,
              },
            },
          }),
        );
      } catch (err) {
        throw fail('BatchGetItem', err);
      }
      const all = (out.Responses?.[table] ?? []).map(rowOf);
      const event = (all.find(isEvent) as InvitationEvent | undefined) ?? null;
      const row = (all.find((i) => !isEvent(i)) as InvitationRow | undefined) ?? null;
      return { event, row: row ? withMailOf(event, row) : null };
    },
    async update(updates) {
      await Promise.all(
        updates.map(async ({ row, removal }) => {
          const names: Record<string, string> = { '#name': 'name', '#role': 'role', '#ttl': 'ttl' };
          const values: Record<string, AttributeValue> = toItem({
            ':name': row.name,
            ':role': row.role,
            ':ttl': row.ttl,
          });
          const sets = Object.keys(names).map((n) => `${n} = :${n.slice(1)}`);
          if (removal) {
            Object.assign(names, { '#status': 'status', '#inv': 'invitationId', '#v': 'version' });
            Object.assign(
              values,
              toItem({ ':status': 'removed', ':inv': row.invitationId, ':one': 1, ':zero': 0 }),
            );
            sets.push('#status = :status', '#inv = :inv', '#v = if_not_exists(#v, :zero) + :one');
          }
          try {
            await client.send(
              new UpdateItemCommand({
                TableName: table,
                Key: { eventId: { S: row.eventId }, email: { S: row.email } },
                UpdateExpression: `SET ${sets.join(', ')}`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              }),
            );
          } catch (err) {
            throw fail('UpdateItem', err);
          }
        }),
      );
    },
    async recordAnswer(row, expectedVersion) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { eventId: { S: row.eventId }, email: { S: row.email } },
            UpdateExpression: 'SET #s = :s, #r = :r, #t = :t, #v = :next',
            ConditionExpression: '#v = :v AND #i = :i',
            ExpressionAttributeNames: {
              '#s': 'status',
              '#r': 'respondedAt',
              '#t': 'answerTimes',
              '#v': 'version',
              '#i': 'invitationId',
            },
            ExpressionAttributeValues: toItem({
              ':s': row.status,
              ':r': row.respondedAt,
              ':t': row.answerTimes,
              ':next': row.version,
              ':v': expectedVersion,
              ':i': row.invitationId,
            }),
          }),
        );
        return true;
      } catch (err) {
        if (isConditionalCheckFailed(err)) return false;
        throw fail('UpdateItem', err);
      }
    },
  };
}
