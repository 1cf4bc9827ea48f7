/**
 * The scriptable contract acceptance checks rely on, run as a child process exactly like
 * `npm start -- --once --inbox DIR --report FILE` (minus the build, which the suite ensures).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxReport } from '../../local/sandbox/report';
import { addToInbox, ensureGasBuilt, FILES, ROOT, tempDir } from './support';

jest.setTimeout(60_000);

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start -- --once (child process)', () => {
  let dir: string;

  beforeAll(() => {
    ensureGasBuilt();
    dir = tempDir('e2e-cli-');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('processes every .eml of the folder, writes the report and exits 0', async () => {
    // Prepare
    const inbox = join(dir, 'inbox');
    addToInbox(inbox, FILES.seed, FILES.marketing);
    const reportFile = join(dir, 'out', 'report.json');
    const state = join(dir, 'state');
    // Act
    const result = await run([
      '--once',
      '--inbox',
      inbox,
      '--report',
      reportFile,
      '--state',
      state,
    ]);
    // Assess
    expect(result.stderr).not.toMatch(/npm start failed/);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as SandboxReport;
    for (const key of [
      'bookings',
      'kanban',
      'calendar',
      'crewEvents',
      'guestPages',
      'invalidations',
      'emails',
      'review',
      'ignored',
    ])
      expect(Array.isArray((report as unknown as Record<string, unknown>)[key])).toBe(true);
    expect(report.bookings).toHaveLength(1);
    expect(report.bookings[0]).toMatchObject({
      'Booking ID': 'XHQGMDH',
      Revenue: '840.75',
      Net: '289.41',
    });
    expect(report.kanban[0]).toMatchObject({ bookingId: 'XHQGMDH', lane: 'New Bookings' });
    expect(report.guestPages[0]).toMatchObject({
      slug: 'xhqgmdh',
      path: '/g/xhqgmdh',
      status: 200,
    });
    expect(report.invalidations[0]?.paths.sort()).toEqual(['/g/xhqgmdh', '/xhqgmdh.html']);
    expect(report.ignored).toEqual([
      expect.objectContaining({ file: FILES.marketing, kind: 'marketing' }),
    ]);
    expect(report.emails.some((e) => e.source === 'ses' && e.subject.includes('XHQGMDH'))).toBe(
      true,
    );
    // the given state folder persists
    expect(existsSync(join(state, 'spreadsheet.json'))).toBe(true);
  });

  it('exits 2 with the usage on a bad option, and on an inbox folder that does not exist', async () => {
    const [bogus, missing] = await Promise.all([
      run(['--once', '--bogus']),
      run(['--once', '--inbox', join(dir, 'no-such-folder'), '--report', join(dir, 'r.json')]),
    ]);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('unknown option: --bogus');
    expect(bogus.stderr).toContain('Usage: npm start');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such folder');
    expect(existsSync(join(dir, 'r.json'))).toBe(false);
  });
});
