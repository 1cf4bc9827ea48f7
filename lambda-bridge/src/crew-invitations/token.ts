/**
 * Magic-link tokens of the built-in crew invitations: `{payload}.{mac}`, both base64url, where the
 * payload names the crew event, the member, the invitation (a random id also kept in the member's
 * row) and the expiry (the charter's end), and the mac is HMAC-SHA256 over the payload with a key
 * derived from the bridge's checklist secret for this purpose only. Unguessable (128 random bits
 * plus the mac), verified in constant time, and useless once the charter is over or the member's
 * invitation was replaced (the row's invitation id no longer matches).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { timingSafeStringEqual } from '../crypto';

export interface TokenClaims {
  /** Crew event id (the built-in provider's, `builtin-{bookingId}`). */
  eventId: string;
  email: string;
  /** The invitation's random id; a token of an earlier invitation of the same member is stale. */
  invitationId: string;
  /** Epoch seconds after which the link is dead (the charter's end). */
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const KEY_LABEL = 'crew-invitation-links-v1';
const MAX_TOKEN_CHARS = 1024;

/** The link key: a purpose-bound derivation, so a checklist path never doubles as a link key. */
export function invitationKey(checklistSecret: string): Buffer {
  return createHmac('sha256', Buffer.from(checklistSecret, 'utf8')).update(KEY_LABEL).digest();
}

export function newInvitationId(): string {
  return randomBytes(16).toString('base64url');
}

function mac(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload, 'utf8').digest('base64url');
}

export function signToken(key: Buffer, claims: TokenClaims): string {
  const payload = Buffer.from(
    JSON.stringify([claims.eventId, claims.email, claims.invitationId, claims.expiresAt]),
    'utf8',
  ).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

export function verifyToken(key: Buffer, token: string, nowSeconds: number): TokenCheck {
  if (token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token))
    return { ok: false, reason: 'malformed' };
  const [payload = '', signature = ''] = token.split('.');
  if (!timingSafeStringEqual(signature, mac(key, payload)))
    return { ok: false, reason: 'bad-signature' };
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    !Array.isArray(fields) ||
    fields.length !== 4 ||
    typeof fields[0] !== 'string' ||
    typeof fields[1] !== 'string' ||
    typeof fields[2] !== 'string' ||
    typeof fields[3] !== 'number'
  )
    return { ok: false, reason: 'malformed' };
  const claims: TokenClaims = {
    eventId: fields[0],
    email: fields[1],
    invitationId: fields[2],
    expiresAt: fields[3],
  };
  if (nowSeconds >= claims.expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
