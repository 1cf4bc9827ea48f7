/**
 * The bridge's crew status sync (POST /v1/crew-status) on a controlled clock, with the real AWS
 * SDK clients over HTTP: dynalite holds the state table and SCC's answers table, aws-ses-v2-local
 * captures the captain's notices. Each booking's crew event id sits on its HEAD item, exactly as
 * the workflow leaves it; the answers are SCC's rows (eventId, email, status, invitedAt,
 * respondedAt).
 */
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient as DynamoClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import {
  clearSesStore,
  DEFAULT_TABLES,
  ensureTables,
  LOCAL_REGION,
  readSesStore,
  startEmulators,
  type Emulators,
} from '../../local/aws/emulators';
import { createHandler, type BridgeHandler } from '../../lambda-bridge/src/app';
import { toItem } from '../../lambda-bridge/src/adapters/ddb';
import { silentLogger } from '../../lambda-bridge/src/log';
import {
  CREW_STATUS_PATH,
  type CrewStatusBooking,
  type CrewStatusResponse,
} from '../../shared/crew-status-contract';
import { mockedClients, signedEvent, testConfig } from './helpers';

const HOUR = 3_600_000;
/** Departure of every booking here: 2026-07-04 10:00 in San Diego. */
const DEPARTURE = '2026-07-04T10:00:00-07:00';
const DEPARTURE_MS = Date.parse(DEPARTURE);
const CAPTAIN = 'owner@charter.example';

const CREW = [
  { name: 'Sam Rivera', role: 'captain', email: 'sam@crew.example' },
  { name: 'Dana Deck', role: 'deckhand', email: 'dana@crew.example' },
  { name: 'Lee Line', role: 'deckhand', email: 'lee@crew.example' },
];

let emulators: Emulators;
let dynamodb: DynamoDBClient;
let ses: SESClient;
let nowMs = DEPARTURE_MS - 72 * HOUR;

const handlerFor = (sccTable: string = DEFAULT_TABLES.sccResponses): BridgeHandler =>
  createHandler({
    config: testConfig({ sccResponsesTable: sccTable }),
    clients: { ...mockedClients(), dynamodb, ses },
    now: () => nowMs,
    log: silentLogger,
  });

beforeAll(async () => {
  emulators = await startEmulators();
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  dynamodb = new DynamoClient({
    endpoint: emulators.endpoints.dynamodb,
    region: LOCAL_REGION,
    credentials,
  });
  ses = new SESClient({ endpoint: emulators.endpoints.ses, region: LOCAL_REGION, credentials });
  await ensureTables(dynamodb);
}, 60_000);

afterAll(async () => {
  dynamodb?.destroy();
  ses?.destroy();
  await emulators?.stop();
});

beforeEach(async () => {
  nowMs = DEPARTURE_MS - 72 * HOUR;
  await clearSesStore(emulators.endpoints.ses);
});

/** A booking whose crew event exists: its HEAD names the SCC event; every member invited at `invitedAt`. */
async function bookingWithEvent(id: string, invitedAtMs = DEPARTURE_MS - 10 * 24 * HOUR) {
  const eventId = `scc_${id.toLowerCase()}`;
  await dynamodb.send(
    new PutItemCommand({
      TableName: DEFAULT_TABLES.state,
      Item: toItem({ pk: `BOOKING#${id}`, sk: 'HEAD', sccEventId: eventId, latestRevision: 1 }),
    }),
  );
  for (const m of CREW) await row(eventId, m.email, 'pending', invitedAtMs);
  return eventId;
}

/** SCC's row for one member (what a magic-link answer writes). */
async function row(eventId: string, email: string, status: string, invitedAtMs: number) {
  const member = CREW.find((m) => m.email === email)!;
  await dynamodb.send(
    new PutItemCommand({
      TableName: DEFAULT_TABLES.sccResponses,
      Item: toItem({
        eventId,
        email,
        name: member.name,
        role: member.role,
        status,
        invitedAt: new Date(invitedAtMs).toISOString(),
        ...(status === 'pending' ? {} : { respondedAt: new Date(nowMs).toISOString() }),
      }),
    }),
  );
}

const answer = (eventId: string, email: string, status: 'confirmed' | 'declined') =>
  row(eventId, email, status, DEPARTURE_MS - 10 * 24 * HOUR);

function syncBody(
  bookings: Array<Partial<CrewStatusBooking> & { bookingId: string }>,
  noAnswerHours = 48,
) {
  return {
    bookings: bookings.map((b) => ({
      revision: 1,
      start: DEPARTURE,
      timeZone: 'America/Los_Angeles',
      title: 'Boatsetter \u2014 Jul 4 (4h)',
      guestName: 'Alicia Gomez',
      crew: CREW,
      noticesSent: [],
      ...b,
    })),
    captain: { email: CAPTAIN, name: 'Dana Whitfield' },
    noAnswerHours,
    requestedAt: new Date(nowMs).toISOString(),
  };
}

