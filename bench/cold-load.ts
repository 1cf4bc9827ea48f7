/**
 * The Lambda bundle: size with its breakdown (esbuild metafile) and cold load + client
 * construction in fresh node processes, the bundle against the same program unbundled (the
 * bridge's own code bundled, every package required from node_modules as a zip deployment
 * would), alternating, >= 15 processes each. Also the size of the alternatives weighed for it,
 * and the load of one of them, the same bundle as a single CommonJS file (what shipped before the
 * CloudFront client became a chunk loaded by the first invalidation).
 *
 * What a cold start loads is index.js and the chunks it imports statically (bundle-files.ts);
 * the CloudFront chunk's own load + client construction is measured in the same processes,
 * after the cold load, as the first invalidation would pay it. The same build without the SDK
 * schema trimming (build.mjs --untrimmed) is loaded in the same rounds, to show what it saves.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import {
  atMost,
  interleaved,
  round,
  spread,
  spreadDetail,
  versus,
  withBaseline,
  type Figure,
} from './figures';
import { sdkSchemaKeys } from '../lambda-bridge/sdk-schema-keys.mjs';
import { buildBridgeInto, outputFiles, startupFiles } from './bundle-files';
import { ROOT } from './requests';

const BUNDLE = join(ROOT, 'dist/lambda-bridge/index.js');
const META = join(ROOT, 'dist/lambda-bridge/meta.json');
/** Inside the repository so that `require` finds node_modules. */
const WORK = join(ROOT, 'dist/bench');

const SHARED: BuildOptions = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'silent',
  plugins: [sdkSchemaKeys()],
};

