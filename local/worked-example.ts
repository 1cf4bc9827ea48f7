/**
 * The seed post's worked example (booking XHQGMDH: 3 h on the Queen of San Diego, $960.86 paid,
 * $840.75 earned) as the bridge request Apps Script sends for it: revision 1, the finance computed
 * from the booking by the default settings, a captain and two deckhands. The one sample request
 * that the local tools (the fault matrix) and the bridge's tests vary.
 */
import type { Booking } from '../shared/booking';
import type { BridgeRequest } from '../shared/bridge-contract';
import { computeFinance, DEFAULT_FINANCE_SETTINGS } from '../shared/finance';

export function workedExampleBooking(overrides: Partial<Booking> = {}): Booking {
  return {
    id: 'XHQGMDH',
    source: 'boatsetter',
    start: '2024-05-30T09:00:00-07:00',
    timeZone: 'America/Los_Angeles',
    durationMinutes: 180,
    guestName: 'Alicia Gomez',
    partySize: 6,
    boat: 'Queen of San Diego',
    pickupLocation: 'Sheraton Marina, Harbor Island, San Diego, CA 92101',
    money: { boatPriceCents: 96086, platformFeeCents: 12011, ownerEarningsCents: 84075 },
    crewPlan: null,
    captainName: null,
    notes:
      'Guest paid $960.86; your earnings are $840.75. Birthday celebration, please bring a cake knife.',
    ...overrides,
  };
}

/** The request for `overrides.booking` (the worked example by default), finance computed from it. */
export function workedExampleRequest(overrides: Partial<BridgeRequest> = {}): BridgeRequest {
  const booking = overrides.booking ?? workedExampleBooking();
  return {
    op: 'upsert',
    revision: 1,
    booking,
    finance: computeFinance(booking, DEFAULT_FINANCE_SETTINGS),
    crew: [
      { name: 'Sam Rivera', role: 'captain', email: 'sam@crew.example' },
      { name: 'Jo Park', role: 'deckhand', email: 'jo@crew.example' },
      { name: 'Lee Chen', role: 'deckhand', email: 'lee@crew.example' },
    ],
    captain: { email: 'owner@charter.example', name: 'Dana Whitfield' },
    requestedAt: '2024-05-20T10:00:00-07:00',
    ...overrides,
  };
}