async function sync(
  body: object,
  handler = handlerFor(),
): Promise<{ status: number; body: CrewStatusResponse & { error?: { message: string } } }> {
  const result = await handler(
    signedEvent(JSON.stringify(body), { path: CREW_STATUS_PATH, nowSeconds: nowMs / 1000 }),
  );
  return { status: result.statusCode ?? 0, body: JSON.parse(result.body ?? 'null') };
}

async function notices() {
  const { emails } = await readSesStore(emulators.endpoints.ses);
  return emails.map((m) => ({ subject: m.subject, text: m.body.text ?? '', to: m.destination.to }));
}

const answers = (res: CrewStatusResponse, id: string) =>
  Object.fromEntries(
    res.bookings.find((b) => b.bookingId === id)!.members.map((m) => [m.name, m.answer]),
  );

describe('crew status sync: answers', () => {
  it('reads the answers of any number of bookings with one batched read of each table', async () => {
    // Prepare: count the DynamoDB calls the bridge makes
    const calls: string[] = [];
    dynamodb.middlewareStack.add(
      (next, context) => (args) => {
        calls.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countCalls' },
    );
    const ids = ['MANY1', 'MANY2', 'MANY3', 'MANY4', 'MANY5'];
    for (const id of ids) await bookingWithEvent(id);
    calls.length = 0;

    // Act
    try {
      const { body } = await sync(syncBody(ids.map((bookingId) => ({ bookingId }))));
      expect(body.bookings).toHaveLength(5);
    } finally {
      dynamodb.middlewareStack.remove('countCalls');
    }

    // Assess: the nonce, the heads, the answers: whatever the number of bookings
    expect(calls).toEqual(['PutItemCommand', 'BatchGetItemCommand', 'BatchGetItemCommand']);
  });

  it('reads every booking in one request and answers per member: confirmed, declined, waiting, since when', async () => {
    // Prepare
    const a = await bookingWithEvent('ANS1');
    await bookingWithEvent('ANS2');
    await answer(a, 'sam@crew.example', 'confirmed');
    await answer(a, 'lee@crew.example', 'declined');

    // Act
    const { status, body } = await sync(
      syncBody([{ bookingId: 'ANS1' }, { bookingId: 'ANS2' }, { bookingId: 'NOEVENT' }]),
    );

    // Assess
    expect(status).toBe(200);
    expect(body.answersReadable).toBe(true);
    expect(answers(body, 'ANS1')).toEqual({
      'Sam Rivera': 'confirmed',
      'Dana Deck': 'waiting',
      'Lee Line': 'declined',
    });
    expect(body.bookings.find((b) => b.bookingId === 'ANS1')!.members[0]!.since).toBe(
      new Date(nowMs).toISOString(),
    );
    expect(answers(body, 'ANS2')).toEqual({
      'Sam Rivera': 'waiting',
      'Dana Deck': 'waiting',
      'Lee Line': 'waiting',
    });
    // A booking without a crew event: nobody invited yet, no notice about it.
    expect(body.bookings.find((b) => b.bookingId === 'NOEVENT')).toMatchObject({
      eventId: null,
      notices: [],
    });
  });

  it('when the answers table cannot be read: says so, sends nothing, answers no booking', async () => {
    // Prepare
    const e = await bookingWithEvent('DOWN1');
    await answer(e, 'lee@crew.example', 'declined');

    // Act
    const { status, body } = await sync(
      syncBody([{ bookingId: 'DOWN1' }]),
      handlerFor('no-such-table'),
    );

    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: false, answersReadable: false, bookings: [] });
    expect(body.problem).toMatch(/crew answers could not be read/);
    expect(await notices()).toEqual([]);
  });

  it('answers 400 naming the field for a request without the captain', async () => {
    const { captain: _captain, ...rest } = syncBody([{ bookingId: 'BAD1' }]);
    const { status, body } = await sync(rest);
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(/captain/);
  });
});

