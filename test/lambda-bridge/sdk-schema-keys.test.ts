/**
 * The bundle's SDK schema trimming (lambda-bridge/sdk-schema-keys.mjs): a computed key naming one
 * of the file's string constants becomes that string, so esbuild can prove the schema literal
 * pure and drop it when unused; anything it cannot be sure of is left as written.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import {
  literalSchemaKeys as rewrite,
  sdkSchemaKeys,
} from '../../lambda-bridge/sdk-schema-keys.mjs';

describe('literal SDK schema keys', () => {
  it('makes a computed key naming a top-level string constant that string', () => {
    const source = 'const _hP = "httpPayload";\nvar A$ = [3, n0, { [_hP]: 1 }, [0, { [_hP]: 1 }]];';

    expect(rewrite(source)).toEqual({
      contents:
        'const _hP = "httpPayload";\nvar A$ = [3, n0, { "httpPayload": 1 }, [0, { "httpPayload": 1 }]];',
      rewritten: 2,
    });
  });

  it('leaves a key alone when its name is declared twice, unknown, or not a key at all', () => {
    const source = [
      'const _a = "x";',
      'let _a;',
      'const _b = "y";',
      'var A$ = [{ [_a]: 1, [_c]: 2 }, ok ? [_b]: 3];',
    ].join('\n');

    expect(rewrite(source)).toEqual({ contents: source, rewritten: 0 });
  });

  it('lets the bundle drop the schemas nothing uses, and keeps the ones in use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-keys-'));
    const schemas = join(dir, 'node_modules/@aws-sdk/client-x/dist-es/schemas/schemas_0.js');
    mkdirSync(dirname(schemas), { recursive: true });
    writeFileSync(
      schemas,
      [
        'const _h = "http";',
        'const _PO = "PutObject";',
        'const _GB = "GetBucketAcl";',
        'export var PutObject$ = [9, { [_h]: ["PUT", "/{Key+}", 200] }, _PO];',
        'export var GetBucketAcl$ = [9, { [_h]: ["GET", "/?acl", 200] }, _GB];',
      ].join('\n'),
    );
    const bundle = async (plugins: Plugin[]) => {
      const out = await build({
        stdin: {
          contents: `export { PutObject$ } from ${JSON.stringify(schemas)};`,
          resolveDir: dir,
        },
        bundle: true,
        format: 'esm',
        write: false,
        logLevel: 'silent',
        plugins,
      });
      return out.outputFiles[0]?.text ?? '';
    };

    try {
      const without = await bundle([]);
      const trimmed = await bundle([sdkSchemaKeys()]);

      expect(without).toContain('GetBucketAcl');
      expect(trimmed).toContain('PutObject');
      expect(trimmed).not.toContain('GetBucketAcl');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
