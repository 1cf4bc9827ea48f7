/**
 * Sending bookings to the bridge and writing its answers into their rows.
 *
 * - One request per booking, a batch in one fetchAll. When more than one booking is to go, the
 *   first goes alone as the probe: if it finds the bridge down (network error, 5xx, 408/429),
 *   the rest are not sent this run and stay due, and nothing else this run calls the bridge
 *   (RunState.bridgeDown). An outage costs one request per run, whatever the number of bookings.
 * - A try that does not finish counts against the retry schedule (retry-schedule.ts); after the
 *   last one the unfinished steps say "failed (gave up)" and wait for the captain's Retry, which
 *   reopens them with a fresh schedule (captainRetry).
 * - The captain e-mail the bridge reports as uncertain (it may have gone; SES never confirmed) is
 *   written as a doubt, not as done, and is never sent again.
 */
import { STEP_NAMES, type BridgeRequest, type StepResult } from '../../shared/bridge-contract';
import { computeFinance, crewPlanFor } from '../../shared/finance';
import { CANCELLED_LANE } from '../../shared/kanban';
import { deliverAll, type DeliveryOutcome, SECRET_PROPERTY } from '../bridge/client';
import { menuPath } from '../entrypoints';
import type { Services } from '../ports';
import { crewFingerprint } from './crew-fingerprint';
import { syncGoogleCalendar } from './google-calendar';
import {
  commit,
  INBOX_BUSY_MESSAGE,
  loadRunState,
  LockBusyError,
  log,
  withScriptLock,
  type RunState,
  type Trigger,
} from './pipeline';
import {
  handledCell,
  isOwed,
  isRefused,
  isWaitingForBridge,
  isWaitingForCaptain,
  needsDelivery,
  STEP_CELL,
  STEP_COLUMNS,
  stepCells,
  stepStateOf,
  storedBooking,
} from './records';
import {
  clearSchedule,
  isDue,
  MAX_TRIES,
  recordFailedTry,
  SCHEDULE_SPAN_MINUTES,
  spanText,
} from './retry-schedule';
import { pickCrew } from './settings';

function requestFor(state: RunState, index: number): BridgeRequest | string {
  const { bookings, settings } = state;
  const booking = storedBooking(bookings, index);
  if (!booking) return 'the row has no readable Booking JSON';
  if (!settings.captainEmail) return 'set "captain.email" in the Settings tab';
  const cancelled = bookings.text(index, 'Status') === CANCELLED_LANE;
  const finance = computeFinance(booking, settings.finance, cancelled ? 'cancelled' : 'new');
  const crew = cancelled
    ? { members: [], shortfalls: [] }
    : pickCrew(crewPlanFor(booking, settings.finance), state.crew);
  if (crew.shortfalls.length > 0)
    log(state, booking.id, 'crew', 'warning', crew.shortfalls.join('; '));
  if (!cancelled)
    bookings.set(
      index,
      'Crew sent',
      crewFingerprint(booking, finance, crew.members, state.services.crypto),
    );
  return {
    op: cancelled ? 'cancel' : 'upsert',
    revision: Math.max(1, Number(bookings.get(index, 'Revision')) || 1),
    booking,
    finance,
    crew: crew.members,
    captain: { email: settings.captainEmail, name: settings.captainName },
    requestedAt: state.services.clock.localIso(state.services.clock.now()),
  };
}

/**
 * The providers chosen in Settings ride with every request. With the `google` calendar provider
 * the entry is written here first (unless this revision's calendar step is already done) and the
 * bridge is told what happened.
 */
function withProviders(state: RunState, index: number, request: BridgeRequest): BridgeRequest {
  const { bookings, settings } = state;
  const out: BridgeRequest = { ...request, providers: settings.providers };
  if (settings.providers.calendar !== 'google') return out;
  const stored = bookings.text(index, 'Calendar event ID');
  if (stepStateOf(bookings.text(index, STEP_COLUMNS.calendar)) === 'done')
    return { ...out, googleCalendar: { eventId: stored || null, action: 'unchanged' } };
  const report = syncGoogleCalendar(state.services.calendar, settings.googleCalendar, {
    request,
    guestPageUrl: bookings.text(index, 'Guest page URL'),
    storedEventId: stored,
  });
  bookings.set(
    index,
    'Calendar event ID',
    report.action === 'deleted' ? '' : (report.eventId ?? ''),
  );
  log(
    state,
    request.booking.id,
    'google calendar',
    report.error ? 'failed' : report.action,
    report.error ?? report.eventId ?? '',
  );
  return { ...out, googleCalendar: report };
}

/**
 * An e-mail the bridge did not send because an earlier try may have sent it: the captain's
 * (skipped), or some crew invitations of the built-in provider (the others went: done).
 */
