/**
 * The inbox run: Boatsetter e-mails not yet labelled -> parser -> booking events -> sheet + bridge.
 * Works in batches of threads; each batch is applied, sent to the bridge, written (one setValues
 * per tab) and only then labelled. A message is labelled as soon as its row holds the booking,
 * whatever the bridge answered: the row's step cells say what the bridge still owes and the retry
 * schedule sends it again, so a pending booking's e-mail is never read or parsed twice. Stops
 * cleanly at the time budget: whatever was not reached stays unlabelled and the next run carries on.
 */
import { menuPath } from '../entrypoints';
import { parseBoatsetterEmail } from '../../shared/boatsetter';
import type { MailMessage, MailThread, Services } from '../ports';
import { markCrewChanges } from './crew-changes';
import { hasGivenUp } from './records';
import { syncCrew, type CrewSyncOutcome } from './crew-sync';
import { captainRetry, deliverRows, rowsNeedingDelivery, rowState } from './delivery';
import {
  applyEvent,
  commit,
  loadRunState,
  log,
  withScriptLock,
  type RunState,
  type Trigger,
} from './pipeline';

export const LABELS = {
  processed: 'charter/processed',
  ignored: 'charter/ignored',
  needsReview: 'charter/needs-review',
} as const;

const NOT_LABELLED = `-label:${LABELS.processed} -label:${LABELS.ignored} -label:${LABELS.needsReview}`;
export const INBOX_QUERY = `from:(boatsetter.com) ${NOT_LABELLED}`;

/**
 * The Gmail query: Boatsetter (plus any forwarders from Settings), not yet labelled, and from the
 * "inbox.since" date on when it is set.
 */
export function inboxQuery(since: string, forwarders: readonly string[] = []): string {
  const from = forwarders.length
    ? `from:(${['boatsetter.com', ...forwarders].join(' OR ')}) ${NOT_LABELLED}`
    : INBOX_QUERY;
  return since ? `${from} after:${since.replace(/-/g, '/')}` : from;
}
export const SEARCH_PAGE_SIZE = 500;

export interface ReviewItem {
  subject: string;
  from: string;
  date: string;
  reason: string;
}

export interface InboxSummary {
  status: 'done' | 'stopped-at-time-budget';
  messages: number;
  created: number;
  updated: number;
  cancelled: number;
  duplicates: number;
  ignored: number;
  needsReview: number;
  waitingForBridge: number;
  retried: number;
  bridgeFailures: number;
  /** Bookings whose every scheduled try failed: they wait for the captain's Retry. */
  gaveUp: number;
  /** The crew answers' sync of this run. */
  crew?: Pick<CrewSyncOutcome, 'status' | 'bookings' | 'notices' | 'moved' | 'message'>;
}

type MessageFate = 'processed' | 'ignored' | 'needs-review';

/** How the pipeline names a message: its RFC 822 Message-ID, else Gmail's id. */
export function messageKey(message: Pick<MailMessage, 'rfcMessageId' | 'id'>): string {
  return message.rfcMessageId ?? `gmail:${message.id}`;
}

/**
 * The Log's Details for a message labelled for review: subject, why, and which message (two
 * e-mails can share a subject; the Message-ID also finds it in Gmail: `rfc822msgid:`).
 */
export function reviewLogDetails(subject: string, reason: string, key: string): string {
  return `${subject}: ${reason}${reviewLogSuffix(key)}`;
}

export function reviewLogSuffix(key: string): string {
  return ` (message ${key})`;
}

/** A thread's label: needs-review beats processed beats ignored. */
function threadLabel(fates: MessageFate[]): string {
  if (fates.includes('needs-review')) return LABELS.needsReview;
  if (fates.includes('processed')) return LABELS.processed;
  return LABELS.ignored;
}

export function runInbox(
  services: Services,
  trigger: Trigger,
  options: { includeRefused?: boolean } = {},
): InboxSummary {
  return withScriptLock(services, 1000, () => {
    const state = loadRunState(services, trigger);
    const summary: InboxSummary = {
      status: 'done',
      messages: 0,
      created: 0,
      updated: 0,
      cancelled: 0,
      duplicates: 0,
      ignored: 0,
      needsReview: 0,
      waitingForBridge: 0,
      retried: 0,
      bridgeFailures: 0,
      gaveUp: 0,
    };
    const review: ReviewItem[] = [];
    const threads = services.mailbox.search(
      inboxQuery(state.settings.since, state.settings.forwarders),
      SEARCH_PAGE_SIZE,
    );
    const crewChanged = markCrewChanges(state);
    const dueAgain = rowsNeedingDelivery(state, options.includeRefused ?? false);
    if (options.includeRefused) captainRetry(state, dueAgain);
    const retry = [...new Set([...dueAgain, ...crewChanged])];
    summary.retried = retry.length;

    const batchSize = state.settings.batchSize;
    let pendingRetry = retry;
    for (let start = 0; start < threads.length || pendingRetry.length > 0; start += batchSize) {
      if (services.clock.now() - state.startedAt > state.settings.timeBudgetMs) {
        summary.status = 'stopped-at-time-budget';
        log(
          state,
          '',
          'time budget',
          'stopped',
          `${threads.length - start} thread(s) left for the next run`,
        );
        break;
      }
      const batch = threads.slice(start, start + batchSize);
      if (batch.length > 0)
        services.notifier.toast(
          `Reading e-mails ${start + 1}-${start + batch.length} of ${threads.length}`,
          'Charter',
        );
      runBatch(state, batch, pendingRetry, summary, review);
      pendingRetry = [];
    }
    if (summary.status === 'stopped-at-time-budget') commit(state);
    summary.crew = syncCrew(state);
    summary.gaveUp = state.bookings.indexes().filter((i) => hasGivenUp(state.bookings, i)).length;
    sendReviewAlert(state, review);
    commit(state);
    return summary;
  });
}

