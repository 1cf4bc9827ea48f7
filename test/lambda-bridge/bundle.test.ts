/**
 * The Lambda bundle: built the way lambda-bridge/build.mjs builds it (into a temporary folder, so
 * dist/ is left alone), loaded by a plain Node process with only environment configuration, and
 * kept under a size budget.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(__dirname, '../..');
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-bundle-'));
  bundle = join(dir, 'index.js');
  await build({
    entryPoints: [join(root, 'lambda-bridge/src/handler.ts')],
    outfile: bundle,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: 'error',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

describe('Lambda bundle', () => {
  it('stays within its size budget (minified)', () => {
    const kb = statSync(bundle).size / 1024;
    expect(kb).toBeLessThan(900);
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
});
