/**
 * Boatsetter owner notifications -> exactly one of: new booking, change, cancellation, ignore
 * (request / marketing / other), or needs-review with a human-readable reason.
 * See /tmp/team/readme/parser.md (folded into the README) for the rules in prose.
 */
import {
  BOOKING_ID_PATTERN,
  type Booking,
  type BookingEvent,
  BookingEventSchema,
  describeIssues,
} from '../booking';
import { MoneyError, parseMoney } from '../money';
import {
  abbreviationAt,
  addMinutesInZone,
  DEFAULT_TIME_ZONE,
  epochOfIso,
  localPartsAt,
  offsetAtInstant,
  readZonedTime,
  resolveTimeZone,
  type UsTimeZone,
} from '../time';
import {
  addDays,
  type CalendarDate,
  findZoneMention,
  formatDate,
  readDate,
  readDurationMinutes,
  readEndTime,
  readTimeRange,
} from './datetime';
import {
  buildDocument,
  type Field,
  findField,
  findFields,
  type MailDocument,
  unwrapForward,
} from './document';
import { htmlToText } from './html-to-text';
import {
  cleanBodyText,
  collapseSpaces,
  decodeEncodedWords,
  decodeQuotedPrintableLeftovers,
  normalizeSpaces,
} from './text';

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
  /** Booking fields filled with placeholders (cancellations only; see README). */
  placeholders: string[];
  /** Things a human may want to know (zone abbreviation corrected, nonexistent local time...). */
  warnings: string[];
  /** The person who forwarded the mail, if it was forwarded. */
  forwardedBy: string | null;
  messageId: string | null;
}

export type BoatsetterParseResult =
  | { kind: 'new' | 'changed' | 'cancelled'; event: BookingEvent; details: BoatsetterDetails }
  | { kind: 'ignore'; reason: 'request' | 'marketing' | 'other'; detail: string }
  | { kind: 'needs-review'; reason: string };

/** Placeholders used when a cancellation lacks fields the booking schema requires. */
export const CANCELLATION_PLACEHOLDERS = {
  guestName: '(unknown guest)',
  boat: '(unknown boat)',
  durationMinutes: 60,
} as const;

const MAX_BODY = 300_000;
const NOTES_MAX = 5000;

class Review extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function parseBoatsetterEmail(
  msg: BoatsetterMessage,
  opts: ParseOptions = {},
): BoatsetterParseResult {
  try {
    return parseOrThrow(msg, opts);
  } catch (error) {
    if (error instanceof Review) return { kind: 'needs-review', reason: error.reason };
    // Last line of defence: a bug must hold the mail for review, never crash the inbox scan.
    const text = error instanceof Error ? error.message : String(error);
    return { kind: 'needs-review', reason: `internal parser error: ${text.slice(0, 200)}` };
  }
}