function runBatch(
  state: RunState,
  threads: MailThread[],
  retry: number[],
  summary: InboxSummary,
  review: ReviewItem[],
): void {
  const fates = new Map<string, MessageFate[]>();
  const bookingOf = new Map<MailMessage, string>();
  const toDeliver = new Set<number>(retry);
  const messages = threads.flatMap((thread) => thread.messages).sort((a, b) => a.date - b.date);

  const fate = (message: MailMessage, value: MessageFate): void => {
    const list = fates.get(message.threadId) ?? [];
    list.push(value);
    fates.set(message.threadId, list);
  };
  const flag = (message: MailMessage, reason: string): void => {
    summary.needsReview += 1;
    review.push({
      subject: message.subject,
      from: message.from,
      date: state.services.clock.localIso(message.date),
      reason,
    });
    log(
      state,
      '',
      'needs review',
      'labelled',
      reviewLogDetails(message.subject, reason, messageKey(message)),
    );
    fate(message, 'needs-review');
  };

  for (const message of messages) {
    summary.messages += 1;
    let parsed: ReturnType<typeof parseBoatsetterEmail>;
    try {
      parsed = parseBoatsetterEmail(
        {
          subject: message.subject,
          from: message.from,
          headers: message.headers,
          plainBody: message.plainBody,
          htmlBody: message.htmlBody,
          messageId: messageKey(message),
          receivedAt: new Date(message.date).toISOString(),
        },
        { defaultTimeZone: state.settings.timeZone },
      );
    } catch (error) {
      flag(message, `the parser failed: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (parsed.kind === 'ignore') {
      summary.ignored += 1;
      log(state, '', 'ignored', parsed.reason, message.subject);
      fate(message, 'ignored');
      continue;
    }
    if (parsed.kind === 'needs-review') {
      flag(message, parsed.reason);
      continue;
    }
    const result = applyEvent(state, parsed.event, messageKey(message));
    if (!result.ok) {
      flag(message, `booking ${result.bookingId}: ${result.reason}`);
      continue;
    }
    if (result.action === 'created') summary.created += 1;
    else if (result.action === 'updated') summary.updated += 1;
    else if (result.action === 'cancelled') summary.cancelled += 1;
    else summary.duplicates += 1;
    if (result.deliver) {
      const index = state.bookings.find('Booking ID', result.bookingId);
      if (index >= 0) toDeliver.add(index);
    }
    bookingOf.set(message, result.bookingId);
  }

  if (toDeliver.size > 0) {
    state.services.notifier.toast(`Sending ${toDeliver.size} booking(s) to the bridge`, 'Charter');
    deliverRows(state, [...toDeliver]);
  }

  for (const [message, bookingId] of bookingOf) {
    const row = rowState(state, bookingId);
    if (row === 'refused') {
      flag(message, `booking ${bookingId}: the bridge refused it (see the row's Last error)`);
    } else {
      // The row holds the booking: what the bridge still owes is in its step cells.
      if (row === 'waiting') summary.waitingForBridge += 1;
      fate(message, 'processed');
    }
  }
  summary.bridgeFailures += [...toDeliver].filter((i) => {
    const id = state.bookings.text(i, 'Booking ID');
    return rowState(state, id) !== 'settled';
  }).length;

  // Labels only after the sheet holds everything this batch did.
  commit(state);
  const byLabel = new Map<string, string[]>();
  for (const [threadId, list] of fates) {
    const label = threadLabel(list);
    byLabel.set(label, [...(byLabel.get(label) ?? []), threadId]);
  }
  for (const [label, ids] of byLabel) state.services.mailbox.addLabel(label, ids);
}

function sendReviewAlert(state: RunState, review: ReviewItem[]): void {
  if (review.length === 0) return;
  const to = state.settings.captainEmail || state.services.mailbox.ownEmail();
  const lines = review.map(
    (item, i) =>
      `${i + 1}. ${item.subject}\n   From: ${item.from}\n   Received: ${item.date}\n   Why: ${item.reason}`,
  );
  state.services.mailbox.sendEmail(
    to,
    `Charter: ${review.length} Boatsetter e-mail${review.length === 1 ? '' : 's'} need${review.length === 1 ? 's' : ''} review`,
    [
      'These e-mails could not be turned into bookings automatically. They are labelled',
      `"${LABELS.needsReview}" in Gmail; nothing was published for them.`,
      '',
      ...lines,
      '',
      `To process one after fixing it by hand, enter it with ${menuPath('newBooking')}, or remove the label`,
      `and run ${menuPath('processInbox')}.`,
    ].join('\n'),
  );
  log(state, '', 'alert', 'sent', `${review.length} e-mail(s) listed to ${to}`);
}
