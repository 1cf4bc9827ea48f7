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
// Money filter: the one rule for money in text that crew see.
//
// A money figure is a number written with a currency marker, or one shaped like an amount.
//  - Marked: right before or after the number (a space, ':' or '=' between allowed) stands
//      any Unicode currency symbol (\p{Sc}: $ € £ ¥ ₹ ₩ ₽ ¢ ₿ and the fullwidth ＄ ￥ ￡ ￦;
//      also with letters: US$, CA$, A$, R$, HK$), an ISO 4217 code in capitals (CHF 960,
//      960 CHF, USD840; the common ones in any case: usd, Eur), or a currency word (dollars,
//      bucks, euros, cents, pesos, yen, francs, rupees, quid, pounds sterling; kr, zł, Kč, руб,
//      円, 元, 원). Any number format counts then: 840, 840.75, 840,75, 1,200.50, 1.200,50,
//      1'200, 1 200, 1,20,000, 1.2k.
//  - Amount-shaped, unmarked: two decimals (840.75, 840,75), thousands groups (1,200 1.200
//      1'200 1,20,000, a no-break or thin space, with or without decimals; a plain space only
//      with decimals: 1 200,50), or a k suffix (1.2k). Except when a unit
//      follows (2.50 h, 1,200 ft, 12.50 knots) or it reads as a clock time (at 16.30, 9.30 am,
//      9.30-12.30).
// Every other number stays, because crew need it: party size, times (16:00, 4:30 PM), dates
// (2024-05-30, 30.05.2024, 05/30), phone numbers, lengths (32 ft), docks and slips, 12,5 knots.
// A bare number with no marker (an "840" on its own) is not a figure by this rule; in notes
// the sentence around it goes when it also names money (paid, fee, tip, net...), see
// `mentionsMoney`. Numbers spelled out count with a currency word ("forty bucks").
// Fullwidth forms (＄８４０, ＵＳＤ) are read as their ASCII twins. The codes ALL, BAM, BOB,
// CUP, GEL, KGS, MAD, MOP, PEN, SOS, TOP and TRY are also everyday words or units, so they
// mark nothing (their amounts are still caught when amount-shaped).

const D = '\\p{Nd}';
const SIGN = '[-+\\u2212]?';
/** A number as written: digits with separators between them (a space only before three digits). */
const NUMBER = `${D}+(?:(?:[.,'\\u2019\\u00a0\\u2009\\u202f]|[ ](?=${D}{3}(?!${D})))${D}+)*`;
/** A space within a line (a figure and its marker are never split across lines). */
const SP = '[ \\t\\u00a0\\u2009\\u202f]';
const MULTIPLIER = `(?:${SP}?(?:[kKmM]|mn|bn|million|thousand|grand)(?!\\p{L}))?`;