describe('crew status sync: notices to the captain, each exactly once', () => {
  it('a decline is noticed at once, naming who and the role to fill; never again for that revision', async () => {
    // Prepare
    const e = await bookingWithEvent('DECL1');
    await answer(e, 'lee@crew.example', 'declined');

    // Act: the run, a repeat that does not know (the sheet lost its write), and a later run
    const first = await sync(syncBody([{ bookingId: 'DECL1' }]));
    const repeat = await sync(syncBody([{ bookingId: 'DECL1' }]));
    nowMs += HOUR;
    const later = await sync(
      syncBody([
        { bookingId: 'DECL1', noticesSent: first.body.bookings[0]!.notices.map((n) => n.key) },
      ]),
    );

    // Assess
    const mail = await notices();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to).toEqual([CAPTAIN]);
    expect(mail[0]!.subject).toContain('Crew declined: Lee Line (deckhand) for DECL1');
    expect(mail[0]!.text).toContain('You need another deckhand');
    expect(first.body.bookings[0]!.notices).toEqual([
      expect.objectContaining({ key: 'declined:r1:lee@crew.example', kind: 'declined' }),
    ]);
    // The repeat learns the notice was sent (so the sheet can record it) but sends nothing.
    expect(repeat.body.bookings[0]!.notices).toEqual(first.body.bookings[0]!.notices);
    expect(later.body.bookings[0]!.notices).toEqual([]);
  });

  it('overlapping runs send a due notice once', async () => {
    // Prepare
    const e = await bookingWithEvent('RACE1');
    await answer(e, 'dana@crew.example', 'declined');

    // Act
    await Promise.all([1, 2, 3].map(() => sync(syncBody([{ bookingId: 'RACE1' }]))));

    // Assess
    expect((await notices()).map((m) => m.subject)).toEqual([
      expect.stringContaining('Crew declined: Dana Deck (deckhand) for RACE1'),
    ]);
  });

  it('a change of mind: decline, then confirm (all confirmed is noticed), then decline again (not repeated)', async () => {
    // Prepare
    const e = await bookingWithEvent('MIND1');
    await answer(e, 'sam@crew.example', 'confirmed');
    await answer(e, 'dana@crew.example', 'confirmed');
    await answer(e, 'lee@crew.example', 'declined');
    const sent: string[] = [];
    const run = async () => {
      const { body } = await sync(syncBody([{ bookingId: 'MIND1', noticesSent: [...sent] }]));
      sent.push(...body.bookings[0]!.notices.map((n) => n.key));
      return body;
    };

    // Act
    await run();
    nowMs += HOUR;
    await answer(e, 'lee@crew.example', 'confirmed');
    const confirmed = await run();
    nowMs += HOUR;
    await answer(e, 'lee@crew.example', 'declined');
    await run();

    // Assess
    expect(Object.values(answers(confirmed, 'MIND1'))).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
    ]);
    expect((await notices()).map((m) => m.subject)).toEqual([
      expect.stringContaining('Crew declined: Lee Line (deckhand)'),
      expect.stringContaining('Crew confirmed: all 3 for MIND1'),
    ]);
    expect(sent).toEqual(['declined:r1:lee@crew.example', 'all-confirmed:r1:all']);
  });

  it('no answer: noticed 48 h before departure, once per member, and not after departure', async () => {
    // Prepare: invited ten days ahead; Sam confirmed, Dana and Lee never answer
    const e = await bookingWithEvent('QUIET1');
    await answer(e, 'sam@crew.example', 'confirmed');
    const sent: string[] = [];
    const run = async () => {
      const { body } = await sync(syncBody([{ bookingId: 'QUIET1', noticesSent: [...sent] }]));
      sent.push(...body.bookings[0]!.notices.map((n) => n.key));
    };

    // Act + Assess: 49 h before departure nothing is due yet
    nowMs = DEPARTURE_MS - 49 * HOUR;
    await run();
    expect(await notices()).toEqual([]);
    // 47 h before: one notice per member who has not answered
    nowMs = DEPARTURE_MS - 47 * HOUR;
    await run();
    await run();
    const mail = await notices();
    expect(mail.map((m) => m.subject).sort()).toEqual([
      expect.stringContaining('No answer from Dana Deck (deckhand) for QUIET1'),
      expect.stringContaining('No answer from Lee Line (deckhand) for QUIET1'),
    ]);
    expect(mail[0]!.text).toContain('48 h before departure');
    expect(sent.sort()).toEqual([
      'no-answer:r1:dana@crew.example',
      'no-answer:r1:lee@crew.example',
    ]);
  });

  it('a late invitation gets a shorter grace (half the time left), and the notice says so', async () => {
    // Prepare: invited 30 h before departure
    await bookingWithEvent('LATE1', DEPARTURE_MS - 30 * HOUR);

    // Act: 16 h before departure (14 h after the invitation), then 14 h before (16 h after)
    nowMs = DEPARTURE_MS - 16 * HOUR;
    await sync(syncBody([{ bookingId: 'LATE1', crew: [CREW[1]!] }]));
    const before = await notices();
    nowMs = DEPARTURE_MS - 14 * HOUR;
    await sync(syncBody([{ bookingId: 'LATE1', crew: [CREW[1]!] }]));

    // Assess
    expect(before).toEqual([]);
    const mail = await notices();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('shorter grace of 15 h');
  });

  it('a new revision (the booking changed) may notice again: once per booking, revision and member', async () => {
    // Prepare
    const e = await bookingWithEvent('REV1');
    await answer(e, 'lee@crew.example', 'declined');
    await sync(syncBody([{ bookingId: 'REV1' }]));

    // Act
    await sync(syncBody([{ bookingId: 'REV1', revision: 2 }]));
    await sync(syncBody([{ bookingId: 'REV1', revision: 2 }]));

    // Assess
    expect(await notices()).toHaveLength(2);
  });
});
