/**
 * The structure of a cleaned notification body: forwarded-mail unwrapping, the renter's free-text
 * message (kept apart so nothing structured is ever read from it), "label: value" fields from
 * colon lines, "| label | value |" rows and "label   $amount" lines, and Previous/New tables.
 */

export interface Field {
  /** Label as written, without the trailing colon. */
  label: string;
  /** Lower case, parentheticals removed, single spaces: "listing fee (12.5%)" -> "listing fee". */
  key: string;
  /** The current (for a change: the NEW) value. */
  value: string;
  /** For a change: the previous value when the mail shows one. */
  previous: string | null;
  line: number;
}

export interface ForwardInfo {
  /** The From line of the forwarded (original) message. */
  from: string;
  subject: string;
}

export interface MailDocument {
  lines: string[];
  /** The lines outside the renter's message. */
  ownLines: string[];
  fields: Field[];
  /** The renter's own message, if the mail carries one (plain text). */
  renterMessage: string | null;
  /** Body text outside the renter's message, whitespace collapsed, lower case (for phrases). */
  prose: string;
  /** A Previous/New table or "Previous X:" fields were present. */
  hasChangeTable: boolean;
}

const MAX_LINE = 2000;
const MAX_LINES = 3000;

const FORWARD_MARKERS: RegExp[] = [
  /^-{2,}\s*forwarded message\s*-{2,}$/i,
  /^begin forwarded message:?$/i,
  /^-{2,}\s*original message\s*-{2,}$/i,
  /^_{8,}$/,
  /^-{2,}\s*message transféré\s*-{2,}$/i,
];
const HEADER_LINE = /^(from|date|sent|subject|to|cc|reply-to):\s?(.*)$/i;

/** Removes "> " quoting (any depth) from every line. */
function unquote(lines: string[]): string[] {
  return lines.map((line) => {
    let s = line;
    // bounded loop: each pass removes one level
    for (let depth = 0; depth < 20; depth += 1) {
      const m = /^ {0,3}>[ ]?/.exec(s);
      if (!m) break;
      s = s.slice(m[0].length);
    }
    return s;
  });
}

/**
 * Finds a forwarded message inside `text`: the marker line (Gmail, Apple Mail, Outlook) followed by
 * a From/Date/Subject/To header block. Returns the inner headers and the body after the block.
 * `wantSender` picks, among several forwarded blocks, the first whose From passes the test.
 */
export function unwrapForward(
  text: string,
  wantSender: (from: string) => boolean,
): { forward: ForwardInfo; body: string } | null {
  const quotedLines = text.split('\n').slice(0, MAX_LINES);
  const quoted = quotedLines.filter((l) => /^ {0,3}>/.test(l)).length;
  const lines = quoted >= 3 ? unquote(quotedLines) : quotedLines;
  const blocks: Array<{ forward: ForwardInfo; bodyStart: number }> = [];
  for (let i = 0; i < lines.length; i += 1) {
    const t = (lines[i] as string).trim();
    const isMarker = FORWARD_MARKERS.some((re) => re.test(t));
    const isOnWrote = /^on .{4,200} wrote:$/i.test(t);
    const headerStart =
      isMarker || isOnWrote ? i + 1 : HEADER_LINE.test(t) && /^from:/i.test(t) ? i : -1;
    if (headerStart < 0) continue;
    let j = headerStart;
    while (j < lines.length && (lines[j] as string).trim() === '' && j < headerStart + 3) j += 1;
    const headers: Record<string, string> = {};
    let count = 0;
    while (j < lines.length) {
      const m = HEADER_LINE.exec((lines[j] as string).trim());
      if (!m) break;
      const key = (m[1] as string).toLowerCase();
      let value = (m[2] as string).trim();
      // a header value may wrap onto an indented next line
      while (
        j + 1 < lines.length &&
        /^\s+\S/.test(lines[j + 1] as string) &&
        !HEADER_LINE.test((lines[j + 1] as string).trim())
      ) {
        value += ' ' + (lines[j + 1] as string).trim();
        j += 1;
      }
      if (!(key in headers)) headers[key] = value;
      count += 1;
      j += 1;
    }
    if (isOnWrote) {
      const t2 = t.replace(/^on /i, '');
      if (!headers.from) headers.from = t2;
      count = Math.max(count, 2);
    }
    if (count >= 2 && headers.from) {
      blocks.push({
        forward: { from: headers.from, subject: headers.subject ?? '' },
        bodyStart: j,
      });
      i = j - 1;
    }
  }
  if (blocks.length === 0) return null;
  const chosen = blocks.find((b) => wantSender(b.forward.from)) ?? blocks[blocks.length - 1];
  if (!chosen) return null;
  return { forward: chosen.forward, body: lines.slice(chosen.bodyStart).join('\n') };
}

