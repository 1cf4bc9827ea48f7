/**
 * Local stand-in for ShipCaptainCrew (SCC), the crew scheduling service.
 *
 * API (auth: header `X-Service-Key`; its SHA-256 hex must equal SERVICE_KEY_HASH, compared in
 * constant time; else 401):
 *   POST /events                    body SccEventBody -> 201 {eventId, status: 'scheduled', ...body}
 *   GET  /events?booking_ref=X      -> 200 {events}
 *   GET  /events/{eventId}          -> 200 event | 404
 *   PUT  /events/{eventId}          body SccEventBody -> 200 event | 404 | 409 (cancelled)
 * Bodies follow the seed contract (shared/scc-contract.ts), validated strictly: 400 names the
 * field. Every body is kept as received (`received` on the event).
 *   POST /events/{eventId}/cancel   -> 200 {eventId, status: 'cancelled'}
 * Side effects like SCC's: every invited crew member gets a "sent" magic-link invitation and a
 * `pending` row (eventId, email, name, role, status, invitedAt) in SCC's DynamoDB table. An update
 * changes the same event: a new start_time re-invites everyone (rows back to pending), a new
 * duration only tells those who stay; crew added get invited, crew removed get a notice and lose
 * their row; a cancellation sends every crew member a notice.
 * A POST with `Idempotency-Key` acts once per key (a repeat answers the first event); without a
 * key two POSTs with one booking_ref make two events.
 *
 * Magic links (no auth, the token is the credential): GET /m/{token} shows the invitation,
 * POST /m/{token} with `answer=confirmed|declined` (form or JSON) records the answer.
 * Local extras (no auth): GET /__state, POST|DELETE /__faults, POST /__respond {eventId, email, status}.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from '../../shared/schema';
import { escapeHtml } from '../../shared/html';
import {
  SccEventBodySchema,
  type SccCrewEntry,
  type SccEventBody,
} from '../../shared/scc-contract';
import {
  constantTimeEqual,
  HttpError,
  jsonError,
  loadJsonFile,
  parseJsonBody,
  saveJsonFile,
  sha256Hex,
  startStandinServer,
  type StandinHandle,
  type StandinRequest,
  type StandinResponse,
} from './http-kit';

/** SCC validates the seed contract strictly (shared/scc-contract.ts): a 400 names the field. */
export const SccEventInputSchema = SccEventBodySchema;
export type SccEventInput = SccEventBody;
export type SccCrewMember = SccCrewEntry;

export type SccEventStatus = 'scheduled' | 'cancelled';
/** The event: SCC's bookkeeping plus the body exactly as received (`received`, and spread in). */
export interface SccEvent extends SccEventInput {
  eventId: string;
  /** Each body as received, oldest first (the create, then every update). */
  received: SccEventInput[];
  status: SccEventStatus;
  createdAt: string;
  updatedAt: string;
  cancelledAt?: string;
}

export type CrewAnswer = 'confirmed' | 'declined';
export interface SccInvitation {
  token: string;
  eventId: string;
  email: string;
  name: string;
  role: string;
  magicLink: string;
  reason: 'invited' | 'reinvited';
  sentAt: string;
  /** Set when a later invitation (re-invite) or removal replaced this one; its link stops working. */
  supersededAt?: string;
}
export interface SccNotice {
  eventId: string;
  email: string;
  name: string;
  kind: 'cancelled' | 'removed' | 'changed';
  sentAt: string;
}
export interface SccResponse {
  eventId: string;
  email: string;
  status: CrewAnswer;
  respondedAt: string;
  via: 'magic-link' | '__respond';
}

export interface SccState {
  events: SccEvent[];
  invitations: SccInvitation[];
  notices: SccNotice[];
  responses: SccResponse[];
}

export interface SccStandinOptions {
  /** SHA-256 hex of the service key (SCC's SERVICE_KEY_HASH). */
  serviceKeyHash: string;
  /** Client for SCC's DynamoDB table of crew answers. */
  dynamodb: DynamoDBClient;
  responsesTable: string;
  port?: number;
  /** Persist state to `<dataDir>/scc.json` and resume from it. */
  dataDir?: string;
  now?: () => Date;
}

