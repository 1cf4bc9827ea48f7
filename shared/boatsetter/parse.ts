/**
 * Boatsetter owner notifications -> exactly one of: new booking, change, cancellation, ignore
 * (request / marketing / other), or needs-review with a human-readable reason.
 * The steps live in their own modules: message (envelope), classify (which kind), fields,
 * money-fields, when (dates, times, durations) and build-event (the booking). Every step returns
 * its answer; nothing throws to say "review this".
 */
import { DEFAULT_TIME_ZONE, resolveTimeZone, type UsTimeZone } from '../time';
import { buildEvent } from './build-event';
import { classifyNotification, isBooking } from './classify';
import { buildDocument, unwrapForward } from './document';
import { htmlToText } from './html-to-text';
import { emailAddressOf, isBoatsetterSender } from './message';
import {
  cleanBodyText,
  decodeEncodedWords,
  decodeQuotedPrintableLeftovers,
  normalizeSpaces,
} from './text';
import type { BoatsetterMessage, BoatsetterParseResult, ParseContext, ParseOptions } from './types';

export { emailAddressOf } from './message';
export {
  CANCELLATION_PLACEHOLDERS,
  type BoatsetterDetails,
  type BoatsetterMessage,
  type BoatsetterParseResult,
  type CaptainMode,
  type CaptainStatus,
  type ParseOptions,
} from './types';

const MAX_BODY = 300_000;

export function parseBoatsetterEmail(
  msg: BoatsetterMessage,
  opts: ParseOptions = {},
): BoatsetterParseResult {
  try {
    return parseMessage(msg, opts);
  } catch (error) {
    // Last line of defence: a bug must hold the mail for review, never crash the inbox scan.
    const text = error instanceof Error ? error.message : String(error);
    return { kind: 'needs-review', reason: `internal parser error: ${text.slice(0, 200)}` };
  }
}

function parseMessage(msg: BoatsetterMessage, opts: ParseOptions): BoatsetterParseResult {
  if (opts.defaultTimeZone && !resolveTimeZone(opts.defaultTimeZone)) {
    return {
      kind: 'needs-review',
      reason: `default time zone "${opts.defaultTimeZone}" is not a supported US zone`,
    };
  }
  const zone: UsTimeZone =
    (opts.defaultTimeZone ? resolveTimeZone(opts.defaultTimeZone) : null) ?? DEFAULT_TIME_ZONE;
  const ctx: ParseContext = {
    msg,
    opts,
    domains: (opts.senderDomains ?? ['boatsetter.com']).map((d) => d.toLowerCase()),
    zone,
  };
  const plain = typeof msg.plainBody === 'string' ? msg.plainBody.slice(0, MAX_BODY) : '';
  const html = typeof msg.htmlBody === 'string' ? msg.htmlBody.slice(0, MAX_BODY) : '';

  const fromPlain = plain.trim()
    ? parseBody(ctx, cleanBodyText(plain, { decodeEntities: true }))
    : null;
  if (fromPlain && !needsSecondOpinion(fromPlain)) return fromPlain;
  if (html.trim()) {
    const text = cleanBodyText(htmlToText(decodeQuotedPrintableLeftovers(html)), {
      decodeEntities: false,
    });
    const fromHtml = parseBody(ctx, text);
    if (!fromPlain || !needsSecondOpinion(fromHtml)) return fromHtml;
  }
  if (fromPlain) return fromPlain;
  return parseBody(ctx, '');
}

/** A plain part that gave no answer is retried from the HTML part (some plain parts are stubs). */
function needsSecondOpinion(result: BoatsetterParseResult): boolean {
  return result.kind === 'needs-review' || (result.kind === 'ignore' && result.reason === 'other');
}

function parseBody(ctx: ParseContext, cleanBody: string): BoatsetterParseResult {
  const { msg, domains } = ctx;
  let subject = normalizeSpaces(decodeEncodedWords(msg.subject ?? '')).trim();
  let sender = msg.from ?? '';
  let body = cleanBody;
  let forwardedBy: string | null = null;

  // Forwarded by a person: the original sender and subject come from the forwarded block.
  if (!isBoatsetterSender(sender, domains)) {
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
  const classified = classifyNotification(doc, subject, msg, forwardedBy !== null);
  if (!isBooking(classified)) return classified;
  return buildEvent(classified.kind, doc, subject, ctx, forwardedBy);
}
