/**
 * The "New booking" dialog's server side: the form is turned into a Booking checked with the
 * shared zod schema (the client checks the same things first, for speed, not for safety), a
 * finance preview, and a submit that runs the very pipeline the e-mails go through.
 */
import { BookingSchema, instantOf, localStartParts, type Booking } from '../../shared/booking';
import { computeFinance, FinanceError } from '../../shared/finance';
import { formatUsd, MoneyError, parseMoney } from '../../shared/money';
import { tripWhen } from '../../shared/crew-facing';
import {
  resolveLocalTime,
  resolveTimeZone,
  toLocalIsoWithOffset,
  TimeError,
  US_TIME_ZONES,
  type UsTimeZone,
} from '../../shared/time';
import { BOOKINGS_HEADERS } from '../sheets/schema';
import { Table } from '../sheets/table';
import { clashesFor } from './clashes';
import type { Services } from '../ports';
import { TABS } from '../sheets/schema';
import { CANCELLED_LANE } from '../../shared/kanban';
import { deliverRows, rowState } from './delivery';
import {
  applyEvent,
  commit,
  INBOX_BUSY_MESSAGE,
  loadRunState,
  LockBusyError,
  withScriptLock,
} from './pipeline';
import { readSettings, type Settings } from './settings';

export const FORM_FIELDS = [
  'bookingId',
  'date',
  'time',
  'timeZone',
  'endDate',
  'endTime',
  'durationHours',
  'guestName',
  'partySize',
  'boat',
  'pickupLocation',
  'ownerEarnings',
  'boatPrice',
  'platformFee',
  'captainName',
  'notes',
  'confirmClash',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type BookingForm = Partial<Record<FormField, string>>;
export type FieldErrors = Partial<Record<FormField, string>>;

export const DIALOG_TIME_ZONES = US_TIME_ZONES;
export const NEW_BOOKING_TITLE = 'New booking';

/** Which form field a schema path belongs to. */
const FIELD_OF_PATH: Record<string, FormField> = {
  id: 'bookingId',
  start: 'date',
  timeZone: 'timeZone',
  durationMinutes: 'durationHours',
  guestName: 'guestName',
  partySize: 'partySize',
  boat: 'boat',
  pickupLocation: 'pickupLocation',
  'money.ownerEarningsCents': 'ownerEarnings',
  'money.boatPriceCents': 'boatPrice',
  'money.platformFeeCents': 'platformFee',
  captainName: 'captainName',
  notes: 'notes',
};

function text(form: BookingForm, field: FormField): string {
  const value = form[field];
  return typeof value === 'string'
    ? value.trim()
    : value === undefined || value === null
      ? ''
      : String(value).trim();
}

export type FormResult = { ok: true; booking: Booking } | { ok: false; fieldErrors: FieldErrors };

export function formToBooking(
  form: BookingForm,
  settings: Settings,
  newId: () => string,
): FormResult {
  const errors: FieldErrors = {};
  const money = (field: FormField, required: boolean): number | null => {
    const value = text(form, field);
    if (!value) {
      if (required) errors[field] = 'required (the revenue basis in Settings uses it)';
      return null;
    }
    try {
      const cents = parseMoney(value);
      if (cents < 0) errors[field] = 'must not be negative';
      return cents;
    } catch (error) {
      if (error instanceof MoneyError) errors[field] = 'not an amount, e.g. 840.75';
      return null;
    }
  };

  const zone = resolveTimeZone(text(form, 'timeZone') || settings.timeZone);
  if (!zone) errors.timeZone = `choose one of ${US_TIME_ZONES.join(', ')}`;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text(form, 'date'));
  if (!date) errors.date = 'choose a date';
  const time = /^(\d{1,2}):(\d{2})$/.exec(text(form, 'time'));
  if (!time) errors.time = 'choose a start time, e.g. 09:00';
  let start = '';
  if (zone && date && time) {
    try {
      start = toLocalIsoWithOffset(zone, {
        year: Number(date[1]),
        month: Number(date[2]),
        day: Number(date[3]),
        hour: Number(time[1]),
        minute: Number(time[2]),
      });
    } catch (error) {
      if (error instanceof TimeError) errors.date = 'not a real date and time';
      else throw error;
    }
  }
  const minutes = tripMinutes(form, zone, start, errors);
  const partyText = text(form, 'partySize');
  if (partyText && !/^\d+$/.test(partyText)) errors.partySize = 'a whole number of guests';

  const basis = settings.finance.revenueBasis;
  const candidate = {
    id: text(form, 'bookingId') || newId(),
    source: 'manual',
    start,
    timeZone: zone ?? '',
    durationMinutes: minutes,
    guestName: text(form, 'guestName'),
    partySize: partyText ? Number(partyText) : null,
    boat: text(form, 'boat'),
    pickupLocation: text(form, 'pickupLocation'),
    money: {
      ownerEarningsCents: money('ownerEarnings', basis === 'ownerEarnings'),
      boatPriceCents: money('boatPrice', basis === 'boatPrice'),
      platformFeeCents: money('platformFee', false),
    },
    crewPlan: null,
    captainName: text(form, 'captainName') || null,
    notes: text(form, 'notes'),
  };
  const parsed = BookingSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF_PATH[issue.path.join('.')] ?? FIELD_OF_PATH[String(issue.path[0])];
      if (field && !errors[field]) errors[field] = issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) {
    return {
      ok: false,
      fieldErrors: Object.keys(errors).length ? errors : { notes: 'the booking is not valid' },
    };
  }
  return { ok: true, booking: parsed.data };
}

