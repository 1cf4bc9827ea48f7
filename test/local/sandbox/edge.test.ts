/**
 * The local edge runs a CloudFront Function file in node:vm per request and serves the rewritten
 * uri from the S3 emulator. These tests use small function files of their own so that each
 * runtime rule (response honoured, rewrite, failure, no require/timers) is pinned down; the
 * project's real function is exercised by the sandbox end-to-end tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  createS3Client,
  ensureBucket,
  startEmulators,
  type Emulators,
} from '../../../local/aws/emulators';
import {
  CloudFrontFunctionRunner,
  EDGE_HEADER,
  startEdge,
  type RunningEdge,
} from '../../../local/sandbox/edge';

const REWRITE_FUNCTION = `
function handler(event) {
  var request = event.request;
  var m = request.uri.match(/^\\/g\\/([^/]*)\\/?$/);
  if (!m) return request;
  if (!/^[a-z0-9-]{1,64}$/.test(m[1])) {
    return { statusCode: 404, statusDescription: 'Not Found',
      headers: { 'content-type': { value: 'text/plain' } }, body: 'no such page' };
  }
  request.uri = '/' + m[1] + '.html';
  request.headers['x-seen-query'] = { value: JSON.stringify(event.request.querystring) };
  return request;
}`;

describe('Local edge', () => {
  let dir: string;
  let emulators: Emulators;
  let s3: S3Client;
  let edge: RunningEdge;
  const bucket = 'edge-test-pages';

  const fnFile = (name: string, source: string): string => {
    const file = join(dir, name);
    writeFileSync(file, source);
    return file;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edge-test-'));
    emulators = await startEmulators();
    s3 = createS3Client(emulators.endpoints.s3);
    await ensureBucket(s3, bucket);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'abc-123.html',
        Body: '<h1>Hello</h1>',
        ContentType: 'text/html; charset=utf-8',
        CacheControl: 'max-age=60',
      }),
    );
    edge = await startEdge({
      functionFile: fnFile('rewrite.js', REWRITE_FUNCTION),
      origin: { s3, bucket },
    });
  });

  afterAll(async () => {
    await edge?.stop();
    s3?.destroy();
    await emulators?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rewrites /g/{slug} and serves the object with its Content-Type and Cache-Control', async () => {
    // Act
    const res = await fetch(`${edge.url}/g/abc-123`);
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('max-age=60');
    expect(res.headers.get(EDGE_HEADER)).toBe('origin');
    expect(await res.text()).toBe('<h1>Hello</h1>');
  });

  it('honours a response returned by the function without reaching the origin', async () => {
    const res = await fetch(`${edge.url}/g/BAD%20SLUG`);
    expect(res.status).toBe(404);
    expect(res.headers.get(EDGE_HEADER)).toBe('function');
    expect(await res.text()).toBe('no such page');
    expect(edge.edge.log.at(-1)).toMatchObject({ uri: '/g/BAD%20SLUG', rewrittenUri: null });
  });

  it('passes untouched paths to the origin, which answers 404 for a missing key', async () => {
    const res = await fetch(`${edge.url}/nothing-here.html`);
    expect(res.status).toBe(404);
    expect(res.headers.get(EDGE_HEADER)).toBe('origin');
  });

  it('gives the function the documented event shape (lower-cased query names, headers)', async () => {
    // Prepare
    const runner = edge.edge.runner;
    // Act
    const result = (await runner.run(
      CloudFrontFunctionRunner.eventFor(
        { method: 'GET', url: '/g/abc-123?A=1&b=2&b=3', headers: { host: 'x', cookie: 'k=v' } },
        '127.0.0.1',
        'EDIST',
      ),
    )) as { uri: string; headers: Record<string, { value: string }>; cookies: unknown };
    // Assess
    expect(result.uri).toBe('/abc-123.html');
    expect(JSON.parse(result.headers['x-seen-query']?.value ?? '{}')).toEqual({
      a: { value: '1' },
      b: { value: '2', multiValue: [{ value: '2' }, { value: '3' }] },
    });
    expect(result.cookies).toEqual({ k: { value: 'v' } });
  });

  it('answers 503 when the function throws or reaches for require/timers/eval', async () => {
    const logged: string[] = [];
    for (const body of ['require("fs")', 'setTimeout(function(){}, 1)', 'eval("1")']) {
      // Prepare
      const bad = await startEdge({
        functionFile: fnFile(
          `bad-${body.length}.js`,
          `function handler(event) { ${body}; return event.request; }`,
        ),
        origin: { s3, bucket },
        log: (line) => logged.push(line),
      });
      try {
        // Act
        const res = await fetch(`${bad.url}/abc-123.html`);
        // Assess
        expect(res.status).toBe(503);
        expect(res.headers.get(EDGE_HEADER)).toBe('function');
        expect(logged.at(-1)).toMatch(/function error/);
      } finally {
        await bad.stop();
      }
    }
  });
});