/** Bytes per package (node_modules) or per source folder, over the given outputs of the build. */
export function breakdown(meta: Metafile, outputs?: ReadonlySet<string>): Array<[string, number]> {
  const sizes = new Map<string, number>();
  for (const [name, out] of Object.entries(meta.outputs)) {
    if (outputs && !outputs.has(join(ROOT, name))) continue;
    for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      const key = m ? (m[1] as string) : file.split('/').slice(0, 2).join('/');
      sizes.set(key, (sizes.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}

/**
 * The baseline: the bridge's own code bundled, every package required from node_modules. Note
 * that required this way zod/mini loads all of zod's ~60 locale files (its core re-exports them),
 * as classic zod did; bundled, tree shaking keeps the English one shared/schema.ts configures.
 */
async function buildUnbundled(): Promise<string> {
  const outfile = join(WORK, 'unbundled/index.js');
  await build({
    ...SHARED,
    entryPoints: [join(ROOT, 'lambda-bridge/src/handler.ts')],
    outfile,
    packages: 'external',
    mainFields: ['main'],
  });
  return outfile;
}

/** The alternative: the same bundle as one CommonJS file (dynamic imports inlined). */
async function buildSingleCjs(): Promise<string> {
  const outfile = join(WORK, 'single-cjs/index.js');
  await build({ ...SHARED, entryPoints: [join(ROOT, 'lambda-bridge/src/handler.ts')], outfile });
  return outfile;
}

/** Bytes a bundle of `code` (an entry written to dist/bench) weighs with the bridge's flags. */
async function sizeOf(name: string, code: string): Promise<number> {
  const entry = join(WORK, `${name}.ts`);
  writeFileSync(entry, code);
  const out = await build({ ...SHARED, entryPoints: [entry], write: false });
  return out.outputFiles?.[0]?.contents.byteLength ?? 0;
}

const LOAD_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-west-2',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function run(script: string): string {
  return execFileSync(process.execPath, ['-e', script], {
    cwd: WORK,
    env: LOAD_ENV,
    encoding: 'utf8',
  });
}

/** A CommonJS program: require + client construction in a fresh process, ms. */
function requireMs(file: string): number {
  return Number(
    run(`const t0 = process.hrtime.bigint(); require(${JSON.stringify(file)});
      process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));`),
  );
}

/**
 * The shipped ES module bundle, as Lambda loads it (import), in a fresh process; then, in the same
 * process, what the first invalidation adds: the CloudFront chunk's load + client construction.
 */
function importMs(file: string, cloudFrontChunk: string): { cold: number; chunk: number } {
  const out = run(`const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
    const t0 = process.hrtime.bigint();
    import(${JSON.stringify(pathToFileURL(file).href)}).then(async () => {
      const cold = ms(t0);
      const t1 = process.hrtime.bigint();
      const { createCloudFrontApi } = await import(${JSON.stringify(pathToFileURL(cloudFrontChunk).href)});
      createCloudFrontApi({ region: 'us-east-1' });
      process.stdout.write(JSON.stringify({ cold, chunk: ms(t1) }));
    });`);
  return JSON.parse(out) as { cold: number; chunk: number };
}

export async function benchColdLoad(processes: number): Promise<Figure[]> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const meta = JSON.parse(readFileSync(META, 'utf8')) as Metafile;
  const startup = startupFiles(meta, ROOT);
  const all = outputFiles(meta, ROOT);
  const lazy = all.filter((file) => !startup.includes(file));
  const cloudFrontChunk = lazy.find((file) => /chunks\/cloudfront-sdk-[^/]+\.js$/.test(file));
  if (startup[0] !== BUNDLE || !cloudFrontChunk)
    throw new Error('dist/lambda-bridge is not the chunked ES module build: run npm run build');
  const bytes = (files: readonly string[]) => files.reduce((sum, f) => sum + statSync(f).size, 0);
  const parts = breakdown(meta, new Set(startup));
  const unbundled = await buildUnbundled();
  const singleCjs = await buildSingleCjs();
  const untrimmed = buildBridgeInto(ROOT, join(WORK, 'untrimmed'), { untrimmed: true });
  const untrimmedChunk = outputFiles(untrimmed.meta, ROOT).find((file) =>
    /chunks\/cloudfront-sdk-[^/]+\.js$/.test(file),
  );
  if (!untrimmedChunk) throw new Error('the untrimmed build has no CloudFront chunk');
  // The first process of each also fills the OS file cache.
  importMs(BUNDLE, cloudFrontChunk);
  importMs(untrimmed.entry, untrimmedChunk);
  requireMs(unbundled);
  requireMs(singleCjs);
  const chunkMs: number[] = [];
  const [bundleMs, unbundledMs, singleMs, untrimmedMs] = await interleaved(processes, [
    async () => {
      const { cold, chunk } = importMs(BUNDLE, cloudFrontChunk);
      chunkMs.push(chunk);
      return cold;
    },
    async () => requireMs(unbundled),
    async () => requireMs(singleCjs),
    async () => importMs(untrimmed.entry, untrimmedChunk).cold,
  ]);
  const b = spread(bundleMs ?? []);
  const u = spread(unbundledMs ?? []);
  const one = spread(singleMs ?? []);
  const cf = spread(chunkMs);
  const raw = spread(untrimmedMs ?? []);

  const kb = (n: number) => round(n / 1024, 1);
  const alternatives: Record<string, number> = {
    'client-cloudfront (full SDK client, CreateInvalidation only) alone KB': kb(
      await sizeOf(
        'alt-cloudfront',
        `import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';\nexport const c = new CloudFrontClient({}); export const k = CreateInvalidationCommand;`,
      ),
    ),
    'client-cloudfront chunk (what ships: loaded by the first invalidation) KB': kb(
      statSync(cloudFrontChunk).size,
    ),
    'without the SDK schema trimming (build.mjs --untrimmed): what a cold start loads KB': kb(
      bytes(startupFiles(untrimmed.meta, ROOT)),
    ),
    'without the SDK schema trimming: client-cloudfront chunk KB': kb(
      statSync(untrimmedChunk).size,
    ),
    'without the SDK schema trimming: cold load + client construction, median ms': round(
      raw.median,
      1,
    ),
    'the same bundle as one CommonJS file (no chunks) KB': kb(statSync(singleCjs).size),
    'one CommonJS file: cold load + client construction, median ms': round(one.median, 1),
    "classic zod: import { z } from 'zod' KB": kb(
      await sizeOf(
        'alt-zod-named',
        `import { z } from 'zod';\nexport const s = z.object({ a: z.string() });`,
      ),
    ),
    "classic zod: import * as z from 'zod' (shipped before zod/mini) KB": kb(
      await sizeOf(
        'alt-zod-ns',
        `import * as z from 'zod';\nexport const s = z.object({ a: z.string() });`,
      ),
    ),
    'zod/mini with its English messages (what ships: shared/schema.ts) KB': kb(
      await sizeOf(
        'alt-zod-mini',
        `import * as z from '${join(ROOT, 'shared/schema')}';\nexport const s = z.object({ a: z.string() });`,
      ),
    ),
  };
  const top = Object.fromEntries(parts.slice(0, 10).map(([k, v]) => [`${k} KB`, kb(v)]));
  return [
    withBaseline(
      atMost('lambda bundle size: what a cold start loads', kb(bytes(startup)), 'KB', 700, {
        files: startup.length,
        ...top,
        'chunks loaded on first use (CloudFront, lazy SDK credential providers) KB': kb(
          bytes(lazy),
        ),
        'every file of the bundle KB': kb(bytes(all)),
        'own code unbundled (packages from node_modules) KB': kb(statSync(unbundled).size),
      }),
      {
        name: 'before issue 16, with client-cloudfront and client-ssm (recorded, not re-built)',
        value: 852,
        unit: 'KB',
      },
    ),
    {
      ...atMost(
        'bundle alternatives weighed (size of each alone)',
        kb(bytes(startup)),
        'KB',
        700,
        alternatives,
      ),
      target: null,
      met: null,
    },
    versus(
      'lambda cold load + client construction (bundle), median',
      round(b.median, 1),
      'ms',
      {
        name: 'the same clients and code unbundled (require from node_modules)',
        value: round(u.median, 1),
        unit: 'ms',
        detail: spreadDetail(u),
      },
      { kind: 'fraction', atMost: 0.5 },
      {
        ...spreadDetail(b),
        'first invalidation: CloudFront chunk load + client construction, median ms': round(
          cf.median,
          1,
        ),
        'the same bundle as one CommonJS file, median ms': round(one.median, 1),
        'the same bundle without the SDK schema trimming, median ms': round(raw.median, 1),
      },
    ),
  ];
}
