/** Signed booking requests for the bench: the worked example under a fresh id each time. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseBoatsetterEmail } from '../shared/boatsetter';
import type { Booking } from '../shared/booking';
import type { BridgeRequest } from '../shared/bridge-contract';
import { emlToGmailInput } from '../local/gas-runtime/eml';
import { postSigned } from '../local/signed-post';
import { workedExampleRequest } from '../local/worked-example';

export const ROOT = resolve(__dirname, '..');
export const FIXTURES = join(ROOT, 'test/fixtures/boatsetter');
export const SEED_EML = '00_seed_example_xhqgmdh.eml';

let seed: Booking | undefined;

/** The seed post's booking, parsed from its e-mail by the real parser. */
export async function seedBooking(): Promise<Booking> {
  if (seed) return seed;
  const input = await emlToGmailInput(readFileSync(join(FIXTURES, SEED_EML)), { id: SEED_EML });
  const parsed = parseBoatsetterEmail({
    subject: input.subject,
    from: input.from,
    headers: input.headers,
    plainBody: input.plainBody,
    htmlBody: input.htmlBody,
    messageId: input.id,
    receivedAt: new Date(input.date).toISOString(),
  });
  if (parsed.kind !== 'new') throw new Error(`the worked example parsed as ${parsed.kind}`);
  seed = parsed.event.booking;
  return seed;
}

/** The worked example's request (local/worked-example.ts) for `booking` under `id`, sent now. */
export function newBookingRequest(booking: Booking, id: string): BridgeRequest {
  return workedExampleRequest({
    booking: { ...booking, id },
    requestedAt: new Date().toISOString().replace('Z', '+00:00'),
  });
}

export interface PostResult {
  status: number;
  ok: boolean;
  ms: number;
  body: unknown;
}

/** POSTs a request to the bridge, signed as Apps Script signs it; times the round trip. */
export async function postBooking(
  bridgeUrl: string,
  secret: string,
  request: BridgeRequest,
): Promise<PostResult> {
  const t0 = performance.now();
  try {
    const res = await postSigned(bridgeUrl, secret, request);
    const answer = (await res.json().catch(() => null)) as { ok?: boolean } | null;
    return {
      status: res.status,
      ok: res.status === 200 && answer?.ok === true,
      ms: performance.now() - t0,
      body: answer,
    };
  } catch {
    // No answer at all (connection refused or reset): what Apps Script retries later.
    return { status: 0, ok: false, ms: performance.now() - t0, body: null };
  }
}

export const uniqueId = (prefix: string, i: number): string =>
  `${prefix}${Date.now().toString(36).toUpperCase()}${String(i).padStart(4, '0')}`;
