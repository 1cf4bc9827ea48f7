/**
 * dist/gas for the tests: rebuilt at most once per jest run, before any suite starts (jest's
 * globalSetup, test/global-setup.ts), when a source is newer than the bundle. Suites only check
 * that it is there: a suite that rebuilt it mid-run (webpack empties dist/gas first) would pull the
 * bundle and pages away from the suites reading them, and a source saved during a run (an edit, a
 * landing on the checkout under test) used to do exactly that.
 */
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const DIST_GAS = path.join(ROOT, 'dist/gas');
const CODE_JS = path.join(DIST_GAS, 'Code.js');
/** What a complete build holds: Code.js, then the manifest and each page of gas/html beside it. */
const BUILT = [
  'Code.js',
  'appsscript.json',
  ...fs.readdirSync(path.join(ROOT, 'gas/html')).filter((name) => name.endsWith('.html')),
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const complete = (): boolean => BUILT.every((name) => fs.existsSync(path.join(DIST_GAS, name)));

const fresh = (): boolean =>
  complete() &&
  fs.statSync(CODE_JS).mtimeMs >=
    Math.max(
      newestMtime(path.join(ROOT, 'gas')),
      newestMtime(path.join(ROOT, 'shared')),
      fs.statSync(path.join(ROOT, 'appsscript.json')).mtimeMs,
    );

/** Runs `npm run build:gas` unless `upToDate()`, one build at a time across processes. */
function buildUnless(upToDate: () => boolean): void {
  if (upToDate()) return;
  const lock = path.join(ROOT, 'dist/.gas-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`${lock} is held for two minutes; remove it if no build is running`);
      sleepSync(100);
    }
  }
  try {
    if (!upToDate()) execSync('npm run build:gas --silent', { cwd: ROOT, stdio: 'pipe' });
  } finally {
    fs.rmdirSync(lock);
  }
}

/** Before a run: rebuilds dist/gas when it is missing or older than a source. */
export function buildGasIfStale(): void {
  buildUnless(fresh);
}

/**
 * In a suite: dist/gas as the run started with it. Built only if it is not there at all (a suite
 * run without the globalSetup, e.g. by the bench); never rebuilt for being older than a source.
 */
export function ensureGasBuilt(): void {
  buildUnless(complete);
}
