// Bundles the bridge for AWS Lambda (nodejs22.x) into dist/lambda-bridge/.
// `--main-fields=module,main` picks the AWS SDK's ESM builds: a smaller, faster-loading bundle.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist/lambda-bridge');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

// Edge (CloudFront Function): copied byte for byte, it is deployed exactly as written.
// Copied before the bundle so the local edge and its tests have it even while the bundle fails.
copyFileSync(
  join(root, 'lambda-bridge/edge/guest-page-rewrite.js'),
  join(outDir, 'cloudfront-function.js'),
);

const result = await build({
  entryPoints: [join(root, 'lambda-bridge/src/handler.ts')],
  outfile: join(outDir, 'index.js'),
  bundle: true,
  minify: true,
  sourcemap: false,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  mainFields: ['module', 'main'],
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(join(outDir, 'meta.json'), JSON.stringify(result.metafile));

const kb = (statSync(join(outDir, 'index.js')).size / 1024).toFixed(0);
console.log(`dist/lambda-bridge/index.js ${kb} KB`);
