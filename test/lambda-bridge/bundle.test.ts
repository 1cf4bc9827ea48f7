/**
 * The Lambda bundle: built by lambda-bridge/build.mjs itself (into a temporary folder, so dist/ is
 * left alone), loaded by a plain Node process with only environment configuration, and kept under
 * a size budget. The CloudFront client is a chunk of its own that a cold start does not load: the
 * first invalidation loads it and reaches CloudFront (here the local stand-in) with it. What the
 * bundle's SDK clients send to the other services: bundle-emulators.test.ts.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { startCloudFrontStandin } from '../../local/aws/cloudfront-standin';
import { startupFiles } from '../../bench/bundle-files';
import { buildBridgeBundle, type BuiltBundle } from './support/bundle';

const root = join(__dirname, '../..');
let built: BuiltBundle;
let bundle: string;
let meta: Metafile;

beforeAll(() => {
  built = buildBridgeBundle();
  bundle = built.entry;
  meta = built.meta;
}, 60_000);

afterAll(() => built?.remove());

const ENV = {
  STATE_TABLE: 'a',
  NONCE_TABLE: 'b',
  SCC_RESPONSES_TABLE: 'c',
  PAGES_BUCKET: 'd',
  CLOUDFRONT_DISTRIBUTION_ID: 'E1',
  PUBLIC_BASE_URL: 'https://guests.example',
  CALENDAR_API_URL: 'https://calendar.example',
  SCC_API_URL: 'https://scc.example',
  SES_FROM_ADDRESS: 'bridge@example.com',
  SECRETS_SOURCE: 'env',
  BRIDGE_SIGNING_SECRETS: 'bundle-test-secret',
  CALENDAR_TOKEN: 't',
  SCC_SERVICE_KEY: 'k',
  CHECKLIST_SECRET: 'c',
  AWS_REGION: 'us-west-2',
  AWS_ACCESS_KEY_ID: 'bundle-test',
  AWS_SECRET_ACCESS_KEY: 'bundle-test',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

describe('Lambda bundle', () => {
  it('stays within its size budget: what a cold start loads (minified)', () => {
    const startup = startupFiles(meta, root);
    const kb = startup.reduce((sum, file) => sum + statSync(file).size, 0) / 1024;
    expect(startup[0]).toBe(bundle);
    expect(kb).toBeLessThan(900);
  });

  it('carries the S3 schemas of the operation it sends, not those of every S3 operation', () => {
    const code = readFileSync(bundle, 'utf8');
    expect(code).toContain('"PutObjectRequest"');
    for (const unused of [
      '"ListObjectsV2Request"',
      '"GetBucketAclRequest"',
      '"SelectObjectContent"',
    ])
      expect(code).not.toContain(unused);
  });

  it('keeps @aws-sdk/client-cloudfront out of what a cold start loads', () => {
    const startup = new Set(startupFiles(meta, root));
    const withCloudFront = Object.entries(meta.outputs)
      .filter(([, out]) =>
        Object.keys(out.inputs).some((input) => input.includes('@aws-sdk/client-cloudfront/')),
      )
      .map(([file]) => resolve(root, file));
    expect(withCloudFront).toHaveLength(1);
    expect(withCloudFront[0]).toMatch(/chunks\/cloudfront-sdk-[A-Z0-9]+\.js$/);
    expect(startup.has(withCloudFront[0] as string)).toBe(false);
  });

  it('loads in plain Node and answers from the exported handler without any network', () => {
    const script = `
      const { handler } = require(${JSON.stringify(bundle)});
      const ev = (method, headers, body) => ({ rawPath: '/v1/bookings', requestContext: { http: { method } }, headers, body });
      Promise.all([
        handler(ev('GET', {})),
        handler(ev('POST', { 'content-type': 'application/json' }, '{}')),
      ]).then((rs) => process.stdout.write(JSON.stringify(rs.map((r) => [r.statusCode, JSON.parse(r.body).error.code]))));
    `;
    const out = execFileSync(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH ?? '', ...ENV },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(JSON.parse(out.trim().split('\n').pop() ?? '[]')).toEqual([
      [405, 'method-not-allowed'],
      [401, 'unauthorized'],
    ]);
  });

  it('creates an invalidation through the CloudFront chunk, loaded on first use', async () => {
    const standin = await startCloudFrontStandin({ distributions: ['E1BUNDLE'] });
    try {
      const script = `
        import(${JSON.stringify(bundle)}).then(({ clients }) =>
          clients.cloudfront.createInvalidation({ distributionId: 'E1BUNDLE', paths: ['/a.html', '/g/a'], callerReference: 'bundle-1' }),
        ).then((out) => process.stdout.write(JSON.stringify(out)));
      `;
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
        env: { PATH: process.env.PATH ?? '', ...ENV, AWS_ENDPOINT_URL_CLOUDFRONT: standin.url },
        encoding: 'utf8',
      });
      const created = JSON.parse(stdout) as { id: string; status: string };
      expect(created.status).toBe('InProgress');
      expect(standin.state().invalidations).toEqual([
        expect.objectContaining({
          id: created.id,
          callerReference: 'bundle-1',
          paths: ['/a.html', '/g/a'],
        }),
      ]);
    } finally {
      await standin.close();
    }
  });
});
