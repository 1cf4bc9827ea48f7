/**
 * The bridge's calendar step with the `google` provider: Apps Script wrote the entry and reports
 * it; the bridge records the step as handled by Google Calendar and never calls the dashboard.
 */
import { SendEmailCommand } from '@aws-sdk/client-ses';
import type { BridgeRequest, StepResult } from '../../shared/bridge-contract';
import {
  MemoryNonceStore,
  MemoryStateStore,
  mockAws,
  sendSigned,
  testConfig,
  unitBridge,
  workedExampleRequest,
} from './helpers';

const aws = mockAws();
const { ses } = aws;
beforeEach(() => aws.healthy());

function bridge(configOverrides: Parameters<typeof testConfig>[0] = {}) {
  const { handler, services } = unitBridge({
    config: testConfig(configOverrides),
    adapters: {
      store: new MemoryStateStore(),
      nonces: new MemoryNonceStore(),
      crewStatus: { answers: async () => new Map() },
    },
  });
  const send = async (request: BridgeRequest) => {
    const { body } = await sendSigned(handler, request);
    const calendar = body.steps.find((s) => s.step === 'calendar') as StepResult;
    return { body, calendar };
  };
  return { send, services };
}

const google = (report: BridgeRequest['googleCalendar'], overrides: Partial<BridgeRequest> = {}) =>
  workedExampleRequest({
    providers: { calendar: 'google', crew: 'scc' },
    googleCalendar: report,
    ...overrides,
  });

const captainText = () =>
  ses.commandCalls(SendEmailCommand).at(-1)?.args[0].input.Message?.Body?.Text?.Data ?? '';

describe('calendar provider "google"', () => {
  it('records the entry Apps Script wrote, handled by Google Calendar, without the dashboard', async () => {
    const { send, services } = bridge();
    const { body, calendar } = await send(google({ eventId: 'abc@google.com', action: 'created' }));
    expect(body.ok).toBe(true);
    expect(calendar).toMatchObject({
      status: 'done',
      ids: { handledBy: 'Google Calendar', calendarEventId: 'abc@google.com', action: 'created' },
    });
    expect(services.callsTo('GET', '/api/calendar')).toBe(0);
    expect(services.callsTo('POST', '/api/calendar')).toBe(0);
    expect(captainText()).toContain('Calendar: in your Google Calendar');
  });

  it('fails the step (to be retried by the sheet) when the write failed, then takes the retry', async () => {
    const { send } = bridge();
    const failed = await send(
      google({ eventId: null, action: 'none', error: 'Google Calendar: quota' }),
    );
    expect(failed.body.ok).toBe(false);
    expect(failed.calendar).toMatchObject({
      status: 'failed',
      retryable: true,
      reason: 'Google Calendar: quota',
    });
    expect(captainText()).toContain('could not be written (Google Calendar: quota)');

    const retried = await send(google({ eventId: 'abc@google.com', action: 'created' }));
    expect(retried.calendar).toMatchObject({
      status: 'done',
      ids: { calendarEventId: 'abc@google.com' },
    });
  });

  it('reports a cancellation removed from Google Calendar in the captain e-mail', async () => {
    const { send } = bridge();
    const { calendar } = await send(
      google({ eventId: 'abc@google.com', action: 'deleted' }, { op: 'cancel', revision: 2 }),
    );
    expect(calendar).toMatchObject({ status: 'done', ids: { action: 'deleted' } });
    expect(captainText()).toContain('the entry was removed from your Google Calendar');
  });

  it('without a report from the sheet, fails permanently and says to update Apps Script', async () => {
    const { send } = bridge();
    const { calendar } = await send(google(undefined));
    expect(calendar).toMatchObject({ status: 'failed', retryable: false });
    expect(calendar.reason).toMatch(/clasp push/);
  });

  it('a bridge deployed without the dashboard refuses a booking still set to it, naming the setting', async () => {
    // Prepare: CALENDAR_PROVIDER=google leaves the dashboard unconfigured ('')
    const { send, services } = bridge({ calendarApiUrl: '' });

    // Act: Settings still say provider.calendar = dashboard
    const { body, calendar } = await send(workedExampleRequest());

    // Assess: failed for good, saying what to change; nothing sent anywhere for it
    expect(calendar).toMatchObject({ status: 'failed', retryable: false });
    expect(calendar.reason).toContain('set provider.calendar = google in Settings');
    expect(
      services.calls.filter((c) => new URL(c.url).pathname.startsWith('/api/calendar')),
    ).toEqual([]);
    expect(body.steps.find((s) => s.step === 'guestPage')).toMatchObject({ status: 'done' });
  });
});
