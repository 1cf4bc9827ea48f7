import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script, createContext } from 'node:vm';
import * as fc from 'fast-check';
import { transformSync } from 'esbuild';
import { SLUG_PATTERN } from '../../../shared/slug';
import {
  type CfRequest,
  type CfResponse,
  compileCloudFrontFunction,
  isCfResponse,
  viewerRequestEvent,
} from '../../../lambda-bridge/edge/runtime';

const root = join(__dirname, '../../..');
const sourcePath = join(root, 'lambda-bridge/edge/guest-page-rewrite.js');
const distPath = join(root, 'dist/lambda-bridge/cloudfront-function.js');
const source = readFileSync(sourcePath, 'utf8');
const handler = compileCloudFrontFunction(source, sourcePath);

/** Runs the function for a request whose (already split-off) uri is exactly `uri`. */
function run(uri: string): CfRequest | CfResponse {
  const event = viewerRequestEvent('/');
  event.request.uri = uri;
  return handler(event);
}

function expectRewrittenTo(requestUri: string, uri: string): void {
  const result = run(requestUri);
  expect(isCfResponse(result)).toBe(false);
  expect((result as CfRequest).uri).toBe(uri);
}

function expectNotFound(uri: string): CfResponse {
  const result = run(uri);
  expect(isCfResponse(result)).toBe(true);
  const response = result as CfResponse;
  expect(response.statusCode).toBe(404);
  return response;
}

