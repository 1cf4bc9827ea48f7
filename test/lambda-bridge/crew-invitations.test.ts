/**
 * The built-in crew provider's magic links and answer page (crew-invitations/token.ts, route.ts)
 * on an in-memory invitation store: what a crew member can and cannot do with a link.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  CREW_ROUTE,
  handleCrewRoute,
  RATE_LIMIT,
} from '../../lambda-bridge/src/crew-invitations/route';
import type {
  InvitationEvent,
  InvitationRow,
  InvitationStore,
} from '../../lambda-bridge/src/crew-invitations/store';
import {
  invitationKey,
  signToken,
  verifyToken,
} from '../../lambda-bridge/src/crew-invitations/token';

const KEY = invitationKey('checklist-secret-0123456789abcdef0123456789abcdef');
const DEPARTURE = 1_900_000_000;
const END = DEPARTURE + 3 * 3600;

function memoryStore(): InvitationStore & {
  rows: Map<string, InvitationRow>;
  event: InvitationEvent;
} {
  const event: InvitationEvent = {
    eventId: 'builtin-XHQGMDH',
    bookingId: 'XHQGMDH',
    revision: 1,
    cancelled: false,
    details: {
      title: 'Charter XHQGMDH on Queen of San Diego',
      date: 'Thursday, May 30, 2030',
      time: '9:00 AM',
      zone: 'PDT',
      duration: '3h',
      boat: 'Queen of San Diego',
      meetingPoint: 'Sheraton Marina',
      captain: 'Sam',
      guests: 'Alicia G., party of 6',
      notes: '',
      checklistUrl: '',
      crew: [{ name: 'Dana Deck', role: 'deckhand' }],
    },
    detailsHash: 'h',
    departureAt: DEPARTURE,
    endsAt: END,
    ttl: END + 1,
  };
  const rows = new Map<string, InvitationRow>([
    [
      'dana@crew.example',
      {
        eventId: event.eventId,
        email: 'dana@crew.example',
        name: 'Dana Deck',
        role: 'deckhand',
        status: 'pending',
        invitedAt: '2030-05-01T00:00:00.000Z',
        respondedAt: null,
        invitationId: 'inv-1',
        version: 1,
        mailing: [],
        mailed: ['r1:invite'],
        answerTimes: [],
        ttl: END + 1,
      },
    ],
  ]);
  return {
    rows,
    event,
    load: async () => ({ event, rows: [...rows.values()] }),
    save: async () => undefined,
    update: async () => undefined,
    member: async (_e, email) => ({ event, row: rows.get(email) ?? null }),
    recordAnswer: async (row, expected) => {
      if (rows.get(row.email)?.version !== expected) return false;
      rows.set(row.email, row);
      return true;
    },
  };
}

const token = (over: Partial<Parameters<typeof signToken>[1]> = {}) =>
  signToken(KEY, {
    eventId: 'builtin-XHQGMDH',
    email: 'dana@crew.example',
    invitationId: 'inv-1',
    expiresAt: END,
    ...over,
  });

function request(method: string, path: string, body = '', query = ''): APIGatewayProxyEventV2 {
  return {
    rawPath: path,
    rawQueryString: query,
    body,
    isBase64Encoded: false,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requestContext: { http: { method } },
  } as unknown as APIGatewayProxyEventV2;
}

async function call(
  store: InvitationStore,
  method: string,
  t: string,
  body = '',
  nowS = DEPARTURE - 3600,
) {
  const path = `/crew/${t}`;
  const match = CREW_ROUTE.exec(path);
  if (!match) throw new Error('route did not match');
  const res = await handleCrewRoute(request(method, path, body), match, {
    store,
    key: KEY,
    now: () => nowS * 1000,
    graceSeconds: 0,
  });
  return { status: res.statusCode, body: String(res.body ?? ''), headers: res.headers ?? {} };
}

describe('Magic-link tokens', () => {
  it('verify only with the key, unchanged, and before the charter ends', () => {
    const t = token();
    expect(verifyToken(KEY, t, END - 1)).toMatchObject({
      ok: true,
      claims: { email: 'dana@crew.example' },
    });
    expect(verifyToken(KEY, t, END)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(invitationKey('another-secret'), t, 0)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const [payload, mac] = t.split('.');
    const forged = `${Buffer.from(JSON.stringify(['builtin-XHQGMDH', 'eve@x.example', 'inv-1', END])).toString('base64url')}.${mac}`;
    expect(verifyToken(KEY, forged, 0)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(KEY, `${payload}`, 0)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('The crew page', () => {
  it('shows the charter without money and records Confirm, then a change of mind', async () => {
    const store = memoryStore();
    const page = await call(store, 'GET', token());
    expect(page.status).toBe(200);
    expect(page.body).toContain('Charter XHQGMDH on Queen of San Diego');
    expect(page.body).not.toMatch(/\$|revenue|earnings/i);
    expect(page.headers['referrer-policy']).toBe('no-referrer');

    const confirmed = await call(store, 'POST', token(), 'answer=confirm&v=1');
    expect(confirmed.status).toBe(303);
    expect(store.rows.get('dana@crew.example')).toMatchObject({ status: 'confirmed', version: 2 });
    expect((await call(store, 'POST', token(), 'answer=decline&v=2')).status).toBe(303);
    expect(store.rows.get('dana@crew.example')?.status).toBe('declined');
  });

  it('writes nothing for a replayed form, a replaced invitation, a removed member or after departure', async () => {
    const store = memoryStore();
    await call(store, 'POST', token(), 'answer=confirm&v=1');
    const replay = await call(store, 'POST', token(), 'answer=decline&v=1');
    expect(replay.status).toBe(409);
    expect(store.rows.get('dana@crew.example')?.status).toBe('confirmed');

    const stale = await call(store, 'POST', token({ invitationId: 'inv-0' }), 'answer=decline&v=2');
    expect(stale.status).toBe(410);
    expect(stale.body).toContain('no longer valid');

    const late = await call(store, 'POST', token(), 'answer=decline&v=2', DEPARTURE + 1);
    expect(late.status).toBe(409);
    expect(late.body).toContain('answers are closed');

    store.rows.set('dana@crew.example', {
      ...store.rows.get('dana@crew.example')!,
      status: 'removed',
    });
    expect((await call(store, 'POST', token(), 'answer=decline&v=2')).body).toContain(
      'no longer on the crew',
    );
  });

  it('limits how often a member may answer', async () => {
    const store = memoryStore();
    for (let v = 1; v <= RATE_LIMIT; v += 1)
      expect(
        (await call(store, 'POST', token(), `answer=${v % 2 ? 'confirm' : 'decline'}&v=${v}`))
          .status,
      ).toBe(303);
    const limited = await call(store, 'POST', token(), `answer=confirm&v=${RATE_LIMIT + 1}`);
    expect(limited.status).toBe(429);
    expect(store.rows.get('dana@crew.example')?.version).toBe(RATE_LIMIT + 1);
  });

  it('says a forged or expired link is not valid, and a cancelled charter is cancelled', async () => {
    const store = memoryStore();
    expect((await call(store, 'GET', `${token().slice(0, -2)}xx`)).status).toBe(404);
    expect((await call(store, 'GET', token(), '', END + 1)).status).toBe(410);
    store.event.cancelled = true;
    const cancelled = await call(store, 'GET', token());
    expect(cancelled.status).toBe(410);
    expect(cancelled.body).toContain('is cancelled');
  });
});
