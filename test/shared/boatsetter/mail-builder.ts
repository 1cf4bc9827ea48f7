/** Test helper: builds Boatsetter-like notifications field by field (plain text or HTML). */
import type { BoatsetterMessage } from '../../../shared/boatsetter';

export type Fields = Record<string, string | null>;

export const SEED_FIELDS: Fields = {
  'Booking ID': 'XHQGMDH',
  Boat: 'Queen of San Diego (sailing yacht)',
  Renter: 'Alicia Gomez',
  Date: 'Thursday, May 30, 2024',
  'Start time': '9:00 AM PDT',
  Duration: '3 hours (ends 12:00 PM PDT)',
  Passengers: '6',
  'Pick-up location': 'Sheraton Marina, Harbor Island, San Diego, CA 92101',
  Captain: 'Included with boat (owner-provided crew)',
  'Fuel policy': 'Owner pays (included in price)',
};

export const SEED_MONEY: Fields = {
  'Boat price': '$960.86',
  'Listing fee (12.5%)': '-$120.11',
  'Your earnings': '$840.75',
};

export interface MailOptions {
  subject?: string;
  from?: string;
  intro?: string;
  headers?: Record<string, string>;
  money?: Fields;
  before?: string;
  after?: string;
  receivedAt?: string;
}

function merged(base: Fields, overrides: Fields): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const all = { ...base, ...overrides };
  for (const [k, v] of Object.entries(all)) if (v !== null && v !== undefined) out.push([k, v]);
  return out;
}

export function plainMail(overrides: Fields = {}, opts: MailOptions = {}): BoatsetterMessage {
  const fields = merged(SEED_FIELDS, overrides);
  const money = merged(SEED_MONEY, opts.money ?? {});
  const body = [
    '[Boatsetter]',
    '',
    opts.intro ??
      "You're all set, Mike!\n\nYour booking has been approved. The renter has been charged.",
    '',
    opts.before ?? '',
    'BOOKING DETAILS',
    '----------------------------------------',
    ...fields.map(([k, v]) => `${k}: ${v}`),
    '',
    'YOUR EARNINGS',
    ...money.map(([k, v]) => `${k.padEnd(22)}${v}`),
    '',
    opts.after ?? '',
    'Boatsetter | Questions? Visit our Help Center',
  ].join('\n');
  return {
    subject: opts.subject ?? 'Booking approved - Queen of San Diego',
    from: opts.from ?? 'Boatsetter <no-reply@boatsetter.com>',
    headers: opts.headers ?? {},
    plainBody: body,
    htmlBody: null,
    receivedAt: opts.receivedAt ?? '2024-05-13T17:05:12.000Z',
  };
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function htmlMail(overrides: Fields = {}, opts: MailOptions = {}): BoatsetterMessage {
  const fields = merged(SEED_FIELDS, overrides);
  const money = merged(SEED_MONEY, opts.money ?? {});
  const rows = (list: Array<[string, string]>): string =>
    list
      .map(([k, v]) => `<tr><td class="l">${esc(k)}</td><td class="v">${esc(v)}</td></tr>`)
      .join('\n');
  const html = `<html><head><style>.l{color:#666}</style></head><body>
<table width="100%"><tr><td>
<p>${esc(opts.intro ?? "You're all set, Mike! Your booking has been approved.")}</p>
${opts.before ?? ''}
<table>${rows(fields)}</table>
<table>${rows(money)}</table>
${opts.after ?? ''}
</td></tr></table></body></html>`;
  return {
    subject: opts.subject ?? 'Booking approved - Queen of San Diego',
    from: opts.from ?? 'Boatsetter <no-reply@boatsetter.com>',
    headers: opts.headers ?? {},
    plainBody: null,
    htmlBody: html,
    receivedAt: opts.receivedAt ?? '2024-05-13T17:05:12.000Z',
  };
}