describe('CloudFront Function: guest page rewrite (viewer request)', () => {
  describe('the deployed file', () => {
    it('is under the 10 KB CloudFront Functions size limit', () => {
      expect(Buffer.byteLength(source, 'utf8')).toBeLessThan(10 * 1024);
    });

    it('is what `npm run build:lambda` copies into dist, byte for byte', () => {
      // `npm test` builds first. (Not rebuilt here: build.mjs empties dist/lambda-bridge, which
      // suites running in parallel may be reading.)
      expect({ distCopyExists: existsSync(distPath), hint: 'run npm run build:lambda' }).toEqual({
        distCopyExists: true,
        hint: 'run npm run build:lambda',
      });
      expect(readFileSync(distPath).equals(readFileSync(sourcePath))).toBe(true);
    });

    it('uses nothing the runtime lacks: no modules, timers, Node globals or eval', () => {
      const code = source.replace(/^\s*\/\/.*$/gm, '');
      for (const forbidden of [
        /\brequire\s*\(/,
        /\bimport\b/,
        /\bexport\b/,
        /\bmodule\.exports\b/,
        /\bprocess\./,
        /\bset(Timeout|Interval|Immediate)\b/,
        /\beval\s*\(/,
        /\bnew Function\b/,
      ]) {
        expect(code).not.toMatch(forbidden);
      }
    });

    it('is plain ES5 syntax (a transform to es5 needs no lowering and does not fail)', () => {
      expect(() => transformSync(source, { loader: 'js', target: 'es5' })).not.toThrow();
    });

    it('defines handler in an empty context where require, process and timers are absent', () => {
      // Prepare: the bare context the runtime offers.
      const context = createContext(Object.create(null) as object);
      // Act
      new Script(source).runInContext(context);
      // Assess
      const globals = context as Record<string, unknown>;
      expect(typeof globals.handler).toBe('function');
      // (console exists at the edge too: CloudFront Functions log with console.log.)
      for (const name of [
        'require',
        'module',
        'exports',
        'process',
        'setTimeout',
        'setInterval',
        'Buffer',
      ]) {
        expect(new Script(`typeof ${name}`).runInContext(context)).toBe('undefined');
      }
    });
  });

  describe('guest page paths', () => {
    it('rewrites /g/{slug} to /{slug}.html', () => {
      expectRewrittenTo('/g/xhqgmdh', '/xhqgmdh.html');
    });

    it('rewrites /g/{slug}/ (trailing slash) to /{slug}.html', () => {
      expectRewrittenTo('/g/xhqgmdh/', '/xhqgmdh.html');
    });

    it('accepts digits, hyphens and the 64-character maximum', () => {
      expectRewrittenTo('/g/b-2026-07-04', '/b-2026-07-04.html');
      expectRewrittenTo('/g/' + 'a'.repeat(64), '/' + 'a'.repeat(64) + '.html');
      expectRewrittenTo('/g/-', '/-.html');
    });

    it('keeps the rest of the request as it came (query string, headers, cookies, method)', () => {
      // Prepare
      const event = viewerRequestEvent('/g/abc123?utm_source=mail', { host: 'pages.example.com' });
      event.request.cookies = { seen: { value: '1' } };
      const before = JSON.parse(JSON.stringify(event.request)) as CfRequest;
      // Act
      const result = handler(event) as CfRequest;
      // Assess
      expect(result).toEqual({ ...before, uri: '/abc123.html' });
    });
  });

  describe('invalid slugs under /g/', () => {
    it.each([
      ['empty', '/g/'],
      ['only a slash', '/g//'],
      ['upper case', '/g/XHQGMDH'],
      ['mixed case', '/g/XhQgmdh'],
      ['a dot', '/g/abc.html'],
      ['dot segments', '/g/..'],
      ['percent-encoded characters', '/g/%61bc'],
      ['an encoded slash', '/g/abc%2Fdef'],
      ['an underscore', '/g/abc_def'],
      ['a nested path', '/g/abc/def'],
      ['two trailing slashes', '/g/abc//'],
      ['65 characters', '/g/' + 'a'.repeat(65)],
      ['a space', '/g/abc def'],
      ['non-ASCII', '/g/caf\u00e9'],
    ])('answers 404 from the edge for %s (%s)', (_label, path) => {
      expectNotFound(path);
    });

    it('sends a small cacheable HTML 404 with no origin involved', () => {
      const response = expectNotFound('/g/Not.A.Slug');
      expect(response.statusDescription).toBe('Not Found');
      expect(response.headers?.['content-type']?.value).toBe('text/html; charset=utf-8');
      expect(response.headers?.['cache-control']?.value).toMatch(/max-age=\d+/);
      expect(typeof response.body).toBe('string');
      expect((response.body as string).length).toBeLessThan(1024);
      expect(response.body).toContain('Page not found');
      expect(Object.keys(response.headers ?? {}).every((h) => h === h.toLowerCase())).toBe(true);
    });
  });

  describe('every other path', () => {
    it.each([
      '/',
      '/index.html',
      '/g',
      '/gallery/photo.jpg',
      '/G/abc',
      '/xhqgmdh.html',
      '/crew/xhqgmdh-0123456789abcdef0123456789abcdef.html',
      '/crew/',
      '/api/g/abc',
    ])('leaves %s untouched', (path) => {
      // Prepare
      const event = viewerRequestEvent(path);
      const before = JSON.parse(JSON.stringify(event.request)) as CfRequest;
      // Act
      const result = handler(event);
      // Assess
      expect(result).toBe(event.request);
      expect(result).toEqual(before);
    });

    it('leaves any path outside /g/ untouched (property)', () => {
      const pathOutsideGuestPrefix = fc
        .string({ maxLength: 80 })
        .map((s) => '/' + s)
        .filter((p) => !p.startsWith('/g/'));
      fc.assert(
        fc.property(pathOutsideGuestPrefix, (uri) => {
          const event = viewerRequestEvent('/');
          event.request.uri = uri;
          const result = handler(event);
          return result === event.request && event.request.uri === uri;
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('agreement with shared/slug.ts SLUG_PATTERN', () => {
    // Strings built mostly from near-miss characters, so both outcomes occur often.
    const nearMissChar = fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...'abcxyz0189-') },
      {
        weight: 3,
        arbitrary: fc.constantFrom('A', 'Z', '.', '_', '%', '/', ' ', '~', '+', '\u00e9', '\n'),
      },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }) },
    );
    const aroundMaxLength = fc
      .integer({ min: 60, max: 68 })
      .chain((n) => fc.string({ unit: fc.constantFrom(...'az09-'), minLength: n, maxLength: n }));
    const candidate = fc.oneof(
      fc.string({ unit: nearMissChar, maxLength: 70 }),
      aroundMaxLength,
      fc.stringMatching(SLUG_PATTERN),
      fc.string({ maxLength: 70 }),
    );

    it('rewrites /g/{s} exactly when SLUG_PATTERN accepts s, else answers 404', () => {
      let accepted = 0;
      let rejected = 0;
      fc.assert(
        fc.property(candidate, (s) => {
          const result = run('/g/' + s);
          const bare = s.endsWith('/') ? s.slice(0, -1) : s;
          if (SLUG_PATTERN.test(bare)) {
            accepted++;
            return !isCfResponse(result) && result.uri === '/' + bare + '.html';
          }
          rejected++;
          return isCfResponse(result) && result.statusCode === 404;
        }),
        { numRuns: 3000 },
      );
      // Both sides of the rule were exercised.
      expect(accepted).toBeGreaterThan(300);
      expect(rejected).toBeGreaterThan(300);
    });

    it('uses the very same pattern source and flags as SLUG_PATTERN', () => {
      const match = /var SLUG_PATTERN = \/(.*)\/([a-z]*);/.exec(source);
      expect(match).not.toBeNull();
      expect(match?.[1]).toBe(SLUG_PATTERN.source);
      expect(match?.[2]).toBe(SLUG_PATTERN.flags);
    });
  });
});
