import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  createDynamoDbClient,
  DEFAULT_TABLES,
  ensureTables,
  startEmulators,
  type Emulators,
} from '../../../local/aws/emulators';
import { startSccStandin, type SccEvent, type SccStandin } from '../../../local/standins/scc';
import { SCC_SEED_FIELDS } from '../../../shared/scc-contract';

const SERVICE_KEY = 'scc-service-key-for-tests-abcdef';
const SERVICE_KEY_HASH = createHash('sha256').update(SERVICE_KEY).digest('hex');

const crew = [
  { role: 'deckhand', name: 'Ana Deck', rate: 25, hours: 7, email: 'ana@example.com' },
  { role: 'deckhand', name: 'Bo Deck', rate: 25, hours: 7, email: 'bo@example.com' },
  { role: 'captain', name: 'Cap Tain', rate: 50, hours: 5, email: 'cap@example.com' },
];

/** The seed post's fields (event_name ... notes) plus our extras beside them. */
const sampleEvent = (overrides: Record<string, unknown> = {}) => ({
  event_name: 'Jul 4 Boatsetter Charter',
  start_time: '2026-07-04T17:00:00Z',
  duration_hours: 5,
  crew,
  notes: 'Bring ice',
  booking_ref: 'BS-1001',
  boat: 'Sea Breeze',
  meeting_point: 'Shelter Island Marina, dock B',
  checklist_url: 'https://pages.example.com/crew/x-0123456789abcdef0123456789abcdef.html',
  time_zone: 'America/Los_Angeles',
  ...overrides,
});

interface CrewRow {
  eventId: string;
  email: string;
  name: string;
  role: string;
  status: string;
  invitedAt: string;
  respondedAt?: string;
}