/** [xX] for x: case-insensitive pieces of a case-sensitive pattern. */
const anyCase = (pattern: string): string =>
  pattern.replace(/\\.|[a-z]/gi, (c) =>
    c.length === 2 ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`,
  );

const ISO_CODES =
  'AED AFN AMD ANG AOA ARS AUD AWG AZN BBD BDT BGN BHD BIF BMD BND BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MDL MGA MKD MMK MNT MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SRD SSP STN SVC SYP SZL THB TJS TMT TND TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XDR XOF XPF XSU YER ZAR ZMW ZWG ZWL'.split(
    ' ',
  );
/** Codes people also write in small letters. */
const COMMON_CODES = 'USD EUR GBP CHF CAD AUD NZD JPY CNY RMB MXN HKD SGD SEK NOK DKK INR BRL ZAR';
const CODE = `(?<!\\p{L})(?:${ISO_CODES.join('|')}|${COMMON_CODES.split(' ').map(anyCase).join('|')})(?!\\p{L})`;
const SYMBOL = `(?:(?<!\\p{L})\\p{Lu}{1,3})?\\p{Sc}+`;
const CURRENCY_WORDS = anyCase(
  'dollars?|bucks?|euros?|cents?|pesos?|yen|yuan|francs?|rupees?|quid|pounds? sterling',
).replace(' ', `${SP}+`);
/** Local signs written as letters: kr 840, 840 zł, 1200円, 840 元, 5000원, 840 руб. */
const LOCAL_SIGNS = `(?<!\\p{L})(?:kr|zł|Kč|руб)(?!\\p{L})|[円元圓원]`;
const CURRENCY_WORD = `(?<!\\p{L})(?:${CURRENCY_WORDS})(?!\\p{L})|${LOCAL_SIGNS}`;
const NUMBER_WORDS = anyCase(
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|grand',
);
const NUMBER_WORD = `(?<!\\p{L})(?:${NUMBER_WORDS})(?!\\p{L})`;
const MONEY_WORDS = anyCase(
  'earn\\w*|payouts?|pay|pays|paying|payment\\w*|payable|paid|prices?|priced|pricing|costs?|costing|fees?|gross|net|revenue\\w*|profit\\w*|tips?|gratuit\\w*|deposits?|refund\\w*|charges?|charged|charging|commission\\w*|wages?|rates?|salar\\w*|income|invoice\\w*|totals?|amounts?|balance|owed?|owing|subtotal|discount\\w*|money|cash|venmo|zelle|paypal|billed|billing|margin',
);
const MONEY_WORD = `(?<!\\p{L})(?:${MONEY_WORDS})(?!\\p{L})`;
const GAP = '[ \\t\\u00a0\\u2009\\u202f:=]{0,3}';

const MONEY_PATTERNS: readonly RegExp[] = [
  // $840.75  ＄840  US$ 1,200  CHF 960  USD840  EUR: 40  $1.2k  $-40
  new RegExp(
    `${SIGN}(?:${SYMBOL}|${CODE}|${LOCAL_SIGNS})${GAP}${SIGN}${NUMBER}${MULTIPLIER}`,
    'gu',
  ),
  // 840,75 €  960 CHF  840USD  40 bucks  1.2k dollars
  new RegExp(
    `${SIGN}(?<![\\p{Nd}.,])${NUMBER}${MULTIPLIER}${SP}?(?:\\p{Lu}{0,3}\\p{Sc}+|${CODE}|${CURRENCY_WORD})`,
    'gu',
  ),
  // forty bucks, a hundred dollars
  new RegExp(
    `(?:(?<!\\p{L})${anyCase('an?')}${SP}+)?${NUMBER_WORD}(?:(?:${SP}|-)+(?:and${SP}+)?${NUMBER_WORD})*${SP}+(?:${CURRENCY_WORD})`,
    'gu',
  ),
  // fee 15, net of 289, paid: 840 (the figure after a money word)
  new RegExp(
    `(?<=${MONEY_WORD}(?:${SP}+(?:of|is|was|about|around|approx\\.?))?${GAP})${SIGN}${NUMBER}`,
    'gu',
  ),
];

/** Unmarked, amount-shaped: 840.75, 840,75, 1,200, 1.200,50, 1'200, 1,20,000, 1.2k. */
const AMOUNT_SHAPED = new RegExp(
  `(?<![\\p{Nd}.,'])${SIGN}(?:${D}{1,3}(?:,${D}{3})+(?:\\.${D}{1,2})?|${D}{1,3}(?:\\.${D}{3})+(?:,${D}{1,2})?|${D}{1,3}(?:['\\u2019]${D}{3})+(?:\\.${D}{1,2})?|${D}{1,2}(?:,${D}{2})+,${D}{3}(?:\\.${D}{1,2})?|${D}{1,3}(?:[\\u00a0\\u2009\\u202f]${D}{3})+(?:[.,]${D}{1,2})?|${D}{1,3}(?: ${D}{3})+[.,]${D}{2}|${D}+[.,]${D}{2}|${D}+(?:[.,]${D})?[kK](?=$|[^\\p{L}\\p{Nd}]))(?!${D}|[.,'][\\p{Nd}])`,
  'gu',
);
const UNIT_AFTER = new RegExp(
  `^\\s?(?:(?:${anyCase('h|hrs?|hours?|mins?|minutes?|ft|feet|foot|m|meters?|metres?|km|nm|mi|miles?|kn|knots?|kts?|kg|kgs|lbs?|pounds|gal|gallons?|l|liters?|litres?|people|guests|pax|persons?|am|pm|a\\.m\\.|p\\.m\\.|uhr|o.clock')})(?!\\p{L})|[°%'\u2032"\u2033])`,
  'u',
);
const CLOCK = /^(\d{1,2})[.,](\d{2})$/;
const TIME_WORD_BEFORE = new RegExp(
  `(?:^|[^\\p{L}])(?:${anyCase('at|by|until|till|til|from|before|after|between|and|to|around')}|@)\\s+$|${D}{1,2}[.:]${D}{2}\\s?[-\\u2013]\\s?$`,
  'u',
);
const CLOCK_RANGE_AFTER = new RegExp(`^\\s?[-\\u2013]\\s?${D}{1,2}[.:]${D}{2}`, 'u');

function readsAsClock(figure: string, before: string, after: string): boolean {
  const m = CLOCK.exec(figure);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return false;
  return TIME_WORD_BEFORE.test(before) || CLOCK_RANGE_AFTER.test(after);
}

/** Fullwidth ASCII twins (＄８４０, ＵＳＤ) read as ASCII; one UTF-16 unit each, so offsets hold. */
function asciiTwins(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

type Span = [start: number, end: number];

/** Where the money figures are in `text` (by the rule above). */
function moneySpans(text: string): Span[] {
  const t = asciiTwins(text);
  const spans: Span[] = [];
  for (const pattern of MONEY_PATTERNS)
    for (const m of t.matchAll(pattern)) spans.push([m.index, m.index + m[0].length]);
  for (const m of t.matchAll(AMOUNT_SHAPED)) {
    const start = m.index;
    const end = start + m[0].length;
    const after = t.slice(end, end + 12);
    if (UNIT_AFTER.test(after) && !/[kK]$/.test(m[0])) continue;
    if (
      readsAsClock(m[0].replace(/^[-+\u2212]/, ''), t.slice(Math.max(0, start - 12), start), after)
    )
      continue;
    spans.push([start, end]);
  }
  return spans;
}

const ANY_SYMBOL = /\p{Sc}/u;
const ANY_CODE = new RegExp(CODE, 'u');
const ANY_CURRENCY_WORD = new RegExp(CURRENCY_WORD, 'u');
const ANY_MONEY_WORD = new RegExp(MONEY_WORD, 'u');
const ANY_NUMBER = new RegExp(`${D}|${NUMBER_WORD}`, 'u');

/**
 * Whether a sentence talks about money with a figure: it holds a money figure or a currency
 * sign, or a currency code, currency word or money word (paid, fee, tip, net...) together with
 * a number (in digits or words). "Bill is bringing the kids" and "the guest paid already" are
 * not money; "paid 840 at the dock" and "forty bucks" are.
 */
export function mentionsMoney(text: string): boolean {
  const t = asciiTwins(text);
  if (ANY_SYMBOL.test(t) || moneySpans(t).length > 0) return true;
  const named = ANY_CODE.test(t) || ANY_CURRENCY_WORD.test(t) || ANY_MONEY_WORD.test(t);
  return named && ANY_NUMBER.test(t);
}

/**
 * Removes the money figures (with their markers) and any stray currency sign from a short field
 * (a boat name, a meeting point, a name); every other word and number stays.
 */
export function redactMoney(text: string): string {
  const spans = moneySpans(text).sort((a, b) => a[0] - b[0]);
  if (spans.length === 0 && !ANY_SYMBOL.test(text)) return text.trim();
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (end <= at) continue;
    out += text.slice(at, Math.max(at, start));
    at = end;
  }
  out += text.slice(at);
  return out
    .replace(/\p{Sc}/gu, '')
    .replace(/\(\s*\)|\[\s*\]/g, '')
    .replace(/[ \t\u00a0]{2,}/g, ' ')
    .replace(/ ([,.;:!?)])/g, '$1')
    .trim();
}

