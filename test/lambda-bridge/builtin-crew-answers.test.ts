/**
 * The built-in crew provider's table under a booking run and a crew member's answer at the same
 * time (docs/decisions: effect guarantees). The run reads the event's rows once, writes its claims,
 * sends the e-mails and writes their settlement; an answer can land between any two of those, or
 * be based on a read from before the run. Neither may overwrite the other: the answer keeps its
 * status and respondedAt, the run keeps its e-mail keys (an e-mail key lost is an e-mail sent
 * twice). The real store (crew-invitations/store.ts) against dynalite, so the writes are
 * DynamoDB's own; SES, S3 and CloudFront mocked at the SDK; the run's state in memory.
 */
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DEFAULT_TABLES,
  ensureTables,
  LOCAL_REGION,
  startEmulators,
  type Emulators,
} from '../../local/aws/emulators';
import { toItem } from '../../lambda-bridge/src/adapters/ddb';
import {
  dynamoInvitationStore,
  type InvitationRow,
  type InvitationStore,
} from '../../lambda-bridge/src/crew-invitations/store';
import { builtinEventId } from '../../lambda-bridge/src/steps/builtin-crew';
import type { BridgeRequest, StepResult } from '../../shared/bridge-contract';
import {
  MemoryNonceStore,
  MemoryStateStore,
  NOW_MS,
  pageNotThere,
  sendSigned,
  unitBridge,
  workedExampleRequest,
  type AnswerBody,
} from './helpers';

const s3 = mockClient(S3Client);
const cloudfront = mockClient(CloudFrontClient);
const ses = mockClient(SESClient);

let emulators: Emulators;
let dynamodb: DynamoDBClient;
let table = '';
let tables = 0;

