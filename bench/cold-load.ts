/**
 * The Lambda bundle: size with its breakdown (esbuild metafile) and cold load + client
 * construction in fresh node processes, the bundle against the same program unbundled (the
 * bridge's own code bundled, every package required from node_modules as a zip deployment
 * would), alternating, >= 15 processes each. Also the size of the alternatives weighed for it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
};

/** Bytes in the bundle per package (node_modules) or per source folder. */
export function breakdown(meta: Metafile): Array<[string, number]> {
  const out = Object.values(meta.outputs)[0];
  const sizes = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(out?.inputs ?? {})) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const key = m ? (m[1] as string) : file.split('/').slice(0, 2).join('/');
    sizes.set(key, (sizes.get(key) ?? 0) + bytesInOutput);
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}

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

/** Bytes a bundle of `code` (an entry written to dist/bench) weighs with the bridge's flags. */
async function sizeOf(name: string, code: string): Promise<number> {
  const entry = join(WORK, `${name}.ts`);
  writeFileSync(entry, code);
  const out = await build({ ...SHARED, entryPoints: [entry], write: false });
  return out.outputFiles?.[0]?.contents.byteLength ?? 0;
}

function loadMs(file: string): number {
  const script = `const t0 = process.hrtime.bigint(); require(${JSON.stringify(file)});
    process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: WORK,
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-west-2',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  return Number(out);
}

export async function benchColdLoad(processes: number): Promise<Figure[]> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const bytes = statSync(BUNDLE).size;
  const parts = breakdown(JSON.parse(readFileSync(META, 'utf8')) as Metafile);
  const unbundled = await buildUnbundled();
  loadMs(BUNDLE); // the first process of each also fills the OS file cache
  loadMs(unbundled);
  const [bundleMs, unbundledMs] = await interleaved(processes, [
    async () => loadMs(BUNDLE),
    async () => loadMs(unbundled),
  ]);
  const b = spread(bundleMs ?? []);
  const u = spread(unbundledMs ?? []);

  const kb = (n: number) => round(n / 1024, 1);
  const alternatives: Record<string, number> = {
    'client-cloudfront (full SDK client, CreateInvalidation only) KB': kb(
      await sizeOf(
        'alt-cloudfront',
        `import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';\nexport const c = new CloudFrontClient({}); export const k = CreateInvalidationCommand;`,
      ),
    ),
    'signed CloudFront POST (what ships) KB': kb(
      await sizeOf(
        'alt-signed',
        `export * from ${JSON.stringify(join(ROOT, 'lambda-bridge/src/adapters/cloudfront-api'))};`,
      ),
    ),
    "zod: import { z } from 'zod' KB": kb(
      await sizeOf(
        'alt-zod-named',
        `import { z } from 'zod';\nexport const s = z.object({ a: z.string() });`,
      ),
    ),
    "zod: import * as z from 'zod' (what ships) KB": kb(
      await sizeOf(
        'alt-zod-ns',
        `import * as z from 'zod';\nexport const s = z.object({ a: z.string() });`,
      ),
    ),
    'zod/mini KB': kb(
      await sizeOf(
        'alt-zod-mini',
        `import * as z from 'zod/mini';\nexport const s = z.object({ a: z.string() });`,
      ),
    ),
  };
  const top = Object.fromEntries(parts.slice(0, 10).map(([k, v]) => [`${k} KB`, kb(v)]));
  return [
    withBaseline(
      atMost('lambda bundle size', kb(bytes), 'KB', 700, {
        ...top,
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
        kb(bytes),
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
      spreadDetail(b),
    ),
  ];
}
