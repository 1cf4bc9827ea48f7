/**
 * The stack's child process when it cannot start: the parent hears why, and the child, which may
 * hold half-started servers and its IPC channel, does not outlive the failed start.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStackProcess } from '../../../local/sandbox/stack-process';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Function: startStackProcess', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-process-'));
  const previous = process.env.SANDBOX_STACK_MAIN_TMP;
  afterAll(() => {
    if (previous === undefined) delete process.env.SANDBOX_STACK_MAIN_TMP;
    else process.env.SANDBOX_STACK_MAIN_TMP = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects with the reason and ends a child whose stack failed to start', async () => {
    // Prepare: a child that reports a failed start and would otherwise stay up.
    const pidFile = join(dir, 'pid');
    const main = join(dir, 'failing-main.mjs');
    writeFileSync(
      main,
      `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
setInterval(() => undefined, 1000);
process.send({ type: 'failed', message: 'port 4566 is taken' });
`,
    );
    process.env.SANDBOX_STACK_MAIN_TMP = main;

    // Act
    const start = startStackProcess({}, () => undefined);

    // Assess
    await expect(start).rejects.toThrow('the local stack did not start: port 4566 is taken');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  });
});