/**
 * The trip's length in minutes: from the end date and time when given (DST-aware elapsed time;
 * an end time without a date is the same day, or the next when it is not later than the start),
 * else from the duration in hours. Both given: they must agree.
 */
function tripMinutes(
  form: BookingForm,
  zone: UsTimeZone | null,
  start: string,
  errors: FieldErrors,
): number {
  const hoursText = text(form, 'durationHours');
  const hours = Number(hoursText);
  const stated = /^\d+(\.\d+)?$/.test(hoursText) && hours > 0 ? Math.round(hours * 60) : null;
  if (hoursText && stated === null) errors.durationHours = 'hours, e.g. 3 or 2.5';
  const endTimeText = text(form, 'endTime');
  const endDateText = text(form, 'endDate');
  if (!endTimeText && !endDateText) {
    if (!hoursText) errors.durationHours = 'hours, e.g. 3 or 2.5, or an end date and time';
    return stated ?? 0;
  }
  const endTime = /^(\d{1,2}):(\d{2})$/.exec(endTimeText);
  if (!endTime) {
    errors.endTime = 'choose an end time, e.g. 10:00';
    return stated ?? 0;
  }
  const endDate = endDateText ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(endDateText) : null;
  if (endDateText && !endDate) errors.endDate = 'choose a date';
  if (!zone || !start) return stated ?? 0;
  const from = localStartParts(start);
  const clock = { hour: Number(endTime[1]), minute: Number(endTime[2]) };
  const later = clock.hour * 60 + clock.minute > from.hour * 60 + from.minute;
  const day = endDate
    ? { year: Number(endDate[1]), month: Number(endDate[2]), day: Number(endDate[3]) }
    : shiftDays(from, later ? 0 : 1);
  let endMs: number;
  try {
    endMs = resolveLocalTime(zone, { ...day, ...clock }).epochMs;
  } catch (error) {
    if (!(error instanceof TimeError)) throw error;
    errors.endDate = 'not a real date and time';
    return stated ?? 0;
  }
  const minutes = Math.round((endMs - instantOf(start)) / 60_000);
  if (minutes <= 0) errors.endTime = 'the end must be after the start';
  else if (stated !== null && stated !== minutes)
    errors.durationHours = `disagrees with the end (${minutes / 60} h); clear one of them`;
  return minutes;
}

function shiftDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export interface PreviewResult {
  ok: boolean;
  lines: Array<{ label: string; amount: string }>;
  /** The net in cents (null until the preview can be computed): below zero, the dialog warns. */
  netCents: number | null;
  fieldErrors: FieldErrors;
  message: string;
  /** The whole trip in words ("Fri, Jul 10, 10:00 AM PDT - Sun, Jul 12, 4:00 PM PDT (54h)"). */
  trip?: string;
  /** Active bookings of the same boat this one would clash with, each in words. */
  clashes?: string[];
}

/** "MD-0710 (Grace Whitaker, Friday, July 10, 2026, 10:00 AM PDT - ...) on Sea Breeze". */
function clashLine(other: Booking): string {
  return `${other.id} (${other.guestName}, ${tripWhen(other)}) on ${other.boat}`;
}

/** The dialog's clash warning: each active booking `booking` would clash with, in words. */
export function clashWarnings(services: Services, settings: Settings, booking: Booking): string[] {
  const table = new Table(TABS.bookings, services.sheets.read(TABS.bookings), BOOKINGS_HEADERS);
  return clashesFor(table, booking, settings.turnaroundMinutes).map(clashLine);
}

