/**
 * The internal calendar service (dashboard): events keyed by our booking id as `externalId`.
 * The contract (paths, body, headers) is shared/calendar-contract.ts.
 */
import {
  CALENDAR_EVENTS_PATH,
  CALENDAR_TOKEN_HEADER,
  type CalendarEvent,
  type CalendarEventInput,
} from '../../../shared/calendar-contract';
import { IDEMPOTENCY_KEY_HEADER } from '../../../shared/idempotency';
import { badResponse, joinUrl, requestJson, type FetchLike, type HttpService } from '../http';

export type { CalendarEvent, CalendarEventInput } from '../../../shared/calendar-contract';

export interface CalendarApi {
  /** Creates at most once per `idempotencyKey` (a repeat answers the event the key created). */
  create(input: CalendarEventInput, idempotencyKey: string): Promise<CalendarEvent>;
  /** null when the event no longer exists. */
  update(id: string, input: CalendarEventInput): Promise<CalendarEvent | null>;
  /** false when there was nothing to delete. */
  remove(id: string): Promise<boolean>;
  findByExternalId(externalId: string): Promise<CalendarEvent[]>;
}

export function httpCalendar(opts: {
  baseUrl: string;
  token: string;
  fetch: FetchLike;
  timeoutMs?: number;
}): CalendarApi {
  const service: HttpService = {
    errorName: 'CalendarError',
    label: 'calendar service',
    credentialSetting: 'the calendar token (calendar-token / CALENDAR_TOKEN)',
    fetch: opts.fetch,
    timeoutMs: opts.timeoutMs ?? 5000,
  };
  const headers = { [CALENDAR_TOKEN_HEADER]: opts.token };
  const url = (path: string) => joinUrl(opts.baseUrl, path);
  const asEvent = (body: unknown): CalendarEvent => {
    const id = (body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !id) throw badResponse(service, 'event without an id');
    return body as CalendarEvent;
  };
  return {
    async create(input, idempotencyKey) {
      const res = await requestJson(service, {
        method: 'POST',
        url: url(CALENDAR_EVENTS_PATH),
        headers: { ...headers, [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
        body: input,
      });
      return asEvent(res.body);
    },
    async update(id, input) {
      const res = await requestJson(service, {
        method: 'PUT',
        url: url(`${CALENDAR_EVENTS_PATH}/${encodeURIComponent(id)}`),
        headers,
        body: input,
        accept: [404],
      });
      return res.status === 404 ? null : asEvent(res.body);
    },
    async remove(id) {
      const res = await requestJson(service, {
        method: 'DELETE',
        url: url(`${CALENDAR_EVENTS_PATH}/${encodeURIComponent(id)}`),
        headers,
        accept: [404],
      });
      return res.status !== 404;
    },
    async findByExternalId(externalId) {
      const res = await requestJson(service, {
        method: 'GET',
        url: url(`${CALENDAR_EVENTS_PATH}?externalId=${encodeURIComponent(externalId)}`),
        headers,
      });
      const events = (res.body as { events?: unknown } | undefined)?.events;
      if (!Array.isArray(events)) throw badResponse(service, 'lookup without an events list');
      return events.map(asEvent).filter((e) => e.externalId === externalId);
    },
  };
}