function isEmailDoubt(result: StepResult): boolean {
  return (result.status === 'skipped' || result.status === 'done') && !!result.ids.doubt;
}

function stepCellOf(result: StepResult): string {
  if (result.status === 'failed')
    return result.retryable === false ? STEP_CELL.failedPermanent : STEP_CELL.failed;
  if (isEmailDoubt(result)) return STEP_CELL.doubt;
  // "done (Google Calendar)": the step was handled by the provider chosen in Settings.
  return result.ids.handledBy ? handledCell(result.status, result.ids.handledBy) : result.status;
}

/**
 * After a try: nothing owed clears the schedule; otherwise the try counts, and the last one
 * turns the owed steps into "failed (gave up)". Returns what to add to the log line.
 */
function afterTry(state: RunState, index: number): string {
  const { bookings, services } = state;
  if (!stepCells(bookings, index).some(isOwed)) {
    clearSchedule(bookings, index);
    return '';
  }
  const next = recordFailedTry(bookings, index, services.clock);
  if (!next.gaveUp)
    return `try ${next.tries} of ${MAX_TRIES}; next try at ${services.clock.localIso(next.nextAt).slice(11, 16)}`;
  for (const step of STEP_NAMES)
    if (isOwed(bookings.text(index, STEP_COLUMNS[step])))
      bookings.set(index, STEP_COLUMNS[step], STEP_CELL.gaveUp);
  log(
    state,
    bookings.text(index, 'Booking ID'),
    'retry',
    'gave up',
    `after ${next.tries} tries over about ${spanText(SCHEDULE_SPAN_MINUTES)}; press Retry on the card or use ${menuPath('retryFailed')}`,
  );
  return `try ${next.tries} of ${MAX_TRIES}; gave up`;
}

function recordOutcome(state: RunState, index: number, outcome: DeliveryOutcome): void {
  const { bookings } = state;
  const id = bookings.text(index, 'Booking ID');
  bookings.set(index, 'Last run', state.services.clock.localIso(state.services.clock.now()));
  const joined = (...parts: string[]) => parts.filter(Boolean).join('; ');
  if (outcome.kind === 'delivered') {
    const { response } = outcome;
    const failures: string[] = [];
    let doubt = '';
    for (const step of STEP_NAMES) {
      const result = response.steps.find((s) => s.step === step);
      if (!result) continue;
      if (result.status === 'failed') failures.push(`${step}: ${result.reason ?? 'failed'}`);
      if (isEmailDoubt(result)) doubt = `${step}: ${result.reason ?? 'uncertain'}`;
      bookings.set(index, STEP_COLUMNS[step], stepCellOf(result));
    }
    // Steps the bridge did not mention are not waiting for it any more.
    for (const step of STEP_NAMES) {
      if (bookings.text(index, STEP_COLUMNS[step]) === STEP_CELL.pending)
        bookings.set(index, STEP_COLUMNS[step], STEP_CELL.skipped);
    }
    if (response.links.guestPage) {
      bookings.set(index, 'Guest page URL', response.links.guestPage);
      const card = state.kanban.find('Booking ID', id);
      if (card >= 0) state.kanban.set(card, 'Guest page URL', response.links.guestPage);
    }
    bookings.set(index, 'Last error', failures.join('; '));
    const schedule = afterTry(state, index);
    log(
      state,
      id,
      'bridge',
      failures.length ? 'partial' : response.outcome,
      joined(`revision ${response.revision}`, ...failures, doubt, schedule),
    );
    return;
  }
  bookings.set(index, 'Last error', outcome.message);
  if (outcome.kind === 'rejected') {
    for (const step of STEP_NAMES) {
      if (isOwed(bookings.text(index, STEP_COLUMNS[step])))
        bookings.set(index, STEP_COLUMNS[step], STEP_CELL.rejected);
    }
    clearSchedule(bookings, index);
    log(state, id, 'bridge', 'rejected', outcome.message);
    return;
  }
  log(state, id, 'bridge', 'retry later', joined(outcome.message, afterTry(state, index)));
}

/** The row's request, or null when it cannot be built (recorded in the row as a failed try). */
function buildRequest(state: RunState, index: number): BridgeRequest | null {
  const request = requestFor(state, index);
  if (typeof request === 'string') {
    recordOutcome(state, index, { kind: 'retry-later', message: request });
    return null;
  }
  return withProviders(state, index, request);
}

function send(state: RunState, indexes: number[], requests: BridgeRequest[]): void {
  const { services } = state;
  const outcomes = deliverAll({
    requests,
    baseUrl: state.settings.bridgeUrl,
    secret: services.properties.get(SECRET_PROPERTY),
    crypto: services.crypto,
    http: services.http,
    clock: services.clock,
  });
  outcomes.forEach((outcome, i) => {
    if (outcome.kind === 'retry-later' && outcome.bridgeDown && !state.bridgeDown)
      state.bridgeDown = outcome.message;
    recordOutcome(state, indexes[i] as number, outcome);
  });
}

