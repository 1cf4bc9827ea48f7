/**
 * One run of the booking pipeline, shared by the inbox trigger, "Process inbox now",
 * "Retry failed steps" and the "New booking" dialog:
 *   lock -> read each tab once -> apply events in memory -> send to the bridge (delivery.ts)
 *   -> one setValues per changed tab per batch -> only then label the e-mails.
 * A message is labelled once its row is written: from then on the row's step cells say what the
 * bridge still owes, and the retry schedule (retry-schedule.ts) sends it again until it is done.
 */
import type { Booking, BookingEvent } from '../../shared/booking';
import { computeFinance, FinanceError, type Finance } from '../../shared/finance';
import { buildCard, CANCELLED_LANE } from '../../shared/kanban';
import { slugForBookingId } from '../../shared/slug';
import type { CellValue, Services } from '../ports';
import {
  BOOKINGS_HEADERS,
  KANBAN_HEADERS,
  TABS,
  type BookingsHeader,
  type KanbanHeader,
} from '../sheets/schema';
import { Table } from '../sheets/table';
import {
  bookingCells,
  MESSAGE_IDS_KEPT,
  messageIds,
  readCard,
  setSteps,
  STEP_CELL,
  stableJson,
  storedBooking,
  upsertCard,
} from './records';
import { type ClashAlert, clashAlertsEmail, refreshClashes } from './clashes';
import { clearSchedule } from './retry-schedule';
import { parseCrew, readSettings, type CrewMemberRow, type Settings } from './settings';

export type Trigger = 'time-driven' | 'menu' | 'retry' | 'dialog' | 'board';

export interface RunState {
  services: Services;
  trigger: Trigger;
  startedAt: number;
  settings: Settings;
  crew: CrewMemberRow[];
  bookings: Table<BookingsHeader>;
  kanban: Table<KanbanHeader>;
  logRows: CellValue[][];
  /** Clash alerts to send once the sheet holds the flags (see commit). */
  clashAlerts: ClashAlert[];
  /**
   * Why the bridge is not answering this run (set by the first request that found it down):
   * no further request is sent until the next run, so an outage costs one request per run.
   */
  bridgeDown: string | null;
}

export type ApplyAction =
  | 'created'
  | 'updated'
  | 'cancelled'
  | 'tombstone'
  | 'duplicate'
  | 'already-applied'
  | 'ignored-after-cancel';

export type ApplyResult =
  | { ok: true; action: ApplyAction; bookingId: string; deliver: boolean }
  | { ok: false; bookingId: string; reason: string };

export class LockBusyError extends Error {
  override readonly name = 'LockBusyError';
}

/** What the captain reads when a menu item, the dialog or a retry meets a run in progress. */
export const INBOX_BUSY_MESSAGE = 'The inbox is being processed right now; try again in a minute.';

/** Reads every tab the pipeline needs, once. Throws SettingsError/SheetSchemaError with a clear message. */
export function loadRunState(services: Services, trigger: Trigger): RunState {
  const { sheets } = services;
  const settings = readSettings(services);
  return {
    services,
    trigger,
    startedAt: services.clock.now(),
    settings,
    crew: parseCrew(sheets.read(TABS.crew)),
    bookings: new Table(
      TABS.bookings,
      sheets.read(TABS.bookings),
      BOOKINGS_HEADERS,
      sheets.readFormulas?.(TABS.bookings),
    ),
    kanban: new Table(
      TABS.kanban,
      sheets.read(TABS.kanban),
      KANBAN_HEADERS,
      sheets.readFormulas?.(TABS.kanban),
    ),
    logRows: [],
    clashAlerts: [],
    bridgeDown: null,
  };
}

/** Runs `fn` holding the script lock; a second, overlapping run gets LockBusyError at once. */
export function withScriptLock<T>(
  services: Pick<Services, 'lock' | 'sheets'>,
  waitMs: number,
  fn: () => T,
): T {
  if (!services.lock.tryLock(waitMs)) {
    throw new LockBusyError('Another run is in progress; this one stopped without doing anything.');
  }
  try {
    return fn();
  } finally {
    services.sheets.flush();
    services.lock.release();
  }
}

