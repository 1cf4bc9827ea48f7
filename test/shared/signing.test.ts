import { createHash, createHmac } from 'node:crypto';
import vectors from '../fixtures/signing-vectors.json';
import {
  bytesToHex,
  canonicalString,
  constantTimeEqual,
  signRequest,
  SIGNATURE_HEADERS,
  verifySignature,
  type SigningCrypto,
} from '../../shared/signing';

/** The reference primitives; the bridge's and Apps Script's adapters are checked against the same vectors. */
const nodeCrypto: SigningCrypto = {
  hmacSha256Hex: (key, message) => createHmac('sha256', key).update(message, 'utf8').digest('hex'),
  sha256Hex: (message) => createHash('sha256').update(message, 'utf8').digest('hex'),
};

const secret = 'test-secret-0123456789';
const body = JSON.stringify({ op: 'upsert', booking: { id: 'XHQGMDH', guestName: 'Renée' } });
const base = {
  method: 'POST',
  path: '/v1/bookings',
  timestamp: 1_717_000_000,
  nonce: '6f1c2b7e-0d7a-4c53-9a51-2f6f1c2b7e0d',
  body,
};

function verify(overrides: Partial<Parameters<typeof verifySignature>[0]> = {}) {
  const headers = signRequest(base, secret, nodeCrypto);
  return verifySignature({
    method: base.method,
    path: base.path,
    headers,
    body,
    secrets: [secret],
    nowSeconds: base.timestamp + 10,
    crypto: nodeCrypto,
    ...overrides,
  });
}

describe('signing: test vectors', () => {
  it.each(vectors)('node:crypto reproduces vector for key of length $key.length', (v) => {
    expect(nodeCrypto.hmacSha256Hex(v.key, v.message)).toBe(v.hmacSha256Hex);
    expect(nodeCrypto.sha256Hex(v.message)).toBe(v.sha256Hex);
  });

  it("hex-encodes Java's signed bytes like unsigned ones", () => {
    const unsigned = [0, 1, 127, 128, 200, 255];
    const signed = unsigned.map((b) => (b > 127 ? b - 256 : b));
    expect(bytesToHex(signed)).toBe('00017f80c8ff');
    expect(bytesToHex(signed)).toBe(bytesToHex(unsigned));
  });
});

describe('signing: canonical string and headers', () => {
  it('covers version, method, path, timestamp, nonce and the body hash', () => {
    expect(canonicalString(base, nodeCrypto).split('\n')).toEqual([
      'v1',
      'POST',
      '/v1/bookings',
      '1717000000',
      base.nonce,
      nodeCrypto.sha256Hex(body),
    ]);
  });

  it('produces the three headers', () => {
    const headers = signRequest(base, secret, nodeCrypto);
    expect(Object.keys(headers).sort()).toEqual(Object.values(SIGNATURE_HEADERS).sort());
    expect(headers[SIGNATURE_HEADERS.signature]).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('refuses to sign without a secret', () => {
    expect(() => signRequest(base, '', nodeCrypto)).toThrow(/not configured/);
  });
});

describe('signing: verification', () => {
  it('accepts a fresh, correctly signed request and returns its nonce', () => {
    expect(verify()).toEqual({ ok: true, timestamp: base.timestamp, nonce: base.nonce });
  });

  it('accepts header names in any case (Lambda lower-cases them)', () => {
    const lower = Object.fromEntries(
      Object.entries(signRequest(base, secret, nodeCrypto)).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(verify({ headers: lower }).ok).toBe(true);
  });

  it('accepts either secret during a rotation', () => {
    expect(verify({ secrets: ['new-secret', secret] }).ok).toBe(true);
  });

  it.each([
    ['a tampered body', { body: body.replace('Renée', 'Mallory') }, 'bad-signature'],
    ['a wrong key', { secrets: ['another-secret'] }, 'bad-signature'],
    ['another path', { path: '/v1/other' }, 'bad-signature'],
    ['another method', { method: 'PUT' }, 'bad-signature'],
    ['a stale timestamp', { nowSeconds: base.timestamp + 301 }, 'stale-timestamp'],
    ['a timestamp from the future', { nowSeconds: base.timestamp - 301 }, 'stale-timestamp'],
    ['no headers', { headers: {} }, 'missing-header'],
    [
      'a malformed signature',
      {
        headers: {
          ...signRequest(base, secret, nodeCrypto),
          [SIGNATURE_HEADERS.signature]: 'v1=zz',
        },
      },
      'malformed-header',
    ],
    [
      'a malformed nonce',
      { headers: { ...signRequest(base, secret, nodeCrypto), [SIGNATURE_HEADERS.nonce]: 'short' } },
      'malformed-header',
    ],
  ] as const)('rejects %s', (_what, overrides, reason) => {
    const result = verify(overrides);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message).not.toContain(secret);
    }
  });

  it('compares in constant time only equal-length strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});
