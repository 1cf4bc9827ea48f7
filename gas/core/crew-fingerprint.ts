/**
 * What the crew event was last built from: the invited members, each role's pay (rate, hours)
 * and the charter's length. When it differs from what the Crew tab and the Settings give now,
 * the booking is sent again so the crew event is updated in place (SCC invites those added and
 * tells those removed).
 */
import type { Booking } from '../../shared/booking';
import type { CrewMember } from '../../shared/bridge-contract';
import type { Finance } from '../../shared/finance';
import type { SigningCrypto } from '../../shared/signing';
import { stableJson } from './records';

export function crewFingerprint(
  booking: Pick<Booking, 'durationMinutes'>,
  finance: Pick<Finance, 'crew'>,
  crew: readonly CrewMember[],
  crypto: Pick<SigningCrypto, 'sha256Hex'>,
): string {
  const members = crew.map((m) => ({ name: m.name, role: m.role, email: m.email.toLowerCase() }));
  const pay = finance.crew.map((l) => ({
    role: l.role,
    rateCents: l.rateCents,
    minutes: l.minutes,
  }));
  return crypto
    .sha256Hex(stableJson({ minutes: booking.durationMinutes, members, pay }))
    .slice(0, 16);
}