export function log(
  state: RunState,
  bookingId: string,
  action: string,
  result: string,
  details = '',
): void {
  state.logRows.push(
    logRow(state.services.clock, state.trigger, bookingId, action, result, details),
  );
}

/** One Log row, in LOG_HEADERS order, stamped in the script's time zone. */
export function logRow(
  clock: Pick<Services['clock'], 'now' | 'localIso'>,
  trigger: Trigger,
  bookingId: string,
  action: string,
  result: string,
  details = '',
): CellValue[] {
  return [clock.localIso(clock.now()), trigger, bookingId, action, result, details];
}

function contentHash(state: RunState, event: BookingEvent): string {
  return state.services.crypto.sha256Hex(
    stableJson({ cancelled: event.kind === 'cancelled', booking: event.booking }),
  );
}

function guestPageUrl(settings: Settings, booking: Booking): string {
  return settings.guestPageBaseUrl
    ? `${settings.guestPageBaseUrl}/g/${slugForBookingId(booking.id)}`
    : '';
}

function rememberMessage(state: RunState, index: number, messageKey: string | undefined): void {
  if (!messageKey) return;
  const ids = [...messageIds(state.bookings, index), messageKey].slice(-MESSAGE_IDS_KEPT);
  state.bookings.set(index, 'Message IDs', ids.join(' '));
}

function writeCard(
  state: RunState,
  booking: Booking,
  finance: Finance,
  cancelled: boolean,
  url: string,
): string {
  const index = state.kanban.find('Booking ID', booking.id);
  const previous = index < 0 ? null : readCard(state.kanban, index);
  const card = buildCard({
    booking,
    finance,
    previous,
    cancelled,
    guestPageUrl: url || previous?.guestPageUrl || '',
    now: state.services.clock.localIso(state.services.clock.now()),
  });
  // A lane the captain removed from Settings falls back to the first lane.
  if (!cancelled && !state.settings.lanes.includes(card.lane))
    card.lane = state.settings.lanes[0] ?? card.lane;
  upsertCard(state.kanban, card);
  return card.lane;
}

/** Recomputes the boat's clash flags after a change to `bookingId` and queues new alerts. */
function noteClashes(state: RunState, bookingId: string): void {
  const update = refreshClashes(state.bookings, bookingId, state.settings.turnaroundMinutes);
  for (const [id, ids] of update.changed) {
    const card = state.kanban.find('Booking ID', id);
    if (card >= 0) state.kanban.set(card, 'Clash with', ids.join(' '));
    log(
      state,
      id,
      'clash',
      ids.length ? 'flagged' : 'cleared',
      ids.length ? `with ${ids.join(', ')}` : '',
    );
  }
  state.clashAlerts.push(...update.alerts);
}

/**
 * Sends the queued clash alerts as one e-mail (after the sheet holds the flags that say they
 * were sent), and logs each pair.
 */
function sendClashAlerts(state: RunState): void {
  const to = state.settings.captainEmail || state.services.mailbox.ownEmail();
  const alerts = state.clashAlerts.splice(0);
  const mail = clashAlertsEmail(alerts, state.settings.turnaroundMinutes);
  state.services.mailbox.sendEmail(to, mail.subject, mail.body);
  for (const alert of alerts) {
    const ids = alert.bookings.map((b) => b.id).join(' and ');
    state.logRows.push([
      state.services.clock.localIso(state.services.clock.now()),
      state.trigger,
      alert.bookings[0].id,
      'clash alert',
      'sent',
      `${ids} on ${alert.boat} to ${to}`,
    ]);
  }
}

/**
 * Applies one booking event to the in-memory tabs. Never talks to the bridge: the row is marked
 * "pending" and `deliver` says whether it has to be sent.
 */