function newManualId(services: Services): () => string {
  return () => `M-${services.crypto.uuid().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}

export function previewFinance(services: Services, form: BookingForm): PreviewResult {
  const settings = readSettings(services);
  // The id does not matter for money; a fixed placeholder avoids a uuid per keystroke.
  const result = formToBooking(
    { ...form, bookingId: text(form, 'bookingId') || 'PREVIEW' },
    settings,
    () => 'PREVIEW',
  );
  if (!result.ok)
    return {
      ok: false,
      lines: [],
      netCents: null,
      fieldErrors: result.fieldErrors,
      message: 'Fill in the highlighted fields.',
    };
  try {
    const f = computeFinance(result.booking, settings.finance);
    const lines = [
      {
        label: `Revenue (${f.revenueBasis === 'ownerEarnings' ? 'owner earnings' : 'boat price'})`,
        amount: formatUsd(f.revenueCents),
      },
      ...f.crew.map((c) => ({
        label:
          `${c.count} ${c.role}${c.count === 1 ? '' : 's'} × ${formatUsd(c.rateCents)}/h × ${c.minutes / 60} h` +
          (c.capped ? ` (capped at ${c.capped.minutesPerDay / 60} h per trip day)` : ''),
        amount: formatUsd(c.costCents),
      })),
      { label: `Port fee ${f.portFeeBasisPoints / 100}%`, amount: formatUsd(f.portFeeCents) },
      { label: 'Net', amount: formatUsd(f.netCents) },
    ];
    return {
      ok: true,
      lines,
      netCents: f.netCents,
      fieldErrors: {},
      message: '',
      trip: tripWhen(result.booking),
      clashes: clashWarnings(services, settings, result.booking),
    };
  } catch (error) {
    if (error instanceof FinanceError)
      return { ok: false, lines: [], netCents: null, fieldErrors: {}, message: error.message };
    throw error;
  }
}

export interface SubmitResult {
  ok: boolean;
  bookingId: string;
  message: string;
  fieldErrors: FieldErrors;
  /**
   * For a saved booking: published everywhere, or saved with steps still to do (partial: some
   * failed and are retried; waiting: the bridge was not reached; refused: the bridge said no).
   */
  published?: 'all' | 'partial' | 'waiting' | 'refused';
  /** Not saved because of these clashes (in words); "Save anyway" sends confirmClash=yes. */
  clashes?: string[];
}

/** The dialog's google.script.run targets, for the client's typed wrapper. */
export interface DialogServer {
  dialogPreviewFinance(form: BookingForm): PreviewResult;
  dialogSubmitBooking(form: BookingForm): SubmitResult;
}

export function submitBooking(services: Services, form: BookingForm): SubmitResult {
  try {
    return withScriptLock(services, 20_000, () => {
      const state = loadRunState(services, 'dialog');
      const result = formToBooking(form, state.settings, newManualId(services));
      if (!result.ok) {
        return {
          ok: false,
          bookingId: '',
          message: 'Please fix the highlighted fields.',
          fieldErrors: result.fieldErrors,
        };
      }
      const { booking } = result;
      const existing = state.bookings.find('Booking ID', booking.id);
      if (existing >= 0) {
        const why =
          state.bookings.text(existing, 'Status') === CANCELLED_LANE
            ? 'was cancelled'
            : 'already exists';
        return {
          ok: false,
          bookingId: booking.id,
          message: `Booking ${booking.id} ${why}.`,
          fieldErrors: { bookingId: `${why}; use another id` },
        };
      }
      const clashes = clashesFor(state.bookings, booking, state.settings.turnaroundMinutes);
      if (clashes.length > 0 && text(form, 'confirmClash') !== 'yes') {
        const list = clashes.map(clashLine);
        return {
          ok: false,
          bookingId: booking.id,
          message: `Not saved yet: ${booking.boat} is already booked then: ${list.join('; ')}. Press "Save anyway" to record both (the captain gets a clash alert).`,
          fieldErrors: {},
          clashes: list,
        };
      }
      const applied = applyEvent(state, { kind: 'new', booking });
      if (!applied.ok)
        return { ok: false, bookingId: booking.id, message: applied.reason, fieldErrors: {} };
      deliverRows(state, [state.bookings.find('Booking ID', booking.id)]);
      const row = rowState(state, booking.id);
      commit(state);
      const index = state.bookings.find('Booking ID', booking.id);
      const lastError = index >= 0 ? state.bookings.text(index, 'Last error') : '';
      const message =
        row === 'settled' && !lastError
          ? `Booking ${booking.id} saved and published.`
          : row === 'settled'
            ? `Booking ${booking.id} saved; some steps failed and will be retried: ${lastError}`
            : row === 'waiting'
              ? `Booking ${booking.id} saved; the bridge could not be reached (${lastError}). It will be sent again automatically.`
              : `Booking ${booking.id} saved, but the bridge refused it: ${lastError}`;
      const published =
        row === 'settled'
          ? lastError
            ? 'partial'
            : 'all'
          : row === 'waiting'
            ? 'waiting'
            : 'refused';
      return { ok: true, bookingId: booking.id, message, fieldErrors: {}, published };
    });
  } catch (error) {
    if (error instanceof LockBusyError) {
      return {
        ok: false,
        bookingId: '',
        message: INBOX_BUSY_MESSAGE,
        fieldErrors: {},
      };
    }
    throw error;
  }
}
