/** The product's source files, for checks that read the code itself (cycles, lengths, names). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** Folders that hold product code (tests, fixtures and build output are not product code). */
export const PRODUCT_DIRS = ['gas', 'shared', 'lambda-bridge', 'local', 'bench', 'infra'] as const;

const SKIPPED = new Set(['node_modules', 'dist', 'cdk.out', 'build', 'coverage']);
/** Code that imports code. */
export const SCRIPT = /\.(ts|mts|cts|mjs|cjs|js)$/;
/** Everything a person maintains by hand: scripts, pages and styles. */
export const HAND_WRITTEN = /\.(ts|mts|cts|mjs|cjs|js|html|css)$/;

/** Every source file under `dirs` whose name matches `pattern`, relative to the repo root. */
export function sourceFiles(
  dirs: readonly string[] = PRODUCT_DIRS,
  pattern: RegExp = SCRIPT,
): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (pattern.test(entry.name) && !entry.name.endsWith('.d.ts'))
        found.push(relative(REPO_ROOT, path));
    }
  };
  for (const dir of dirs) walk(join(REPO_ROOT, dir));
  return found.sort();
}

export function readSource(file: string): string {
  return readFileSync(join(REPO_ROOT, file), 'utf8');
}
