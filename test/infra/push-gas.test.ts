import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const script = join(root, 'infra/scripts/push-gas.mjs');

/** Runs `npm run push`'s second half the way npm does, with CLASP_PROJECT pointing at `project`. */
function pushGas(project: string, ...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], {
    cwd: root,
    env: { ...process.env, CLASP_PROJECT: project },
    encoding: 'utf8',
  });
}

describe('Script: infra/scripts/push-gas.mjs (npm run push)', () => {
  let dir: string;

  beforeEach(() => {
    // Prepare: a per-environment clasp file next to a built bundle folder.
    dir = mkdtempSync(join(tmpdir(), 'push-gas-'));
    mkdirSync(join(dir, 'dist/gas'), { recursive: true });
    writeFileSync(join(dir, 'dist/gas/appsscript.json'), '{}');
    writeFileSync(join(dir, 'dist/gas/Code.js'), 'function onOpen() {}\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeProject = (scriptId: string, rootDir = 'dist/gas'): string => {
    const file = join(dir, '.clasp-test.json');
    writeFileSync(file, JSON.stringify({ scriptId, rootDir }));
    return file;
  };

  it('pushes with --force to the project CLASP_PROJECT names', () => {
    const project = writeProject('1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789');
    const run = pushGas(project, '--dry-run');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(`clasp --project ${project} push --force`);
  });

  it('refuses, with directions, while the scriptId is the placeholder', () => {
    const run = pushGas(writeProject('SET-ME-see-docs-deploy-guide'), '--dry-run');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no real scriptId yet');
    expect(run.stderr).toContain('CLASP_PROJECT=.clasp-prod.json npm run push');
  });

  it('refuses the committed .clasp.json as it is (placeholder scriptId)', () => {
    const committed = JSON.parse(readFileSync(join(root, '.clasp.json'), 'utf8')) as {
      scriptId: string;
    };
    expect(committed.scriptId).toBe('SET-ME-see-docs-deploy-guide');
    const run = pushGas(join(root, '.clasp.json'), '--dry-run');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no real scriptId yet');
  });

  it('refuses when the bundle was not built', () => {
    const run = pushGas(writeProject('1AbCdEf', 'nowhere'), '--dry-run');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/lacks appsscript\.json, Code\.js: run `npm run build` first/);
  });

  it('says which file is missing when CLASP_PROJECT names nothing', () => {
    const run = pushGas(join(dir, '.clasp-nope.json'), '--dry-run');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('.clasp-nope.json not found');
  });
});
