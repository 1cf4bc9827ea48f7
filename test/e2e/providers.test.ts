/**
 * End to end with the providers an operator without the first operator's own services chooses
 * (`npm start -- --calendar google --crew builtin`): the worked example goes to the owner's
 * Google Calendar (the in-memory CalendarApp the built bundle calls) instead of the calendar
 * dashboard, and the bridge invites the crew itself: e-mailed magic links whose pages confirm and
 * decline, answers the crew loop shows and tells the captain about, each effect exactly once.
 * Everything goes over HTTP, as a crew member or an acceptance check would use it.
 */
import { readSesStore } from '../../local/aws/emulators';
import { SANDBOX_CREW_LINK_BASE } from '../../local/sandbox/origin';
import type { SandboxReport } from '../../local/start';
import { addToInbox, booking, card, FILES, sandboxSuite } from './support';

jest.setTimeout(120_000);

const CREW = ['sam.rivera@crew.example', 'dana.deck@crew.example', 'lee.line@crew.example'];

describe('Sandbox with provider.calendar = google and provider.crew = builtin', () => {
  const suite = sandboxSuite('providers', [FILES.seed, FILES.confirmed4h, FILES.confirmed8h], {
    providers: { calendar: 'google', crew: 'builtin' },
  });
  const { report, processInbox } = suite;
  let first: SandboxReport;
  const crewMails = (r: SandboxReport, to: string, subject: string) =>
    r.emails.filter((m) => m.to.includes(to) && m.subject.startsWith(subject));
  /** The magic link in a member's invitation e-mail for a booking. */
  const linkOf = (r: SandboxReport, bookingId: string, email: string): string => {
    const [mail, ...more] = crewMails(r, email, `Crew invitation: Charter ${bookingId} `);
    expect(more).toEqual([]);
    const link = /Confirm or decline: (\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
    // shown at the home page's address, which passes it on to the bridge wherever it listens now
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bridge\/crew\/[\w-]+\.[\w-]+$/);
    expect(link.startsWith(`${suite.sandbox.homeUrl}/bridge/crew/`)).toBe(true);
    return link;
  };
  const versionOf = (html: string) => /name="v" value="(\d+)"/.exec(html)?.[1] ?? '';
  const post = (link: string, body: string) =>
    fetch(link, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  const answerAs = async (r: SandboxReport, bookingId: string, email: string, answer: string) => {
    const link = linkOf(r, bookingId, email);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const res = await post(link, `answer=${answer}&v=${versionOf(await page.text())}`);
    expect(res.status).toBe(303);
  };

  beforeAll(async () => {
    first = await report();
  });

  it('writes the worked example to Google Calendar at 9:00 PDT, and not to the dashboard', () => {
    expect(first.errors).toEqual([]);
    expect(first.providers).toEqual({ calendar: 'google', crew: 'builtin' });
    const entries = first.googleCalendar.events.filter((e) => String(e.title).includes('XHQGMDH'));
    expect(entries).toEqual([
      expect.objectContaining({
        start: '2024-05-30T16:00:00.000Z',
        end: '2024-05-30T19:00:00.000Z',
        tags: { charterBookingId: 'XHQGMDH' },
      }),
    ]);
    expect(first.calendar).toEqual([]);
    expect(booking(first, 'XHQGMDH')).toMatchObject({
      Calendar: 'done (Google Calendar)',
      'Calendar event ID': entries[0]?.id,
      'Crew event': 'done (built-in invitations)',
    });
    const mail = first.emails.find((e) => e.subject.startsWith('New charter XHQGMDH'));
    expect(mail?.text).toContain('Calendar: in your Google Calendar');
  });

  it('invites each crew member once by e-mail, with no revenue, and not through SCC', () => {
    expect(first.crewEvents).toEqual([]);
    for (const email of CREW) {
      const [invite, ...more] = crewMails(first, email, 'Crew invitation: Charter XHQGMDH ');
      expect(more).toEqual([]);
      expect(`${invite?.text} ${invite?.html}`).not.toMatch(/840|960|151\.34|289\.41|\$/);
    }
  });

  it('e-mails magic links at the fixed public origin, never a port (they outlive a restart)', async () => {
    const sent = await readSesStore(suite.sandbox.stack.info.endpoints.ses);
    const invites = sent.emails.filter((m) => m.subject.startsWith('Crew invitation:'));
    expect(invites.length).toBeGreaterThan(0);
    for (const mail of invites) {
      expect(mail.body.text).toContain(`${SANDBOX_CREW_LINK_BASE}/crew/`);
      expect(`${mail.body.text} ${mail.body.html}`).not.toMatch(/127\.0\.0\.1|localhost:\d/);
    }
  });

  it('refuses a bad or replayed link with a clear page and writes nothing', async () => {
    const link = linkOf(first, 'XHQGMDH', CREW[0]!);
    const forged = `${link.slice(0, -3)}abc`;
    const bad = await fetch(forged);
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('This link is not valid');
    expect((await post(forged, 'answer=confirm&v=1')).status).toBe(404);

    const version = versionOf(await (await fetch(link)).text());
    expect((await post(link, `answer=decline&v=${version}`)).status).toBe(303);
    const replay = await post(link, `answer=confirm&v=${version}`);
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('nothing changed');
    expect(await (await fetch(link)).text()).toContain('You declined');
  });

  it('shows the answers in the crew loop and tells the captain once; members may change their mind', async () => {
    // Sam changes his mind (declined above), then everyone on the worked example confirms.
    for (const email of CREW) await answerAs(first, 'XHQGMDH', email, 'confirm');
    await answerAs(first, '4829173', CREW[2]!, 'decline');
    await processInbox();
    await processInbox();
    const after = await report();
    expect(after.errors).toEqual([]);
    expect(card(after, 'XHQGMDH')).toMatchObject({
      lane: 'Crew Confirmed',
      crewStatus: 'all 3 confirmed',
    });
    expect(card(after, '4829173').crewStatus).toBe('declined: Lee (deckhand)');
    const declines = after.emails.filter((m) => m.subject.startsWith('Crew declined'));
    expect(declines).toHaveLength(1);
    expect(declines[0]?.subject).toContain('4829173');
  });

  it('sends a change e-mail to those invited and a cancellation e-mail to all, once each', async () => {
    const before = first.googleCalendar.events.find((e) => String(e.title).includes('4829173'));
    addToInbox(suite.inboxDir, FILES.modified, FILES.cancelled);
    await processInbox();
    await processInbox();
    const after = await report();
    expect(after.errors).toEqual([]);

    const changed = after.googleCalendar.events.filter((e) => String(e.title).includes('4829173'));
    expect(changed).toEqual([expect.objectContaining({ id: before?.id })]);
    expect(changed[0]?.start).not.toBe(before?.start);
    expect(
      after.googleCalendar.deleted.filter((e) => String(e.title).includes('4917736')),
    ).toHaveLength(1);

    for (const email of CREW) {
      expect(crewMails(after, email, 'Charter changed: Charter 4829173 ')).toHaveLength(1);
      expect(crewMails(after, email, 'Charter cancelled: Charter 4917736 ')).toHaveLength(1);
    }
    const cancelledLink = linkOf(after, '4917736', CREW[0]!);
    const page = await fetch(cancelledLink);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('is cancelled');
  });
});
