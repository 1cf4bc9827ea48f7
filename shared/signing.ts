/**
 * Request signing between Apps Script and the bridge.
 *
 *   canonical = "v1\n" + METHOD + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + sha256hex(body)
 *   X-Sig-Timestamp: <unix seconds>   X-Sig-Nonce: <uuid>   X-Sig: v1=<hex hmac-sha256(secret, canonical)>
 *
 * The primitives are injected (Utilities on Apps Script, node:crypto on Lambda) so that this
 * file is the only definition of the scheme. Replay protection (remembering nonces) needs a
 * store and lives in the bridge; everything else is here.
 */

export interface SigningCrypto {
  /** Lower-case hex HMAC-SHA256 of the UTF-8 message under the UTF-8 key. */
  hmacSha256Hex(key: string, message: string): string;
  /** Lower-case hex SHA-256 of the UTF-8 message. */
  sha256Hex(message: string): string;
}

export const SIGNATURE_VERSION = 'v1';
export const SIGNATURE_TOLERANCE_SECONDS = 300;
export const SIGNATURE_HEADERS = {
  timestamp: 'X-Sig-Timestamp',
  nonce: 'X-Sig-Nonce',
  signature: 'X-Sig',
} as const;
export const NONCE_PATTERN = /^[A-Za-z0-9-]{16,64}$/;

export interface SignableRequest {
  method: string;
  path: string;
  timestamp: number;
  nonce: string;
  body: string;
}

export function canonicalString(req: SignableRequest, crypto: SigningCrypto): string {
  return [
    SIGNATURE_VERSION,
    req.method.toUpperCase(),
    req.path,
    String(req.timestamp),
    req.nonce,
    crypto.sha256Hex(req.body),
  ].join('\n');
}

export function signatureHeaderValue(
  req: SignableRequest,
  secret: string,
  crypto: SigningCrypto,
): string {
  return `${SIGNATURE_VERSION}=${crypto.hmacSha256Hex(secret, canonicalString(req, crypto))}`;
}

/** The three headers to send with `body`, which must be sent byte for byte as signed. */
export function signRequest(
  req: SignableRequest,
  secret: string,
  crypto: SigningCrypto,
): Record<string, string> {
  if (!secret) throw new Error('signing secret is not configured');
  if (!NONCE_PATTERN.test(req.nonce))
    throw new Error('nonce must be 16-64 letters, digits or dashes');
  return {
    [SIGNATURE_HEADERS.timestamp]: String(req.timestamp),
    [SIGNATURE_HEADERS.nonce]: req.nonce,
    [SIGNATURE_HEADERS.signature]: signatureHeaderValue(req, secret, crypto),
  };
}

export type SignatureFailure =
  'missing-header' | 'malformed-header' | 'stale-timestamp' | 'bad-signature';

export type SignatureCheck =
  | { ok: true; timestamp: number; nonce: string }
  | { ok: false; reason: SignatureFailure; message: string };

/** Compares two strings in time that depends only on their length. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function headerValue(
  headers: Record<string, string | undefined>,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * Checks a request's signature against every current secret (two during a rotation).
 * `nowSeconds` is injected so that tests and callers control the clock.
 */
export function verifySignature(args: {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
  secrets: readonly string[];
  nowSeconds: number;
  crypto: SigningCrypto;
  equal?: (a: string, b: string) => boolean;
  toleranceSeconds?: number;
}): SignatureCheck {
  const equal = args.equal ?? constantTimeEqual;
  const tolerance = args.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  const ts = headerValue(args.headers, SIGNATURE_HEADERS.timestamp);
  const nonce = headerValue(args.headers, SIGNATURE_HEADERS.nonce);
  const sig = headerValue(args.headers, SIGNATURE_HEADERS.signature);
  if (!ts || !nonce || !sig) {
    return {
      ok: false,
      reason: 'missing-header',
      message: `missing signature header (${Object.values(SIGNATURE_HEADERS).join(', ')} are required)`,
    };
  }
  if (!/^\d{1,12}$/.test(ts))
    return {
      ok: false,
      reason: 'malformed-header',
      message: `${SIGNATURE_HEADERS.timestamp} must be Unix seconds`,
    };
  if (!NONCE_PATTERN.test(nonce))
    return {
      ok: false,
      reason: 'malformed-header',
      message: `${SIGNATURE_HEADERS.nonce} must be 16-64 letters, digits or dashes`,
    };
  const provided = sig
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${SIGNATURE_VERSION}=`))
    .map((part) => part.slice(SIGNATURE_VERSION.length + 1).toLowerCase());
  if (provided.length === 0 || provided.some((hex) => !/^[0-9a-f]{64}$/.test(hex))) {
    return {
      ok: false,
      reason: 'malformed-header',
      message: `${SIGNATURE_HEADERS.signature} must be "${SIGNATURE_VERSION}=<64 hex digits>"`,
    };
  }
  const timestamp = Number(ts);
  if (Math.abs(args.nowSeconds - timestamp) > tolerance) {
    return {
      ok: false,
      reason: 'stale-timestamp',
      message: `timestamp is outside the ${tolerance}-second window`,
    };
  }
  const canonical = canonicalString(
    { method: args.method, path: args.path, timestamp, nonce, body: args.body },
    args.crypto,
  );
  let matched = false;
  for (const secret of args.secrets) {
    if (!secret) continue;
    const expected = args.crypto.hmacSha256Hex(secret, canonical);
    // Evaluate every pair, so timing does not reveal which secret or which value matched.
    for (const hex of provided) matched = equal(expected, hex) || matched;
  }
  if (!matched) return { ok: false, reason: 'bad-signature', message: 'signature does not match' };
  return { ok: true, timestamp, nonce };
}

/** Java/Apps Script byte arrays are signed (-128..127); this turns any byte array into hex. */
export function bytesToHex(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++)
    out += ((bytes[i] ?? 0) & 0xff).toString(16).padStart(2, '0');
  return out;
}
