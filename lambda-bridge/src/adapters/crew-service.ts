/**
 * ShipCaptainCrew (SCC): the crew event, found again by our booking id (`booking_ref`). Bodies
 * follow the seed contract, checked against the shared schema before they leave the bridge.
 */
import { SccEventBodySchema, type SccEventBody } from '../../../shared/scc-contract';
import { IDEMPOTENCY_KEY_HEADER } from '../../../shared/idempotency';
import { badResponse, joinUrl, requestJson, type FetchLike, type HttpService } from '../http';

export interface CrewEvent {
  eventId: string;
  status: string;
  booking_ref?: string;
}

/** Our own body must satisfy SCC's contract: a bug here is ours, never SCC's to reject. */
function checked(body: SccEventBody): SccEventBody {
  const parsed = SccEventBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `SCC event body breaks the contract at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

export interface CrewServiceApi {
  /** Creates at most once per `idempotencyKey` (a repeat answers the event the key created). */
  create(body: SccEventBody, idempotencyKey: string): Promise<CrewEvent>;
  /** null when the event no longer exists or was cancelled (SCC answers 409: it cannot be changed). */
  update(eventId: string, body: SccEventBody): Promise<CrewEvent | null>;
  /** null when the event no longer exists. */
  cancel(eventId: string): Promise<CrewEvent | null>;
  findByBookingRef(bookingRef: string): Promise<CrewEvent[]>;
}

export function httpCrewService(opts: {
  baseUrl: string;
  serviceKey: string;
  fetch: FetchLike;
  timeoutMs?: number;
}): CrewServiceApi {
  const service: HttpService = {
    errorName: 'CrewServiceError',
    label: 'SCC',
    credentialSetting: 'the SCC service key (scc-service-key / SCC_SERVICE_KEY)',
    fetch: opts.fetch,
    timeoutMs: opts.timeoutMs ?? 5000,
  };
  const headers = { 'X-Service-Key': opts.serviceKey };
  const url = (path: string) => joinUrl(opts.baseUrl, path);
  const asEvent = (body: unknown): CrewEvent => {
    const b = body as { eventId?: unknown; status?: unknown } | undefined;
    if (typeof b?.eventId !== 'string' || !b.eventId)
      throw badResponse(service, 'event without an eventId');
    return { ...(b as CrewEvent), status: typeof b.status === 'string' ? b.status : 'unknown' };
  };
  return {
    async create(body, idempotencyKey) {
      const res = await requestJson(service, {
        method: 'POST',
        url: url('/events'),
        headers: { ...headers, [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
        body: checked(body),
      });
      return asEvent(res.body);
    },
    async update(eventId, body) {
      const res = await requestJson(service, {
        method: 'PUT',
        url: url(`/events/${encodeURIComponent(eventId)}`),
        headers,
        body: checked(body),
        accept: [404, 409],
      });
      return res.status === 404 || res.status === 409 ? null : asEvent(res.body);
    },
    async cancel(eventId) {
      const res = await requestJson(service, {
        method: 'POST',
        url: url(`/events/${encodeURIComponent(eventId)}/cancel`),
        headers,
        accept: [404],
      });
      return res.status === 404 ? null : asEvent(res.body);
    },
    async findByBookingRef(bookingRef) {
      const res = await requestJson(service, {
        method: 'GET',
        url: url(`/events?booking_ref=${encodeURIComponent(bookingRef)}`),
        headers,
      });
      const events = (res.body as { events?: unknown } | undefined)?.events;
      if (!Array.isArray(events)) throw badResponse(service, 'lookup without an events list');
      return events
        .map(asEvent)
        .filter((e) => e.booking_ref === undefined || e.booking_ref === bookingRef);
    },
  };
}
