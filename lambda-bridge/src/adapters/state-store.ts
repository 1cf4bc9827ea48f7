/**
 * Workflow state in the bridge's DynamoDB table (pk S, sk S). Items of one booking, all under
 * pk = `BOOKING#{id}`:
 *   sk = `HEAD`                  latest revision started, latest revision completed, external ids
 *                                (calendarEventId, sccEventId, sccCancelled), the run lease
 *                                (leaseOwner, leaseUntil epoch ms), updatedAt, and `runRecords`:
 *                                the step records of the last run that gave its lease back
 *                                ({ revision, steps: { [step]: status, attempts, ids, lastError,
 *                                retryable, reason, updatedAt } }), written by the release itself
 *                                and read back by the next lease (no separate write or read)
 *   sk = `REVISION#{rev:10}`     what the booking looked like at that revision (for change summaries)
 *   sk = `STEP#{rev:10}#{step}`  step records as bridges before the folded `runRecords` wrote them:
 *                                only read (a run of such a revision resumed after an upgrade)
 *   sk = `EFFECT#{rev:10}#{step}` the send intent of an effect no service deduplicates (the
 *                                captain's e-mail): state sending | sent, at, ids. Written with a
 *                                conditional put before the effect, so the effect runs at most once
 *                                per revision; an intent left in `sending` is a doubt to show.
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { StepName } from '../../../shared/bridge-contract';
import { fromSdkError } from '../errors';
import { fromItem, isConditionalCheckFailed, queryAll, toAttr, toItem, type Plain } from './ddb';

export interface BookingHead {
  latestRevision: number;
  completedRevision: number;
  calendarEventId: string | null;
  sccEventId: string | null;
  sccCancelled: boolean;
  /** How many times the calendar entry / crew event was removed: part of their create keys. */
  calendarGeneration: number;
  sccGeneration: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
}

export type StepState = 'running' | 'done' | 'failed' | 'skipped';

export interface StepRecord {
  step: StepName;
  status: StepState;
  attempts: number;
  ids: Record<string, string>;
  lastError: string | null;
  retryable: boolean | null;
  reason: string | null;
  updatedAt: string;
}

export interface BookingSnapshot {
  op: string;
  start: string;
  durationMinutes: number;
  timeZone: string;
  boat: string;
  pickupLocation: string;
  guestName: string;
  partySize: number | null;
  /** "Name (role)" of each crew member invited (absent in snapshots of older bridge versions). */
  crew?: string[];
}

export type LeaseResult =
  | {
      kind: 'acquired';
      head: BookingHead;
      /**
       * When an earlier run of this revision took the lease (epoch ms), or null when no run of it
       * ever started: then no step of it was attempted and nothing needs reading or looking up.
       * Absent when the store cannot tell (the workflow then reads the step records).
       */
      priorAttemptAt?: number | null;
      /**
       * The step records of this revision that the last run left on the head (read with the
       * lease itself); absent when the head holds none for this revision although a run of it
       * started (it ended without giving the lease back, or an older bridge ran it): the
       * workflow then asks `steps`.
       */
      previous?: StepRecords;
    }
  | { kind: 'busy'; head: BookingHead }
  | { kind: 'superseded'; head: BookingHead };

export type HeadIds = Partial<
  Pick<
    BookingHead,
    'calendarEventId' | 'sccEventId' | 'sccCancelled' | 'calendarGeneration' | 'sccGeneration'
  >
>;

export type StepRecords = Partial<Record<StepName, StepRecord>>;

/** Every step record of one run of a revision, written with the lease release. */
export interface RunRecords {
  revision: number;
  records: StepRecord[];
}

/** What a claim on a once-only effect found. */
export type EffectClaim =
  | { kind: 'claimed' }
  | { kind: 'sent'; ids: Record<string, string> }
  /** An earlier attempt started the effect and never learned whether it happened. */
  | { kind: 'in-doubt'; since: string };

