/**
 * End to end on the sandbox harness (the same code `npm start` runs): Boatsetter e-mails go
 * into an inbox folder; the built Apps Script bundle (in node:vm on the in-memory services)
 * parses them, writes the sheet and signs a call to the bridge; the bridge (in the stack's child
 * process) drives the calendar and SCC stand-ins, S3, the CloudFront stand-in and SES; guest
 * pages are read back through the local edge running the real CloudFront Function.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, stableView, type Sandbox, type SandboxReport } from '../../local/start';
import { EDGE_HEADER } from '../../local/sandbox/edge';
import {
  addToInbox,
  booking,
  card,
  ensureGasBuilt,
  FILES,
  FIXTURES,
  mentioning,
  moneyPatterns,
  tempDir,
} from './support';

jest.setTimeout(60_000);

const CAPTAIN = 'captain@charter.example';

/** The worked example's e-mail under another booking id (a new booking). */
function seedWithId(id: string): string {
  return readFileSync(join(FIXTURES, FILES.seed), 'utf8').replaceAll('XHQGMDH', id);
}
const GARBLED = 'zz_garbled.eml';
/** Looks like a Boatsetter booking notification but carries no booking fields. */
const GARBLED_EML = [
  'From: Boatsetter <no-reply@boatsetter.com>',
  'To: owner@example.com',
  'Subject: Booking confirmed',
  'Date: Tue, 01 Jul 2025 10:00:00 +0000',
  'Message-ID: <garbled-e2e@boatsetter.com>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Your booking is confirmed!',
  '',
  'Details will follow.',
  '',
].join('\r\n');

