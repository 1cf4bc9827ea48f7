/**
 * Stand-ins for a service the bridge was deployed without (CALENDAR_PROVIDER=google: no calendar
 * dashboard; CREW_PROVIDER=builtin: no SCC). A booking whose Settings still pick that provider
 * gets a step that fails for good, saying which setting to change, instead of a call to an empty
 * URL. Nothing is written anywhere.
 */
import { PROVIDER_LABELS } from '../../shared/providers';
import type { CalendarApi } from './adapters/calendar';
import type { CrewServiceApi } from './adapters/crew-service';
import type { CrewStatusReader } from './adapters/crew-status';
import type { CrewAnswersSource } from './crew-loop/answers-source';
import { AdapterError, type AdapterErrorName } from './errors';

function refuse(name: AdapterErrorName, message: string): () => Promise<never> {
  return () =>
    Promise.reject(
      new AdapterError(name, 'rejected', message, { retryable: false, ambiguous: false }),
    );
}

export const NO_DASHBOARD_MESSAGE = `this bridge is deployed without the ${PROVIDER_LABELS.dashboard} (CALENDAR_PROVIDER=google, no CALENDAR_API_URL): set provider.calendar = google in Settings, or deploy the bridge with CalendarProvider=dashboard and CalendarApiUrl`;
export const NO_SCC_MESSAGE = `this bridge is deployed without ${PROVIDER_LABELS.scc} (CREW_PROVIDER=builtin, no SCC_API_URL): set provider.crew = builtin in Settings, or deploy the bridge with CrewProvider=scc and SccApiUrl`;

export function missingCalendar(): CalendarApi {
  const fail = refuse('CalendarError', NO_DASHBOARD_MESSAGE);
  return { create: fail, update: fail, remove: fail, findByExternalId: fail };
}

export function missingCrewService(): CrewServiceApi {
  const fail = refuse('CrewServiceError', NO_SCC_MESSAGE);
  return { create: fail, update: fail, cancel: fail, findByBookingRef: fail };
}

export function missingSccAnswers(): CrewStatusReader & CrewAnswersSource {
  const fail = refuse('CrewStatusError', NO_SCC_MESSAGE);
  // An empty read (every booking on the built-in provider) needs no SCC and succeeds.
  return { answers: fail, read: (refs) => (refs.length ? fail() : Promise.resolve(new Map())) };
}