/**
 * Crew-safe notes: every sentence or line that talks about money is dropped entirely (the rest
 * of it could explain the figure), and what remains is redacted once more.
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
/**
 * One formatter per zone, made once: constructing an Intl.DateTimeFormat costs far more than
 * formatting with it, and a booking's crew-facing texts format a dozen instants.
 */
const labelFormats = new Map<string, Intl.DateTimeFormat>();
function labelFormat(timeZone: string): Intl.DateTimeFormat {
  let fmt = labelFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    labelFormats.set(timeZone, fmt);
  }
  return fmt;
}

export function localLabels(
  instantMs: number,
  timeZone: string,
  fallbackOffsetMinutes: number,
): LocalLabels {
  try {
    const parts: Record<string, string> = {};
    for (const part of labelFormat(timeZone).formatToParts(new Date(instantMs)))
      parts[part.type] = part.value;
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
// The crew's view of a booking, and the SCC crew event

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

/** A booking as crew read it: every free-text field through the money filter. */
export interface CrewView {
  /** The boat's name ('' when nothing but money was in it). */
  boat: string;
  /** The meeting point ('' when not given). */
  meetingPoint: string;
  /** "Alicia G." */
  guest: string;
  partySize: number | null;
  /** Notes without the sentences that talk about money. */
  notes: string;
  crew: Array<{ name: string; role: string }>;
}

/**
 * The one crew-facing reading of a booking: the SCC event, the crew checklist, the built-in
 * invitations' page and e-mails all build from this, so nothing they show skips the filter.
 */
export function crewView(source: CrewFacingSource): CrewView {
  const b = source.booking;
  return {
    boat: redactMoney(b.boat),
    meetingPoint: redactMoney(b.pickupLocation),
    guest: guestShortName(redactMoney(b.guestName)),
    partySize: b.partySize ?? null,
    notes: crewSafeNotes(b.notes),
    crew: source.crew.map((m) => ({
      name: redactMoney(m.name) || 'crew',
      role: redactMoney(m.role) || 'crew',
    })),
  };
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
  const view = crewView(source);
  const boat = view.boat || 'the boat';
  const party = view.partySize ? ` (${view.partySize} guests)` : '';
  const lines = [
    `Charter ${booking.id} on ${boat}: ${view.guest || 'our guests'}${party}`,
    `Checklist: ${checklistUrl}`,
  ];
  if (view.notes) lines.push('', view.notes);
  const payOf = (role: string) =>
    source.finance.crew.find((line) => line.role.toLowerCase() === role.toLowerCase());
  return {
    event_name: sccEventName(booking),
    start_time: utcIsoZ(instantOf(booking.start)),
    duration_hours: hoursOf(booking.durationMinutes),
    crew: source.crew.map((m, i) => {
      const pay = payOf(m.role);
      return {
        role: view.crew[i]?.role ?? 'crew',
        name: view.crew[i]?.name ?? 'crew',
        rate: pay ? pay.rateCents / 100 : 0,
        hours: hoursOf(pay ? pay.minutes : booking.durationMinutes),
        email: m.email,
      };
    }),
    notes: lines.join('\n'),
    booking_ref: booking.id,
    boat,
    meeting_point: view.meetingPoint,
    checklist_url: checklistUrl,
    time_zone: booking.timeZone,
  };
}
