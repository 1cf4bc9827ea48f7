/**
 * A classified booking notification -> the booking event and the details around it. Each reader
 * returns its value or a review reason; the first reason ends the reading.
 */
import { type Booking, BookingEventSchema, describeIssues } from '../booking';
import {
  abbreviationAt,
  charterEnd,
  epochOfIso,
  localPartsAt,
  readZonedTime,
  type UsTimeZone,
} from '../time';
import type { BookingKind } from './types';
import type { MailDocument } from './document';
import {
  readBoat,
  readBookingId,
  readCancellation,
  readCaptain,
  readContact,
  readFuel,
  readGuestName,
  readPartySize,
  readPickupLocation,
} from './fields';
import { emailAddressOf, header, referenceInstant } from './message';
import { readMoneyFields } from './money-fields';
import {
  type BoatsetterDetails,
  type BoatsetterParseResult,
  CANCELLATION_PLACEHOLDERS,
  type ParseContext,
} from './types';
import { readWhen, type When } from './when';

const NOTES_MAX = 5000;

export function buildEvent(
  kind: BookingKind,
  doc: MailDocument,
  subject: string,
  ctx: ParseContext,
  forwardedBy: string | null,
): BoatsetterParseResult {
  const placeholders: string[] = [];
  const cancelling = kind === 'cancelled';
  const needsReview = (reason: string): BoatsetterParseResult => ({ kind: 'needs-review', reason });

  const id = readBookingId(doc, subject, kind);
  if (!id.ok) return needsReview(id.reason);
  const referenceMs = referenceInstant(ctx.msg);
  const when = readWhen(doc, 'value', ctx.zone, referenceMs, ctx.opts);
  if ('error' in when && !cancelling) return needsReview(when.error);
  const trip = 'error' in when ? placeholderWhen(ctx.zone, referenceMs, when.error) : when;
  if ('error' in when) placeholders.push('start', 'durationMinutes');
  const guest = readGuestName(doc, cancelling);
  if (!guest.ok) return needsReview(guest.reason);
  if (guest.value.placeholder) placeholders.push('guestName');
  const boat = readBoat(doc, cancelling);
  if (!boat.ok) return needsReview(boat.reason);
  if (boat.value.placeholder) placeholders.push('boat');
  const money = readMoneyFields(doc);
  if (!money.ok) return needsReview(money.reason);

  const captain = readCaptain(doc);
  const booking: Booking = {
    id: id.value,
    source: 'boatsetter',
    start: trip.start,
    timeZone: trip.timeZone,
    durationMinutes: trip.durationMinutes,
    guestName: guest.value.value,
    partySize: readPartySize(doc, 'value'),
    boat: boat.value.boat,
    pickupLocation: readPickupLocation(doc),
    money: money.value.money,
    crewPlan: null,
    captainName: captain.name,
    // the renter's message, plain text
    notes: (doc.renterMessage ?? '').trim().slice(0, NOTES_MAX),
  };
  const checked = BookingEventSchema.safeParse({ kind, booking });
  if (!checked.success)
    return needsReview(`booking ${id.value} is not valid: ${describeIssues(checked.error)}`);

  const contact = readContact(doc);
  const details: BoatsetterDetails = {
    end: charterEnd(booking),
    timeZoneAbbreviation: trip.abbreviation,
    listingFeeCents: money.value.money.platformFeeCents,
    captainFeeCents: money.value.captainFeeCents,
    fuelPolicy: readFuel(doc),
    captain,
    renterPhone: contact.phone,
    renterEmail: contact.email,
    boatDescription: boat.value.description,
    previous: kind === 'changed' && doc.hasChangeTable ? readPrevious(doc, ctx, referenceMs) : null,
    ...(cancelling ? readCancellation(doc) : { cancelledBy: null, cancelReason: null }),
    placeholders,
    warnings: trip.warnings,
    forwardedBy: forwardedBy ? (emailAddressOf(forwardedBy) ?? forwardedBy) : null,
    messageId: ctx.msg.messageId ?? header(ctx.msg, 'Message-ID'),
  };
  return { kind, event: checked.data, details };
}

/** A cancellation without a readable trip time: midnight of the day the mail arrived, 60 min. */
function placeholderWhen(zone: UsTimeZone, referenceMs: number | null, error: string): When {
  const day = localPartsAt(zone, referenceMs ?? 0);
  const start = readZonedTime(
    { year: day.year, month: day.month, day: day.day, hour: 0, minute: 0 },
    null,
    zone,
  ).iso;
  return {
    start,
    timeZone: zone,
    durationMinutes: CANCELLATION_PLACEHOLDERS.durationMinutes,
    abbreviation: abbreviationAt(zone, epochOfIso(start)),
    warnings: [`cancellation without a readable trip time (${error})`],
  };
}

/** A change's values before it, when the mail shows them. */
function readPrevious(
  doc: MailDocument,
  ctx: ParseContext,
  referenceMs: number | null,
): BoatsetterDetails['previous'] {
  const prevWhen = readWhen(doc, 'previous', ctx.zone, referenceMs, ctx.opts);
  const known = !('error' in prevWhen);
  return {
    start: known ? prevWhen.start : null,
    durationMinutes: known ? prevWhen.durationMinutes : null,
    partySize: readPartySize(doc, 'previous'),
  };
}
