/** The signing primitives on Lambda: node:crypto behind shared/signing.ts's SigningCrypto. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningCrypto } from '../../shared/signing';

export const nodeSigningCrypto: SigningCrypto = {
  hmacSha256Hex: (key, message) =>
    createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex'),
  sha256Hex: (message) => createHash('sha256').update(message, 'utf8').digest('hex'),
};

/**
 * Constant-time string comparison. `timingSafeEqual` throws on buffers of different lengths, so
 * lengths are compared first (the length of a hex signature is public anyway).
 */
export function timingSafeStringEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

/** First 32 hex digits of HMAC-SHA256(checklistSecret, bookingId): the checklist's unguessable token. */
export function checklistToken(checklistSecret: string, bookingId: string): string {
  return nodeSigningCrypto.hmacSha256Hex(checklistSecret, bookingId).slice(0, 32);
}

export function sha256Hex(text: string): string {
  return nodeSigningCrypto.sha256Hex(text);
}