/** `state()`: events, invitations, notices and responses, plus the call log and faults. */
export interface SccStandin extends StandinHandle<SccState> {
  /** A crew member answers through their magic link (updates SCC's DynamoDB row). */
  respond(eventId: string, email: string, status: CrewAnswer): Promise<void>;
}

const RespondSchema = z.strictObject({
  eventId: z.string().check(z.minLength(1)),
  email: z.string().check(z.minLength(1)),
  status: z.enum(['confirmed', 'declined']),
});

const PersistedSchema = z.object({
  events: z._default(z.array(z.any()), []),
  invitations: z._default(z.array(z.any()), []),
  notices: z._default(z.array(z.any()), []),
  responses: z._default(z.array(z.any()), []),
});

export async function startSccStandin(options: SccStandinOptions): Promise<SccStandin> {
  if (!/^[0-9a-f]{64}$/i.test(options.serviceKeyHash)) {
    throw new Error('SCC stand-in needs serviceKeyHash as 64 hex characters (SHA-256)');
  }
  const expectedHash = options.serviceKeyHash.toLowerCase();
  const now = options.now ?? (() => new Date());
  const doc = DynamoDBDocumentClient.from(options.dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const table = options.responsesTable;
  const file = options.dataDir ? join(options.dataDir, 'scc.json') : undefined;
  const state = PersistedSchema.parse((file && loadJsonFile(file)) ?? {}) as SccState;
  const persist = () => {
    if (file) saveJsonFile(file, state);
  };
  let baseUrl = '';

  const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const findEvent = (eventId: string): SccEvent => {
    const event = state.events.find((e) => e.eventId === eventId);
    if (!event) throw new HttpError(404, 'not_found', 'No SCC event with that id');
    return event;
  };
  const activeInvitation = (eventId: string, email: string) =>
    state.invitations.find(
      (i) => i.eventId === eventId && sameEmail(i.email, email) && !i.supersededAt,
    );

  const invite = async (
    eventId: string,
    member: SccCrewMember,
    reason: SccInvitation['reason'],
  ): Promise<SccInvitation> => {
    const at = now().toISOString();
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          eventId,
          email: member.email,
          name: member.name,
          role: member.role,
          status: 'pending',
          invitedAt: at,
        },
      }),
    );
    const previous = activeInvitation(eventId, member.email);
    if (previous) previous.supersededAt = at;
    const token = randomBytes(24).toString('base64url');
    const invitation: SccInvitation = {
      token,
      eventId,
      email: member.email,
      name: member.name,
      role: member.role,
      magicLink: `${baseUrl}/m/${token}`,
      reason,
      sentAt: at,
    };
    state.invitations.push(invitation);
    return invitation;
  };

  const uninvite = async (event: SccEvent, member: SccCrewMember): Promise<void> => {
    await doc.send(
      new DeleteCommand({ TableName: table, Key: { eventId: event.eventId, email: member.email } }),
    );
    const at = now().toISOString();
    const previous = activeInvitation(event.eventId, member.email);
    if (previous) previous.supersededAt = at;
    state.notices.push({
      eventId: event.eventId,
      email: member.email,
      name: member.name,
      kind: 'removed',
      sentAt: at,
    });
  };

  const recordAnswer = async (
    eventId: string,
    email: string,
    status: CrewAnswer,
    via: SccResponse['via'],
  ): Promise<SccResponse> => {
    const event = findEvent(eventId);
    if (event.status === 'cancelled')
      throw new HttpError(409, 'event_cancelled', 'The event is cancelled');
    const invitation = activeInvitation(eventId, email);
    if (!invitation)
      throw new HttpError(404, 'not_invited', 'That crew member is not invited to this event');
    const respondedAt = now().toISOString();
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { eventId, email: invitation.email },
        UpdateExpression: 'SET #status = :status, respondedAt = :respondedAt',
        ConditionExpression: 'attribute_exists(eventId)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':respondedAt': respondedAt },
      }),
    );
    const response: SccResponse = { eventId, email: invitation.email, status, respondedAt, via };
    state.responses.push(response);
    persist();
    return response;
  };

  const createEvent = async (input: SccEventInput): Promise<SccEvent> => {
    const at = now().toISOString();
    const eventId = `scc_${randomBytes(8).toString('hex')}`;
    const event: SccEvent = {
      eventId,
      status: 'scheduled',
      ...input,
      received: [input],
      createdAt: at,
      updatedAt: at,
    };
    state.events.push(event);
    try {
      for (const member of input.crew) await invite(eventId, member, 'invited');
    } finally {
      persist();
    }
    return event;
  };

  const updateEvent = async (event: SccEvent, input: SccEventInput): Promise<SccEvent> => {
    if (event.status === 'cancelled') {
      throw new HttpError(409, 'event_cancelled', 'A cancelled event cannot be changed');
    }
    // A new start re-invites everyone (their answer was for another time); a new length only
    // tells those who stay. Crew added are invited, crew removed are told.
    const startChanged = event.start_time !== input.start_time;
    const lengthChanged = event.duration_hours !== input.duration_hours;
    const before = event.crew;
    Object.assign(event, input, { updatedAt: now().toISOString() });
    (event.received ??= []).push(input);
    try {
      for (const member of before) {
        if (!input.crew.some((c) => sameEmail(c.email, member.email)))
          await uninvite(event, member);
      }
      for (const member of input.crew) {
        const previous = before.find((c) => sameEmail(c.email, member.email));
        if (!previous) {
          await invite(event.eventId, member, 'invited');
        } else if (startChanged || previous.email !== member.email) {
          if (previous.email !== member.email) {
            await doc.send(
              new DeleteCommand({
                TableName: table,
                Key: { eventId: event.eventId, email: previous.email },
              }),
            );
          }
          await invite(event.eventId, member, 'reinvited');
        } else {
          if (lengthChanged)
            state.notices.push({
              eventId: event.eventId,
              email: member.email,
              name: member.name,
              kind: 'changed',
              sentAt: now().toISOString(),
            });
          if (previous.name === member.name && previous.role === member.role) continue;
          await doc.send(
            new UpdateCommand({
              TableName: table,
              Key: { eventId: event.eventId, email: member.email },
              UpdateExpression: 'SET #name = :name, #role = :role',
              ExpressionAttributeNames: { '#name': 'name', '#role': 'role' },
              ExpressionAttributeValues: { ':name': member.name, ':role': member.role },
            }),
          );
        }
      }
    } finally {
      persist();
    }
    return event;
  };

  const cancelEvent = (event: SccEvent): void => {
    if (event.status === 'cancelled') return;
    const at = now().toISOString();
    event.status = 'cancelled';
    event.cancelledAt = at;
    event.updatedAt = at;
    for (const member of event.crew) {
      state.notices.push({
        eventId: event.eventId,
        email: member.email,
        name: member.name,
        kind: 'cancelled',
        sentAt: at,
      });
    }
    persist();
  };

  const authorized = (req: StandinRequest): boolean => {
    const key = req.headers['x-service-key'];
    return typeof key === 'string' && constantTimeEqual(sha256Hex(key), expectedHash);
  };

  const handleApi = async (req: StandinRequest): Promise<StandinResponse> => {
    if (req.path.startsWith('/m/')) return handleMagicLink(req);
    const segments = req.path.split('/').filter(Boolean);
    if (segments[0] !== 'events' || segments.length > 3)
      return jsonError(404, 'not_found', 'Not found');
    if (!authorized(req)) return jsonError(401, 'unauthorized', 'Missing or invalid X-Service-Key');

    const [, eventId, action] = segments;
    if (!eventId) {
      if (req.method === 'POST')
        return { status: 201, json: await createEvent(parseJsonBody(req, SccEventInputSchema)) };
      if (req.method === 'GET') {
        const ref = req.query.get('booking_ref');
        const events =
          ref === null ? state.events : state.events.filter((e) => e.booking_ref === ref);
        return { status: 200, json: { events } };
      }
      return jsonError(405, 'method_not_allowed', `${req.method} not allowed here`);
    }
    if (action === 'cancel' && req.method === 'POST') {
      const event = findEvent(eventId);
      cancelEvent(event);
      return { status: 200, json: { eventId: event.eventId, status: event.status } };
    }
    if (action !== undefined) return jsonError(404, 'not_found', 'Not found');
    if (req.method === 'GET') return { status: 200, json: findEvent(eventId) };
    if (req.method === 'PUT') {
      const event = findEvent(eventId);
      return {
        status: 200,
        json: await updateEvent(event, parseJsonBody(req, SccEventInputSchema)),
      };
    }
    return jsonError(405, 'method_not_allowed', `${req.method} not allowed here`);
  };

  const handleMagicLink = async (req: StandinRequest): Promise<StandinResponse> => {
    const token = req.path.slice('/m/'.length);
    const invitation = state.invitations.find((i) => i.token === token);
    if (!invitation) return htmlPage(404, 'Invitation not found', '<p>This link is not valid.</p>');
    if (invitation.supersededAt) {
      return htmlPage(
        410,
        'Invitation replaced',
        '<p>This invitation was replaced by a newer one. Please use the latest link.</p>',
      );
    }
    const event = findEvent(invitation.eventId);
    if (req.method === 'POST') {
      const answer = readAnswer(req);
      if (!answer)
        return htmlPage(400, 'Unknown answer', '<p>Answer must be confirmed or declined.</p>');
      if (event.status === 'cancelled')
        return htmlPage(409, 'Event cancelled', '<p>This charter was cancelled.</p>');
      await recordAnswer(invitation.eventId, invitation.email, answer, 'magic-link');
      return htmlPage(200, 'Thank you', `<p>Your answer (${escapeHtml(answer)}) was recorded.</p>`);
    }
    if (req.method !== 'GET') return htmlPage(405, 'Not allowed', '<p>Method not allowed.</p>');
    const body =
      `<p>${escapeHtml(invitation.name)}, you are invited as ${escapeHtml(invitation.role)} to ` +
      `<strong>${escapeHtml(event.event_name)}</strong>.</p>` +
      `<p>Starts ${escapeHtml(event.start_time)} (UTC), ${escapeHtml(event.duration_hours)} h ` +
      `(${escapeHtml(event.time_zone)})<br>` +
      `Meeting point: ${escapeHtml(event.meeting_point)}<br>Boat: ${escapeHtml(event.boat)}</p>` +
      (event.status === 'cancelled'
        ? '<p><strong>This charter was cancelled.</strong></p>'
        : `<form method="post"><button name="answer" value="confirmed">Confirm</button> ` +
          `<button name="answer" value="declined">Decline</button></form>`);
    return htmlPage(200, 'Crew invitation', body);
  };

  const handleLocal = async (req: StandinRequest): Promise<StandinResponse | undefined> => {
    if (req.path === '/__respond' && req.method === 'POST') {
      const { eventId, email, status } = parseJsonBody(req, RespondSchema);
      return { status: 200, json: await recordAnswer(eventId, email, status, '__respond') };
    }
    return undefined;
  };

  const server = await startStandinServer({
    idempotency: {
      file: options.dataDir ? join(options.dataDir, 'scc-idempotency.json') : undefined,
    },
    port: options.port,
    handleApi,
    handleLocal,
    state: () => structuredClone(state),
  });
  baseUrl = server.url;
  // Resumed invitations: their links follow the stand-in to its new (ephemeral) port.
  for (const invitation of state.invitations)
    invitation.magicLink = `${baseUrl}/m/${invitation.token}`;

  return {
    url: server.url,
    port: server.port,
    state: () => structuredClone({ ...state, calls: server.calls, faults: server.faults.list() }),
    respond: async (eventId, email, status) => {
      await recordAnswer(eventId, email, status, '__respond');
    },
    injectFault: (fault) => void server.faults.add(fault),
    clearFaults: () => server.faults.clear(),
    close: () => server.close(),
  };
}

function readAnswer(req: StandinRequest): CrewAnswer | undefined {
  const raw = req.body.toString('utf8');
  let answer: unknown;
  if (String(req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      answer = (JSON.parse(raw) as { answer?: unknown }).answer;
    } catch {
      return undefined;
    }
  } else {
    answer = new URLSearchParams(raw).get('answer');
  }
  return answer === 'confirmed' || answer === 'declined' ? answer : undefined;
}

function htmlPage(status: number, title: string, body: string): StandinResponse {
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    text:
      `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  };
}