export function applyEvent(state: RunState, event: BookingEvent, messageKey?: string): ApplyResult {
  const { bookings, settings } = state;
  const booking = event.booking;
  const hash = contentHash(state, event);
  const index = bookings.find('Booking ID', booking.id);
  const now = state.services.clock.localIso(state.services.clock.now());

  if (index >= 0) {
    if (messageKey && messageIds(bookings, index).includes(messageKey)) {
      return { ok: true, action: 'already-applied', bookingId: booking.id, deliver: false };
    }
    const cancelledAlready = bookings.text(index, 'Status') === CANCELLED_LANE;
    if (cancelledAlready || bookings.text(index, 'Content hash') === hash) {
      rememberMessage(state, index, messageKey);
      const action: ApplyAction =
        cancelledAlready && event.kind !== 'cancelled' ? 'ignored-after-cancel' : 'duplicate';
      log(
        state,
        booking.id,
        action,
        'no change',
        action === 'duplicate'
          ? 'same booking content as the row'
          : 'the booking was cancelled before; not published',
      );
      return { ok: true, action, bookingId: booking.id, deliver: false };
    }
  }

  if (event.kind === 'cancelled') {
    // The bridge must cancel what it published: send the booking as last accepted, if any.
    const published = index >= 0 ? (storedBooking(bookings, index) ?? booking) : booking;
    const finance = computeFinance(published, settings.finance, 'cancelled');
    const cells = {
      ...bookingCells(published, finance),
      Status: CANCELLED_LANE,
      'Content hash': hash,
      'Last run': now,
      'Last error': '',
    };
    if (index < 0) {
      // Tombstone: remembers the cancellation so a late confirmation is never published.
      const row = bookings.append({ ...cells, Revision: 0 });
      setSteps(bookings, row, STEP_CELL.notApplicable);
      rememberMessage(state, row, messageKey);
      log(
        state,
        booking.id,
        'tombstone',
        'ok',
        'cancellation for a booking never seen: recorded, nothing published',
      );
      return { ok: true, action: 'tombstone', bookingId: booking.id, deliver: false };
    }
    bookings.setAll(index, {
      ...cells,
      Revision: (Number(bookings.get(index, 'Revision')) || 0) + 1,
    });
    setSteps(bookings, index, STEP_CELL.pending);
    clearSchedule(bookings, index);
    rememberMessage(state, index, messageKey);
    writeCard(state, published, finance, true, bookings.text(index, 'Guest page URL'));
    noteClashes(state, booking.id);
    log(
      state,
      booking.id,
      'cancel',
      'pending',
      `revision ${String(bookings.get(index, 'Revision'))}`,
    );
    return { ok: true, action: 'cancelled', bookingId: booking.id, deliver: true };
  }

  let finance: Finance;
  try {
    finance = computeFinance(booking, settings.finance, 'new');
  } catch (error) {
    if (error instanceof FinanceError)
      return { ok: false, bookingId: booking.id, reason: error.message };
    throw error;
  }
  const url = guestPageUrl(settings, booking);
  const row = index >= 0 ? index : bookings.append({});
  const revision = (Number(bookings.get(row, 'Revision')) || 0) + 1;
  const lane = writeCard(state, booking, finance, false, url);
  bookings.setAll(row, {
    ...bookingCells(booking, finance),
    Status: lane,
    'Guest page URL': bookings.text(row, 'Guest page URL') || url,
    Revision: revision,
    'Content hash': hash,
    'Last run': now,
    'Last error': '',
  });
  setSteps(bookings, row, STEP_CELL.pending);
  clearSchedule(bookings, row);
  rememberMessage(state, row, messageKey);
  noteClashes(state, booking.id);
  const action: ApplyAction = index >= 0 ? 'updated' : 'created';
  log(
    state,
    booking.id,
    action === 'created' ? 'new' : 'change',
    'pending',
    `revision ${revision}`,
  );
  return { ok: true, action, bookingId: booking.id, deliver: true };
}

/** Writes every changed tab with one setValues each, and the log rows with one more. */
export function commit(state: RunState): void {
  const { sheets } = state.services;
  for (const table of [state.bookings, state.kanban] as Array<Table<string>>) {
    const block = table.dirtyBlock();
    if (block) sheets.write(table.tab, block.row, 1, block.values);
    table.markClean();
  }
  if (state.clashAlerts.length > 0) {
    sheets.flush();
    sendClashAlerts(state);
  }
  if (state.logRows.length > 0) {
    sheets.appendRows(TABS.log, state.logRows);
    state.logRows = [];
  }
  sheets.flush();
}
