/**
 * The public guest page, published at `${PUBLIC_BASE_URL}/g/{slug}`. Guests see only what a guest
 * needs: the date, the time, the meeting point, the boat and the captain's first name, greeted by
 * their own first name. No money, no notes, no crew contacts, no booking internals. Every value is
 * HTML-escaped; the page asks search engines not to index it.
 */
import type { Booking } from './booking';
import { bookingLabels, firstName, redactMoney } from './crew-facing';
import { escapeHtml } from './html';

export interface GuestPageInput {
  booking: Pick<
    Booking,
    'start' | 'timeZone' | 'durationMinutes' | 'guestName' | 'boat' | 'pickupLocation'
  >;
  /** Whoever skippers this charter; only the first name is shown. */
  captainName: string | null;
  cancelled: boolean;
}

/** Cache-Control for public pages: short, so a change shows within a minute even without a purge. */
export const PAGE_CACHE_CONTROL = 'public, max-age=60';

// overflow-wrap:anywhere: a long unbroken word (a pasted link, a mashed key) wraps instead of
// making a phone scroll sideways (test/browser/phone-wrap.test.ts).
const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f7fb;color:#13233a;overflow-wrap:anywhere}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h1{font-size:1.4rem;margin:0 0 1rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem;margin:0}
dt{font-weight:600;color:#4a5b74}dd{margin:0;min-width:0}.cancelled{color:#9b1c1c}footer{margin-top:1.5rem;font-size:.85rem;color:#4a5b74}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function renderGuestPage(input: GuestPageInput): string {
  const { booking } = input;
  const guest = firstName(booking.guestName);
  const greeting = guest ? `Hi ${escapeHtml(guest)},` : 'Hello,';
  const start = bookingLabels(booking);
  const end = bookingLabels(booking, booking.durationMinutes);
  const date = escapeHtml(start.date);
  if (input.cancelled) {
    return page(
      'Charter cancelled',
      `<h1 class="cancelled">Your charter on ${date} has been cancelled</h1>
<p>${greeting}</p>
<p>This charter is no longer taking place. If you did not expect this, please contact us through the booking platform.</p>`,
    );
  }
  const captain = firstName(input.captainName);
  const meetingPoint = redactMoney(booking.pickupLocation);
  const rows: Array<[string, string]> = [
    ...(start.date === end.date
      ? ([
          ['Date', start.date],
          [
            'Time',
            start.zone === end.zone
              ? `${start.time} \u2013 ${end.time} ${end.zone}`
              : `${start.time} ${start.zone} \u2013 ${end.time} ${end.zone}`,
          ],
        ] as Array<[string, string]>)
      : ([
          ['Departs', `${start.date}, ${start.time} ${start.zone}`],
          ['Returns', `${end.date}, ${end.time} ${end.zone}`],
        ] as Array<[string, string]>)),
    ['Meeting point', meetingPoint || 'We will send you the meeting point shortly'],
    ['Boat', redactMoney(booking.boat)],
  ];
  if (captain) rows.push(['Your captain', captain]);
  const list = rows
    .map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('\n');
  return page(
    `Your charter on ${start.date}`,
    `<h1>Your charter on ${date}</h1>
<p>${greeting} we look forward to having you aboard.</p>
<dl>
${list}
</dl>
<footer>Please arrive 15 minutes before departure. Bring sun protection and a light jacket.</footer>`,
  );
}
