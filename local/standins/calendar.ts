/**
 * Local stand-in for the internal calendar service (the captain's dashboard calendar), enforcing
 * the contract in shared/calendar-contract.ts: the token, the body schema and Idempotency-Key
 * (a repeated key answers the first result). Without a key it does not deduplicate: two POSTs
 * with one externalId make two events.
 * Local extras (no auth): GET /__state, POST|DELETE /__faults.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as z from '../../shared/schema';
import {
  CALENDAR_EVENTS_PATH,
  CalendarEventInputSchema,
  type CalendarEvent,
} from '../../shared/calendar-contract';
import {
  constantTimeEqual,
  HttpError,
  jsonError,
  loadJsonFile,
  parseJsonBody,
  saveJsonFile,
  startStandinServer,
  type StandinHandle,
  type StandinRequest,
  type StandinResponse,
  type StandinServer,
} from './http-kit';

export {
  CALENDAR_EVENTS_PATH,
  CalendarEventInputSchema,
  type CalendarEvent,
  type CalendarEventInput,
} from '../../shared/calendar-contract';

export interface CalendarState {
  events: CalendarEvent[];
  /** Events removed through DELETE, with when (kept for the local overview and reports). */
  deleted: Array<CalendarEvent & { deletedAt: string }>;
}

export interface CalendarStandinOptions {
  /** The dashboard token callers must present. */
  token: string;
  port?: number;
  /** Persist state to `<dataDir>/calendar.json` and resume from it. */
  dataDir?: string;
  now?: () => Date;
}

/** `state()`: events and deleted events, plus the call log and active faults. */
export type CalendarStandin = StandinHandle<CalendarState>;

const PersistedSchema = z.object({
  events: z.array(z.any()),
  deleted: z._default(z.array(z.any()), []),
});

export async function startCalendarStandin(
  options: CalendarStandinOptions,
): Promise<CalendarStandin> {
  if (!options.token) throw new Error('Calendar stand-in needs a token');
  const now = options.now ?? (() => new Date());
  const file = options.dataDir ? join(options.dataDir, 'calendar.json') : undefined;
  const loaded = file ? PersistedSchema.parse(loadJsonFile(file) ?? { events: [] }) : undefined;
  const state: CalendarState = {
    events: (loaded?.events as CalendarEvent[] | undefined) ?? [],
    deleted: (loaded?.deleted as CalendarState['deleted'] | undefined) ?? [],
  };
  const persist = () => {
    if (file) saveJsonFile(file, state);
  };

  const find = (id: string): CalendarEvent => {
    const event = state.events.find((e) => e.id === id);
    if (!event) throw new HttpError(404, 'not_found', 'No calendar event with that id');
    return event;
  };

  const handleApi = async (req: StandinRequest): Promise<StandinResponse> => {
    if (req.path !== CALENDAR_EVENTS_PATH && !req.path.startsWith(`${CALENDAR_EVENTS_PATH}/`)) {
      return jsonError(404, 'not_found', 'Not found');
    }
    const presented = req.headers['x-dashboard-token'];
    if (typeof presented !== 'string' || !constantTimeEqual(presented, options.token)) {
      return jsonError(401, 'unauthorized', 'Missing or invalid X-Dashboard-Token');
    }

    const id = req.path.slice(CALENDAR_EVENTS_PATH.length + 1);
    if (!id) {
      if (req.method === 'POST') {
        const input = parseJsonBody(req, CalendarEventInputSchema);
        const at = now().toISOString();
        const event: CalendarEvent = {
          id: `cal_${randomBytes(8).toString('hex')}`,
          ...input,
          createdAt: at,
          updatedAt: at,
        };
        state.events.push(event);
        persist();
        return { status: 201, json: event };
      }
      if (req.method === 'GET') {
        const externalId = req.query.get('externalId');
        const events =
          externalId === null
            ? state.events
            : state.events.filter((e) => e.externalId === externalId);
        return { status: 200, json: { events } };
      }
      return jsonError(405, 'method_not_allowed', `${req.method} not allowed here`);
    }
    if (id.includes('/')) return jsonError(404, 'not_found', 'Not found');

    if (req.method === 'GET') return { status: 200, json: find(id) };
    if (req.method === 'PUT') {
      const event = find(id);
      const input = parseJsonBody(req, CalendarEventInputSchema);
      Object.assign(event, input, { updatedAt: now().toISOString() });
      persist();
      return { status: 200, json: event };
    }
    if (req.method === 'DELETE') {
      const event = find(id);
      state.events = state.events.filter((e) => e !== event);
      state.deleted.push({ ...event, deletedAt: now().toISOString() });
      persist();
      return { status: 204 };
    }
    return jsonError(405, 'method_not_allowed', `${req.method} not allowed here`);
  };

  const server: StandinServer = await startStandinServer({
    idempotency: {
      file: options.dataDir ? join(options.dataDir, 'calendar-idempotency.json') : undefined,
    },
    port: options.port,
    handleApi,
    state: () => structuredClone(state),
  });

  return {
    url: server.url,
    port: server.port,
    state: () => structuredClone({ ...state, calls: server.calls, faults: server.faults.list() }),
    injectFault: (fault) => void server.faults.add(fault),
    clearFaults: () => server.faults.clear(),
    close: () => server.close(),
  };
}
