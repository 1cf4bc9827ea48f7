// Bundles the bridge for AWS Lambda (nodejs22.x) into dist/lambda-bridge/ (or `--outdir DIR`):
//   index.js        the handler (ES module; `index.handler`), with what every request needs;
//   chunks/*.js     code loaded only when first used: the CloudFront client (the first
//                   invalidation) and the SDK's own lazy parts (credential providers that are not
//                   the environment's, their STS/SSO clients);
//   package.json    {"type":"module"}, so Lambda and Node load index.js as an ES module;
//   cloudfront-function.js, meta.json  the edge function (copied) and esbuild's metafile: not
//                   Lambda code (infra excludes them from the asset).
// ES modules because esbuild splits code into chunks only for that format; as CommonJS every
// dynamic import, the SDK's included, is inlined and parsed at every cold start.
// `--main-fields=module,main` picks the AWS SDK's ESM builds: a smaller, faster-loading bundle.
// sdk-schema-keys.mjs lets tree shaking drop the SDK schemas of operations the bridge never sends
// (`--untrimmed` builds without it: the bench weighs the difference).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sdkSchemaKeys } from './sdk-schema-keys.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--outdir');
const outDir = at > 0 ? resolve(process.argv[at + 1]) : join(root, 'dist/lambda-bridge');
const trimSchemas = !process.argv.includes('--untrimmed');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

// Edge (CloudFront Function): copied byte for byte, it is deployed exactly as written.
// Copied before the bundle so the local edge and its tests have it even while the bundle fails.
copyFileSync(
  join(root, 'lambda-bridge/edge/guest-page-rewrite.js'),
  join(outDir, 'cloudfront-function.js'),
);
writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');

const result = await build({
  absWorkingDir: root,
  entryPoints: { index: join(root, 'lambda-bridge/src/handler.ts') },
  outdir: outDir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  sourcemap: false,
  platform: 'node',
  target: 'node22',
  mainFields: ['module', 'main'],
  // The few CommonJS packages in the graph call require() for Node built-ins.
  banner: {
    js: "import{createRequire as __bridgeRequire}from'node:module';const require=__bridgeRequire(import.meta.url);",
  },
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: trimSchemas ? [sdkSchemaKeys()] : [],
});
writeFileSync(join(outDir, 'meta.json'), JSON.stringify(result.metafile));

const kb = (file) => (statSync(join(root, file)).size / 1024).toFixed(0);
const files = Object.keys(result.metafile.outputs); // relative to root (absWorkingDir)
const [entry] = files.filter((f) => f.endsWith('index.js'));
console.log(
  `${relative(root, outDir)}/index.js ${kb(entry)} KB, ${files.length - 1} chunks ${files
    .filter((f) => f !== entry)
    .reduce((sum, f) => sum + statSync(join(root, f)).size / 1024, 0)
    .toFixed(0)} KB`,
);
