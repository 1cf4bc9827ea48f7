/**
 * Everything the crew sees is built here, from a booking, so that money cannot leak into a
 * crew-facing system (SCC event fields and notes, the crew checklist). The rule is applied at the
 * source: the builders only read the fields a crew member needs, and every free-text field goes
 * through the money filter, which drops whole note sentences that talk about money and redacts
 * amounts anywhere else.
 *
 * Also here: the local-time helpers shared by the crew and guest renderers (no time-zone database
 * beyond the standard `Intl`, with a fallback to the offset the booking was written in).
 */
import {
  formatDuration,
  instantOf,
  LOCAL_ISO_WITH_OFFSET,
  localStartParts,
  type Booking,
} from './booking';
import type { CrewCostLine } from './finance';
import { hoursOf, utcIsoZ, type SccEventBody } from './scc-contract';
import { charterEnd, MONTH_ABBREVIATIONS } from './time';

// ---------------------------------------------------------------------------------------------
// Money filter

const CURRENCY_SYMBOL = /[$\u20ac\u00a3\u00a5\u20b9\u00a2]/;
const CURRENCY_WORD =
  /\b(?:usd|us\s*dollars?|dollars?|bucks|eur|euros?|gbp|pounds?\s+sterling|cad|aud|mxn|pesos?|cents?)\b/i;
const MONEY_WORD =
  /\b(?:earn\w*|payouts?|pay|pays|paying|payment\w*|payable|paid|prices?|priced|pricing|costs?|costing|fees?|gross|net|revenue\w*|profit\w*|tips?|gratuit\w*|deposits?|refund\w*|charge[sd]?|charging|commission\w*|wages?|rates?|salar\w*|income|invoice\w*|totals?|amounts?|balance|owed?|owing|subtotal|discount\w*|money|cash|venmo|zelle|paypal|bill|billed|billing|margin|split)\b/i;
/** 840.75, 1,200, 1.2k: shapes that are almost always amounts. */
const AMOUNT_SHAPE = /\d[\d,]*\.\d{2}(?!\d)|\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\s*k\b/i;

/** Whether a piece of text mentions money (an amount, a currency, or a money word). */
export function mentionsMoney(text: string): boolean {
  return (
    CURRENCY_SYMBOL.test(text) ||
    CURRENCY_WORD.test(text) ||
    MONEY_WORD.test(text) ||
    AMOUNT_SHAPE.test(text)
  );
}

const AMOUNT_PATTERNS: RegExp[] = [
  // $1,200.50  $ 1200  US$1200  (currency symbol + amount, with an optional k/m suffix)
  /(?:us)?[$\u20ac\u00a3\u00a5\u20b9\u00a2]\s*[-+]?\d[\d,]*(?:\.\d+)?\s*(?:k|m)?\b/gi,
  // USD 1200, EUR 40
  /\b(?:usd|eur|gbp|cad|aud|mxn)\s*[-+]?\d[\d,]*(?:\.\d+)?/gi,
  // 1200 USD, 1,200.50 dollars, 40 bucks
  /[-+]?\d[\d,]*(?:\.\d+)?\s*(?:k\s*)?(?:usd|us\s*dollars?|dollars?|bucks|eur|euros?|gbp|cad|aud|mxn|pesos?|cents?)\b/gi,
  // earnings: 840.75, fee 151, net of 289
  /\b(?:earn\w*|payouts?|paid|prices?|costs?|fees?|gross|net|revenue|profit|tips?|deposits?|total|wages?|rates?)\b\s*(?:of|is|was|=|:)?\s*[-+]?\d[\d,]*(?:\.\d+)?/gi,
  // remaining decimal / grouped amounts
  /\d[\d,]*\.\d{2}(?!\d)/g,
  /\b\d{1,3}(?:,\d{3})+\b/g,
];

/** Removes amounts from a short field (a boat name, a meeting point) and any stray currency sign. */
export function redactMoney(text: string): string {
  let out = text;
  for (const pattern of AMOUNT_PATTERNS) out = out.replace(pattern, '');
  out = out.replace(new RegExp(CURRENCY_SYMBOL.source, 'g'), '');
  return out.replace(/[ \t]{2,}/g, ' ').trim();
}

