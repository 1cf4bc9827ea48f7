/**
 * Requests whose free text is chosen by the test (boat, meeting point, guest, notes, the captain's
 * name, one more crew member) and the built-in crew page rendered for that member: what the
 * money-filter property and the phone-wrap test feed to every crew-facing output.
 */
import type { BridgeRequest } from '../../shared/bridge-contract';
import {
  crewPageDetails,
  renderInvitationPage,
} from '../../lambda-bridge/src/crew-invitations/render';
import type { InvitationRow } from '../../lambda-bridge/src/crew-invitations/store';
import { workedExampleBooking, workedExampleRequest } from '../../local/worked-example';

export interface CrewFacingTexts {
  boat: string;
  pickupLocation: string;
  guestName: string;
  notes: string;
  /** The booking's own captain field, when the test sets it. */
  bookingCaptain?: string;
  /** The captain the request names (the crew pages say who runs the trip). */
  captainName: string;
  /** One more crew member, last in the list, at kai@crew.example. */
  member: { name: string; role: string };
}

/** The worked example's request with these texts in place. */
export function requestWithTexts(texts: CrewFacingTexts): BridgeRequest {
  const booking = workedExampleBooking({
    boat: texts.boat,
    pickupLocation: texts.pickupLocation,
    guestName: texts.guestName,
    notes: texts.notes,
    ...(texts.bookingCaptain !== undefined ? { captainName: texts.bookingCaptain } : {}),
  });
  const base = workedExampleRequest({ booking });
  return {
    ...base,
    crew: [...base.crew, { ...texts.member, email: 'kai@crew.example' }],
    captain: { ...base.captain, name: texts.captainName },
  };
}

/** The built-in provider's invitation row of the request's last crew member, not yet answered. */
export function lastMemberRow(req: BridgeRequest): InvitationRow {
  const member = req.crew[req.crew.length - 1]!;
  return {
    eventId: `builtin-${req.booking.id}`,
    email: member.email,
    name: member.name,
    role: member.role,
    status: 'pending',
    invitedAt: '2024-05-20T17:00:00.000Z',
    respondedAt: null,
    invitationId: 'inv-1',
    version: 1,
    mailing: [],
    mailed: [],
    answerTimes: [],
    ttl: 1,
  };
}

/** The magic-link page the last crew member opens (`open`: before departure, answers allowed). */
export function lastMemberPage(
  req: BridgeRequest,
  options: { checklistUrl: string; action: string; open: boolean; notice?: string },
): string {
  return renderInvitationPage({
    event: {
      eventId: `builtin-${req.booking.id}`,
      bookingId: req.booking.id,
      revision: 1,
      cancelled: false,
      details: crewPageDetails(req, options.checklistUrl, req.captain.name),
      detailsHash: 'h',
      departureAt: 1,
      endsAt: 2,
      ttl: 3,
    },
    row: lastMemberRow(req),
    action: options.action,
    open: options.open,
    ...(options.notice !== undefined ? { notice: options.notice } : {}),
  });
}
