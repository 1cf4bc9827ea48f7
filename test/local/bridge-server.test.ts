import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { startBridgeServer, type BridgeServer } from '../../local/bridge-server';

describe('Local bridge server (Function URL payload v2.0)', () => {
  let server: BridgeServer;
  let seen: APIGatewayProxyEventV2[];
  let reply: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

  beforeAll(async () => {
    seen = [];
    server = await startBridgeServer(
      async (event) => {
        seen.push(event);
        return reply(event);
      },
      { onError: () => undefined, maxBodyBytes: 1024 },
    );
  });

  beforeEach(() => {
    seen.length = 0;
    reply = async (event) => ({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json', 'X-Echo': 'yes' },
      body: JSON.stringify({ path: event.rawPath }),
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('turns a JSON POST into a v2.0 event with raw path, query, lower-cased headers and text body', async () => {
    // Prepare
    const body = JSON.stringify({ op: 'upsert', note: 'Café ⛵' });
    const before = Date.now();

    // Act
    const res = await fetch(`${server.url}/v1/bookings?a=1&b=x%20y&a=2`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Sig-Timestamp': '1700000000',
        'X-Sig-Nonce': 'abc',
        'X-Sig': 'v1=deadbeef',
        Cookie: 'session=1; theme=dark',
      },
      body,
    });

    // Assess
    expect(res.status).toBe(200);
    const event = seen[0]!;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/v1/bookings',
      rawQueryString: 'a=1&b=x%20y&a=2',
      queryStringParameters: { a: '1,2', b: 'x y' },
      cookies: ['session=1', 'theme=dark'],
      body,
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/v1/bookings', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
        stage: '$default',
      },
    });
    expect(event.headers).toMatchObject({
      'content-type': 'application/json',
      'x-sig-timestamp': '1700000000',
      'x-sig-nonce': 'abc',
      'x-sig': 'v1=deadbeef',
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(Object.keys(event.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(event.requestContext.timeEpoch).toBeLessThanOrEqual(Date.now());
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('base64-encodes a binary body and omits the body of a bodiless GET', async () => {
    // Prepare
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13]);

    // Act
    await fetch(`${server.url}/upload`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    await fetch(`${server.url}/health`);

    // Assess
    expect(seen[0]).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
    expect(seen[1]?.body).toBeUndefined();
    expect(seen[1]?.isBase64Encoded).toBe(false);
    expect(seen[1]?.rawQueryString).toBe('');
    expect(seen[1]?.queryStringParameters).toBeUndefined();
  });

  it('writes the structured result back: status, headers, body, cookies', async () => {
    // Prepare
    reply = async () => ({
      statusCode: 401,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      cookies: ['a=1; Path=/'],
      body: '{"error":{"code":"bad_signature"}}',
    });

    // Act
    const res = await fetch(`${server.url}/v1/bookings`, { method: 'POST', body: '{}' });

    // Assess
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBe('a=1; Path=/');
    expect(await res.text()).toBe('{"error":{"code":"bad_signature"}}');
  });

  it('decodes a base64 result body', async () => {
    reply = async () => ({
      statusCode: 200,
      headers: { 'content-type': 'image/png' },
      body: Buffer.from([137, 80, 78, 71]).toString('base64'),
      isBase64Encoded: true,
    });
    const res = await fetch(`${server.url}/img`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([137, 80, 78, 71]));
  });

  it('sends a non-structured result as JSON with status 200', async () => {
    reply = async () => ({ hello: 'world' }) as unknown as APIGatewayProxyResultV2;
    const res = await fetch(`${server.url}/plain`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ hello: 'world' });
  });

  it('answers 502 without details when the handler throws', async () => {
    reply = async () => {
      throw new Error('secret-ish internal detail');
    };
    const res = await fetch(`${server.url}/v1/bookings`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(502);
    expect(await res.text()).not.toContain('secret-ish');
  });

  it('answers 413 without calling the handler when the body is over the limit', async () => {
    const res = await fetch(`${server.url}/v1/bookings`, {
      method: 'POST',
      body: 'x'.repeat(2048),
    });
    expect(res.status).toBe(413);
    expect(seen).toEqual([]);
  });
});