beforeAll(async () => {
  emulators = await startEmulators();
  dynamodb = new DynamoDBClient({
    endpoint: emulators.endpoints.dynamodb,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  dynamodb?.destroy();
  await emulators?.stop();
});

beforeEach(async () => {
  // a table per test: each starts with no rows
  table = `crew-invitations-${++tables}`;
  await ensureTables(dynamodb, { ...DEFAULT_TABLES, crewInvitations: table });
  for (const client of [s3, cloudfront, ses]) client.reset();
  s3.on(HeadObjectCommand).rejects(pageNotThere());
  s3.on(PutObjectCommand).resolves({ ETag: '"etag"' });
  cloudfront.on(CreateInvalidationCommand).callsFake(() => ({
    Invalidation: { Id: 'INV1', Status: 'InProgress' },
  }));
  ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
});

const JO = 'jo@crew.example';
const request = (revision = 1, boat?: string): BridgeRequest => {
  const r = workedExampleRequest();
  return {
    ...r,
    booking: boat ? { ...r.booking, boat } : r.booking,
    providers: { calendar: 'dashboard', crew: 'builtin' },
    revision,
  };
};
const EVENT = builtinEventId(workedExampleRequest().booking.id);

/** A bridge whose built-in crew table is dynalite's, seen through `wrap` (to interleave answers). */
function harness(wrap: (store: InvitationStore) => InvitationStore = (s) => s) {
  const store = dynamoInvitationStore(dynamodb, table);
  const { handler } = unitBridge({
    now: () => NOW_MS,
    random: () => 0.5,
    adapters: {
      store: new MemoryStateStore(),
      nonces: new MemoryNonceStore(),
      crewStatus: { answers: async () => new Map() },
      invitations: wrap(store),
    },
  });
  return {
    store,
    async send(req: BridgeRequest): Promise<StepResult> {
      const body: AnswerBody = (await sendSigned(handler, req, NOW_MS)).body;
      const found = body.steps.find((s) => s.step === 'crewEvent');
      if (!found) throw new Error('no crewEvent step');
      return found;
    },
    async row(email: string): Promise<InvitationRow> {
      const { row } = await store.member(EVENT, email);
      if (!row) throw new Error(`no row for ${email}`);
      return row;
    },
  };
}

/** What the invitation page's form does (crew-invitations/route.ts): read the row, then answer. */
async function answerFrom(
  store: InvitationStore,
  read: InvitationRow,
  status: 'confirmed' | 'declined',
  at: string,
): Promise<boolean> {
  return store.recordAnswer(
    {
      ...read,
      status,
      respondedAt: at,
      version: read.version + 1,
      answerTimes: [...read.answerTimes, Math.floor(Date.parse(at) / 1000)],
    },
    read.version,
  );
}
async function answer(store: InvitationStore, status: 'confirmed' | 'declined', at: string) {
  const { row } = await store.member(EVENT, JO);
  if (!row) throw new Error('no row to answer');
  expect(await answerFrom(store, row, status, at)).toBe(true);
}

const mailsTo = (email: string, subject: RegExp) =>
  ses
    .commandCalls(SendEmailCommand)
    .filter((c) => c.args[0].input.Destination?.ToAddresses?.includes(email))
    .filter((c) => subject.test(c.args[0].input.Message?.Subject?.Data ?? ''));

describe('built-in crew: an answer and a booking run never overwrite each other', () => {
  const AT = '2024-05-21T09:00:00.000Z';

  it('an answer recorded after the run read the rows and before it claimed the e-mails is kept', async () => {
    let answered = false;
    const h = harness((store) => ({
      ...store,
      async save(items) {
        // the change run (revision 2) has read Jo's row as pending; Jo confirms just before the
        // run writes its claims
        const revision = items.find((i) => 'details' in i && i.revision === 2);
        if (revision && !answered) {
          answered = true;
          expect((await store.member(EVENT, JO)).row?.status).toBe('pending');
          await answer(store, 'confirmed', AT);
        }
        return store.save(items);
      },
    }));
    expect(await h.send(request(1))).toMatchObject({ status: 'done' });
    expect(await h.send(request(2, 'Sea Breeze II'))).toMatchObject({
      status: 'done',
      ids: { emailsSent: '3' },
    });
    expect(answered).toBe(true);
    expect(await h.row(JO)).toMatchObject({
      status: 'confirmed',
      respondedAt: AT,
      mailing: [],
      mailed: ['r1:invite', 'r2:change'],
      name: 'Jo Park',
    });
  });

  it('an answer to the invitation before the run settled its e-mails is kept', async () => {
    const h = harness();
    // Jo answers as soon as the invitation arrives: after the claims, before the settlement
    ses.on(SendEmailCommand, { Destination: { ToAddresses: [JO] } }).callsFake(async () => {
      await answer(h.store, 'declined', AT);
      return { MessageId: 'msg-jo' };
    });
    expect(await h.send(request(1))).toMatchObject({ status: 'done', ids: { emailsSent: '3' } });
    expect(await h.row(JO)).toMatchObject({
      status: 'declined',
      respondedAt: AT,
      version: 2,
      mailing: [],
      mailed: ['r1:invite'],
    });
    // and the same for a change e-mail on an existing row
    ses.on(SendEmailCommand, { Destination: { ToAddresses: [JO] } }).callsFake(async () => {
      await answer(h.store, 'confirmed', '2024-05-22T09:00:00.000Z');
      return { MessageId: 'msg-jo-2' };
    });
    expect(await h.send(request(2, 'Sea Breeze II'))).toMatchObject({ status: 'done' });
    expect(await h.row(JO)).toMatchObject({
      status: 'confirmed',
      respondedAt: '2024-05-22T09:00:00.000Z',
      mailing: [],
      mailed: ['r1:invite', 'r2:change'],
    });
  });

  it("an answer from a page read before the run keeps the run's e-mail keys and new details", async () => {
    const h = harness();
    await h.send(request(1));
    const page = await h.row(JO); // Jo opens the invitation page
    expect(await h.send(request(2, 'Sea Breeze II'))).toMatchObject({ status: 'done' });
    expect(await answerFrom(h.store, page, 'confirmed', AT)).toBe(true); // then answers it
    expect(await h.row(JO)).toMatchObject({
      status: 'confirmed',
      respondedAt: AT,
      mailed: ['r1:invite', 'r2:change'],
    });
    expect(mailsTo(JO, /Crew invitation/)).toHaveLength(1);
    expect(mailsTo(JO, /./)).toHaveLength(2); // the invitation and one change e-mail
  });

  it('an answer from a page read before the member was removed is refused', async () => {
    const h = harness();
    await h.send(request(1));
    const page = await h.row(JO);
    const without = request(2);
    without.crew = without.crew.filter((m) => m.email !== JO);
    expect(await h.send(without)).toMatchObject({ status: 'done' });
    expect(await answerFrom(h.store, page, 'confirmed', AT)).toBe(false);
    expect(await h.row(JO)).toMatchObject({
      status: 'removed',
      respondedAt: null,
      mailed: ['r1:invite', 'r2:removal'],
    });
  });

  it("an event from before the event item kept the e-mail keys: the rows' own are used", async () => {
    const h = harness();
    await h.send(request(1));
    // as such a table was: the keys settled in each row, none in the event item
    const key = (email: string) => ({ eventId: { S: EVENT }, email: { S: email } });
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key('#event'),
        UpdateExpression: 'REMOVE mail',
      }),
    );
    for (const m of workedExampleRequest().crew)
      await dynamodb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(m.email),
          UpdateExpression: 'SET mailing = :none, mailed = :sent',
          ExpressionAttributeValues: toItem({ ':none': [], ':sent': ['r1:invite'] }),
        }),
      );
    const changed = await h.send(request(2, 'Sea Breeze II'));
    expect(changed).toMatchObject({ status: 'done', ids: { emailsSent: '3' } });
    expect(changed.ids.doubt).toBeUndefined();
    expect(await h.row(JO)).toMatchObject({ mailing: [], mailed: ['r1:invite', 'r2:change'] });
    expect(mailsTo(JO, /./)).toHaveLength(2); // the invitation and the change, once each
  });
});
