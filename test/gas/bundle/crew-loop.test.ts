/**
 * The crew loop on the sheet's side: the built Apps Script bundle against the REAL local bridge
 * and SCC stand-in (the stack in a child process). Each run asks the bridge once for every
 * upcoming booking's crew answers; the rows show them; a Crew tab change updates the same SCC
 * event; when the answers cannot be had, the rows keep the last known ones with their age.
 * The sample charters are in the past, so the sheets here keep reading answers after a charter
 * (Settings "crewAnswers.keepReadingDays").
 */
import { readSesStore } from '../../../local/aws/emulators';
import type { RecordedRequest } from '../../../local/gas-runtime/url-fetch';
import { startStackProcess, type StackProcess } from '../../../local/sandbox/stack-process';
import { CREW_STATUS_PATH } from '../../../shared/crew-status-contract';
import {
  ensureGasBuilt,
  FIXTURE_FILES,
  fixture,
  newSandbox,
  type Sandbox,
} from '../support/harness';

const HOUR = 3_600_000;
let stack: StackProcess;

beforeAll(async () => {
  ensureGasBuilt();
  stack = await startStackProcess({ publicBaseUrl: 'http://guests.localhost.example' });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/**
 * fetch, once more if the stand-in had closed the idle keep-alive socket while this thread was
 * blocked in a synchronous Apps Script run ("other side closed").
 */
async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

/** A set-up sheet on a controllable clock (starting now: the bridge checks signatures against real time). */
function sheet(): { s: Sandbox; clock: { offsetMs: number }; requests: RecordedRequest[] } {
  const clock = { offsetMs: 0 };
  const requests: RecordedRequest[] = [];
  const s = newSandbox({
    bridgeUrl: stack.info.bridgeUrl,
    secret: stack.info.signingSecret,
    now: () => Date.now() + clock.offsetMs,
    onFetch: (batch) => requests.push(...batch),
  });
  s.setSetting('crewAnswers.keepReadingDays', '3650');
  return { s, clock, requests };
}

async function scc(): Promise<{
  events: Array<{
    eventId: string;
    booking_ref: string;
    status: string;
    crew: Array<{ email: string }>;
  }>;
  invitations: Array<{ eventId: string; email: string; reason: string; supersededAt?: string }>;
  notices: Array<{ eventId: string; email: string; kind: string }>;
}> {
  return (await request(`${stack.info.endpoints.scc}/__state`)).json();
}

/** A crew member answers (what their magic link does). */
async function answer(bookingId: string, email: string, status: 'confirmed' | 'declined') {
  const event = (await scc()).events.find(
    (e) => e.booking_ref === bookingId && e.status !== 'cancelled',
  );
  const res = await request(`${stack.info.endpoints.scc}/__respond`, {
    method: 'POST',
    body: JSON.stringify({ eventId: event?.eventId, email, status }),
  });
  expect(res.status).toBe(200);
}

const row = (s: Sandbox, tab: 'Bookings' | 'Kanban', id: string) =>
  s.rows(tab).find((r) => r['Booking ID'] === id)!;

describe('crew loop on the sheet (bundle + real bridge)', () => {
  it('asks once per run and shows each booking\u2019s answers in the Bookings and Kanban rows', async () => {
    // Prepare
    const { s, requests } = sheet();
    s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.seed),
      await fixture(FIXTURE_FILES.confirmed4h),
    );
    s.bundle.call('processInboxTrigger');
    await answer('XHQGMDH', 'dana@example.com', 'confirmed');
    await answer('XHQGMDH', 'lee@example.com', 'declined');
    requests.length = 0;

    // Act
    s.bundle.call('processInboxTrigger');

    // Assess: one signed request for both bookings
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual([CREW_STATUS_PATH]);
    expect(row(s, 'Bookings', 'XHQGMDH')['Crew status']).toBe('declined: Lee (deckhand)');
    expect(row(s, 'Kanban', 'XHQGMDH')['Crew status']).toBe('declined: Lee (deckhand)');
    expect(row(s, 'Kanban', '4829173')['Crew status']).toBe('no answers yet');
    const members = JSON.parse(String(row(s, 'Kanban', 'XHQGMDH')['Crew answers'])).members;
    expect(members.map((m: { name: string; answer: string }) => [m.name, m.answer])).toEqual([
      ['Dana Deck', 'confirmed'],
      ['Lee Line', 'declined'],
      ['Sam Rivera', 'waiting'],
    ]);
    expect(String(row(s, 'Bookings', 'XHQGMDH')['Crew notices'])).toMatch(
      /^declined:r1:lee@example\.com @ \S+ \(Lee Line \(deckhand\)\)$/,
    );
  }, 60_000);

  it('reads the sheet and writes it with as many calls for three bookings as for one', async () => {
    // Prepare: two sheets, one booking and three
    const one = sheet();
    one.s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.seed));
    one.s.bundle.call('processInboxTrigger');
    const three = sheet();
    three.s.runtime.gmail.deliver(
      await fixture(FIXTURE_FILES.seed),
      await fixture(FIXTURE_FILES.confirmed4h),
      await fixture(FIXTURE_FILES.confirmed8h),
    );
    three.s.bundle.call('processInboxTrigger');
    for (const x of [one, three]) x.s.runtime.spreadsheet.calls.reset();
    await answer('XHQGMDH', 'sam@example.com', 'confirmed');
    // A new second: "Crew checked" (to the second) changes in both sheets, so both write both tabs.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    // Act: a run that only syncs the crew answers (a new one for the booking both sheets have)
    one.s.bundle.call('processInboxTrigger');
    three.s.bundle.call('processInboxTrigger');

    // Assess
    expect(
      three.s.rows('Kanban').filter((r) => JSON.parse(String(r['Crew answers'])).members.length),
    ).toHaveLength(3);
    expect(three.s.runtime.spreadsheet.calls.snapshot()).toEqual(
      one.s.runtime.spreadsheet.calls.snapshot(),
    );
  }, 60_000);

  it('keeps the last known answers, marked with their age, when they cannot be read; no notice, the run goes on', async () => {
    // Prepare
    const { s, clock } = sheet();
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.confirmed8h));
    s.bundle.call('processInboxTrigger');
    await answer('4917736', 'sam@example.com', 'confirmed');
    s.bundle.call('processInboxTrigger');
    const mailBefore = (await readSesStore(stack.info.endpoints.ses)).emails.length;

    // Act: three hours later the bridge cannot be reached, and someone declines meanwhile
    await answer('4917736', 'lee@example.com', 'declined');
    s.setSetting('bridge.url', 'http://127.0.0.1:9');
    clock.offsetMs = 3 * HOUR;
    s.bundle.call('processInboxTrigger');

    // Assess
    expect(row(s, 'Bookings', '4917736')['Crew status']).toBe('1 of 3 confirmed (as of 3 h ago)');
    expect(row(s, 'Kanban', '4917736')['Crew status']).toBe('1 of 3 confirmed (as of 3 h ago)');
    expect(s.rows('Log').at(-1)).toMatchObject({ Action: 'crew status', Result: 'not read' });
    expect((await readSesStore(stack.info.endpoints.ses)).emails).toHaveLength(mailBefore);
  }, 60_000);

  it('a Crew tab change updates the same SCC event: the new member invited, the one removed told', async () => {
    // Prepare: Dana and Lee are the deckhands
    const { s } = sheet();
    s.runtime.gmail.deliver(await fixture(FIXTURE_FILES.confirmed4h));
    s.bundle.call('processInboxTrigger');
    const [event] = (await scc()).events.filter((e) => e.booking_ref === '4829173');

    // Act: Lee is made inactive; the next deckhand in the Crew tab takes the place
    const crewTab = s.runtime.spreadsheet.sheet('Crew')!;
    crewTab.rows.find((r) => r[0] === 'Lee Line')![4] = false;
    s.bundle.call('processInboxTrigger');

    // Assess
    const after = await scc();
    expect(after.events.filter((e) => e.booking_ref === '4829173')).toHaveLength(1);
    const updated = after.events.find((e) => e.eventId === event!.eventId)!;
    expect(updated.crew.map((m) => m.email).sort()).toEqual([
      'dana@example.com',
      'sam@example.com',
      'third@example.com',
    ]);
    const invited = after.invitations.filter((i) => i.eventId === event!.eventId);
    expect(invited.filter((i) => i.email === 'third@example.com')).toHaveLength(1);
    expect(invited.filter((i) => i.email === 'dana@example.com')).toHaveLength(1);
    expect(after.notices).toContainEqual(
      expect.objectContaining({
        eventId: event!.eventId,
        email: 'lee@example.com',
        kind: 'removed',
      }),
    );
    expect(row(s, 'Bookings', '4829173')).toMatchObject({ Revision: 2, 'Crew event': 'done' });
    expect(s.rows('Log').map((r) => r.Action)).toContain('crew change');
    // A run with no change sends nothing again
    const revision = row(s, 'Bookings', '4829173').Revision;
    s.bundle.call('processInboxTrigger');
    expect(row(s, 'Bookings', '4829173').Revision).toBe(revision);
  }, 60_000);
});
