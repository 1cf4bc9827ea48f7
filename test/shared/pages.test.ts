/** The guest page and the crew checklist: content rules, escaping, noindex, time-aware tasks. */
import { checklistSchedule, renderCrewChecklist } from '../../shared/crew-checklist';
import { renderGuestPage } from '../../shared/guest-page';
import { workedExampleBooking, workedExampleRequest } from '../lambda-bridge/helpers';

const HOSTILE_NAME = "Tyler <script>alert('x')</script> Brooks";

describe('guest page', () => {
  it('shows only date, time, meeting point, boat and captain first name, greeting the guest by first name', () => {
    const html = renderGuestPage({
      booking: workedExampleBooking(),
      captainName: 'Sam Rivera',
      cancelled: false,
    });
    expect(html).toContain('Hi Alicia,');
    expect(html).toContain('Thursday, May 30, 2024');
    expect(html).toContain('9:00 AM \u2013 12:00 PM PDT');
    expect(html).toContain('Sheraton Marina, Harbor Island, San Diego, CA 92101');
    expect(html).toContain('Queen of San Diego');
    expect(html).toContain('<dd>Sam</dd>');
    expect(html).not.toContain('Rivera');
    expect(html).not.toContain('Gomez');
    expect(html).not.toMatch(/\$|840|960|120\.11|birthday|cake/i);
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
  });

  it('escapes the hostile fixture name and any other field', () => {
    const booking = workedExampleBooking({
      guestName: HOSTILE_NAME,
      boat: 'Boat <img src=x onerror=alert(1)>',
      pickupLocation: '"Dock" & <b>Slip</b>',
    });
    const html = renderGuestPage({ booking, captainName: "<i>Cap'n</i> Ron", cancelled: false });
    expect(html).toContain('Hi Tyler,');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>Slip');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;Dock&quot; &amp; &lt;b&gt;Slip&lt;/b&gt;');
    expect(html).toContain('&lt;i&gt;Cap&#39;n&lt;/i&gt;');
    const scriptName = renderGuestPage({
      booking: workedExampleBooking({ guestName: "<script>alert('x')</script> Brooks" }),
      captainName: null,
      cancelled: false,
    });
    expect(scriptName).toContain('Hi &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;,');
    expect(scriptName).not.toContain('<script>');
  });

  it('the cancelled version says the charter is cancelled and nothing else about it', () => {
    const html = renderGuestPage({
      booking: workedExampleBooking(),
      captainName: 'Sam',
      cancelled: true,
    });
    expect(html).toMatch(/has been cancelled/);
    expect(html).toContain('Thursday, May 30, 2024');
    expect(html).not.toContain('Meeting point');
    expect(html).toContain('noindex');
  });
});

describe('crew checklist', () => {
  it('schedules tasks relative to departure at absolute local times', () => {
    const tasks = checklistSchedule(workedExampleBooking());
    const byTitle = Object.fromEntries(tasks.map((t) => [t.title, t]));
    expect(byTitle['Fuel, water and holding tank']).toMatchObject({
      relative: '24 h before departure',
      at: 'Wed, May 29, 9:00 AM',
    });
    expect(byTitle['Arrive at the boat']).toMatchObject({
      relative: '2 h before departure',
      at: 'Thu, May 30, 7:00 AM',
    });
    expect(byTitle['Safety briefing']).toMatchObject({
      relative: '30 min before departure',
      at: 'Thu, May 30, 8:30 AM',
    });
    expect(byTitle['Return to the dock']).toMatchObject({ at: 'Thu, May 30, 12:00 PM' });
    expect(tasks.map((t) => t.minutesFromDeparture)).toEqual(
      [...tasks.map((t) => t.minutesFromDeparture)].sort((a, b) => a - b),
    );
  });

  it('uses the wall clock of the booking zone across a DST change (T-24h before the spring-forward night)', () => {
    // Departure Sun 2024-03-10 09:00 PDT; 24 h earlier the clocks showed 08:00 PST.
    const tasks = checklistSchedule(workedExampleBooking({ start: '2024-03-10T09:00:00-07:00' }));
    expect(tasks[0]!.at).toBe('Sat, Mar 9, 8:00 AM');
  });

  it('renders escaped, noindex HTML without money, with the crew and safe notes', () => {
    const request = workedExampleRequest();
    const html = renderCrewChecklist({
      booking: { ...request.booking, guestName: HOSTILE_NAME },
      crew: request.crew,
      cancelled: false,
    });
    expect(html).toContain('noindex');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Sam Rivera (captain)');
    expect(html).toContain('party of 6');
    expect(html).toContain('Birthday celebration');
    expect(html).not.toMatch(/\$|840|960|earnings/);
  });

  it('the cancelled version lists no tasks', () => {
    const html = renderCrewChecklist({
      booking: workedExampleBooking(),
      crew: [],
      cancelled: true,
    });
    expect(html).toContain('is cancelled');
    expect(html).not.toContain('Safety briefing');
  });
});
