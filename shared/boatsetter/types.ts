/** What the Boatsetter parser reads and what it answers (the parser's public types). */
import type { BookingEvent } from '../booking';
import type { UsTimeZone } from '../time';

export interface BoatsetterMessage {
  subject: string;
  from: string;
  headers?: Record<string, string>;
  plainBody?: string | null;
  htmlBody?: string | null;
  messageId?: string;
  /** When the mail arrived (ISO 8601); used to infer a missing year. Falls back to the Date header. */
  receivedAt?: string;
}

export interface ParseOptions {
  /** Zone used when the mail names none (and preferred for abbreviations it shares). */
  defaultTimeZone?: string;
  /** Sender domains accepted as Boatsetter (default: boatsetter.com and its subdomains). */
  senderDomains?: string[];
  /**
   * What to do when a stated abbreviation contradicts the date ("PST" in July): 'wall-clock'
   * (default) keeps the written time in that region with the offset in force and adds a warning;
   * 'review' returns needs-review.
   */
  onZoneMismatch?: 'wall-clock' | 'review';
}

export type CaptainMode = 'owner_provided' | 'captained' | 'bareboat';
export type CaptainStatus = 'pending' | 'accepted' | 'declined';

export interface BoatsetterDetails {
  /** End of the charter: start + duration (elapsed, DST-aware), local ISO with offset. */
  end: string;
  /** Abbreviation in force at the start ("PDT"). */
  timeZoneAbbreviation: string;
  listingFeeCents: number | null;
  /** Shown for information only; never part of gross or earnings. */
  captainFeeCents: number | null;
  fuelPolicy: 'owner_pays' | 'renter_pays' | null;
  captain: { mode: CaptainMode | null; name: string | null; status: CaptainStatus | null };
  renterPhone: string | null;
  renterEmail: string | null;
  /** The parenthesised type after the boat name: "sailing yacht". */
  boatDescription: string | null;
  /** For a change: the values before it, when the mail shows them. */
  previous: {
    start: string | null;
    durationMinutes: number | null;
    partySize: number | null;
  } | null;
  cancelledBy: 'renter' | 'owner' | 'boatsetter' | null;
  cancelReason: string | null;
  /** Booking fields filled with placeholders (cancellations only; docs/captain-guide.md lists them). */
  placeholders: string[];
  /** Things a human may want to know (zone abbreviation corrected, nonexistent local time...). */
  warnings: string[];
  /** The person who forwarded the mail, if it was forwarded. */
  forwardedBy: string | null;
  messageId: string | null;
}

/** What a booking notification says happened. */
export type BookingKind = 'new' | 'changed' | 'cancelled';

export type BoatsetterParseResult =
  | { kind: BookingKind; event: BookingEvent; details: BoatsetterDetails }
  | { kind: 'ignore'; reason: 'request' | 'marketing' | 'other'; detail: string }
  | { kind: 'needs-review'; reason: string };

/** Placeholders used when a cancellation lacks fields the booking schema requires. */
export const CANCELLATION_PLACEHOLDERS = {
  guestName: '(unknown guest)',
  boat: '(unknown boat)',
  durationMinutes: 60,
} as const;

/** One reading step's answer: the value, or why the mail needs a person (never a throw). */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

export function ok<T>(value: T): Read<T> {
  return { ok: true, value };
}

export function review(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** Parser defaults every step shares once `ParseOptions` are resolved. */
export interface ParseContext {
  msg: BoatsetterMessage;
  opts: ParseOptions;
  domains: string[];
  zone: UsTimeZone;
}