describe('SCC stand-in', () => {
  let emulators: Emulators;
  let dynamodb: DynamoDBClient;
  let standin: SccStandin;
  let api: (path: string, init?: RequestInit & { key?: string | null }) => Promise<Response>;

  const rows = async (eventId: string): Promise<CrewRow[]> => {
    const doc = DynamoDBDocumentClient.from(dynamodb);
    const out = await doc.send(
      new QueryCommand({
        TableName: DEFAULT_TABLES.sccResponses,
        KeyConditionExpression: 'eventId = :e',
        ExpressionAttributeValues: { ':e': eventId },
      }),
    );
    return (out.Items ?? []) as CrewRow[];
  };
  const create = async (overrides: Record<string, unknown> = {}): Promise<SccEvent> => {
    const res = await api('/events', {
      method: 'POST',
      body: JSON.stringify(sampleEvent(overrides)),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as SccEvent;
  };

  beforeAll(async () => {
    emulators = await startEmulators();
    dynamodb = createDynamoDbClient(emulators.endpoints.dynamodb);
    await ensureTables(dynamodb);
    standin = await startSccStandin({
      serviceKeyHash: SERVICE_KEY_HASH,
      dynamodb,
      responsesTable: DEFAULT_TABLES.sccResponses,
    });
    api = (path, init = {}) => {
      const { key = SERVICE_KEY, ...rest } = init;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key !== null) headers['x-service-key'] = key;
      return fetch(`${standin.url}${path}`, { ...rest, headers });
    };
  });

  afterAll(async () => {
    await standin.close();
    dynamodb.destroy();
    await emulators.stop();
  });

  afterEach(() => standin.clearFaults());

  describe('auth (SHA-256 of X-Service-Key vs SERVICE_KEY_HASH)', () => {
    it.each([
      ['missing', null],
      ['wrong', 'wrong-key'],
      ['the hash itself as the', SERVICE_KEY_HASH],
    ])('answers 401 JSON for a %s key and writes nothing', async (_label, key) => {
      // Prepare
      const before = standin.state();

      // Act
      const res = await api('/events', {
        method: 'POST',
        key,
        body: JSON.stringify(sampleEvent()),
      });

      // Assess
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: 'unauthorized', message: expect.any(String) },
      });
      expect(standin.state().events).toHaveLength(before.events.length);
      expect(standin.state().invitations).toHaveLength(before.invitations.length);
    });

    it('guards reads and cancellation too', async () => {
      expect((await api('/events?booking_ref=BS-1001', { key: null })).status).toBe(401);
      expect((await api('/events/scc_x/cancel', { method: 'POST', key: 'nope' })).status).toBe(401);
    });
  });

  describe('creating an event', () => {
    it('answers 201 with the body, invites each crew member and writes pending rows', async () => {
      // Act
      const event = await create({ booking_ref: 'BS-create' });

      // Assess
      expect(event).toMatchObject({
        ...sampleEvent({ booking_ref: 'BS-create' }),
        status: 'scheduled',
      });
      // The body is kept exactly as received.
      expect(event.received).toEqual([sampleEvent({ booking_ref: 'BS-create' })]);
      expect(event.eventId).toMatch(/^scc_[0-9a-f]{16}$/);
      const invitations = standin.state().invitations.filter((i) => i.eventId === event.eventId);
      expect(invitations.map((i) => i.email).sort()).toEqual(crew.map((c) => c.email).sort());
      for (const invitation of invitations) {
        expect(invitation.magicLink).toMatch(new RegExp(`^${standin.url}/m/[A-Za-z0-9_-]{32}$`));
      }
      expect(new Set(invitations.map((i) => i.token)).size).toBe(3);
      const stored = await rows(event.eventId);
      expect(stored).toHaveLength(3);
      expect(stored.find((r) => r.email === 'cap@example.com')).toMatchObject({
        name: 'Cap Tain',
        role: 'captain',
        status: 'pending',
        invitedAt: expect.any(String),
      });
    });

    it('finds events by booking_ref and by id', async () => {
      const event = await create({ booking_ref: 'BS-lookup' });
      expect(await (await api('/events?booking_ref=BS-lookup')).json()).toEqual({
        events: [event],
      });
      expect(await (await api('/events?booking_ref=BS-nothing')).json()).toEqual({ events: [] });
      expect(await (await api(`/events/${event.eventId}`)).json()).toEqual(event);
      expect((await api('/events/scc_unknown')).status).toBe(404);
    });

    it.each([
      ['a missing crew list', { crew: undefined }, 'crew'],
      [
        'a crew member without email',
        { crew: [{ role: 'deckhand', name: 'X', rate: 25, hours: 5 }] },
        'crew.0.email',
      ],
      [
        'duplicate crew emails',
        { crew: [crew[0], { ...crew[0], email: 'ANA@example.com' }] },
        'crew',
      ],
      ['money fields', { gross: 84075 }, 'body'],
      [
        'a start time with an offset instead of Z',
        { start_time: '2026-07-04T10:00:00-07:00' },
        'start_time',
      ],
      ['a duration given as text', { duration_hours: '5' }, 'duration_hours'],
      ['a crew member without a rate', { crew: [{ ...crew[0], rate: undefined }] }, 'crew.0.rate'],
      ['a bad checklist URL', { checklist_url: 'not a url' }, 'checklist_url'],
    ])('answers 400 naming the field for %s', async (_label, overrides, field) => {
      const res = await api('/events', {
        method: 'POST',
        body: JSON.stringify(sampleEvent(overrides)),
      });
      expect(res.status).toBe(400);
      expect(
        ((await res.json()) as { error: { message: string } }).error.message.startsWith(field),
      ).toBe(true);
    });

    it.each(SCC_SEED_FIELDS)(
      'answers 400 naming %s when a body lacks that seed field, and creates nothing',
      async (field) => {
        const before = standin.state().events.length;
        const res = await api('/events', {
          method: 'POST',
          body: JSON.stringify(sampleEvent({ [field]: undefined })),
        });
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
          new RegExp(`^${field}\\b`),
        );
        expect(standin.state().events).toHaveLength(before);
      },
    );
  });

  describe('crew answers', () => {
    it('POST /__respond records confirmed/declined with respondedAt in the DynamoDB row', async () => {
      // Prepare
      const event = await create({ booking_ref: 'BS-answer' });

      // Act
      const res = await fetch(`${standin.url}/__respond`, {
        method: 'POST',
        body: JSON.stringify({
          eventId: event.eventId,
          email: 'ana@example.com',
          status: 'confirmed',
        }),
      });
      await standin.respond(event.eventId, 'BO@example.com', 'declined');

      // Assess
      expect(res.status).toBe(200);
      const byEmail = Object.fromEntries((await rows(event.eventId)).map((r) => [r.email, r]));
      expect(byEmail['ana@example.com']).toMatchObject({
        status: 'confirmed',
        respondedAt: expect.any(String),
      });
      expect(byEmail['bo@example.com']).toMatchObject({ status: 'declined' });
      expect(byEmail['cap@example.com']).toMatchObject({ status: 'pending' });
      expect(byEmail['cap@example.com']?.respondedAt).toBeUndefined();
    });

    it('answers 404 for someone who is not invited', async () => {
      const event = await create({ booking_ref: 'BS-stranger' });
      const res = await fetch(`${standin.url}/__respond`, {
        method: 'POST',
        body: JSON.stringify({
          eventId: event.eventId,
          email: 'stranger@example.com',
          status: 'confirmed',
        }),
      });
      expect(res.status).toBe(404);
    });

    it('accepts an answer through the magic link itself', async () => {
      // Prepare
      const event = await create({ booking_ref: 'BS-link' });
      const invitation = standin.state().invitations.find((i) => i.eventId === event.eventId)!;

      // Act
      const page = await fetch(invitation.magicLink);
      const answer = await fetch(invitation.magicLink, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'answer=confirmed',
      });

      // Assess
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Sea Breeze');
      expect(answer.status).toBe(200);
      const row = (await rows(event.eventId)).find((r) => r.email === invitation.email);
      expect(row?.status).toBe('confirmed');
    });
  });

  describe('updating an event', () => {
    it('re-invites everyone (rows back to pending) when the start time changes', async () => {
      // Prepare
      const event = await create({ booking_ref: 'BS-move' });
      await standin.respond(event.eventId, 'ana@example.com', 'confirmed');
      const oldLink = standin
        .state()
        .invitations.find(
          (i) => i.eventId === event.eventId && i.email === 'ana@example.com',
        )!.magicLink;

      // Act
      const res = await api(`/events/${event.eventId}`, {
        method: 'PUT',
        body: JSON.stringify(
          sampleEvent({ booking_ref: 'BS-move', start_time: '2026-07-05T17:00:00Z' }),
        ),
      });

      // Assess
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        eventId: event.eventId,
        start_time: '2026-07-05T17:00:00Z',
      });
      expect((await rows(event.eventId)).map((r) => r.status)).toEqual([
        'pending',
        'pending',
        'pending',
      ]);
      const invitations = standin.state().invitations.filter((i) => i.eventId === event.eventId);
      expect(invitations.filter((i) => i.reason === 'reinvited')).toHaveLength(3);
      expect((await fetch(oldLink)).status).toBe(410);
    });

    it('keeps answers when only the notes change; invites added crew; notifies removed crew', async () => {
      // Prepare
      const event = await create({ booking_ref: 'BS-edit' });
      await standin.respond(event.eventId, 'ana@example.com', 'confirmed');
      const newCrew = [
        crew[0],
        crew[2],
        { role: 'deckhand', name: 'Di New', rate: 25, hours: 7, email: 'di@example.com' },
      ];

      // Act
      const res = await api(`/events/${event.eventId}`, {
        method: 'PUT',
        body: JSON.stringify(
          sampleEvent({ booking_ref: 'BS-edit', notes: 'Bring more ice', crew: newCrew }),
        ),
      });

      // Assess
      expect(res.status).toBe(200);
      const byEmail = Object.fromEntries(
        (await rows(event.eventId)).map((r) => [r.email, r.status]),
      );
      expect(byEmail).toEqual({
        'ana@example.com': 'confirmed',
        'cap@example.com': 'pending',
        'di@example.com': 'pending',
      });
      const state = standin.state();
      expect(state.notices).toContainEqual(
        expect.objectContaining({
          eventId: event.eventId,
          email: 'bo@example.com',
          kind: 'removed',
        }),
      );
      expect(
        state.invitations.filter((i) => i.eventId === event.eventId && i.reason === 'reinvited'),
      ).toEqual([]);
    });

    it('keeps answers and tells those who stay when only the length changes (same event)', async () => {
      // Prepare
      const event = await create({ booking_ref: 'BS-longer' });
      await standin.respond(event.eventId, 'ana@example.com', 'confirmed');

      // Act
      const res = await api(`/events/${event.eventId}`, {
        method: 'PUT',
        body: JSON.stringify(sampleEvent({ booking_ref: 'BS-longer', duration_hours: 6.5 })),
      });

      // Assess
      expect(res.status).toBe(200);
      const byEmail = Object.fromEntries(
        (await rows(event.eventId)).map((r) => [r.email, r.status]),
      );
      expect(byEmail['ana@example.com']).toBe('confirmed');
      const state = standin.state();
      expect(state.invitations.filter((i) => i.eventId === event.eventId)).toHaveLength(3);
      expect(
        state.notices.filter((n) => n.eventId === event.eventId && n.kind === 'changed'),
      ).toHaveLength(3);
      expect(state.events.find((e) => e.eventId === event.eventId)?.received).toHaveLength(2);
    });

    it('answers 404 for an unknown event', async () => {
      const res = await api('/events/scc_unknown', {
        method: 'PUT',
        body: JSON.stringify(sampleEvent()),
      });
      expect(res.status).toBe(404);
    });
  });

  describe('cancelling an event', () => {
    it('answers {eventId, status: cancelled}, notifies every crew member once, and refuses changes', async () => {
      // Prepare
      const event = await create({ booking_ref: 'BS-cancel' });

      // Act
      const first = await api(`/events/${event.eventId}/cancel`, { method: 'POST' });
      const again = await api(`/events/${event.eventId}/cancel`, { method: 'POST' });

      // Assess
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ eventId: event.eventId, status: 'cancelled' });
      expect(again.status).toBe(200);
      const notices = standin.state().notices.filter((n) => n.eventId === event.eventId);
      expect(notices.map((n) => n.email).sort()).toEqual(crew.map((c) => c.email).sort());
      expect(notices.every((n) => n.kind === 'cancelled')).toBe(true);
      const found = (await (await api('/events?booking_ref=BS-cancel')).json()) as {
        events: SccEvent[];
      };
      expect(found.events[0]?.status).toBe('cancelled');
      const put = await api(`/events/${event.eventId}`, {
        method: 'PUT',
        body: JSON.stringify(sampleEvent({ booking_ref: 'BS-cancel' })),
      });
      expect(put.status).toBe(409);
    });

    it('answers 404 for an unknown event', async () => {
      expect((await api('/events/scc_unknown/cancel', { method: 'POST' })).status).toBe(404);
    });
  });

  describe('fault injection', () => {
    it('fails the next matching request before the effect', async () => {
      standin.injectFault({ method: 'POST', pathPrefix: '/events', status: 502 });
      const res = await api('/events', {
        method: 'POST',
        body: JSON.stringify(sampleEvent({ booking_ref: 'BS-f1' })),
      });
      expect(res.status).toBe(502);
      expect(await (await api('/events?booking_ref=BS-f1')).json()).toEqual({ events: [] });
    });

    it('with afterEffect, the event exists although the caller saw a failure', async () => {
      standin.injectFault({
        method: 'POST',
        pathPrefix: '/events',
        status: 504,
        afterEffect: true,
      });
      const res = await api('/events', {
        method: 'POST',
        body: JSON.stringify(sampleEvent({ booking_ref: 'BS-f2' })),
      });
      expect(res.status).toBe(504);
      const found = (await (await api('/events?booking_ref=BS-f2')).json()) as {
        events: SccEvent[];
      };
      expect(found.events).toHaveLength(1);
      expect(await rows(found.events[0]!.eventId)).toHaveLength(3);
    });
  });

  it('keeps the service key out of its state and call log', async () => {
    const text = await (await fetch(`${standin.url}/__state`)).text();
    expect(text).not.toContain(SERVICE_KEY);
    expect(JSON.parse(text)).toMatchObject({
      events: expect.any(Array),
      invitations: expect.any(Array),
      notices: expect.any(Array),
      calls: expect.any(Array),
    });
  });
});