export interface StateStore {
  /** Records the intent to perform `effect` for this revision, unless an earlier attempt did. */
  claimEffect(
    bookingId: string,
    revision: number,
    effect: StepName,
    nowMs: number,
  ): Promise<EffectClaim>;
  /** After the effect: `sent` with its ids, or `not-sent` (it certainly did not happen: claimable again). */
  settleEffect(
    bookingId: string,
    revision: number,
    effect: StepName,
    outcome: { kind: 'sent'; ids: Record<string, string> } | { kind: 'not-sent' },
  ): Promise<void>;
  /** Takes the booking's run lease for `revision` unless held or a newer revision has started. */
  acquire(
    bookingId: string,
    revision: number,
    owner: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<LeaseResult>;
  /**
   * Gives the lease back, in one write with the external ids the run learned (`ids`, as setHead
   * would), `completedRevision` when every step of it is settled, and the run's step records
   * (`run`). A lease that is no longer this run's is left alone; the records are then still
   * written unless a newer revision has started (they would mean nothing to it).
   */
  release(
    bookingId: string,
    owner: string,
    completedRevision: number | null,
    ids?: HeadIds,
    run?: RunRecords,
  ): Promise<void>;
  /** Step records of a revision kept as separate items by bridges before `runRecords`. */
  steps(bookingId: string, revision: number): Promise<StepRecords>;
  /** Sets (or, with null, removes) external ids on the head. */
  setHead(bookingId: string, ids: HeadIds): Promise<void>;
  /** What the booking looks like at this revision (the first write of a revision wins). */
  saveSnapshot(bookingId: string, revision: number, snapshot: BookingSnapshot): Promise<void>;
  /** The snapshot of the newest revision before `revision`, if any. */
  previousSnapshot(
    bookingId: string,
    revision: number,
  ): Promise<{ revision: number; snapshot: BookingSnapshot } | null>;
}

export const pkOf = (bookingId: string) => `BOOKING#${bookingId}`;
export const revKey = (revision: number) => String(revision).padStart(10, '0');

export const EMPTY_HEAD: BookingHead = {
  latestRevision: 0,
  completedRevision: 0,
  calendarEventId: null,
  sccEventId: null,
  sccCancelled: false,
  calendarGeneration: 0,
  sccGeneration: 0,
  leaseOwner: null,
  leaseUntil: null,
};

export function headFromItem(item: Record<string, AttributeValue> | undefined): BookingHead {
  if (!item) return { ...EMPTY_HEAD };
  const p = fromItem(item);
  const str = (v: Plain | undefined) => (typeof v === 'string' && v ? v : null);
  const num = (v: Plain | undefined) => (typeof v === 'number' ? v : null);
  return {
    latestRevision: num(p.latestRevision) ?? 0,
    completedRevision: num(p.completedRevision) ?? 0,
    calendarEventId: str(p.calendarEventId),
    sccEventId: str(p.sccEventId),
    sccCancelled: p.sccCancelled === true,
    calendarGeneration: num(p.calendarGeneration) ?? 0,
    sccGeneration: num(p.sccGeneration) ?? 0,
    leaseOwner: str(p.leaseOwner),
    leaseUntil: num(p.leaseUntil),
  };
}

function stepFromPlain(p: { [key: string]: Plain }): StepRecord {
  const ids: Record<string, string> = {};
  if (p.ids && typeof p.ids === 'object' && !Array.isArray(p.ids))
    for (const [k, v] of Object.entries(p.ids)) if (typeof v === 'string') ids[k] = v;
  return {
    step: String(p.step) as StepName,
    status: String(p.status) as StepState,
    attempts: typeof p.attempts === 'number' ? p.attempts : 0,
    ids,
    lastError: typeof p.lastError === 'string' ? p.lastError : null,
    retryable: typeof p.retryable === 'boolean' ? p.retryable : null,
    reason: typeof p.reason === 'string' ? p.reason : null,
    updatedAt: String(p.updatedAt ?? ''),
  };
}

/** SET/REMOVE clauses for external ids on the head (null removes). */
function headUpdate(ids: HeadIds) {
  const sets: string[] = [];
  const removes: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(ids)) {
    if (value === undefined) continue;
    names[`#${key}`] = key;
    if (value === null) removes.push(`#${key}`);
    else {
      sets.push(`#${key} = :${key}`);
      values[`:${key}`] = toAttr(value);
    }
  }
  return { sets, removes, names, values };
}

const RUN_RECORDS = 'runRecords';

/** The head's `runRecords` attribute for one run. */
const runRecordsAttr = (run: RunRecords): AttributeValue =>
  toAttr({
    revision: run.revision,
    steps: Object.fromEntries(
      run.records.map((r) => [r.step, { ...r, ids: { ...r.ids } } as unknown as Plain]),
    ),
  });

/** The step records a head item holds for `revision`, if it holds that revision's. */
export function runRecordsOf(
  item: Record<string, AttributeValue> | undefined,
  revision: number,
): StepRecords | undefined {
  const attr = item?.[RUN_RECORDS];
  if (!attr?.M) return undefined;
  const run = fromItem(attr.M);
  if (run.revision !== revision || !run.steps || typeof run.steps !== 'object') return undefined;
  const out: StepRecords = {};
  for (const value of Object.values(run.steps as { [key: string]: Plain }))
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const record = stepFromPlain(value);
      out[record.step] = record;
    }
  return out;
}

