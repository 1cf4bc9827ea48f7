/**
 * The crew loop end to end on the sandbox, as a captain and the crew use it: the crew answer
 * through their magic links (the SCC stand-in's pages), "Process inbox now" runs, and the
 * report shows the answers on the Kanban entries, an all-confirmed card in "Crew Confirmed",
 * and exactly one decline notice to the captain naming the booking, which a second run does not
 * repeat. Everything goes over HTTP, as a person or an acceptance check would use it.
 */
import type { SandboxReport } from '../../local/start';
import { card, FILES, sandboxSuite } from './support';

jest.setTimeout(90_000);

const CAPTAIN = 'captain@charter.example';

describe('Sandbox: crew answers come back to the sheet, the board and the captain', () => {
  const { report, processInbox } = sandboxSuite('crew', [FILES.seed, FILES.confirmed4h]);
  /** A crew member answers through the magic link of their current invitation. */
  const answerAs = async (r: SandboxReport, bookingId: string, email: string, answer: string) => {
    const event = r.crewEvents.find((e) => e.booking_ref === bookingId && e.status !== 'cancelled');
    const invitation = r.crewInvitations.find(
      (i) => i.eventId === event?.eventId && i.email === email && !i.supersededAt,
    );
    const link = String(invitation?.magicLink ?? '');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/m\//);
    expect((await fetch(link)).status).toBe(200); // the invitation page
    const res = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `answer=${answer}`,
    });
    expect(res.status).toBe(200);
  };
  const declineNotices = (r: SandboxReport) =>
    r.emails.filter((m) => m.source === 'ses' && m.subject.startsWith('Crew declined'));

  it('shows the answers, moves the all-confirmed card, and tells the captain about a decline once', async () => {
    // Prepare: both bookings are published and their crew invited; nobody has answered yet
    const before = await report();
    expect(card(before, 'XHQGMDH')).toMatchObject({
      lane: 'New Bookings',
      crewStatus: 'no answers yet',
    });
    // The worked example's SCC event, as SCC received it
    const received = before.crewEvents.find((e) => e.booking_ref === 'XHQGMDH');
    expect(received).toMatchObject({
      event_name: 'May 30 Boatsetter Charter',
      start_time: '2024-05-30T16:00:00Z',
      duration_hours: 3,
    });
    expect(
      (received?.crew as Array<{ role: string; rate: number; hours: number }>).map(
        ({ role, rate, hours }) => ({ role, rate, hours }),
      ),
    ).toEqual([
      { role: 'deckhand', rate: 25, hours: 5 },
      { role: 'deckhand', rate: 25, hours: 5 },
      { role: 'captain', rate: 50, hours: 3 },
    ]);

    // Act: the crew answer through their magic links; the captain presses "Process inbox now"
    for (const email of [
      'sam.rivera@crew.example',
      'dana.deck@crew.example',
      'lee.line@crew.example',
    ])
      await answerAs(before, 'XHQGMDH', email, 'confirmed');
    await answerAs(before, '4829173', 'sam.rivera@crew.example', 'confirmed');
    await answerAs(before, '4829173', 'lee.line@crew.example', 'declined');
    await processInbox();
    const after = await report();

    // Assess: the answers on the Kanban entries, the automatic move, one decline notice
    expect(card(after, 'XHQGMDH')).toMatchObject({
      lane: 'Crew Confirmed',
      crewStatus: 'all 3 confirmed',
      crewState: 'confirmed',
    });
    const declined = card(after, '4829173');
    expect(declined).toMatchObject({
      lane: 'New Bookings',
      crewStatus: 'declined: Lee (deckhand)',
      crewState: 'declined',
    });
    expect(Object.fromEntries(declined.crew.map((m) => [m.name, m.answer]))).toEqual({
      'Sam Rivera': 'confirmed',
      'Dana Deck': 'waiting',
      'Lee Line': 'declined',
    });
    const notices = declineNotices(after);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ to: [CAPTAIN] });
    expect(notices[0]!.subject).toContain('Lee Line (deckhand) for 4829173');
    expect(notices[0]!.html).toContain('Lee Line (deckhand)');
    expect(after.log).toContainEqual(
      expect.objectContaining({
        'Booking ID': 'XHQGMDH',
        Action: 'move',
        Result: 'automatic',
      }),
    );
    const row = after.bookings.find((b) => b['Booking ID'] === '4829173');
    expect(row?.['Crew status']).toBe('declined: Lee (deckhand)');
    expect(String(row?.['Crew notices'])).toContain('declined:r1:lee.line@crew.example');

    // A second run repeats no notice
    await processInbox();
    const again = await report();
    expect(declineNotices(again)).toHaveLength(1);
    expect(again.emails.filter((m) => m.subject.startsWith('Crew confirmed'))).toHaveLength(1);
    expect(card(again, 'XHQGMDH').lane).toBe('Crew Confirmed');
  });
});