describe('SCC stand-in persistence', () => {
  it('resumes events and invitations from the data directory', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'scc-standin-'));
    const emulators = await startEmulators({ dataDir });
    const dynamodb = createDynamoDbClient(emulators.endpoints.dynamodb);
    try {
      await ensureTables(dynamodb);
      const options = {
        serviceKeyHash: SERVICE_KEY_HASH,
        dynamodb,
        responsesTable: DEFAULT_TABLES.sccResponses,
        dataDir,
      };
      const first = await startSccStandin(options);
      const created = await fetch(`${first.url}/events`, {
        method: 'POST',
        headers: { 'x-service-key': SERVICE_KEY, 'content-type': 'application/json' },
        body: JSON.stringify(sampleEvent({ booking_ref: 'BS-persist' })),
      });
      const event = (await created.json()) as SccEvent;
      await first.close();

      // Act
      const second = await startSccStandin(options);
      try {
        const found = await fetch(`${second.url}/events?booking_ref=BS-persist`, {
          headers: { 'x-service-key': SERVICE_KEY },
        });
        await second.respond(event.eventId, 'ana@example.com', 'confirmed');

        // Assess
        expect(await found.json()).toEqual({ events: [event] });
        const resumed = second.state().invitations.filter((i) => i.eventId === event.eventId);
        expect(resumed).toHaveLength(3);
        expect(resumed.every((i) => i.magicLink.startsWith(`${second.url}/m/`))).toBe(true);
        expect((await fetch(resumed[1]!.magicLink)).status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      dynamodb.destroy();
      await emulators.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
