/**
 * The sandbox's state folder under stress: a second sandbox on the same folder (with --reset),
 * a crash (kill -9 of the sandbox and its stack process), and two e-mails in review that share a
 * subject.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxReport } from '../../local/start';
import { Sandbox as SandboxClass } from '../../local/sandbox/sandbox';
import {
  addToInbox,
  ensureGasBuilt,
  FILES,
  FIXTURES,
  outputOf,
  spawnStart,
  tempDir,
} from './support';

jest.setTimeout(90_000);

const SUBJECT = 'Booking approved - Queen of San Diego on Thu, May 30';

/** The worked example's e-mail with its own Message-ID, changed by `edit`. */
function seedVariant(messageId: string, edit: (text: string) => string): string {
  const seed = readFileSync(join(FIXTURES, FILES.seed), 'utf8');
  return edit(
    seed.replace(/^Message-ID: .*$/m, `Message-ID: <${messageId}@email.boatsetter.example>`),
  );
}
/** Same subject, two different reasons to need review. */
const NO_ID = seedVariant('review-no-id', (t) => t.replace(/^Booking ID: XHQGMDH\r?\n/m, ''));
const NO_DATE = seedVariant('review-no-date', (t) =>
  t
    .replace('Date: Thursday, May 30, 2024', 'Date: sometime in summer')
    .replaceAll('XHQGMDH', 'REVIEWB'),
);

describe('Sandbox state folder', () => {
  let stateDir: string;
  let inboxDir: string;
  let sandbox: Sandbox;
  let report: SandboxReport;

  beforeAll(async () => {
    ensureGasBuilt();
    stateDir = tempDir('e2e-lock-state-');
    inboxDir = tempDir('e2e-lock-inbox-');
    addToInbox(inboxDir, FILES.confirmed4h);
    writeFileSync(join(inboxDir, 'review_a.eml'), NO_ID);
    writeFileSync(join(inboxDir, 'review_b.eml'), NO_DATE);
    sandbox = await startSandbox({ stateDir, inboxDir, port: 0, log: () => undefined });
    report = await sandbox.report();
  });

  afterAll(async () => {
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(inboxDir, { recursive: true, force: true });
  });

  describe('two e-mails in review with the same subject', () => {
    it('each get the reason logged for that message (matched by Message-ID)', () => {
      const byFile = Object.fromEntries(report.review.map((r) => [r.file, r]));
      expect(byFile['review_a.eml']).toMatchObject({
        subject: SUBJECT,
        reason: 'no Booking ID field in a Boatsetter booking notification',
      });
      expect(byFile['review_b.eml']).toMatchObject({
        subject: SUBJECT,
        reason: expect.stringContaining('sometime in summer'),
      });
    });

    it('name the message in the Log, so the captain can find it in Gmail', () => {
      const logged = report.log
        .filter((row) => row.Action === 'needs review')
        .map((row) => String(row.Details));
      expect(logged).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/\(message <review-no-id@email\.boatsetter\.example>\)$/),
          expect.stringMatching(/\(message <review-no-date@email\.boatsetter\.example>\)$/),
        ]),
      );
    });
  });

  describe('a second sandbox on the same state folder', () => {
    it('is refused with a clear error, even with --reset, and deletes nothing', async () => {
      // Prepare
      const sheetBefore = readFileSync(join(stateDir, 'spreadsheet.json'), 'utf8');
      // Act
      const second = spawnStart([
        '--port',
        '0',
        '--state',
        stateDir,
        '--inbox',
        inboxDir,
        '--reset',
        '--poll',
        '0',
      ]);
      const out = outputOf(second);
      const { code } = await out.exited;
      // Assess
      expect(code).toBe(1);
      expect(out.stderr()).toContain(
        `the state folder ${stateDir} is in use by process ${process.pid}`,
      );
      expect(out.stderr()).toMatch(/stop that one first, or use --state DIR/);
      expect(readFileSync(join(stateDir, 'spreadsheet.json'), 'utf8')).toBe(sheetBefore);
      expect(existsSync(join(stateDir, 'aws', 'ses-emails.json'))).toBe(true);
      const after = await sandbox.report();
      expect(after.ok).toBe(true);
      expect(after.bookings).toHaveLength(report.bookings.length);
    });

    it('is refused in the same process too', async () => {
      await expect(
        SandboxClass.start({ stateDir, inboxDir, port: 0, reset: true, log: () => undefined }),
      ).rejects.toThrow(/is already in use by this process/);
      expect(existsSync(join(stateDir, 'spreadsheet.json'))).toBe(true);
    });
  });
});

describe('Sandbox killed with kill -9', () => {
  let stateDir: string;
  let inboxDir: string;
  let restarted: Sandbox | undefined;

  beforeAll(() => {
    ensureGasBuilt();
    stateDir = tempDir('e2e-crash-state-');
    inboxDir = tempDir('e2e-crash-inbox-');
    addToInbox(inboxDir, FILES.seed, FILES.confirmed4h);
  });

  afterAll(async () => {
    await restarted?.stop();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(inboxDir, { recursive: true, force: true });
  });

  it('loses no captured e-mail, and a restart sends none twice', async () => {
    // Prepare: the inbox is processed (the captain e-mails go out through SES) and served
    const child = spawnStart([
      '--port',
      '0',
      '--state',
      stateDir,
      '--inbox',
      inboxDir,
      '--poll',
      '0',
    ]);
    const out = outputOf(child);
    await out.waitFor(/Home page: +http:\/\/127\.0\.0\.1:\d+\//);
    // Act: the sandbox and its stack process die at once, with no chance to save anything
    process.kill(-(child.pid as number), 'SIGKILL');
    expect((await out.exited).signal).toBe('SIGKILL');
    restarted = await SandboxClass.start({ stateDir, inboxDir, port: 0, log: () => undefined });
    const afterCrash = await restarted.emails();
    await restarted.processInbox();
    const afterRun = await restarted.emails();
    // Assess
    const captain = (emails: typeof afterCrash, id: string) =>
      emails.filter((e) => e.source === 'ses' && e.subject.startsWith(`New charter ${id}`));
    for (const id of ['XHQGMDH', '4829173']) {
      expect([id, captain(afterCrash, id).length]).toEqual([id, 1]);
      expect([id, captain(afterRun, id).length]).toEqual([id, 1]);
    }
    expect((await restarted.report()).ok).toBe(true);
  });
});
