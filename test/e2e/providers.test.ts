/**
 * End to end with the providers an operator without the first operator's own services chooses
 * (`npm start -- --calendar google --crew builtin`): the worked example and its changes go to the
 * owner's Google Calendar (the in-memory CalendarApp the built bundle calls) instead of the
 * calendar dashboard, each effect exactly once.
 */
import { rmSync } from 'node:fs';
import { startSandbox, type Sandbox, type SandboxReport } from '../../local/start';
import { addToInbox, booking, ensureGasBuilt, FILES, tempDir } from './support';

jest.setTimeout(90_000);

describe('Sandbox with provider.calendar = google', () => {
  let stateDir: string;
  let inboxDir: string;
  let sandbox: Sandbox;
  let first: SandboxReport;

  beforeAll(async () => {
    ensureGasBuilt();
    stateDir = tempDir('e2e-providers-state-');
    inboxDir = tempDir('e2e-providers-inbox-');
    addToInbox(inboxDir, FILES.seed, FILES.confirmed4h, FILES.confirmed8h);
    sandbox = await startSandbox({
      stateDir,
      inboxDir,
      port: 0,
      log: () => undefined,
      providers: { calendar: 'google' },
    });
    first = await sandbox.report();
  });

  afterAll(async () => {
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(inboxDir, { recursive: true, force: true });
  });

  it('writes the worked example to Google Calendar at 9:00 PDT, and not to the dashboard', () => {
    expect(first.errors).toEqual([]);
    expect(first.providers.calendar).toBe('google');
    const entries = first.googleCalendar.events.filter((e) => String(e.title).includes('XHQGMDH'));
    expect(entries).toEqual([
      expect.objectContaining({
        start: '2024-05-30T16:00:00.000Z',
        end: '2024-05-30T19:00:00.000Z',
        tags: { charterBookingId: 'XHQGMDH' },
      }),
    ]);
    expect(first.calendar).toEqual([]);
    const row = booking(first, 'XHQGMDH');
    expect(row).toMatchObject({
      Calendar: 'done (Google Calendar)',
      'Calendar event ID': entries[0]?.id,
    });
  });

  it('tells the captain the entry is in Google Calendar', () => {
    const mail = first.emails.find((e) => e.subject.startsWith('New charter XHQGMDH'));
    expect(mail?.text).toContain('Calendar: in your Google Calendar');
  });

  it('updates the entry in place on a change and deletes it on a cancellation, once each', async () => {
    const before = first.googleCalendar.events.find((e) => String(e.title).includes('4829173'));
    expect(before).toBeDefined();
    addToInbox(inboxDir, FILES.modified, FILES.cancelled);
    await sandbox.processInbox();
    await sandbox.processInbox();
    const after = await sandbox.report();
    expect(after.errors).toEqual([]);

    const changed = after.googleCalendar.events.filter((e) => String(e.title).includes('4829173'));
    expect(changed).toEqual([expect.objectContaining({ id: before?.id })]);
    expect(changed[0]?.start).not.toBe(before?.start);

    expect(after.googleCalendar.events.filter((e) => String(e.title).includes('4917736'))).toEqual(
      [],
    );
    expect(
      after.googleCalendar.deleted.filter((e) => String(e.title).includes('4917736')),
    ).toHaveLength(1);
    expect(booking(after, '4917736').Calendar).toBe('done (Google Calendar)');
    expect(after.googleCalendar.events).toHaveLength(2);
  });
});
