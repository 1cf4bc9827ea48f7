/** The signed bridge client: what is sent, and how every kind of answer is classified. */
import { bridgeEndpoint, buildSignedRequest, classifyResult } from '../../../gas/bridge/client';
import { gasSigningCrypto } from '../../../gas/bridge/gas-crypto';
import { createUtilities } from '../../../local/gas-runtime/services';
import { verifySignature } from '../../../shared/signing';
import { nodeCrypto } from '../support/fake-bridge';

const okBody = {
  ok: true,
  bookingId: 'XHQGMDH',
  revision: 1,
  outcome: 'completed',
  steps: [{ step: 'calendar', status: 'done', attempts: 1, ids: {} }],
  links: { guestPage: null, checklist: null },
};

describe('Function: bridgeEndpoint', () => {
  it('signs the path the bridge sees, including a stage prefix', () => {
    expect(bridgeEndpoint('https://abc.lambda-url.us-west-2.on.aws/')).toEqual({
      url: 'https://abc.lambda-url.us-west-2.on.aws/v1/bookings',
      path: '/v1/bookings',
    });
    expect(bridgeEndpoint('https://api.example.com/prod')).toEqual({
      url: 'https://api.example.com/prod/v1/bookings',
      path: '/prod/v1/bookings',
    });
    expect(() => bridgeEndpoint('abc.example.com')).toThrow(/not an http\(s\) URL/);
  });
});

describe('Function: buildSignedRequest', () => {
  it('sends exactly the string it signed, with a fresh nonce from Utilities.getUuid', () => {
    // Prepare
    const crypto = gasSigningCrypto(createUtilities() as never);
    const request = { op: 'upsert', note: 'Ren\u00e9e \u26f5' } as never;
    const nowMs = 1_717_000_000_123;
    // Act
    const http = buildSignedRequest({
      request,
      baseUrl: 'http://127.0.0.1:9',
      secret: 's3cret',
      crypto,
      nowMs,
    });
    // Assess
    expect(http).toMatchObject({
      url: 'http://127.0.0.1:9/v1/bookings',
      method: 'post',
      contentType: 'application/json',
    });
    expect(http.payload).toBe(JSON.stringify(request));
    expect(http.headers['X-Sig-Timestamp']).toBe('1717000000');
    const check = verifySignature({
      method: 'POST',
      path: '/v1/bookings',
      headers: http.headers,
      body: http.payload,
      secrets: ['s3cret'],
      nowSeconds: 1_717_000_010,
      crypto: nodeCrypto,
    });
    expect(check.ok).toBe(true);
    expect(JSON.stringify(http)).not.toContain('s3cret');
  });
});

describe('Function: classifyResult', () => {
  const response = (status: number, body: unknown) =>
    ({
      kind: 'response',
      status,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }) as const;
  const error = (code: string, message: string) => ({ error: { code, message } });

  it.each([
    [response(200, okBody), 'delivered'],
    [response(200, 'not json'), 'retry-later'],
    [response(200, { ok: true }), 'retry-later'],
    [response(409, error('busy', 'another run holds the lease')), 'retry-later'],
    [response(429, ''), 'retry-later'],
    [response(500, error('internal', 'boom')), 'retry-later'],
    [response(503, '<html>Service Unavailable</html>'), 'retry-later'],
    [{ kind: 'network-error', message: 'ECONNREFUSED' } as const, 'retry-later'],
    [response(400, error('invalid-request', 'booking.start: must have an offset')), 'rejected'],
    [response(401, error('unauthorized', 'signature does not match')), 'rejected'],
    [response(413, error('payload-too-large', 'too big')), 'rejected'],
  ])('classifies %j as %s', (result, kind) => {
    expect(classifyResult(result).kind).toBe(kind);
  });

  it("shows the bridge's own message for a refusal", () => {
    const outcome = classifyResult(
      response(400, error('invalid-request', 'booking.start: must have an offset')),
    );
    expect(outcome).toEqual({
      kind: 'rejected',
      message:
        'bridge rejected the request (400 invalid-request: booking.start: must have an offset); fix it, then use Charter > Retry failed steps',
    });
  });
});