function header(msg: BoatsetterMessage, name: string): string | null {
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

function isBoatsetterSender(from: string, domains: string[]): boolean {
  const address = emailAddressOf(from);
  if (!address) return false;
  const domain = address.slice(address.indexOf('@') + 1);
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

function parseOrThrow(msg: BoatsetterMessage, opts: ParseOptions): BoatsetterParseResult {
  const domains = (opts.senderDomains ?? ['boatsetter.com']).map((d) => d.toLowerCase());
  const zone: UsTimeZone =
    (opts.defaultTimeZone ? resolveTimeZone(opts.defaultTimeZone) : null) ?? DEFAULT_TIME_ZONE;
  if (opts.defaultTimeZone && !resolveTimeZone(opts.defaultTimeZone)) {
    throw new Review(`default time zone "${opts.defaultTimeZone}" is not a supported US zone`);
  }
  const plain = typeof msg.plainBody === 'string' ? msg.plainBody.slice(0, MAX_BODY) : '';
  const html = typeof msg.htmlBody === 'string' ? msg.htmlBody.slice(0, MAX_BODY) : '';

  const fromPlain = plain.trim()
    ? parseBody(msg, cleanBodyText(plain, { decodeEntities: true }), opts, domains, zone)
    : null;
  if (fromPlain && !needsSecondOpinion(fromPlain)) return fromPlain;
  if (html.trim()) {
    const text = cleanBodyText(htmlToText(decodeQuotedPrintableLeftovers(html)), {
      decodeEntities: false,
    });
    const fromHtml = parseBody(msg, text, opts, domains, zone);
    if (!fromPlain || !needsSecondOpinion(fromHtml)) return fromHtml;
  }
  if (fromPlain) return fromPlain;
  return parseBody(msg, '', opts, domains, zone);
}

/** A plain part that gave no answer is retried from the HTML part (some plain parts are stubs). */
function needsSecondOpinion(result: BoatsetterParseResult): boolean {
  return result.kind === 'needs-review' || (result.kind === 'ignore' && result.reason === 'other');
}

interface Signals {
  cancel: string[];
  change: string[];
  confirm: string[];
  strongRequest: string[];
  weakRequest: string[];
  otherType: string[];
}

function matches(text: string, patterns: Array<[RegExp, string]>): string[] {
  const out: string[] = [];
  for (const [re, name] of patterns) if (re.test(text)) out.push(name);
  return out;
}

const MARKETING_CONTENT: Array<[RegExp, string]> = [
  [/\bunsubscribe\b/, 'unsubscribe link'],
  [
    /\bmanage (?:your )?(?:email|e-mail|notification) (?:preferences|settings)\b/,
    'email preferences link',
  ],
  [/\bview (?:this email )?in (?:your )?browser\b/, 'view-in-browser link'],
];

function classify(doc: MailDocument, subject: string, status: string): Signals {
  const p = doc.prose;
  const s = subject.toLowerCase();
  const hasRequestId = findFields(doc, /^request (?:id|#|no\.?|number)$/).length > 0;
  return {
    cancel: [
      ...matches(s, [[/\bcancel+(?:ed|ation)\b/, 'subject says canceled']]),
      ...matches(p, [
        // specific wording only: policy text ("if a trip is canceled due to weather") must not cancel
        [
          /\b(?:this|your|the) (?:booking|trip|reservation|charter) (?:has been |was |is (?:now )?)?cancel+ed\b/,
          '"this booking has been canceled"',
        ],
        [
          /\b(?:renter|guest|owner|you|boatsetter) (?:has |have )?cancel+ed (?:this|the|your|their|her|his) (?:booking|trip|reservation|charter)\b/,
          '"the renter has canceled this booking"',
        ],
        [/\bcancel+ation confirmed\b/, '"cancellation confirmed"'],
      ]),
      ...(doc.ownLines.some((l) =>
        /^\s*(?:your )?booking (?:has been )?cancel+ed[.!]?\s*$/i.test(l),
      )
        ? ['"Booking canceled" heading']
        : []),
      ...(findFields(doc, /^cancel+(?:ed by|ation date|ation reason|ed on)$/).length
        ? ['Canceled by field']
        : []),
      ...(/cancel/.test(status) ? ['status canceled'] : []),
    ],
    change: [
      ...matches(s, [
        [
          /\b(?:updated|changed|modified|modification|altered|alteration|rescheduled|extended|extension)\b/,
          'subject says changed',
        ],
      ]),
      ...matches(p, [
        [/\bbooking (?:change|modification|update|alteration)\b/, '"booking change"'],
        [/\bwhat changed\b/, '"what changed"'],
        [
          /\b(?:booking|trip|reservation) (?:has been |was )?(?:changed|modified|updated|rescheduled|extended)\b/,
          '"trip changed"',
        ],
        [/\bchanged (?:her|his|their|the) (?:trip|booking)\b/, '"changed the trip"'],
      ]),
      ...(doc.hasChangeTable ? ['Previous/New values'] : []),
    ],
    confirm: [
      ...matches(s, [
        [/\bbooking (?:approved|confirmed|accepted)\b/, 'subject says approved'],
        [/\bnew (?:instant book )?booking\b(?! request)/, 'subject says new booking'],
      ]),
      ...matches(p, [
        [/\byou'?re all set\b/, '"you\'re all set"'],
        [/\b(?:has|have) been (?:approved|confirmed|accepted)\b/, '"has been approved"'],
        [/\bbooking (?:is )?confirmed\b(?! rate)/, '"booking confirmed"'],
        [/\byou'?ve got a new booking\b/, '"new booking"'],
        [/\byou have a new booking\b(?! request)/, '"new booking"'],
        [/\bnew booking via instant book\b/, '"instant book"'],
        [/\bit'?s booked\b/, '"it\'s booked"'],
      ]),
      ...(/\b(?:confirmed|approved|booked|accepted)\b/.test(status) ? ['status confirmed'] : []),
    ],
    strongRequest: [
      ...(hasRequestId ? ['Request ID field'] : []),
      ...matches(p, [
        [/\bwants to (?:book|change|modify|reschedule)\b/, '"wants to book"'],
        [/\b(?:approve|accept) or decline\b/, '"approve or decline"'],
        [/\[ ?(?:approve|accept|decline) ?\]/, 'approve button'],
        [/\bawaiting your (?:approval|response|reply)\b/, '"awaiting your approval"'],
        [/\bnot (?:yet )?been charged\b/, '"not been charged"'],
        [/\brespond within\b/, '"respond within"'],
        [/\bonce you approve\b/, '"once you approve"'],
        [/\brequests? (?:expire|will expire)\b/, '"request expires"'],
      ]),
      ...(/\b(?:pending|held|awaiting|request(?:ed)?)\b/.test(status) ? ['status pending'] : []),
    ],
    weakRequest: matches(`${s} ${p}`, [
      [/\bbooking request\b/, '"booking request"'],
      [/\b(?:change|modification|alteration) request\b/, '"change request"'],
      [
        /\brequest (?:declined|expired|withdrawn|canceled|cancelled)\b/,
        '"request declined/expired"',
      ],
      [/\bpre-?approv/, '"pre-approval"'],
    ]),
    otherType: matches(s, [
      [/\breminder\b/, 'reminder'],
      [/\b(?:review|rate your|how was)\b/, 'review request'],
      [/\bpayout\b|\bpaid out\b|\bpayment (?:sent|received)\b/, 'payout notice'],
      [/\bnew message\b|\bmessage from\b|\bsent you a message\b/, 'message notice'],
      [/\breceipt\b|\binvoice\b|\bstatement\b/, 'receipt'],
    ]),
  };
}

function parseBody(
  msg: BoatsetterMessage,
  cleanBody: string,
  opts: ParseOptions,
  domains: string[],
  zone: UsTimeZone,
): BoatsetterParseResult {
  try {
    return parseBodyOrThrow(msg, cleanBody, opts, domains, zone);
  } catch (error) {
    if (error instanceof Review) return { kind: 'needs-review', reason: error.reason };
    throw error;
  }
}

function parseBodyOrThrow(
  msg: BoatsetterMessage,
  cleanBody: string,
  opts: ParseOptions,
  domains: string[],
  zone: UsTimeZone,
): BoatsetterParseResult {
  let subject = normalizeSpaces(decodeEncodedWords(msg.subject ?? '')).trim();
  let sender = msg.from ?? '';
  let body = cleanBody;
  let forwardedBy: string | null = null;

  // 1. Forwarded by a person: the original sender and subject come from the forwarded block.
  const outerIsBoatsetter = isBoatsetterSender(sender, domains);
  if (!outerIsBoatsetter) {
    const fwd = unwrapForward(body, (from) => isBoatsetterSender(from, domains));
    if (fwd && isBoatsetterSender(fwd.forward.from, domains)) {
      forwardedBy = sender;
      sender = fwd.forward.from;
      subject = fwd.forward.subject || subject.replace(/^(?:\s*(?:fwd?|fw|tr|wg)\s*:\s*)+/i, '');
      body = fwd.body;
    }
  }
  if (!isBoatsetterSender(sender, domains)) {
    const address = emailAddressOf(sender) ?? (sender.trim() || '(no sender)');
    return { kind: 'ignore', reason: 'other', detail: `sender ${address} is not Boatsetter` };
  }

  const doc = buildDocument(body, subject);
  const status = (findField(doc, /^(?:booking )?status$/)?.value ?? '').toLowerCase();
  const idFields = bookingIdFields(doc);
  const signals = classify(doc, subject, status);
  const bookingish = signals.cancel.length + signals.change.length + signals.confirm.length > 0;

  // 2. Marketing: bulk-mail headers (reliable) or marketing content without any booking field.
  const bulkHeaders: string[] = [];
  if (!forwardedBy) {
    if (header(msg, 'List-Unsubscribe')) bulkHeaders.push('List-Unsubscribe');
    if (header(msg, 'List-Id')) bulkHeaders.push('List-Id');
    const precedence = (header(msg, 'Precedence') ?? '').trim().toLowerCase();
    if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk')
      bulkHeaders.push(`Precedence: ${precedence}`);
    if (/^(?:bulk|marketing|promotional)/i.test(header(msg, 'X-Mail-Category') ?? ''))
      bulkHeaders.push('X-Mail-Category');
  }
  if (bulkHeaders.length > 0) {
    if (idFields.length > 0 && bookingish) {
      return {
        kind: 'needs-review',
        reason: `bulk-mail headers (${bulkHeaders.join(', ')}) on what looks like a booking notification (Booking ID ${idFields[0]!.value})`,
      };
    }
    return {
      kind: 'ignore',
      reason: 'marketing',
      detail: `bulk-mail headers: ${bulkHeaders.join(', ')}`,
    };
  }
  const marketingContent = matches(doc.prose, MARKETING_CONTENT);
  const hasRequestIdField = findFields(doc, /^request (?:id|#|no\.?|number)$/).length > 0;
  if (marketingContent.length > 0 && idFields.length === 0 && !hasRequestIdField) {
    return {
      kind: 'ignore',
      reason: 'marketing',
      detail: `marketing content: ${marketingContent.join(', ')}`,
    };
  }

  // 3. What kind of notification is it?
  const requestish = signals.strongRequest.length + signals.weakRequest.length > 0;
  let kind: 'new' | 'changed' | 'cancelled';
  if (signals.cancel.length > 0) {
    if (idFields.length === 0 && (hasRequestIdField || requestish)) {
      return {
        kind: 'ignore',
        reason: 'request',
        detail: `a booking request was canceled or declined (${signals.cancel.join(', ')})`,
      };
    }
    kind = 'cancelled';
  } else if (
    requestish &&
    (signals.strongRequest.length > 0 ||
      (signals.confirm.length === 0 && signals.change.length === 0))
  ) {
    if (
      idFields.length > 0 &&
      signals.strongRequest.length > 0 &&
      (signals.confirm.length > 0 || signals.change.length > 0)
    ) {
      return {
        kind: 'needs-review',
        reason: `mail reads both as a pending request (${signals.strongRequest.join(', ')}) and as a booking (${[...signals.confirm, ...signals.change].join(', ')})`,
      };
    }
    return {
      kind: 'ignore',
      reason: 'request',
      detail: `booking request awaiting the owner (${[...signals.strongRequest, ...signals.weakRequest].join(', ')})`,
    };
  } else if (signals.change.length > 0) {
    kind = 'changed';
  } else if (signals.otherType.length > 0 && signals.confirm.length === 0) {
    return {
      kind: 'ignore',
      reason: 'other',
      detail: `Boatsetter ${signals.otherType[0]}, not a booking notification`,
    };
  } else if (signals.confirm.length > 0) {
    kind = 'new';
  } else if (idFields.length > 0) {
    return {
      kind: 'needs-review',
      reason: `Boatsetter mail with a Booking ID field (${idFields[0]!.value}) but no recognizable notification type (approved, changed or canceled)`,
    };
  } else {
    return {
      kind: 'ignore',
      reason: 'other',
      detail: 'Boatsetter mail that is not a booking notification',
    };
  }

  return buildEvent(kind, doc, msg, subject, opts, zone, forwardedBy);
}

/** Structured "Booking ID" / "Booking #" / "Booking:" fields (never the renter's message). */
function bookingIdFields(doc: MailDocument): Field[] {
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

function moneyOf(field: Field | null, which: 'value' | 'previous' = 'value'): number | null {
  if (!field) return null;
  const text = which === 'value' ? field.value : (field.previous ?? '');
  const m = /^\(?\s*[-−]?\s*(?:USD|US\$)?\s?\$?\s?[-−]?\d[\d,]*(?:\.\d{1,2})?\s*\)?/.exec(
    text.trim(),
  );
  if (!m) return null;
  try {
    return parseMoney(m[0].replace('−', '-'));
  } catch (error) {
    if (error instanceof MoneyError) return null;
    throw error;
  }
}

interface When {
  start: string;
  timeZone: UsTimeZone;
  durationMinutes: number;
  abbreviation: string;
  warnings: string[];
}

const DATE_KEYS = [/^(?:trip |charter |rental |start |departure |reservation )?date$/, /^day$/];
const COMPOSITE_KEYS = [
  /^(?:original |new |updated )?trip(?: date| details| time)?$/,
  /^when$/,
  /^(?:date|day) (?:&|and) time$/,
  /^(?:charter|reservation|schedule|itinerary)$/,
];
const TIME_KEYS = [
  /^(?:start|departure|pick-?up|trip|charter|begin) time$/,
  /^time$/,
  /^(?:start|starts|departs|departure|departs at|time slot|hours)$/,
];
const DURATION_KEYS = [/^(?:duration|length|trip length|charter length|trip duration|hours)$/];

function readWhen(
  doc: MailDocument,
  which: 'value' | 'previous',
  zone: UsTimeZone,
  referenceMs: number | null,
  opts: ParseOptions,
): When | { error: string } {
  const val = (f: Field | null): string | null =>
    f ? (which === 'value' ? f.value : (f.previous ?? f.value)) : null;
  const pick = (patterns: RegExp[]): Field | null => {
    for (const re of patterns) for (const f of doc.fields) if (re.test(f.key) && val(f)) return f;
    return null;
  };
  const dateField = pick(DATE_KEYS);
  const compositeField = pick(COMPOSITE_KEYS);
  const timeField = pick(TIME_KEYS);
  const durationField = pick(DURATION_KEYS);

  // date
  let date: CalendarDate | null = null;
  for (const f of [dateField, compositeField]) {
    const text = val(f);
    if (!text) continue;
    const reading = readDate(text, referenceMs, zone);
    if (!reading) continue;
    if (!reading.ok) return { error: reading.error };
    date = reading.date;
    break;
  }
  if (!date) {
    const seen = val(dateField) ?? val(compositeField);
    return {
      error: seen
        ? `trip date has no recognizable format: "${seen.slice(0, 80)}"`
        : 'no trip date field',
    };
  }

  // start time (+ range end and zone)
  let timeText: string | null = null;
  let range = null as ReturnType<typeof readTimeRange>;
  for (const f of [timeField, compositeField, dateField]) {
    const text = val(f);
    if (!text) continue;
    const r = readTimeRange(text);
    if (r) {
      range = r;
      timeText = text;
      break;
    }
  }
  if (!range) {
    const seen = val(timeField);
    return {
      error: seen
        ? `start time has no recognizable format: "${seen.slice(0, 80)}"`
        : 'no start time field',
    };
  }
  const warnings: string[] = [];
  if (range.start.meridiem === null)
    warnings.push(
      `start time "${timeText ?? ''}" has no am/pm; read as ${pad(range.start.hour)}:${pad(range.start.minute)}`,
    );

  // zone: from the time text, else the composite/duration text, else the default
  let mention: ReturnType<typeof findZoneMention> = null;
  for (const text of [timeText, val(compositeField), val(durationField)]) {
    if (text && (mention = findZoneMention(text))) break;
  }
  if (mention?.kind === 'unsupported')
    return { error: `time zone "${mention.text}" is not a supported US zone` };
  const local = { ...date, hour: range.start.hour, minute: range.start.minute };
  const reading =
    mention?.kind === 'abbreviation'
      ? readZonedTime(local, mention.abbreviation, zone)
      : readZonedTime(local, null, mention?.kind === 'zone' ? mention.zone : zone);
  if (reading.mismatch) {
    if (opts.onZoneMismatch === 'review')
      return { error: `time zone abbreviation contradicts the date: ${reading.mismatch}` };
    warnings.push(reading.mismatch);
  }
  if (reading.status === 'gap')
    warnings.push(
      `local time ${pad(local.hour)}:${pad(local.minute)} does not exist on ${formatDate(date)} (clocks spring forward); read as ${reading.iso}`,
    );
  if (
    reading.status === 'ambiguous' &&
    !(mention?.kind === 'abbreviation' && /DT$|ST$/.test(mention.abbreviation))
  ) {
    warnings.push(
      `local time ${pad(local.hour)}:${pad(local.minute)} happens twice on ${formatDate(date)}; read as the first (${reading.iso})`,
    );
  }
  const start = reading.iso;
  const tz = reading.zone;

  // duration: the Duration field, else the range end, else "ends ..." text
  const durationText = val(durationField);
  let duration = durationText ? readDurationMinutes(durationText) : null;
  if (duration === null && compositeField && val(compositeField))
    duration = readDurationMinutes(stripTimes(val(compositeField) as string));
  const endClock = range.end ?? (durationText ? readEndTime(durationText) : null);
  let rangeMinutes: number | null = null;
  if (endClock) {
    const sameDay = endClock.hour * 60 + endClock.minute > local.hour * 60 + local.minute;
    const endDate = sameDay ? date : addDays(date, 1);
    const endReading = readZonedTime(
      { ...endDate, hour: endClock.hour, minute: endClock.minute },
      null,
      tz,
    );
    rangeMinutes = Math.round((endReading.epochMs - epochOfIso(start)) / 60_000);
  }
  if (duration !== null && rangeMinutes !== null && duration !== rangeMinutes) {
    // an "ends" time written in wall-clock terms across a DST change differs by the DST hour; the
    // stated duration wins then (elapsed time), anything else is a real contradiction.
    const endEpoch = epochOfIso(start) + duration * 60_000;
    const dstChange = offsetAtInstant(tz, epochOfIso(start)) !== offsetAtInstant(tz, endEpoch);
    if (!dstChange || Math.abs(duration - rangeMinutes) !== 60) {
      return {
        error: `duration ${durationText ?? ''} disagrees with the time range (${rangeMinutes} minutes)`,
      };
    }
    warnings.push(`end time differs by one hour from the duration (DST change); used the duration`);
  }
  const minutes = duration ?? rangeMinutes;
  if (minutes === null) {
    return {
      error: durationText
        ? `duration has no recognizable format: "${durationText.slice(0, 80)}"`
        : 'no duration: neither a Duration field nor an end time',
    };
  }
  if (minutes < 15 || minutes > 7 * 24 * 60)
    return { error: `duration of ${minutes} minutes is not plausible` };
  return {
    start,
    timeZone: tz,
    durationMinutes: minutes,
    abbreviation: abbreviationAt(tz, epochOfIso(start)),
    warnings,
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function stripTimes(text: string): string {
  return text.replace(/\d{1,2}:\d{2}/g, ' ');
}

function referenceInstant(msg: BoatsetterMessage): number | null {
  for (const candidate of [msg.receivedAt, header(msg, 'Date')]) {
    if (!candidate) continue;
    const ms = Date.parse(candidate);
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

/** Collapses spaces; removes one pair of surrounding double quotes (single quotes are apostrophes). */
function cleanName(value: string): string {
  const t = collapseSpaces(value);
  const quoted = /^["“](.*)["”]$/s.exec(t);
  return (quoted ? (quoted[1] as string).trim() : t).slice(0, 200);
}

function readCaptain(doc: MailDocument): BoatsetterDetails['captain'] {
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

function readFuel(doc: MailDocument): BoatsetterDetails['fuelPolicy'] {
  const v = (findField(doc, /^fuel(?: policy)?$/)?.value ?? '').toLowerCase();
  if (/\brenter\b|\bguest\b/.test(v)) return 'renter_pays';
  if (/\bowner\b|\bincluded\b|\byou pay\b/.test(v)) return 'owner_pays';
  return null;
}

function readPartySize(doc: MailDocument, which: 'value' | 'previous'): number | null {
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

function buildEvent(
  kind: 'new' | 'changed' | 'cancelled',
  doc: MailDocument,
  msg: BoatsetterMessage,
  subject: string,
  opts: ParseOptions,
  zone: UsTimeZone,
  forwardedBy: string | null,
): BoatsetterParseResult {
  const placeholders: string[] = [];
  const warnings: string[] = [];
  const cancelling = kind === 'cancelled';

  // id
  const idFields = bookingIdFields(doc);
  if (idFields.length === 0)
    throw new Review(`no Booking ID field in a Boatsetter ${kindWord(kind)} notification`);
  const ids = [...new Set(idFields.map((f) => firstToken(f.value)))];
  if (ids.length > 1) throw new Review(`conflicting Booking ID fields: ${ids.join(', ')}`);
  const id = ids[0] as string;
  if (!BOOKING_ID_PATTERN.test(id)) {
    throw new Review(
      `Booking ID field "${id.slice(0, 40)}" is not a valid id (4-32 letters, digits or dashes)`,
    );
  }
  const subjectId = /\(\s*booking\s*(?:id|#|no\.?)?\s*:?\s*#?\s*([A-Za-z0-9-]{4,32})\s*\)/i.exec(
    subject,
  );
  if (subjectId && subjectId[1] !== id) {
    throw new Review(`subject names booking ${subjectId[1]} but the Booking ID field says ${id}`);
  }

  // when
  const referenceMs = referenceInstant(msg);
  const when = readWhen(doc, 'value', zone, referenceMs, opts);
  let start: string;
  let timeZone: UsTimeZone = zone;
  let durationMinutes: number;
  let abbreviation: string;
  if ('error' in when) {
    if (!cancelling) throw new Review(when.error);
    const ref = referenceMs ?? 0;
    const day = localPartsAt(zone, ref);
    start = readZonedTime(
      { year: day.year, month: day.month, day: day.day, hour: 0, minute: 0 },
      null,
      zone,
    ).iso;
    durationMinutes = CANCELLATION_PLACEHOLDERS.durationMinutes;
    abbreviation = abbreviationAt(zone, epochOfIso(start));
    placeholders.push('start', 'durationMinutes');
    warnings.push(`cancellation without a readable trip time (${when.error})`);
  } else {
    start = when.start;
    timeZone = when.timeZone;
    durationMinutes = when.durationMinutes;
    abbreviation = when.abbreviation;
    warnings.push(...when.warnings);
  }

  // people, boat, place
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
  if (!guestName) {
    if (!cancelling) throw new Review('no Renter/Guest name field');
    guestName = CANCELLATION_PLACEHOLDERS.guestName;
    placeholders.push('guestName');
  }
  const boatRaw = collapseSpaces(
    findField(doc, /^(?:boat|boat name|vessel|yacht|listing)$/)?.value ?? '',
  );
  let boat = boatRaw;
  let boatDescription: string | null = null;
  const typeSuffix = /^(.*\S)\s*\(([^()]{1,80})\)$/.exec(boatRaw);
  if (typeSuffix) {
    boat = (typeSuffix[1] as string).trim();
    boatDescription = (typeSuffix[2] as string).trim();
  }
  boat = boat.slice(0, 200);
  if (!boat) {
    if (!cancelling) throw new Review('no Boat field');
    boat = CANCELLATION_PLACEHOLDERS.boat;
    placeholders.push('boat');
  }
  const pickupLocation = collapseSpaces(
    findField(
      doc,
      /^(?:pick-?\s?up(?: location| point| address)?|meeting (?:point|location)|departs from|departure (?:location|point|marina)|marina|location|address|dock|where)$/,
    )?.value ?? '',
  ).slice(0, 500);
  const partySize = readPartySize(doc, 'value');

  // money (the captain fee is never part of it)
  const boatPriceField = findField(
    doc,
    /^(?:boat price|package price|trip price|rental price|base price|boat rental|charter price|price)$/,
  );
  const feeField = findField(
    doc,
    /^(?:listing fee|boatsetter fee|platform fee|owner service fee|service fee|owner fee|commission|boatsetter commission)$/,
  );
  const earningsField = findField(
    doc,
    /^(?:your earnings|your payout|total payout|owner earnings|owner payout|net earnings|your estimated earnings|estimated payout|payout for this booking|payout|earnings|you earn|you'll earn|you will earn|you'll receive|you will receive|owner payout amount)$/,
  );
  const captainFeeField = findField(doc, /^captain(?:'s)? (?:fee|cost|payment|rate)$/);
  const boatPriceCents = moneyOf(boatPriceField);
  const feeCents = moneyOf(feeField);
  const earningsCents = moneyOf(earningsField);
  if (boatPriceCents !== null && boatPriceCents < 0)
    throw new Review(`boat price is negative (${boatPriceField!.value})`);
  if (earningsCents !== null && earningsCents < 0)
    throw new Review(`owner earnings are negative (${earningsField!.value})`);
  const platformFeeCents = feeCents === null ? null : Math.abs(feeCents);
  const captainFeeRaw = moneyOf(captainFeeField);

  // notes: the renter's message, plain text
  const notes = (doc.renterMessage ?? '').trim().slice(0, NOTES_MAX);

  const captain = readCaptain(doc);
  const booking: Booking = {
    id,
    source: 'boatsetter',
    start,
    timeZone,
    durationMinutes,
    guestName,
    partySize,
    boat,
    pickupLocation,
    money: { boatPriceCents, platformFeeCents, ownerEarningsCents: earningsCents },
    crewPlan: null,
    captainName: captain.name,
    notes,
  };
  const event = { kind, booking };
  const checked = BookingEventSchema.safeParse(event);
  if (!checked.success)
    throw new Review(`booking ${id} is not valid: ${describeIssues(checked.error)}`);

  // change: the previous values
  let previous: BoatsetterDetails['previous'] = null;
  if (kind === 'changed' && doc.hasChangeTable) {
    const prevWhen = readWhen(doc, 'previous', zone, referenceMs, opts);
    let prevStart: string | null = null;
    let prevDuration: number | null = null;
    if (!('error' in prevWhen)) {
      prevStart = prevWhen.start;
      prevDuration = prevWhen.durationMinutes;
    }
    previous = {
      start: prevStart,
      durationMinutes: prevDuration,
      partySize: readPartySize(doc, 'previous'),
    };
  }

  // cancellation: who and why
  let cancelledBy: BoatsetterDetails['cancelledBy'] = null;
  let cancelReason: string | null = null;
  if (cancelling) {
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
    cancelReason = reason ? cleanName(reason).slice(0, 500) : null;
  }

  const details: BoatsetterDetails = {
    end: addMinutesInZone(start, durationMinutes, timeZone),
    timeZoneAbbreviation: abbreviation,
    listingFeeCents: platformFeeCents,
    captainFeeCents: captainFeeRaw === null ? null : Math.abs(captainFeeRaw),
    fuelPolicy: readFuel(doc),
    captain,
    renterPhone:
      findField(doc, /^(?:phone|renter phone|phone number|mobile|cell)$/)?.value.slice(0, 40) ??
      null,
    renterEmail: emailAddressOf(
      findField(doc, /^(?:email|e-mail|renter email|email address)$/)?.value ?? '',
    ),
    boatDescription,
    previous,
    cancelledBy,
    cancelReason,
    placeholders,
    warnings,
    forwardedBy: forwardedBy ? (emailAddressOf(forwardedBy) ?? forwardedBy) : null,
    messageId: msg.messageId ?? header(msg, 'Message-ID'),
  };
  return { kind, event: checked.data, details };
}

function kindWord(kind: 'new' | 'changed' | 'cancelled'): string {
  return kind === 'new' ? 'booking' : kind === 'changed' ? 'change' : 'cancellation';
}