/**
 * Crew-safe notes: every sentence or line that mentions money is dropped entirely (a number on
 * its own could still be a price), and what remains is redacted once more.
 */
export function crewSafeNotes(notes: string): string {
  const kept: string[] = [];
  for (const line of notes.split(/\r?\n/)) {
    const sentences = line.split(/(?<=[.!?;])\s+/);
    const safe = sentences.filter((s) => s.trim() !== '' && !mentionsMoney(s));
    if (safe.length) kept.push(redactMoney(safe.join(' ')));
  }
  return kept
    .filter((line) => line !== '')
    .join('\n')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Local time

const OFFSET_OF = (start: string): number => {
  const m = LOCAL_ISO_WITH_OFFSET.exec(start);
  if (!m) throw new Error(`not a local ISO date-time with offset: ${start}`);
  return (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** When the charter ends: the shared, DST-aware rule (`charterEnd` in time.ts). */
export function endOf(booking: Pick<Booking, 'start' | 'timeZone' | 'durationMinutes'>): string {
  return charterEnd(booking);
}

export interface LocalLabels {
  /** "Thursday, May 30, 2024" */
  date: string;
  /** "9:00 AM" */
  time: string;
  /** "PDT" (or "UTC-07:00" when the zone is unknown to this runtime) */
  zone: string;
  /** "Thu, May 30, 9:00 AM" */
  short: string;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function clockLabel(hour: number, minute: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${pad(minute)} ${hour < 12 ? 'AM' : 'PM'}`;
}

function labelsFromParts(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  zone: string,
): LocalLabels {
  const weekday = WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()] ?? '';
  const month = MONTHS[mo - 1] ?? '';
  const time = clockLabel(h, mi);
  return {
    date: `${weekday}, ${month} ${d}, ${y}`,
    time,
    zone,
    short: `${weekday.slice(0, 3)}, ${month.slice(0, 3)} ${d}, ${time}`,
  };
}

/**
 * Labels for an instant as a person in `timeZone` reads a clock. Falls back to the fixed
 * `fallbackOffsetMinutes` when the runtime does not know the zone.
 */
export function localLabels(
  instantMs: number,
  timeZone: string,
  fallbackOffsetMinutes: number,
): LocalLabels {
  try {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    const parts: Record<string, string> = {};
    for (const part of fmt.formatToParts(new Date(instantMs))) parts[part.type] = part.value;
    const hour = Number(parts.hour) % 24;
    return labelsFromParts(
      Number(parts.year),
      Number(parts.month),
      Number(parts.day),
      hour,
      Number(parts.minute),
      parts.timeZoneName ?? timeZone,
    );
  } catch {
    const local = new Date(instantMs + fallbackOffsetMinutes * 60_000);
    const sign = fallbackOffsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(fallbackOffsetMinutes);
    return labelsFromParts(
      local.getUTCFullYear(),
      local.getUTCMonth() + 1,
      local.getUTCDate(),
      local.getUTCHours(),
      local.getUTCMinutes(),
      `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`,
    );
  }
}

/** Labels for `minutes` after the booking's start (negative: before). */
export function bookingLabels(
  booking: Pick<Booking, 'start' | 'timeZone'>,
  minutes = 0,
): LocalLabels {
  return localLabels(
    instantOf(booking.start) + minutes * 60_000,
    booking.timeZone,
    OFFSET_OF(booking.start),
  );
}

/**
 * The whole trip in words: "Thursday, May 30, 2024, 9:00 AM – 12:00 PM PDT (3h)" for a day
 * trip; "Saturday, November 1, 2025, 6:00 PM PDT – Sunday, November 2, 2025, 10:00 AM PST (17h)"
 * when it ends on another day (each end with its own zone abbreviation).
 */
export function tripWhen(
  booking: Pick<Booking, 'start' | 'timeZone' | 'durationMinutes'>,
  withLength = true,
): string {
  const a = bookingLabels(booking);
  const b = bookingLabels(booking, booking.durationMinutes);
  const length = withLength ? ` (${formatDuration(booking.durationMinutes)})` : '';
  if (a.date === b.date) {
    const startZone = a.zone === b.zone ? '' : ` ${a.zone}`;
    return `${a.date}, ${a.time}${startZone} \u2013 ${b.time} ${b.zone}${length}`;
  }
  return `${a.date}, ${a.time} ${a.zone} \u2013 ${b.date}, ${b.time} ${b.zone}${length}`;
}

/** "Alicia Gomez" -> "Alicia"; "" -> "". */
export function firstName(name: string | null | undefined): string {
  return (name ?? '').trim().split(/\s+/)[0] ?? '';
}

/** "Alicia Gomez" -> "Alicia G." (how crew see a guest). */
export function guestShortName(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  const last = words.length > 1 ? words[words.length - 1] : '';
  return last ? `${first} ${last.charAt(0)}.` : first;
}

// ---------------------------------------------------------------------------------------------
// SCC crew event

export interface CrewFacingMember {
  name: string;
  email: string;
  role: string;
}

/** What the crew-facing builders may read. Passing a whole request is fine: only these are used. */
export interface CrewFacingSource {
  booking: Pick<
    Booking,
    | 'id'
    | 'start'
    | 'timeZone'
    | 'durationMinutes'
    | 'guestName'
    | 'partySize'
    | 'boat'
    | 'pickupLocation'
    | 'notes'
  >;
  crew: readonly CrewFacingMember[];
}

/** The SCC builder also reads the booking's source and each role's pay (rate and hours). */
export interface SccEventSource extends CrewFacingSource {
  booking: CrewFacingSource['booking'] & Pick<Booking, 'source'>;
  finance: { crew: ReadonlyArray<Pick<CrewCostLine, 'role' | 'rateCents' | 'minutes'>> };
}

const SOURCE_WORD: Record<Booking['source'], string> = {
  boatsetter: 'Boatsetter',
  manual: 'Direct',
};

/** "May 30 Boatsetter Charter": local charter date and where the booking came from. */
export function sccEventName(booking: Pick<Booking, 'start' | 'source'>): string {
  const { month, day } = localStartParts(booking.start);
  return `${MONTH_ABBREVIATIONS[month - 1]} ${day} ${SOURCE_WORD[booking.source]} Charter`;
}

/**
 * The body of SCC `POST /events` and `PUT /events/{id}` (shared/scc-contract.ts). Each member's
 * rate and hours are those of their role's crew rule: their own pay, the figures the finance uses.
 */
export function sccEventBody(source: SccEventSource, checklistUrl: string): SccEventBody {
  const { booking } = source;
  const boat = redactMoney(booking.boat) || 'the boat';
  const guest = redactMoney(guestShortName(booking.guestName));
  const party = booking.partySize ? ` (${booking.partySize} guests)` : '';
  const lines = [
    `Charter ${booking.id} on ${boat}: ${guest || 'our guests'}${party}`,
    `Checklist: ${checklistUrl}`,
  ];
  const notes = crewSafeNotes(booking.notes);
  if (notes) lines.push('', notes);
  const payOf = (role: string) =>
    source.finance.crew.find((line) => line.role.toLowerCase() === role.toLowerCase());
  return {
    event_name: sccEventName(booking),
    start_time: utcIsoZ(instantOf(booking.start)),
    duration_hours: hoursOf(booking.durationMinutes),
    crew: source.crew.map((m) => {
      const pay = payOf(m.role);
      return {
        role: redactMoney(m.role) || 'crew',
        name: redactMoney(m.name) || 'crew',
        rate: pay ? pay.rateCents / 100 : 0,
        hours: hoursOf(pay ? pay.minutes : booking.durationMinutes),
        email: m.email,
      };
    }),
    notes: lines.join('\n'),
    booking_ref: booking.id,
    boat,
    meeting_point: redactMoney(booking.pickupLocation),
    checklist_url: checklistUrl,
    time_zone: booking.timeZone,
  };
}
