/**
 * Which files of the Lambda bundle a cold start loads, read from esbuild's metafile
 * (dist/lambda-bridge/meta.json, paths relative to the repository root): the entry `index.js` and
 * every chunk it imports statically, transitively. The other chunks load on first use (dynamic
 * import): the CloudFront client and the SDK's lazy credential providers. And the one way the
 * bench and the tests build the bundle somewhere else than dist/ (`buildBridgeInto`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';

export interface BuiltBridge {
  dir: string;
  /** The handler module (dist/lambda-bridge/index.js's counterpart). */
  entry: string;
  meta: Metafile;
}

/**
 * lambda-bridge/build.mjs run into `dir` (as `npm run build:lambda` into dist/lambda-bridge);
 * `untrimmed`: without the SDK schema trimming (the bench weighs the difference).
 */
export function buildBridgeInto(
  root: string,
  dir: string,
  options: { untrimmed?: boolean } = {},
): BuiltBridge {
  const args = [join(root, 'lambda-bridge/build.mjs'), '--outdir', dir];
  if (options.untrimmed) args.push('--untrimmed');
  execFileSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  return {
    dir,
    entry: join(dir, 'index.js'),
    meta: JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Metafile,
  };
}

/** Absolute paths, the entry first. `root`: the folder the metafile's paths are relative to. */
export function startupFiles(meta: Metafile, root: string): string[] {
  const entry = Object.keys(meta.outputs).find((file) => /(^|\/)index\.js$/.test(file));
  if (!entry) throw new Error('the metafile has no index.js output');
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const { path, kind } of meta.outputs[file]?.imports ?? []) {
      if (kind !== 'import-statement' || seen.has(path) || !(path in meta.outputs)) continue;
      seen.add(path);
      queue.push(path);
    }
  }
  return [...seen].map((file) => resolve(root, file));
}

/** Every JavaScript output (absolute paths). */
export function outputFiles(meta: Metafile, root: string): string[] {
  return Object.keys(meta.outputs)
    .filter((file) => file.endsWith('.js'))
    .map((file) => resolve(root, file));
}
