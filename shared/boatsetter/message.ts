/** The envelope of a notification: headers, sender address, when it arrived. */
import type { BoatsetterMessage } from './types';

export function header(msg: BoatsetterMessage, name: string): string | null {
  if (!msg.headers) return null;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(msg.headers))
    if (k.toLowerCase() === wanted) return String(v ?? '');
  return null;
}

export function emailAddressOf(from: string): string | null {
  const m = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/.exec(from);
  return m ? m[0].toLowerCase() : null;
}

export function isBoatsetterSender(from: string, domains: string[]): boolean {
  const address = emailAddressOf(from);
  if (!address) return false;
  const domain = address.slice(address.indexOf('@') + 1);
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** When the mail arrived (receivedAt, else the Date header): used to infer a missing year. */
export function referenceInstant(msg: BoatsetterMessage): number | null {
  for (const candidate of [msg.receivedAt, header(msg, 'Date')]) {
    if (!candidate) continue;
    const ms = Date.parse(candidate);
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

/** Bulk-mail headers that mark marketing (ignored on a forwarded mail: they are the forwarder's). */
export function bulkMailHeaders(msg: BoatsetterMessage): string[] {
  const found: string[] = [];
  if (header(msg, 'List-Unsubscribe')) found.push('List-Unsubscribe');
  if (header(msg, 'List-Id')) found.push('List-Id');
  const precedence = (header(msg, 'Precedence') ?? '').trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk')
    found.push(`Precedence: ${precedence}`);
  if (/^(?:bulk|marketing|promotional)/i.test(header(msg, 'X-Mail-Category') ?? ''))
    found.push('X-Mail-Category');
  return found;
}