/** Lines that open the renter's own message. */
const MESSAGE_OPENERS: RegExp[] = [
  /^(?:a\s+)?(?:new\s+)?(?:message|note|notes|comments?)\s+from\b/i,
  /^(?:the\s+)?(?:renter|guest|customer)(?:'s|’s|s'|s)?\s+(?:message|note|notes|comments?|request)\b/i,
  /^(?:special requests?|additional (?:info|information|notes|details)|trip notes|message)(?:\s?:|$)/i,
  /^(?!on\s)[\p{L} .'’-]{1,60}\s(?:wrote|says|said|writes)\s?:/iu,
];

function isAllCapsHeading(line: string): boolean {
  const letters = line.replace(/[^A-Za-z]/g, '');
  return (
    letters.length >= 4 &&
    letters === letters.toUpperCase() &&
    !/[a-z]/.test(line) &&
    line.length <= 60
  );
}

function stripQuotes(text: string): string {
  const t = text.trim();
  const m = /^["“”'‘’](.*)["“”'‘’]$/s.exec(t);
  return (m ? (m[1] as string) : t).trim();
}

/** Splits a label line into label and value ("Boat: Queen" / "| Boat | Queen |"). */
function splitLabel(line: string): { label: string; value: string; cells: string[] | null } | null {
  const t = line.trim();
  if (t.length === 0 || t.length > MAX_LINE) return null;
  if (t.startsWith('|')) {
    const cells = t
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((c) => c.trim());
    if (cells.length < 2) return null;
    const label = (cells[0] as string).replace(/:$/, '').trim();
    return { label, value: (cells[1] as string).trim(), cells: cells.slice(1) };
  }
  // "Booking #4917736", "Booking ID 4829173" (no colon)
  const bookingNoColon =
    /^(booking\s*(?:id|#|no\.|number))\s*#?\s*([A-Za-z0-9][A-Za-z0-9-]*)\s*$/i.exec(t);
  if (bookingNoColon)
    return { label: bookingNoColon[1] as string, value: bookingNoColon[2] as string, cells: null };
  // "Label: value": the first ':' followed by white space or the end, within 64 characters
  let colon = -1;
  for (let k = 0; k < Math.min(t.length, 64); k += 1) {
    if (t[k] === ':' && (k + 1 === t.length || t[k + 1] === ' ')) {
      colon = k;
      break;
    }
  }
  if (colon > 0) {
    const label = t.slice(0, colon).trim();
    if (/^[\p{L}][\p{L}\p{N} '’#()./%&,-]*$/u.test(label) && label.split(' ').length <= 8) {
      return { label, value: t.slice(colon + 1).trim(), cells: null };
    }
  }
  // "Boat    Queen of San Diego": a known label, then a gap of two or more spaces (tab-separated
  // cells of a plain-text rendering of a table)
  const gap = /^(\S.{0,40}?) {2,}(\S.*)$/.exec(t);
  if (gap && STACKED_LABELS.has(keyOf(gap[1] as string))) {
    return { label: (gap[1] as string).trim(), value: (gap[2] as string).trim(), cells: null };
  }
  // "Boat price        $960.86" / "Listing fee (12.5%)  -$120.11"
  const lastSpace = t.lastIndexOf(' ');
  if (lastSpace > 0) {
    const amount = t.slice(lastSpace + 1);
    if (/^\(?[-−]?(?:US)?\$[\d,]+(?:\.\d{1,2})?\)?$/.test(amount)) {
      let label = t.slice(0, lastSpace).trim();
      let value = amount;
      if (/[-−]$/.test(label)) {
        value = '-' + amount;
        label = label.slice(0, -1).trim();
      }
      if (/^[\p{L}][\p{L}\p{N} '’#()./%&,-]*$/u.test(label) && label.length <= 60) {
        return { label, value, cells: null };
      }
    }
  }
  return null;
}

export function keyOf(label: string): string {
  return label
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[’]/g, "'")
    .replace(/[:\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Labels recognised when the value sits on the line below (stacked HTML layouts). */
const STACKED_LABELS = new Set([
  'booking id',
  'booking #',
  'booking number',
  'request id',
  'boat',
  'renter',
  'guest',
  'guest name',
  'date',
  'trip date',
  'start time',
  'start',
  'start date',
  'end',
  'end date',
  'end time',
  'return',
  'time',
  'duration',
  'passengers',
  'guests',
  'party size',
  'pick-up location',
  'pickup location',
  'departs from',
  'meeting point',
  'captain',
  'fuel',
  'fuel policy',
  'boat price',
  'listing fee',
  'your earnings',
  'your payout',
  'status',
  'phone',
  'email',
]);

/** Fields whose value may be written as "old → new" or "new (was old)" in a change mail. */
const CHANGEABLE_KEY =
  /^(?:(?:trip |charter |start |departure )?date|(?:start |departure )?time|duration|length|passengers|guests|party size|number of guests|start|end|(?:end|return) (?:date|time))$/;

const CHANGE_HEADER =
  /^(?:\|\s*){0,2}(?:previous|before|old|original|was|from)(?:\s*\|\s*|\s{2,})(?:new|now|after|updated|changed to|to)(?:\s*\|)?$/i;
const LOCATION_KEY = /pick-?\s?up|location|meeting|departs|departure|marina|address|dock|harbor/;
const CHANGE_PREFIX_NEW = /^(?:new|updated|changed)\s+/;
const CHANGE_PREFIX_OLD = /^(?:previous|old|was|prior)\s+/;

/** Builds the document from a cleaned body (see text.ts). */
export function buildDocument(body: string, subject: string): MailDocument {
  // lines stay whole (a renter message may be one long line); label parsing skips long lines
  const lines = body.split('\n').slice(0, MAX_LINES);
  const inMessage: boolean[] = new Array<boolean>(lines.length).fill(false);
  const messageParts: string[] = [];

  // 1. the renter's message
  for (let i = 0; i < lines.length; i += 1) {
    const t = (lines[i] as string).trim();
    if (!t || inMessage[i]) continue;
    if (!MESSAGE_OPENERS.some((re) => re.test(t))) continue;
    // a field like "Message renter <https://...>" is a link, not a message
    if (/<https?:|\[https?:/i.test(t)) continue;
    inMessage[i] = true;
    const colon = t.indexOf(':');
    const first = colon >= 0 ? t.slice(colon + 1).trim() : '';
    const collected: string[] = first ? [first] : [];
    const openQuote = /^["“]/.test(first) && !/["”]$/.test(first.slice(1));
    let inQuote = openQuote;
    let j = i + 1;
    // skip blank lines right after a heading
    if (!first) while (j < lines.length && (lines[j] as string).trim() === '' && j < i + 3) j += 1;
    if (!first && j < lines.length && /^["“]/.test((lines[j] as string).trim())) {
      inQuote = !/["”]$/.test((lines[j] as string).trim().slice(1));
      collected.push((lines[j] as string).trim());
      inMessage[j] = true;
      j += 1;
    }
    for (; j < lines.length && j < i + 200; j += 1) {
      const line = (lines[j] as string).trim();
      if (!inQuote && line === '') break;
      if (!inQuote && (isAllCapsHeading(line) || /^-{5,}$/.test(line))) break;
      inMessage[j] = true;
      collected.push(line);
      if (inQuote && /["”]$/.test(line)) inQuote = false;
    }
    messageParts.push(stripQuotes(collected.join('\n')));
    i = j - 1;
  }

  // 2. fields
  const fields: Field[] = [];
  let changeMode = false;
  let hasChangeTable = false;
  for (let i = 0; i < lines.length; i += 1) {
    if (inMessage[i]) continue;
    const raw = lines[i] as string;
    const t = raw.trim();
    if (t === '') {
      changeMode = false;
      continue;
    }
    if (CHANGE_HEADER.test(t)) {
      changeMode = true;
      hasChangeTable = true;
      continue;
    }
    let split = splitLabel(raw);
    // stacked layout: a known label alone on its line ("Booking ID" or "Booking ID:"), the value
    // on the next non-empty line
    if (
      (!split && STACKED_LABELS.has(keyOf(t))) ||
      (split && !split.cells && split.value === '' && STACKED_LABELS.has(keyOf(split.label)))
    ) {
      let j = i + 1;
      while (j < lines.length && j <= i + 2 && (lines[j] as string).trim() === '') j += 1;
      const next = j < lines.length && !inMessage[j] ? (lines[j] as string).trim() : '';
      if (next && !splitLabel(next) && !STACKED_LABELS.has(keyOf(next))) {
        split = { label: split ? split.label : t.replace(/:$/, ''), value: next, cells: null };
        i = j;
      }
    }
    if (!split) continue;
    let key = keyOf(split.label);
    let value = split.value;
    let previous: string | null = null;
    if (changeMode) {
      if (split.cells && split.cells.length >= 2) {
        previous = (split.cells[0] as string).trim();
        value = (split.cells[1] as string).trim();
      } else {
        const cols = value.split(/ {2,}/).filter((c) => c.length > 0);
        if (cols.length === 2) {
          previous = cols[0] as string;
          value = cols[1] as string;
        } else previous = value;
      }
    } else if (CHANGEABLE_KEY.test(key)) {
      const arrow = /^(.{1,200}?)\s+(?:→|->|=>|⟶)\s+(.{1,200})$/.exec(value);
      if (arrow) {
        previous = (arrow[1] as string).trim();
        value = (arrow[2] as string).trim();
        hasChangeTable = true;
      } else {
        const was = /^(.{1,200}?)\s*\((?:was|previously|formerly):?\s+([^)]{1,200})\)\s*$/i.exec(
          value,
        );
        if (was) {
          previous = (was[2] as string).trim();
          value = (was[1] as string).trim();
          hasChangeTable = true;
        }
      }
    }
    // location values may wrap onto following lines
    if (LOCATION_KEY.test(key) && !split.cells) {
      let j = i + 1;
      while (j < lines.length && j < i + 4 && !inMessage[j]) {
        const next = lines[j] as string;
        const nt = next.trim();
        if (nt === '' || splitLabel(next) || isAllCapsHeading(nt) || /<https?:|\[https?:/.test(nt))
          break;
        const indented = /^\s{2,}\S/.test(next);
        if (!indented && !/,$/.test(value)) break;
        value = /,$/.test(value) ? `${value} ${nt}` : `${value}, ${nt}`;
        j += 1;
      }
      i = j - 1;
    }
    // "New date: ..." / "Previous date: ..." in change mails
    const prefixedNew = CHANGE_PREFIX_NEW.exec(key);
    const prefixedOld = CHANGE_PREFIX_OLD.exec(key);
    if (prefixedOld) {
      const base = key.slice(prefixedOld[0].length);
      hasChangeTable = true;
      const existing = fields.find((f) => f.key === base);
      if (existing) existing.previous = value;
      else fields.push({ label: split.label, key: base, value: '', previous: value, line: i });
      continue;
    }
    if (prefixedNew) {
      key = key.slice(prefixedNew[0].length);
      hasChangeTable = true;
      const existing = fields.find((f) => f.key === key && f.value === '');
      if (existing) {
        existing.value = value;
        continue;
      }
    }
    fields.push({ label: split.label, key, value, previous, line: i });
  }

  const prose = [subject, ...lines.filter((_, i) => !inMessage[i])]
    .join('\n')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  const renterMessage = messageParts.filter((m) => m.length > 0).join('\n\n') || null;
  const ownLines = lines.filter((_, i) => !inMessage[i]);
  return { lines, ownLines, fields, renterMessage, prose, hasChangeTable };
}

/** The first field whose key matches. */
export function findField(doc: MailDocument, ...patterns: RegExp[]): Field | null {
  for (const pattern of patterns) {
    for (const field of doc.fields) if (pattern.test(field.key) && field.value !== '') return field;
  }
  return null;
}

export function findFields(doc: MailDocument, pattern: RegExp): Field[] {
  return doc.fields.filter((f) => pattern.test(f.key));
}
