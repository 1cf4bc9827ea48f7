#!/usr/bin/env node
// Pushes the built Apps Script bundle with clasp: `npm run push` (after `npm run build`).
//   CLASP_PROJECT=.clasp-prod.json npm run push   -> clasp --project .clasp-prod.json push --force
// Per-environment files (.clasp-*.json) stay out of git; .clasp.json holds a placeholder scriptId.
// --force because clasp 3 silently skips a non-interactive push when appsscript.json changed.
// --dry-run prints the clasp command instead of running it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PLACEHOLDER = 'SET-ME-see-docs-deploy-guide';
const REQUIRED_FILES = ['appsscript.json', 'Code.js'];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dryRun = process.argv.includes('--dry-run');

function fail(message) {
  console.error(`push-gas: ${message}`);
  process.exit(1);
}

const projectFile = resolve(repoRoot, process.env.CLASP_PROJECT || '.clasp.json');
if (!existsSync(projectFile))
  fail(`${projectFile} not found (CLASP_PROJECT names the clasp file).`);

let project;
try {
  project = JSON.parse(readFileSync(projectFile, 'utf8'));
} catch (err) {
  fail(`${projectFile} is not valid JSON: ${err.message}`);
}

const scriptId = typeof project.scriptId === 'string' ? project.scriptId.trim() : '';
// Any SET-ME value is a placeholder (older clones hold an earlier spelling of it).
if (scriptId === '' || scriptId === PLACEHOLDER || scriptId.startsWith('SET-ME'))
  fail(
    `${projectFile} has no real scriptId yet ("${scriptId}").\n` +
      '  Create or clone the Apps Script project and put its id in a per-environment file,\n' +
      '  e.g. .clasp-prod.json (kept out of git), then: CLASP_PROJECT=.clasp-prod.json npm run push\n' +
      '  The id is in the Apps Script editor: Project Settings > IDs > Script ID.',
  );

const rootDir = resolve(dirname(projectFile), project.rootDir || '.');
const missing = REQUIRED_FILES.filter((f) => !existsSync(join(rootDir, f)));
if (missing.length > 0)
  fail(`${rootDir} lacks ${missing.join(', ')}: run \`npm run build\` first (npm run push does).`);

const args = ['--project', projectFile, 'push', '--force'];
if (dryRun) {
  console.log(['clasp', ...args].join(' '));
  process.exit(0);
}

const claspBin = createRequire(join(repoRoot, 'package.json')).resolve('@google/clasp');
const run = spawnSync(process.execPath, [claspBin, ...args], { cwd: repoRoot, stdio: 'inherit' });
if (run.error) fail(`could not start clasp: ${run.error.message}`);
process.exit(run.status ?? 1);
