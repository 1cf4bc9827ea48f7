/**
 * Which kind of notification a mail is: marketing, a pending request, another Boatsetter notice,
 * or a booking (new, changed, cancelled). Each answer names the signals it rests on.
 */
import { type Field, findField, findFields, type MailDocument } from './document';
import { bookingIdFields } from './fields';
import { bulkMailHeaders } from './message';
import type { BoatsetterMessage, BoatsetterParseResult, BookingKind } from './types';

/** A booking kind to read further, or the parser's final answer for a mail that is not one. */
export type Classification =
  { kind: BookingKind } | Exclude<BoatsetterParseResult, { kind: BookingKind }>;

export function isBooking(c: Classification): c is { kind: BookingKind } {
  return c.kind === 'new' || c.kind === 'changed' || c.kind === 'cancelled';
}

export interface Signals {
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

function signalsOf(doc: MailDocument, subject: string, status: string): Signals {
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

/**
 * Marketing first (bulk-mail headers, or marketing content without any booking field), then the
 * kind of notification. `forwarded`: bulk headers belong to the forwarder and are not read.
 */
export function classifyNotification(
  doc: MailDocument,
  subject: string,
  msg: BoatsetterMessage,
  forwarded: boolean,
): Classification {
  const status = (findField(doc, /^(?:booking )?status$/)?.value ?? '').toLowerCase();
  const idFields = bookingIdFields(doc);
  const signals = signalsOf(doc, subject, status);
  const hasRequestIdField = findFields(doc, /^request (?:id|#|no\.?|number)$/).length > 0;
  const marketing = marketingVerdict(doc, msg, forwarded, idFields, signals, hasRequestIdField);
  if (marketing) return marketing;
  return kindOf(signals, idFields, hasRequestIdField);
}

function marketingVerdict(
  doc: MailDocument,
  msg: BoatsetterMessage,
  forwarded: boolean,
  idFields: Field[],
  signals: Signals,
  hasRequestIdField: boolean,
): Classification | null {
  const bookingish = signals.cancel.length + signals.change.length + signals.confirm.length > 0;
  const bulkHeaders = forwarded ? [] : bulkMailHeaders(msg);
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
  if (marketingContent.length > 0 && idFields.length === 0 && !hasRequestIdField) {
    return {
      kind: 'ignore',
      reason: 'marketing',
      detail: `marketing content: ${marketingContent.join(', ')}`,
    };
  }
  return null;
}

function kindOf(signals: Signals, idFields: Field[], hasRequestIdField: boolean): Classification {
  const requestish = signals.strongRequest.length + signals.weakRequest.length > 0;
  if (signals.cancel.length > 0) {
    if (idFields.length === 0 && (hasRequestIdField || requestish)) {
      return {
        kind: 'ignore',
        reason: 'request',
        detail: `a booking request was canceled or declined (${signals.cancel.join(', ')})`,
      };
    }
    return { kind: 'cancelled' };
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
    return { kind: 'changed' };
  } else if (signals.otherType.length > 0 && signals.confirm.length === 0) {
    return {
      kind: 'ignore',
      reason: 'other',
      detail: `Boatsetter ${signals.otherType[0]}, not a booking notification`,
    };
  } else if (signals.confirm.length > 0) {
    return { kind: 'new' };
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
}
