/** How the built-in crew provider plugs into the bridge: its store, its links, its answers. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CrewAnswer, CrewStatusReader } from '../adapters/crew-status';
import type { CrewAnswerRow, CrewAnswersSource } from '../crew-loop/answers-source';
import { isBuiltinEventId } from '../steps/builtin-crew';
import type { BridgeConfig } from '../types';
import { dynamoInvitationStore, type InvitationStore } from './store';

export function invitationStoreFor(
  config: BridgeConfig,
  client: DynamoDBClient,
): InvitationStore | null {
  return config.crewInvitationsTable
    ? dynamoInvitationStore(client, config.crewInvitationsTable)
    : null;
}

/**
 * The base of the crew's links: the configured one, else the URL this request came to (a Lambda
 * Function URL is https; a local bridge on the loopback is http), keeping any stage prefix.
 */
export function crewLinkBase(
  config: BridgeConfig,
  event: APIGatewayProxyEventV2,
  routePath: string,
): string {
  if (config.crewLinkBaseUrl) return config.crewLinkBaseUrl.replace(/\/+$/, '');
  const headers = event.headers ?? {};
  const host = headers.host ?? headers.Host ?? event.requestContext?.domainName ?? '';
  const loopback = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host);
  const proto = headers['x-forwarded-proto'] ?? (loopback ? 'http' : 'https');
  const path = event.rawPath ?? '';
  const prefix = path.endsWith(routePath) ? path.slice(0, path.length - routePath.length) : '';
  return `${proto}://${host}${prefix}`;
}

/** Crew answers by event: the built-in provider's events from its table, the others from SCC's. */
export function routedCrewStatus(
  scc: CrewStatusReader,
  invitations: InvitationStore | null,
): CrewStatusReader {
  return {
    async answers(eventId) {
      if (!invitations || !isBuiltinEventId(eventId)) return scc.answers(eventId);
      const { rows } = await invitations.load(eventId);
      const out = new Map<string, CrewAnswer>();
      for (const row of rows)
        if (row.status !== 'removed')
          out.set(row.email, {
            email: row.email,
            name: row.name,
            role: row.role,
            status: row.status,
            respondedAt: row.respondedAt,
          });
      return out;
    },
  };
}

/** The crew loop's reads of built-in events through the invitation store (one Query per event). */
export function storeAnswersSource(invitations: InvitationStore): CrewAnswersSource {
  return {
    async read(refs) {
      const out = new Map<string, Map<string, CrewAnswerRow>>();
      for (const ref of refs) {
        const wanted = new Set(ref.emails.map((e) => e.toLowerCase()));
        const { rows } = await invitations.load(ref.eventId);
        out.set(
          ref.eventId,
          new Map(
            rows
              .filter((r) => wanted.has(r.email) && r.status !== 'removed')
              .map((r) => [r.email, { ...r, invitedAt: r.invitedAt || null }]),
          ),
        );
      }
      return out;
    },
  };
}

/**
 * The crew loop's one batched read, split by provider: built-in events from the bridge's own
 * table (same keys and attributes as SCC's), the others from SCC's.
 */
export function routedCrewAnswers(
  scc: CrewAnswersSource,
  builtin: CrewAnswersSource | null,
): CrewAnswersSource {
  return {
    async read(refs) {
      const mine = builtin ? refs.filter((r) => isBuiltinEventId(r.eventId)) : [];
      const theirs = refs.filter((r) => !mine.includes(r));
      const [a, b] = await Promise.all([
        theirs.length || !mine.length ? scc.read(theirs) : Promise.resolve(new Map()),
        mine.length && builtin ? builtin.read(mine) : Promise.resolve(new Map()),
      ]);
      return new Map([...a, ...b]);
    },
  };
}
