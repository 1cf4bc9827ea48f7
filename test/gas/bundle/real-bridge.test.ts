/**
 * The built Apps Script bundle against the REAL local bridge (startLocalStack, run in a child
 * process because the UrlFetchApp fake blocks this thread): the worked example end to end.
 */
import { startStackProcess, type StackProcess } from '../../../local/sandbox/stack-process';
import { ensureGasBuilt, FIXTURE_FILES, fixture, newSandbox } from '../support/harness';

const PUBLIC_BASE = 'http://guests.localhost.example';
let stack: StackProcess;

beforeAll(async () => {
  ensureGasBuilt();
  stack = await startStackProcess({ publicBaseUrl: PUBLIC_BASE });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function standInState(url: string): Promise<unknown> {
  const response = await fetch(`${url}/__state`);
  return response.json();
}

describe('Apps Script bundle + real local bridge', () => {
  it('publishes the worked example: every step done, crew invited, no money in crew-facing systems', async () => {
    // Prepare
    const s = newSandbox({ bridgeUrl: stack.info.bridgeUrl, secret: stack.info.signingSecret });
    s.setSetting('guestPage.baseUrl', PUBLIC_BASE);
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.seed));
    // Act
    s.bundle.call('processInboxTrigger');
    // Assess: the sheet
    const row = s.rows('Bookings')[0]!;
    expect(row).toMatchObject({
      'Booking ID': 'XHQGMDH',
      Revenue: 840.75,
      'Port fee': 151.34,
      Net: 289.41,
      'Last error': '',
    });
    expect(
      ['Calendar', 'Crew event', 'Checklist', 'Guest page', 'Invalidation', 'Captain e-mail'].map(
        (h) => row[h],
      ),
    ).toEqual(Array(6).fill('done'));
    expect(row['Guest page URL']).toBe(`${PUBLIC_BASE}/g/xhqgmdh`);
    expect(s.runtime.gmail.threadsLabelled('charter/processed')).toHaveLength(1);
    // Assess: the stand-ins saw the booking, and crew-facing state has no money figures
    const scc = JSON.stringify(await standInState(stack.info.endpoints.scc));
    expect(scc).toContain('dana@example.com');
    expect(scc).toContain('lee@example.com');
    for (const figure of ['840.75', '289.41', '151.34', '84075', '28941'])
      expect(scc).not.toContain(figure);
    expect(JSON.stringify(await standInState(stack.info.endpoints.calendar))).toContain('XHQGMDH');
    // A re-run changes nothing and calls the bridge no more
    const before = JSON.stringify(s.rows('Bookings'));
    s.bundle.call('processInboxTrigger');
    expect(JSON.stringify(s.rows('Bookings'))).toBe(before);
  }, 60_000);

  it('keeps a change, a cancellation and an SCC outage in step with the sheet', async () => {
    // Prepare
    // A clock that starts 4 minutes back, so the retry 5 minutes on stays inside the bridge's
    // 5-minute signature window.
    let now = Date.now() - 4 * 60_000;
    const s = newSandbox({
      bridgeUrl: stack.info.bridgeUrl,
      secret: stack.info.signingSecret,
      now: () => now,
    });
    s.setSetting('guestPage.baseUrl', PUBLIC_BASE);
    s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.confirmed4h),
      await fixture(FIXTURE_FILES.confirmed8h),
    );
    s.bundle.call('processInboxTrigger');
    // Act: SCC fails every request for a while; a change and a cancellation arrive
    const fault = await fetch(`${stack.info.endpoints.scc}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'PUT', pathPrefix: '/events', status: 503, times: 1000 }),
    });
    expect(fault.ok).toBe(true);
    s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.modified),
      await fixture(FIXTURE_FILES.cancelled),
    );
    s.bundle.call('processInboxTrigger');
    // Assess: the cancellation went through; the change's crew step failed and says so
    const rows = () =>
      Object.fromEntries(s.rows('Bookings').map((r) => [String(r['Booking ID']), r]));
    expect(rows()['4917736']).toMatchObject({ Status: 'Cancelled', Revision: 2 });
    expect(rows()['4829173']).toMatchObject({
      Start: '2025-07-13T11:30:00-07:00',
      Revision: 2,
      Calendar: 'done',
    });
    expect(rows()['4829173']!['Crew event']).toBe('failed');
    expect(String(rows()['4829173']!['Last error'])).toMatch(/crewEvent/);
    // Recovery: the run at the first retry (5 minutes on) resends revision 2 and the step completes
    await fetch(`${stack.info.endpoints.scc}/__faults`, { method: 'DELETE' });
    now += 5 * 60_000;
    s.bundle.call('processInboxTrigger');
    expect(rows()['4829173']).toMatchObject({ 'Crew event': 'done', 'Last error': '' });
    expect(s.runtime.gmail.threadsLabelled('charter/processed')).toHaveLength(4);
  }, 60_000);
});
