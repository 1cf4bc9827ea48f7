import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startCalendarStandin,
  type CalendarEvent,
  type CalendarStandin,
} from '../../../local/standins/calendar';

const TOKEN = 'test-dashboard-token-0123456789';

const sampleEvent = (overrides: Record<string, unknown> = {}) => ({
  externalId: 'BS-1001',
  title: 'Charter: Jane Doe (6 guests)',
  start: '2026-07-04T10:00:00-07:00',
  end: '2026-07-04T15:00:00-07:00',
  timeZone: 'America/Los_Angeles',
  location: 'Shelter Island Marina, San Diego',
  description: 'Sunset cruise',
  ...overrides,
});

describe('Calendar stand-in', () => {
  let standin: CalendarStandin;
  let api: (path: string, init?: RequestInit & { token?: string | null }) => Promise<Response>;

  beforeAll(async () => {
    standin = await startCalendarStandin({ token: TOKEN });
    api = (path, init = {}) => {
      const { token = TOKEN, ...rest } = init;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers['x-dashboard-token'] = token;
      return fetch(`${standin.url}${path}`, { ...rest, headers });
    };
  });

  afterAll(async () => {
    await standin.close();
  });

  afterEach(() => standin.clearFaults());

  describe('auth', () => {
    it.each([
      ['missing', null],
      ['wrong', 'not-the-token'],
      ['a prefix of the', TOKEN.slice(0, -1)],
      ['an extension of the', `${TOKEN}x`],
    ])('answers 401 JSON for a %s token and changes nothing', async (_label, token) => {
      // Prepare
      const before = standin.state().events.length;

      // Act
      const res = await api('/api/calendar/events', {
        method: 'POST',
        token,
        body: JSON.stringify(sampleEvent()),
      });

      // Assess
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: 'unauthorized', message: expect.any(String) },
      });
      expect(standin.state().events).toHaveLength(before);
    });

    it('does not echo the token in any answer', async () => {
      const res = await api('/api/calendar/events', { method: 'POST', token: 'secret-guess' });
      expect(await res.text()).not.toContain('secret-guess');
    });
  });

  describe('request size', () => {
    it('answers 413 JSON for a body over 1 MB and creates nothing', async () => {
      // Prepare
      const before = standin.state().events.length;

      // Act
      const res = await api('/api/calendar/events', {
        method: 'POST',
        body: JSON.stringify(sampleEvent({ description: 'x'.repeat(1024 * 1024) })),
      });

      // Assess
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        error: { code: 'payload_too_large', message: 'Request body too large' },
      });
      expect(standin.state().events).toHaveLength(before);
    });
  });

  describe('events', () => {
    it('creates, finds by externalId, reads, updates and deletes an event', async () => {
      // Act: create
      const created = await api('/api/calendar/events', {
        method: 'POST',
        body: JSON.stringify(sampleEvent({ externalId: 'BS-crud' })),
      });
      const event = (await created.json()) as CalendarEvent;

      // Assess
      expect(created.status).toBe(201);
      expect(event).toMatchObject({
        ...sampleEvent({ externalId: 'BS-crud' }),
        id: expect.any(String),
      });
      expect(event.createdAt).toBe(event.updatedAt);

      // Act + Assess: lookup by externalId
      const found = await api('/api/calendar/events?externalId=BS-crud');
      expect(await found.json()).toEqual({ events: [event] });
      const none = await api('/api/calendar/events?externalId=BS-none');
      expect(await none.json()).toEqual({ events: [] });

      // Act + Assess: read, update
      expect(await (await api(`/api/calendar/events/${event.id}`)).json()).toEqual(event);
      const updated = await api(`/api/calendar/events/${event.id}`, {
        method: 'PUT',
        body: JSON.stringify(sampleEvent({ externalId: 'BS-crud', title: 'Changed title' })),
      });
      expect(updated.status).toBe(200);
      expect(await updated.json()).toMatchObject({ id: event.id, title: 'Changed title' });

      // Act + Assess: delete, then gone
      const deleted = await api(`/api/calendar/events/${event.id}`, { method: 'DELETE' });
      expect(deleted.status).toBe(204);
      expect((await api(`/api/calendar/events/${event.id}`)).status).toBe(404);
      expect((await api(`/api/calendar/events/${event.id}`, { method: 'DELETE' })).status).toBe(
        404,
      );
      expect(standin.state().deleted.map((d) => d.id)).toContain(event.id);
    });

    it('answers 404 for PUT of an unknown id', async () => {
      const res = await api('/api/calendar/events/cal_missing', {
        method: 'PUT',
        body: JSON.stringify(sampleEvent()),
      });
      expect(res.status).toBe(404);
    });

    it('does not deduplicate: two POSTs with one externalId make two events', async () => {
      for (let i = 0; i < 2; i++) {
        await api('/api/calendar/events', {
          method: 'POST',
          body: JSON.stringify(sampleEvent({ externalId: 'BS-dup' })),
        });
      }
      const found = (await (await api('/api/calendar/events?externalId=BS-dup')).json()) as {
        events: CalendarEvent[];
      };
      expect(found.events).toHaveLength(2);
    });

    it.each([
      ['a missing field', { title: undefined }, 'title'],
      ['an unknown field', { gross: '840.75' }, 'body'],
      ['a bad date', { start: 'tomorrow' }, 'start'],
      ['an end before the start', { end: '2026-07-04T09:00:00-07:00' }, 'end'],
      ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ])('answers 400 naming the field for %s', async (_label, overrides, field) => {
      const res = await api('/api/calendar/events', {
        method: 'POST',
        body: JSON.stringify(sampleEvent(overrides)),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message.startsWith(field)).toBe(true);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const res = await api('/api/calendar/events', { method: 'POST', body: '{not json' });
      expect(res.status).toBe(400);
    });
  });

  describe('fault injection', () => {
    it('answers the injected status for the next N matching requests, without the effect', async () => {
      // Prepare
      const post = await fetch(`${standin.url}/__faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          method: 'POST',
          pathPrefix: '/api/calendar',
          status: 503,
          times: 2,
        }),
      });
      expect(post.status).toBe(201);
      const create = () =>
        api('/api/calendar/events', {
          method: 'POST',
          body: JSON.stringify(sampleEvent({ externalId: 'BS-fault' })),
        });

      // Act
      const statuses = [(await create()).status, (await create()).status, (await create()).status];

      // Assess
      expect(statuses).toEqual([503, 503, 201]);
      expect(standin.state().events.filter((e) => e.externalId === 'BS-fault')).toHaveLength(1);
      expect(standin.state().calls.filter((c) => c.injectedFault)).toHaveLength(2);
    });

    it('with afterEffect, performs the effect and still answers the fault', async () => {
      standin.injectFault({ method: 'POST', pathPrefix: '/api/', status: 500, afterEffect: true });
      const res = await api('/api/calendar/events', {
        method: 'POST',
        body: JSON.stringify(sampleEvent({ externalId: 'BS-after' })),
      });
      expect(res.status).toBe(500);
      expect(standin.state().events.filter((e) => e.externalId === 'BS-after')).toHaveLength(1);
    });

    it('only matches the given method and path prefix; DELETE /__faults clears', async () => {
      standin.injectFault({ method: 'DELETE', pathPrefix: '/api/', status: 502, times: 5 });
      expect((await api('/api/calendar/events?externalId=x')).status).toBe(200);
      expect(standin.state().faults).toEqual([
        expect.objectContaining({ method: 'DELETE', times: 5 }),
      ]);
      const cleared = await fetch(`${standin.url}/__faults`, { method: 'DELETE' });
      expect(cleared.status).toBe(204);
      expect(standin.state().faults).toEqual([]);
    });

    it('rejects a malformed fault with 400', async () => {
      const res = await fetch(`${standin.url}/__faults`, {
        method: 'POST',
        body: JSON.stringify({ method: 'GET', pathPrefix: 'no-slash', status: 503 }),
      });
      expect(res.status).toBe(400);
    });

    it('can drop the connection (status 0) so callers see a network error', async () => {
      standin.injectFault({ method: 'GET', pathPrefix: '/api/', status: 0 });
      await expect(api('/api/calendar/events?externalId=x')).rejects.toThrow();
      expect((await api('/api/calendar/events?externalId=x')).status).toBe(200);
    });
  });

  it('serves its whole state on GET /__state without auth, and never the token', async () => {
    const res = await fetch(`${standin.url}/__state`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      events: expect.any(Array),
      deleted: expect.any(Array),
      calls: expect.any(Array),
    });
    expect(text).not.toContain(TOKEN);
  });
});

describe('Calendar stand-in persistence', () => {
  it('resumes its events from the data directory after a restart', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'calendar-standin-'));
    try {
      const first = await startCalendarStandin({ token: TOKEN, dataDir });
      const res = await fetch(`${first.url}/api/calendar/events`, {
        method: 'POST',
        headers: { 'x-dashboard-token': TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify(sampleEvent({ externalId: 'BS-persist' })),
      });
      const event = (await res.json()) as CalendarEvent;
      await first.close();

      // Act
      const second = await startCalendarStandin({ token: TOKEN, dataDir });
      try {
        const found = await fetch(`${second.url}/api/calendar/events?externalId=BS-persist`, {
          headers: { 'x-dashboard-token': TOKEN },
        });

        // Assess
        expect(await found.json()).toEqual({ events: [event] });
        expect(readFileSync(join(dataDir, 'calendar.json'), 'utf8')).not.toContain(TOKEN);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