export function dynamoStateStore(client: DynamoDBClient, table: string): StateStore {
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw fromSdkError('StateStoreError', `DynamoDB ${what} on the state table`, err);
    }
  };
  const headKey = (bookingId: string) => ({ pk: { S: pkOf(bookingId) }, sk: { S: 'HEAD' } });
  const getHeadItem = (bookingId: string) =>
    call('GetItem', async () => {
      const out = await client.send(
        new GetItemCommand({ TableName: table, Key: headKey(bookingId), ConsistentRead: true }),
      );
      return out.Item;
    });

  const effectKey = (bookingId: string, revision: number, effect: StepName) => ({
    pk: { S: pkOf(bookingId) },
    sk: { S: `EFFECT#${revKey(revision)}#${effect}` },
  });

  return {
    async claimEffect(bookingId, revision, effect, nowMs) {
      const key = effectKey(bookingId, revision, effect);
      // This claim's token: when the SDK's retry of the put finds the intent already there, the
      // first try may have landed with its answer lost; the token says whether it is ours.
      const claim = randomUUID();
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              ...key,
              state: { S: 'sending' },
              at: { S: new Date(nowMs).toISOString() },
              claim: { S: claim },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { kind: 'claimed' };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) {
          // No answer: the put may have landed. Nothing was sent under this claim, so take it
          // back if it is there (only ours: the condition names the token), or the next run
          // would find it and report a doubt about an e-mail that never went.
          await client
            .send(
              new DeleteItemCommand({
                TableName: table,
                Key: key,
                ConditionExpression: 'claim = :c',
                ExpressionAttributeValues: { ':c': { S: claim } },
              }),
            )
            .catch(() => undefined);
          throw fromSdkError('StateStoreError', 'DynamoDB PutItem (send intent)', err);
        }
      }
      const out = await call('GetItem', () =>
        client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true })),
      );
      const p = fromItem(out.Item ?? {});
      if (p.state === 'sending' && p.claim === claim) return { kind: 'claimed' };
      if (p.state === 'sent') {
        const ids: Record<string, string> = {};
        if (p.ids && typeof p.ids === 'object' && !Array.isArray(p.ids))
          for (const [k, v] of Object.entries(p.ids)) if (typeof v === 'string') ids[k] = v;
        return { kind: 'sent', ids };
      }
      if (!out.Item) return this.claimEffect(bookingId, revision, effect, nowMs);
      return { kind: 'in-doubt', since: String(p.at ?? '') };
    },

    async settleEffect(bookingId, revision, effect, outcome) {
      const key = effectKey(bookingId, revision, effect);
      if (outcome.kind === 'not-sent') {
        await call('DeleteItem', () =>
          client.send(new DeleteItemCommand({ TableName: table, Key: key })),
        );
        return;
      }
      await call('PutItem', () =>
        client.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              ...key,
              ...toItem({ state: 'sent', ids: outcome.ids, at: new Date().toISOString() }),
            },
          }),
        ),
      );
    },

    async acquire(bookingId, revision, owner, nowMs, leaseMs) {
      try {
        const out = await client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: headKey(bookingId),
            UpdateExpression:
              'SET leaseOwner = :o, leaseUntil = :u, latestRevision = :r, bookingId = :b, updatedAt = :t',
            ConditionExpression:
              '(attribute_not_exists(leaseUntil) OR leaseUntil < :now) AND ' +
              '(attribute_not_exists(latestRevision) OR latestRevision <= :r)',
            ExpressionAttributeValues: {
              ':o': { S: owner },
              ':u': { N: String(nowMs + leaseMs) },
              ':r': { N: String(revision) },
              ':b': { S: bookingId },
              ':t': { S: new Date(nowMs).toISOString() },
              ':now': { N: String(nowMs) },
            },
            ReturnValues: 'ALL_OLD',
          }),
        );
        // The old item tells whether (and when) a run of this revision started before, and
        // holds the step records its last run left.
        const old = out.Attributes;
        const before = headFromItem(old);
        const priorAt = old?.updatedAt?.S ? Date.parse(old.updatedAt.S) : Number.NaN;
        const started = !!old && before.latestRevision === revision;
        const previous = started ? runRecordsOf(old, revision) : {};
        return {
          kind: 'acquired',
          head: {
            ...before,
            leaseOwner: owner,
            leaseUntil: nowMs + leaseMs,
            latestRevision: revision,
          },
          priorAttemptAt: started ? (Number.isFinite(priorAt) ? priorAt : 0) : null,
          ...(previous ? { previous } : {}),
        };
      } catch (err) {
        if (!isConditionalCheckFailed(err))
          throw fromSdkError(
            'StateStoreError',
            'DynamoDB UpdateItem (lease) on the state table',
            err,
          );
      }
      const item = await getHeadItem(bookingId);
      const head = headFromItem(item);
      // The SDK's retry found the lease taken by this very call (the first try's answer was lost):
      // it is ours. When an earlier run of this revision started is then unknown (the old item is
      // gone); its step records are still on the head (else the workflow reads the STEP# items).
      if (head.leaseOwner === owner && head.latestRevision === revision) {
        const previous = runRecordsOf(item, revision);
        return { kind: 'acquired', head, ...(previous ? { previous } : {}) };
      }
      return head.latestRevision > revision ? { kind: 'superseded', head } : { kind: 'busy', head };
    },

    async release(bookingId, owner, completedRevision, ids = {}, run) {
      const head = headUpdate(ids);
      const values: Record<string, AttributeValue> = { ':o': { S: owner }, ...head.values };
      const names: Record<string, string> = { ...head.names };
      const sets = [...head.sets];
      if (completedRevision !== null) {
        sets.push('completedRevision = :c');
        values[':c'] = { N: String(completedRevision) };
      }
      if (run) {
        names['#run'] = RUN_RECORDS;
        sets.push('#run = :run');
        values[':run'] = runRecordsAttr(run);
      }
      const update = [
        sets.length ? `SET ${sets.join(', ')}` : '',
        `REMOVE ${['leaseOwner', 'leaseUntil', ...head.removes].join(', ')}`,
      ]
        .filter(Boolean)
        .join(' ');
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: headKey(bookingId),
            UpdateExpression: update,
            ConditionExpression: 'leaseOwner = :o',
            ExpressionAttributeValues: values,
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          }),
        );
        return;
      } catch (err) {
        // Someone else holds it now (our lease ran out): nothing of ours to release.
        if (!isConditionalCheckFailed(err))
          throw fromSdkError(
            'StateStoreError',
            'DynamoDB UpdateItem (release) on the state table',
            err,
          );
      }
      if (!run) return;
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: headKey(bookingId),
            UpdateExpression: 'SET #run = :run',
            ConditionExpression: 'latestRevision = :r',
            ExpressionAttributeNames: { '#run': RUN_RECORDS },
            ExpressionAttributeValues: {
              ':run': runRecordsAttr(run),
              ':r': { N: String(run.revision) },
            },
          }),
        );
      } catch (err) {
        // A newer revision has started: this revision's records mean nothing to it.
        if (!isConditionalCheckFailed(err))
          throw fromSdkError(
            'StateStoreError',
            'DynamoDB UpdateItem (run records) on the state table',
            err,
          );
      }
    },

    async steps(bookingId, revision) {
      return call('Query', async () => {
        const out: StepRecords = {};
        const items = await queryAll(client, {
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': { S: pkOf(bookingId) },
            ':prefix': { S: `STEP#${revKey(revision)}#` },
          },
          ConsistentRead: true,
        });
        for (const item of items) {
          const record = stepFromPlain(fromItem(item));
          out[record.step] = record;
        }
        return out;
      });
    },

    async setHead(bookingId, ids) {
      const { sets, removes, names, values } = headUpdate(ids);
      if (!sets.length && !removes.length) return;
      const expression = [
        sets.length ? `SET ${sets.join(', ')}` : '',
        removes.length ? `REMOVE ${removes.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      await call('UpdateItem', () =>
        client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: headKey(bookingId),
            UpdateExpression: expression,
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
            ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
          }),
        ),
      );
    },

    async saveSnapshot(bookingId, revision, snapshot) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: toItem({
              pk: pkOf(bookingId),
              sk: `REVISION#${revKey(revision)}`,
              revision,
              snapshot: snapshot as unknown as Plain,
            }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (err) {
        if (isConditionalCheckFailed(err)) return; // first write of a revision wins
        throw fromSdkError(
          'StateStoreError',
          'DynamoDB PutItem (revision) on the state table',
          err,
        );
      }
    },

    async previousSnapshot(bookingId, revision) {
      if (revision <= 1) return null;
      return call('Query', async () => {
        const out = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': { S: pkOf(bookingId) },
              ':from': { S: 'REVISION#' },
              ':to': { S: `REVISION#${revKey(revision - 1)}` },
            },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        );
        const item = out.Items?.[0];
        if (!item) return null;
        const p = fromItem(item);
        return {
          revision: Number(p.revision),
          snapshot: p.snapshot as unknown as BookingSnapshot,
        };
      });
    },
  };
}
