/**
 * Which files of the Lambda bundle a cold start loads, read from esbuild's metafile
 * (dist/lambda-bridge/meta.json, paths relative to the repository root): the entry `index.js` and
 * every chunk it imports statically, transitively. The other chunks load on first use (dynamic
 * import): the CloudFront client and the SDK's lazy credential providers.
 */
import { resolve } from 'node:path';
import type { Metafile } from 'esbuild';

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
