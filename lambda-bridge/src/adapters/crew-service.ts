/** ShipCaptainCrew (SCC): the crew event, keyed by our booking id as `externalRef`. */
import type { CrewEventFields } from '../../../shared/crew-facing';
import { badResponse, joinUrl, requestJson, type FetchLike, type HttpService } from '../http';

export interface CrewEvent {
  eventId: string;
  status: string;
  externalRef?: string;
}

export interface CrewServiceApi {
  create(fields: CrewEventFields): Promise<CrewEvent>;
  /** null when the event no longer exists or was cancelled (SCC answers 409: it cannot be changed). */
  update(eventId: string, fields: CrewEventFields): Promise<CrewEvent | null>;
  /** null when the event no longer exists. */
  cancel(eventId: string): Promise<CrewEvent | null>;
  findByExternalRef(externalRef: string): Promise<CrewEvent[]>;
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
    async create(fields) {
      const res = await requestJson(service, {
        method: 'POST',
        url: url('/events'),
        headers,
        body: fields,
      });
      return asEvent(res.body);
    },
    async update(eventId, fields) {
      const res = await requestJson(service, {
        method: 'PUT',
        url: url(`/events/${encodeURIComponent(eventId)}`),
        headers,
        body: fields,
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
    async findByExternalRef(externalRef) {
      const res = await requestJson(service, {
        method: 'GET',
        url: url(`/events?externalRef=${encodeURIComponent(externalRef)}`),
        headers,
      });
      const events = (res.body as { events?: unknown } | undefined)?.events;
      if (!Array.isArray(events)) throw badResponse(service, 'lookup without an events list');
      return events
        .map(asEvent)
        .filter((e) => e.externalRef === undefined || e.externalRef === externalRef);
    },
  };
}