describe('Sandbox: the whole system on one machine', () => {
  let stateDir: string;
  let inboxDir: string;
  let sandbox: Sandbox;
  let first: SandboxReport;

  beforeAll(async () => {
    // Prepare
    ensureGasBuilt();
    stateDir = tempDir('e2e-state-');
    inboxDir = tempDir('e2e-inbox-');
    addToInbox(
      inboxDir,
      FILES.seed,
      FILES.confirmed4h,
      FILES.confirmed8h,
      FILES.request,
      FILES.marketing,
    );
    // Act
    sandbox = await startSandbox({ stateDir, inboxDir, port: 0, log: () => undefined });
    first = await sandbox.report();
  });

  afterAll(async () => {
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(inboxDir, { recursive: true, force: true });
  });

  describe('the worked example: booking XHQGMDH', () => {
    it('runs without a system failure', () => {
      expect(first.errors).toEqual([]);
      expect(first.ok).toBe(true);
    });

    it('writes the exact finances to the Bookings row', () => {
      const row = booking(first, 'XHQGMDH');
      expect(row).toMatchObject({
        Revenue: '840.75',
        'Crew cost': '400.00',
        'Port fee': '151.34',
        Net: '289.41',
        'Owner earnings': '840.75',
      });
      for (const step of ['Calendar', 'Crew event', 'Guest page', 'Invalidation', 'Captain e-mail'])
        expect(row[step]).toBe('done');
    });

    it('reports the crew breakdown: 2 deckhands x $25 x 5 h and 1 captain x $50 x 3 h', () => {
      const finance = first.finances.find((f) => f.bookingId === 'XHQGMDH');
      expect(finance).toEqual({
        bookingId: 'XHQGMDH',
        revenueBasis: 'ownerEarnings',
        revenue: '840.75',
        crew: [
          { role: 'deckhand', count: 2, rate: '25.00', hours: 5, cost: '250.00' },
          { role: 'captain', count: 1, rate: '50.00', hours: 3, cost: '150.00' },
        ],
        crewCost: '400.00',
        portFeePercent: '18.00',
        portFee: '151.34',
        net: '289.41',
      });
      for (const f of first.finances) {
        const row = booking(first, f.bookingId);
        expect([f.revenue, f.crewCost, f.portFee, f.net]).toEqual([
          row.Revenue,
          row['Crew cost'],
          row['Port fee'],
          row.Net,
        ]);
      }
    });

    it('puts a card in New Bookings with the same figures', () => {
      expect(card(first, 'XHQGMDH')).toMatchObject({
        lane: 'New Bookings',
        gross: '840.75',
        crewCost: '400.00',
        portFee: '151.34',
        net: '289.41',
        guestFirstName: 'Alicia',
      });
    });

    it('creates one calendar entry at 9:00 local time with its offset', () => {
      const events = mentioning(first.calendar, 'XHQGMDH');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        start: '2024-05-30T09:00:00-07:00',
        timeZone: 'America/Los_Angeles',
      });
    });

    it('creates one SCC crew event with the crew and no money anywhere in it', () => {
      const events = mentioning(first.crewEvents, 'XHQGMDH');
      expect(events).toHaveLength(1);
      const event = events[0] as { crew: Array<{ role: string; email: string }>; status: string };
      expect(event.status).toBe('scheduled');
      expect(event.crew.map((c) => c.role).sort()).toEqual(['captain', 'deckhand', 'deckhand']);
      const text = JSON.stringify(event);
      for (const pattern of moneyPatterns(
        '840.75',
        '289.41',
        '151.34',
        '400.00',
        '250.00',
        '150.00',
        '120.11',
        '960.86',
      ))
        expect(text).not.toMatch(pattern);
      expect(text).not.toMatch(/\$\s?\d/);
    });

    it('serves the guest page at /g/xhqgmdh through the local edge', async () => {
      const page = first.guestPages.find((p) => p.slug === 'xhqgmdh');
      expect(page).toMatchObject({ path: '/g/xhqgmdh', status: 200 });
      expect(page?.contentType).toMatch(/^text\/html/);
      expect(page?.cacheControl).toBeTruthy();
      expect(page?.html).toContain('Queen of San Diego');
      expect(page?.html).toContain('Hi Alicia,');
      expect(page?.html).toContain('May 30, 2024');
      expect(page?.html).toContain('9:00 AM');
      for (const pattern of moneyPatterns('840.75', '289.41'))
        expect(page?.html).not.toMatch(pattern);
      // the edge rewrote the uri and S3 answered
      const res = await fetch(`${sandbox.homeUrl}/g/xhqgmdh/`);
      expect(res.status).toBe(200);
      expect(res.headers.get(EDGE_HEADER)).toBe('origin');
    });

    it('answers /g/BAD%20SLUG with 404 from the function, without reaching S3', async () => {
      const res = await fetch(`${sandbox.homeUrl}/g/BAD%20SLUG`);
      expect(res.status).toBe(404);
      expect(res.headers.get(EDGE_HEADER)).toBe('function');
    });

    it('makes one invalidation with both paths of the page', () => {
      const calls = first.invalidations.filter((i) => i.paths.some((p) => p.includes('xhqgmdh')));
      expect(calls).toHaveLength(1);
      expect([...(calls[0]?.paths ?? [])].sort()).toEqual(['/g/xhqgmdh', '/xhqgmdh.html']);
    });

    it('e-mails the captain the booking, finances and crew status', () => {
      const mails = first.emails.filter(
        (e) => e.source === 'ses' && e.subject.includes('XHQGMDH') && e.to.includes(CAPTAIN),
      );
      expect(mails).toHaveLength(1);
      const text = mails[0]?.text ?? '';
      expect(text).toContain('$840.75');
      expect(text).toContain('= $250.00');
      expect(text).toContain('= $150.00');
      expect(text).toContain('$151.34');
      expect(text).toContain('Net: $289.41');
      for (const name of ['Sam Rivera', 'Dana Deck', 'Lee Line']) expect(text).toContain(name);
      expect(text).toMatch(/invited, no answer yet|pending|confirmed/);
      expect(mails[0]?.html).toContain('289.41');
    });

    it('serves the crew checklist linked from the e-mail through the edge, without money', async () => {
      const mail = first.emails.find((e) => e.source === 'ses' && e.subject.includes('XHQGMDH'));
      const link = /Crew checklist: (\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
      expect(link).toMatch(/\/crew\/xhqgmdh-[0-9a-f]{32}\.html$/);
      const res = await fetch(link);
      expect(res.status).toBe(200);
      expect(res.headers.get(EDGE_HEADER)).toBe('origin');
      const html = await res.text();
      for (const pattern of moneyPatterns('840.75', '289.41', '151.34', '400.00'))
        expect(html).not.toMatch(pattern);
    });

    it('ignores the booking request and the marketing mail, with their kind', () => {
      expect(first.ignored.map((m) => [m.file, m.kind]).sort()).toEqual([
        [FILES.request, 'request'],
        [FILES.marketing, 'marketing'],
      ]);
      expect(first.review).toEqual([]);
      expect(first.bookings.map((b) => b['Booking ID']).sort()).toEqual([
        '4829173',
        '4917736',
        'XHQGMDH',
      ]);
    });
  });

  describe('the home page', () => {
    it('links every system and serves each page', async () => {
      const home = await (await fetch(`${sandbox.homeUrl}/`)).text();
      for (const link of [
        '/board',
        '/sheet/Bookings',
        '/g/xhqgmdh',
        '/emails',
        '/calendar',
        '/scc',
        '/invalidations',
      ])
        expect(home).toContain(`href="${link}"`);
      for (const path of [
        '/board',
        '/sheet/Bookings',
        '/sheet/Kanban',
        '/emails',
        '/emails/0',
        '/calendar',
        '/scc',
        '/invalidations',
        '/inbox',
      ]) {
        const res = await fetch(`${sandbox.homeUrl}${path}`);
        expect([path, res.status]).toEqual([path, 200]);
      }
      const report = (await (
        await fetch(`${sandbox.homeUrl}/report.json`)
      ).json()) as SandboxReport;
      expect(report.bookings.length).toBe(first.bookings.length);
    });

    it('renders hostile text from e-mails inert', async () => {
      const pages = await Promise.all(
        ['/', '/sheet/Bookings', '/emails'].map(async (p) =>
          (await fetch(`${sandbox.homeUrl}${p}`)).text(),
        ),
      );
      for (const page of pages) {
        expect(page).not.toContain("<script>alert('x')</script>");
      }
      expect(pages[1]).toContain('Tyler &lt;script&gt;');
    });

    it('serves the board from the bundle with a google.script.run shim bound to it', async () => {
      const res = await fetch(`${sandbox.homeUrl}/board/rpc/boardLoad`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '[]',
      });
      const body = (await res.json()) as {
        ok: boolean;
        value: { cards: Array<{ bookingId: string }> };
      };
      expect(body.ok).toBe(true);
      expect(body.value.cards.map((c) => c.bookingId).sort()).toEqual([
        '4829173',
        '4917736',
        'XHQGMDH',
      ]);
    });
  });

  describe('a change (04 after 01) and a cancellation (05 after 02)', () => {
    let second: SandboxReport;

    beforeAll(async () => {
      // Act
      addToInbox(inboxDir, FILES.modified, FILES.cancelled);
      writeFileSync(join(inboxDir, GARBLED), GARBLED_EML);
      const run = await sandbox.processInbox();
      expect(run.delivered.sort()).toEqual([FILES.modified, FILES.cancelled, GARBLED].sort());
      second = await sandbox.report();
    });

    it('moves the calendar entry in place and deletes the cancelled one', () => {
      const before = mentioning(first.calendar, '4829173') as Array<{ id: string }>;
      const after = mentioning(second.calendar, '4829173') as Array<{ id: string; start: string }>;
      expect(after).toHaveLength(1);
      expect(after[0]?.id).toBe(before[0]?.id);
      expect(after[0]?.start).toBe('2025-07-13T11:30:00-07:00');
      expect(mentioning(second.calendar, '4917736')).toEqual([]);
      expect(mentioning(second.calendarDeleted, '4917736')).toHaveLength(1);
    });

    it('updates the SCC event in place (crew re-invited) and cancels the other', () => {
      const before = mentioning(first.crewEvents, '4829173') as Array<{ eventId: string }>;
      const after = mentioning(second.crewEvents, '4829173') as Array<{
        eventId: string;
        start_time: string;
        status: string;
      }>;
      expect(after).toHaveLength(1);
      expect(after[0]?.eventId).toBe(before[0]?.eventId);
      expect(after[0]?.start_time).toBe('2025-07-13T18:30:00Z');
      const reinvited = second.crewInvitations.filter(
        (i) => i.eventId === after[0]?.eventId && i.reason === 'reinvited',
      );
      expect(reinvited.length).toBeGreaterThan(0);
      const cancelled = mentioning(second.crewEvents, '4917736') as Array<{
        status: string;
        eventId: string;
      }>;
      expect(cancelled).toHaveLength(1);
      expect(cancelled[0]?.status).toBe('cancelled');
      expect(
        second.crewNotices.some(
          (n) => n.eventId === cancelled[0]?.eventId && n.kind === 'cancelled',
        ),
      ).toBe(true);
    });

    it('re-publishes the changed page and replaces the cancelled one with a notice', () => {
      const changed = second.guestPages.find((p) => p.slug === '4829173');
      expect(changed?.status).toBe(200);
      expect(changed?.html).toContain('July 13, 2025');
      expect(changed?.html).toContain('11:30 AM');
      const gone = second.guestPages.find((p) => p.slug === '4917736');
      expect(gone?.status).toBe(200);
      expect(gone?.html).toMatch(/has been cancelled/);
      expect(gone?.html).not.toContain('<script>alert');
      for (const slug of ['4829173', '4917736']) {
        const calls = second.invalidations.filter((i) => i.paths.includes(`/g/${slug}`));
        expect(calls).toHaveLength(2);
        for (const call of calls)
          expect([...call.paths].sort()).toEqual([`/${slug}.html`, `/g/${slug}`]);
      }
    });

    it('updates the card in place and moves the cancelled card to Cancelled with no revenue', () => {
      expect(card(second, '4829173')).toMatchObject({ lane: 'New Bookings', partySize: 10 });
      expect(card(second, '4917736')).toMatchObject({
        lane: 'Cancelled',
        gross: '0.00',
        net: '0.00',
      });
      expect(booking(second, '4829173').Start).toBe('2025-07-13T11:30:00-07:00');
      expect(second.kanban).toHaveLength(3);
    });

    it('flags an unreadable Boatsetter mail for review, with the reason, and alerts the captain', () => {
      expect(second.review).toEqual([
        expect.objectContaining({
          file: GARBLED,
          labels: ['charter/needs-review'],
          reason: expect.stringMatching(/Booking ID/i),
        }),
      ]);
      const alerts = second.emails.filter((e) => e.source === 'apps-script');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ to: [CAPTAIN] });
      expect(alerts[0]?.text).toContain('Booking confirmed');
      expect(second.bookings).toHaveLength(3);
    });

    it('e-mails the captain about the change and the cancellation', () => {
      const subjects = second.emails.filter((e) => e.source === 'ses').map((e) => e.subject);
      expect(subjects.filter((s) => s.startsWith('Changed charter 4829173'))).toHaveLength(1);
      expect(subjects.filter((s) => s.startsWith('Cancelled charter 4917736'))).toHaveLength(1);
    });
  });

  describe('moving a card on the board', () => {
    it('updates the sheet through the bundle and keeps it on disk at once', async () => {
      // Prepare
      const before = card(await sandbox.report(), 'XHQGMDH');
      // Act
      const res = await fetch(`${sandbox.homeUrl}/board/rpc/boardMoveCard`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          { bookingId: 'XHQGMDH', toLane: 'Crew Confirmed', expectedVersion: before.version },
        ]),
      });
      // Assess
      expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
      expect(card(await sandbox.report(), 'XHQGMDH').lane).toBe('Crew Confirmed');
      const saved = JSON.parse(readFileSync(join(stateDir, 'spreadsheet.json'), 'utf8')) as {
        sheets: Array<{ name: string; rows: unknown[][] }>;
      };
      const kanban = saved.sheets.find((t) => t.name === 'Kanban');
      const row = kanban?.rows.find((r) => r[0] === 'XHQGMDH');
      expect(row).toContain('Crew Confirmed');
    });
  });

  describe('the "New booking" dialog', () => {
    it('is served from the menu entry point, warns of a boat clash, and saves the direct booking on "Save anyway"', async () => {
      // Prepare
      const page = await fetch(`${sandbox.homeUrl}/board/dialog/new-booking`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('google.script.run');
      const form = {
        bookingId: 'DIRECT-0777',
        date: '2024-05-30',
        time: '09:00',
        timeZone: 'America/Los_Angeles',
        durationHours: '3',
        guestName: 'Alicia Gomez',
        partySize: '6',
        boat: 'Queen of San Diego',
        pickupLocation: 'Sheraton Marina',
        ownerEarnings: '840.75',
      };
      const submit = async (fields: Record<string, string>) => {
        const res = await fetch(`${sandbox.homeUrl}/board/rpc/dialogSubmitBooking`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([fields]),
        });
        const envelope = (await res.json()) as {
          ok: boolean;
          value: { ok: boolean; clashes?: string[] };
        };
        expect(envelope.ok).toBe(true);
        return envelope.value;
      };
      // Act: the same boat and time as the worked example, first without, then with "Save anyway"
      const warned = await submit(form);
      const saved = await submit({ ...form, confirmClash: 'yes' });
      // Assess
      expect(warned.ok).toBe(false);
      expect(warned.clashes?.join(' ')).toContain('XHQGMDH');
      expect(saved.ok).toBe(true);
      const report = await sandbox.report();
      expect(booking(report, 'DIRECT-0777')).toMatchObject({
        Source: 'manual',
        Revenue: '840.75',
        Net: '289.41',
        'Guest page': 'done',
      });
      expect(report.guestPages.find((p) => p.slug === 'direct-0777')?.status).toBe(200);
    });
  });

  describe('a calendar outage', () => {
    it('is reported as a system failure, and "Retry failed steps" completes the booking once', async () => {
      // Prepare
      const calendar = sandbox.stack.info.endpoints.calendar;
      writeFileSync(join(inboxDir, 'outage.eml'), seedWithId('OUTAGE1'));
      const fault = await fetch(`${calendar}/__faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: '*', pathPrefix: '/api/calendar', status: 503, times: 50 }),
      });
      expect(fault.ok).toBe(true);
      // Act
      await sandbox.processInbox();
      const during = await sandbox.report();
      await fetch(`${calendar}/__faults`, { method: 'DELETE' });
      // The next scheduled try is minutes away; the captain does not have to wait for it.
      await sandbox.processInbox('menuRetryFailed');
      const after = await sandbox.report();
      // Assess
      expect(during.ok).toBe(false);
      expect(during.errors).toEqual([expect.stringMatching(/^booking OUTAGE1: Calendar failed/)]);
      expect(booking(during, 'OUTAGE1')['Crew event']).toBe('done');
      expect(after.ok).toBe(true);
      expect(booking(after, 'OUTAGE1').Calendar).toBe('done');
      expect(mentioning(after.calendar, 'OUTAGE1')).toHaveLength(1);
      expect(mentioning(after.crewEvents, 'OUTAGE1')).toHaveLength(1);
    });
  });

  describe('running the same inbox again', () => {
    it('changes nothing in any system', async () => {
      // Prepare
      const before = await sandbox.report();
      // Act
      const run = await sandbox.processInbox();
      const after = await sandbox.report();
      // Assess
      expect(run.delivered).toEqual([]);
      expect(stableView(after)).toEqual(stableView(before));
    });

    it('changes nothing after a restart on the same state either', async () => {
      // Prepare
      const before = await sandbox.report();
      await sandbox.stop();
      // Act
      sandbox = await startSandbox({ stateDir, inboxDir, port: 0, log: () => undefined });
      const after = await sandbox.report();
      // Assess
      expect(after.runs.length).toBe(before.runs.length + 1);
      expect(stableView(after)).toEqual(stableView(before));
    });
  });
});
