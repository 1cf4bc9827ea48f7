/**
 * The booking's fields other than time and money: id, guest, boat, meeting point, party size,
 * captain, fuel, contact and cancellation details. Readers return values or a review reason.
 */
import { BOOKING_ID_PATTERN } from '../booking';
import { type Field, findField, type MailDocument } from './document';
import { emailAddressOf } from './message';
import { collapseSpaces } from './text';
import {
  type BoatsetterDetails,
  type BookingKind,
  CANCELLATION_PLACEHOLDERS,
  type CaptainMode,
  type CaptainStatus,
  ok,
  type Read,
  review,
} from './types';

/** Structured "Booking ID" / "Booking #" / "Booking:" fields (never the renter's message). */
export function bookingIdFields(doc: MailDocument): Field[] {
  return doc.fields.filter((f) => {
    if (/^booking (?:id|#|no\.?|number|ref|reference|code)$|^booking ?#$/.test(f.key)) return true;
    // bare "Booking:" only when the value looks like an id (has a digit or is upper case)
    return (
      f.key === 'booking' && /^[A-Z0-9-]*\d[A-Za-z0-9-]*$|^[A-Z0-9-]{4,}$/.test(firstToken(f.value))
    );
  });
}

function firstToken(value: string): string {
  return (value.trim().split(/[\s,;]/)[0] ?? '').replace(/^#/, '');
}

/** The one Booking ID, checked against the subject's "(Booking #...)" when it names one. */
export function readBookingId(doc: MailDocument, subject: string, kind: BookingKind): Read<string> {
  const idFields = bookingIdFields(doc);
  if (idFields.length === 0)
    return review(`no Booking ID field in a Boatsetter ${kindWord(kind)} notification`);
  const ids = [...new Set(idFields.map((f) => firstToken(f.value)))];
  if (ids.length > 1) return review(`conflicting Booking ID fields: ${ids.join(', ')}`);
  const id = ids[0] as string;
  if (!BOOKING_ID_PATTERN.test(id)) {
    return review(
      `Booking ID field "${id.slice(0, 40)}" is not a valid id (4-32 letters, digits or dashes)`,
    );
  }
  const subjectId = /\(\s*booking\s*(?:id|#|no\.?)?\s*:?\s*#?\s*([A-Za-z0-9-]{4,32})\s*\)/i.exec(
    subject,
  );
  if (subjectId && subjectId[1] !== id) {
    return review(`subject names booking ${subjectId[1]} but the Booking ID field says ${id}`);
  }
  return ok(id);
}

function kindWord(kind: BookingKind): string {
  return kind === 'new' ? 'booking' : kind === 'changed' ? 'change' : 'cancellation';
}

/** A field a cancellation may lack: the placeholder is used (and named) instead of a review. */
export interface Filled<T> {
  value: T;
  placeholder: boolean;
}

export function readGuestName(doc: MailDocument, cancelling: boolean): Read<Filled<string>> {
  let guestName = cleanName(
    findField(
      doc,
      /^(?:renter|renter name|guest|guest name|customer|customer name|booked by|lead guest|primary guest|name)$/,
    )?.value ?? '',
  );
  if (!guestName) {
    const m = /\bbooking with (\p{Lu}[^.\n]{0,80}?) has been\b/u.exec(
      doc.ownLines.join(' ').replace(/\s+/g, ' '),
    );
    if (m) guestName = cleanName(m[1] as string);
  }
  if (guestName) return ok({ value: guestName, placeholder: false });
  if (!cancelling) return review('no Renter/Guest name field');
  return ok({ value: CANCELLATION_PLACEHOLDERS.guestName, placeholder: true });
}

export interface BoatReading {
  boat: string;
  /** The parenthesised type after the boat name: "sailing yacht". */
  description: string | null;
  placeholder: boolean;
}

export function readBoat(doc: MailDocument, cancelling: boolean): Read<BoatReading> {
  const boatRaw = collapseSpaces(
    findField(doc, /^(?:boat|boat name|vessel|yacht|listing)$/)?.value ?? '',
  );
  let boat = boatRaw;
  let description: string | null = null;
  const typeSuffix = /^(.*\S)\s*\(([^()]{1,80})\)$/.exec(boatRaw);
  if (typeSuffix) {
    boat = (typeSuffix[1] as string).trim();
    description = (typeSuffix[2] as string).trim();
  }
  boat = boat.slice(0, 200);
  if (boat) return ok({ boat, description, placeholder: false });
  if (!cancelling) return review('no Boat field');
  return ok({ boat: CANCELLATION_PLACEHOLDERS.boat, description, placeholder: true });
}

export function readPickupLocation(doc: MailDocument): string {
  return collapseSpaces(
    findField(
      doc,
      /^(?:pick-?\s?up(?: location| point| address)?|meeting (?:point|location)|departs from|departure (?:location|point|marina)|marina|location|address|dock|where)$/,
    )?.value ?? '',
  ).slice(0, 500);
}

export function readContact(doc: MailDocument): { phone: string | null; email: string | null } {
  return {
    phone:
      findField(doc, /^(?:phone|renter phone|phone number|mobile|cell)$/)?.value.slice(0, 40) ??
      null,
    email: emailAddressOf(
      findField(doc, /^(?:email|e-mail|renter email|email address)$/)?.value ?? '',
    ),
  };
}

/** Who cancelled and why (a cancellation's own fields, else its wording). */
export function readCancellation(
  doc: MailDocument,
): Pick<BoatsetterDetails, 'cancelledBy' | 'cancelReason'> {
  let cancelledBy: BoatsetterDetails['cancelledBy'] = null;
  const by = (findField(doc, /^cancel+ed by$/)?.value ?? '').toLowerCase();
  const p = doc.prose;
  if (
    /renter|guest/.test(by) ||
    (!by && /\b(?:the )?(?:renter|guest) (?:has )?cancel+ed\b/.test(p))
  )
    cancelledBy = 'renter';
  else if (/owner|you/.test(by) || (!by && /\byou (?:have )?cancel+ed\b/.test(p)))
    cancelledBy = 'owner';
  else if (/boatsetter/.test(by) || (!by && /\bboatsetter (?:has )?cancel+ed\b/.test(p)))
    cancelledBy = 'boatsetter';
  const reason = findField(
    doc,
    /^(?:reason|reason given|cancel+ation reason|reason for cancel+ation)$/,
  )?.value;
  return { cancelledBy, cancelReason: reason ? cleanName(reason).slice(0, 500) : null };
}

/** Collapses spaces; removes one pair of surrounding double quotes (single quotes are apostrophes). */
export function cleanName(value: string): string {
  const t = collapseSpaces(value);
  const quoted = /^["“](.*)["”]$/s.exec(t);
  return (quoted ? (quoted[1] as string).trim() : t).slice(0, 200);
}

export function readCaptain(doc: MailDocument): BoatsetterDetails['captain'] {
  const field = findField(doc, /^(?:captain|captain name|skipper|captain status)$/);
  if (!field) return { mode: null, name: null, status: null };
  const v = field.value;
  const lower = v.toLowerCase();
  let mode: CaptainMode | null = null;
  if (/\bbareboat\b|\bno captain\b|\bself-?captained\b|\bnot (?:needed|required)\b/.test(lower)) {
    return { mode: 'bareboat', name: null, status: null };
  }
  if (/\bowner\b|\bincluded\b|\bprovided by (?:you|the owner)\b|\byour (?:own )?crew\b/.test(lower))
    mode = 'owner_provided';
  else if (/\bcaptain(?:ed)?\b|\bcapt\b|\bpending\b|\baccepted\b|\bselect/.test(lower) || v.trim())
    mode = 'captained';
  let status: CaptainStatus | null = null;
  if (/\bpending\b|\bselecting\b|\bnot (?:yet )?assigned\b|\btbd\b|\bawaiting\b/.test(lower))
    status = 'pending';
  else if (/\baccepted\b|\bconfirmed\b/.test(lower)) status = 'accepted';
  else if (/\bdeclined\b/.test(lower)) status = 'declined';
  let name: string | null = null;
  const capt = /\bCapt(?:ain)?\.?\s+(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})/u.exec(v);
  if (capt) name = capt[1] as string;
  else if (mode === 'captained') {
    const bare = v
      .replace(/\([^)]*\)/g, ' ')
      .replace(/^\s*captained\s*[-–—:]\s*/i, '')
      .trim();
    if (
      /^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}$/u.test(bare) &&
      !/\b(?:pending|tbd|none|n\/a|captained|included|owner|assigned|not)\b/i.test(bare)
    ) {
      name = bare;
    }
  }
  if (name && status === null) status = 'accepted';
  if (mode === 'owner_provided') status = null;
  return { mode, name, status };
}

export function readFuel(doc: MailDocument): BoatsetterDetails['fuelPolicy'] {
  const v = (findField(doc, /^fuel(?: policy)?$/)?.value ?? '').toLowerCase();
  if (/\brenter\b|\bguest\b/.test(v)) return 'renter_pays';
  if (/\bowner\b|\bincluded\b|\byou pay\b/.test(v)) return 'owner_pays';
  return null;
}

export function readPartySize(doc: MailDocument, which: 'value' | 'previous'): number | null {
  const f = findField(
    doc,
    /^(?:passengers|guests|party size|number of (?:guests|passengers|people)|group size|people|# of guests|guest count|passenger count|pax)$/,
  );
  const text = f ? (which === 'value' ? f.value : (f.previous ?? f.value)) : null;
  if (!text) return null;
  // "6 adults, 2 children" is 8; "12 guests" is 12
  const parts = text.match(
    /\b\d{1,3}\s*(?:adults?|children|child|kids?|infants?|teens?|seniors?)\b/gi,
  );
  const n =
    parts && parts.length > 1
      ? parts.reduce((sum, p) => sum + parseInt(p, 10), 0)
      : Number(/\d{1,3}/.exec(text)?.[0] ?? NaN);
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : null;
}
