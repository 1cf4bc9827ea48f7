/**
 * The calendar step with the `google` provider: Apps Script has already written the entry to the
 * owner's Google Calendar (CalendarApp) and reports what it did; the bridge records that as its
 * calendar step, marked as handled by Google Calendar, and never calls the calendar dashboard.
 */
import type { BridgeRequest } from '../../../shared/bridge-contract';
import { PROVIDER_LABELS } from '../../../shared/providers';
import { AdapterError } from '../errors';
import type { StepOutcome } from './step';

export const GOOGLE_CALENDAR_LABEL = PROVIDER_LABELS.google;

export function usesGoogleCalendar(req: BridgeRequest): boolean {
  return req.providers?.calendar === 'google' || req.googleCalendar !== undefined;
}

/** The step's outcome from Apps Script's report; a failed write fails the step (retried by the sheet). */
export function googleCalendarStep(req: BridgeRequest): StepOutcome {
  const report = req.googleCalendar;
  const ids = { handledBy: GOOGLE_CALENDAR_LABEL };
  if (!report)
    throw new AdapterError(
      'CalendarError',
      'rejected',
      'the sheet chose Google Calendar but sent no calendar report; update the Apps Script project (clasp push)',
      { retryable: false },
    );
  if (report.error)
    throw new AdapterError('CalendarError', 'unavailable', report.error, {
      retryable: true,
      ambiguous: false,
    });
  if (report.action === 'none' || !report.eventId)
    return {
      status: 'skipped',
      ids,
      reason: req.op === 'cancel' ? 'no calendar entry to remove' : 'no calendar entry',
    };
  return {
    status: 'done',
    ids: { ...ids, calendarEventId: report.eventId, action: report.action },
  };
}