/** Rows not sent because the bridge is down: untouched schedule (still due), a word in the row. */
function leaveForNextRun(state: RunState, indexes: readonly number[]): void {
  if (indexes.length === 0) return;
  for (const index of indexes) {
    if (!state.bookings.text(index, 'Last error'))
      state.bookings.set(index, 'Last error', `not sent yet: ${state.bridgeDown ?? ''}`);
  }
  log(
    state,
    '',
    'bridge',
    'down',
    `${indexes.length} booking(s) not sent this run, tried again with the next: ${state.bridgeDown ?? ''}`,
  );
}

/**
 * Sends the given rows to the bridge and records each answer in its row: the first sendable one
 * alone when others wait (the probe), then the rest in one fetchAll unless the probe found the
 * bridge down.
 */
export function deliverRows(state: RunState, indexes: readonly number[]): void {
  const rest = [...indexes];
  while (rest.length > 0 && !state.bridgeDown) {
    const index = rest.shift() as number;
    const request = buildRequest(state, index);
    if (!request) continue;
    send(state, [index], [request]);
    break;
  }
  if (state.bridgeDown) {
    leaveForNextRun(state, rest);
    return;
  }
  const sendable: number[] = [];
  const requests: BridgeRequest[] = [];
  for (const index of rest) {
    const request = buildRequest(state, index);
    if (request) {
      sendable.push(index);
      requests.push(request);
    }
  }
  send(state, sendable, requests);
}

/**
 * The captain's Retry (board card, Charter > Retry failed steps): the steps that waited for the
 * captain are owed again and the schedule starts over.
 */
export function captainRetry(state: RunState, indexes: readonly number[]): void {
  const { bookings } = state;
  for (const index of indexes) {
    for (const step of STEP_NAMES) {
      if (isWaitingForCaptain(bookings.text(index, STEP_COLUMNS[step])))
        bookings.set(index, STEP_COLUMNS[step], STEP_CELL.pending);
    }
    clearSchedule(bookings, index);
  }
}

export function rowState(state: RunState, bookingId: string): 'waiting' | 'refused' | 'settled' {
  const index = state.bookings.find('Booking ID', bookingId);
  if (index < 0) return 'settled';
  if (isWaitingForBridge(state.bookings, index)) return 'waiting';
  if (isRefused(state.bookings, index)) return 'refused';
  return 'settled';
}

/**
 * Rows to send this run: those the bridge still owes whose next try is due; with
 * `includeRefused` (the captain's Retry) also the ones waiting for the captain, due or not.
 */
export function rowsNeedingDelivery(state: RunState, includeRefused: boolean): number[] {
  const now = state.services.clock.now();
  return state.bookings
    .indexes()
    .filter(
      (i) =>
        needsDelivery(state.bookings, i, includeRefused) &&
        (includeRefused || isDue(state.bookings, i, now)),
    );
}

/** Sends one booking to the bridge now (the board's "Retry"), holding the script lock. */
export function retryBooking(
  services: Services,
  bookingId: string,
  trigger: Trigger = 'board',
): { ok: boolean; message: string } {
  try {
    return withScriptLock(services, 10_000, () => {
      const state = loadRunState(services, trigger);
      const index = state.bookings.find('Booking ID', bookingId);
      if (index < 0)
        return { ok: false, message: `Booking ${bookingId} is not in the Bookings tab.` };
      if (!needsDelivery(state.bookings, index, true)) {
        return { ok: false, message: `Booking ${bookingId} has no failed step to retry.` };
      }
      captainRetry(state, [index]);
      log(state, bookingId, 'retry', 'by the captain', 'schedule started over');
      deliverRows(state, [index]);
      const after = rowState(state, bookingId);
      const lastError = state.bookings.text(index, 'Last error');
      const next = state.bookings.text(index, 'Next try');
      const doubt = state.bookings.text(index, STEP_COLUMNS.captainEmail) === STEP_CELL.doubt;
      commit(state);
      if (after === 'settled' && !lastError)
        return {
          ok: true,
          message: `Booking ${bookingId}: every step is done${doubt ? ' (the captain e-mail is uncertain: check your inbox; it is never sent twice)' : ''}.`,
        };
      return {
        ok: false,
        message: `Booking ${bookingId}: ${lastError || 'still waiting for the bridge'}${next ? `; next try at ${next.slice(11, 16)}` : ''}`,
      };
    });
  } catch (error) {
    if (error instanceof LockBusyError) return { ok: false, message: INBOX_BUSY_MESSAGE };
    throw error;
  }
}
