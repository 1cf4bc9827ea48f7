/**
 * The contract between Apps Script and the Lambda bridge: one signed POST per booking event.
 *
 *   POST {BRIDGE_URL}/v1/bookings   Content-Type: application/json   + signature headers (signing.ts)
 *
 * Responses are JSON. 200: the event was run; `steps` says what each system did (`ok` is false
 * when a step failed and should be retried later by sending the same revision again).
 * 4xx: the request is wrong and will stay wrong (`error.code`, `error.message` name the problem),
 * except 409 `busy` (another run of this booking holds the lease: retry shortly).
 * 5xx: the bridge itself failed; retry later.
 */
import * as z from './schema';
import { BookingSchema } from './booking';
import { FinanceSchema } from './finance';
import { isUsTimeZone, US_TIME_ZONES } from './time';
import { CALENDAR_PROVIDERS, CREW_PROVIDERS } from './providers';

export const BRIDGE_PATH = '/v1/bookings';
export const MAX_BODY_BYTES = 64 * 1024;

export const BRIDGE_OPS = ['upsert', 'cancel'] as const;
export type BridgeOp = (typeof BRIDGE_OPS)[number];

export const CrewMemberSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  role: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  email: z.email().check(z.maxLength(254)),
});
export type CrewMember = z.infer<typeof CrewMemberSchema>;

export const GOOGLE_CALENDAR_ACTIONS = [
  'created',
  'updated',
  'deleted',
  'unchanged',
  'none',
] as const;

/**
 * What Apps Script did to the Google Calendar entry before calling the bridge (provider
 * `google`): the bridge records it as its calendar step instead of calling the dashboard.
 */
export const GoogleCalendarReportSchema = z.strictObject({
  /** The entry's iCalUID; null when there is none (nothing to remove, or the write failed). */
  eventId: z.nullable(z.string().check(z.maxLength(1024))),
  action: z.enum(GOOGLE_CALENDAR_ACTIONS),
  /** Why the write failed (CalendarApp's message); the step is failed and retried by the sheet. */
  error: z.optional(z.string().check(z.maxLength(500))),
});
export type GoogleCalendarReport = z.infer<typeof GoogleCalendarReportSchema>;

export const BridgeRequestSchema = z
  .strictObject({
    op: z.enum(BRIDGE_OPS),
    /** Increases by one with every change the sheet accepts for this booking; a retry resends the same one. */
    revision: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)),
    booking: BookingSchema,
    /** Computed by Apps Script from the sheet's Settings; used only in the captain's e-mail. */
    finance: FinanceSchema,
    /** The people invited to the crew event. No pay rates: crew-facing systems never see money. */
    crew: z.array(CrewMemberSchema).check(z.maxLength(30)),
    captain: z.object({
      email: z.email().check(z.maxLength(254)),
      name: z.string().check(z.trim(), z.maxLength(120)),
    }),
    requestedAt: z.iso.datetime({ offset: true }),
    /** The providers chosen in Settings; absent means the dashboard and SCC. */
    providers: z.optional(
      z.strictObject({ calendar: z.enum(CALENDAR_PROVIDERS), crew: z.enum(CREW_PROVIDERS) }),
    ),
    /** With the `google` calendar provider: what Apps Script did to the entry. */
    googleCalendar: z.optional(GoogleCalendarReportSchema),
  })
  .check(z.superRefine(checkRequestRules));
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

export const STEP_NAMES = [
  'calendar',
  'crewEvent',
  'checklist',
  'guestPage',
  'invalidation',
  'captainEmail',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const STEP_STATUSES = ['done', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const StepResultSchema = z.object({
  step: z.enum(STEP_NAMES),
  status: z.enum(STEP_STATUSES),
  attempts: z.number().check(z.int(), z.minimum(0)),
  /** External ids the step produced (calendar event id, SCC event id, S3 key, invalidation id, SES message id...). */
  ids: z.record(z.string(), z.string()),
  /** Why it failed or was skipped; safe to show to the captain (no secrets, no stack traces). */
  reason: z.optional(z.string()),
  /** For failures: whether a later retry can be expected to succeed. */
  retryable: z.optional(z.boolean()),
});
export type StepResult = z.infer<typeof StepResultSchema>;

export const BRIDGE_OUTCOMES = ['completed', 'partial', 'superseded'] as const;

export const BridgeResponseSchema = z.object({
  ok: z.boolean(),
  bookingId: z.string(),
  revision: z.number().check(z.int()),
  /** completed: every step done or skipped; partial: some failed; superseded: a newer revision already ran. */
  outcome: z.enum(BRIDGE_OUTCOMES),
  steps: z.array(StepResultSchema),
  links: z.object({ guestPage: z.nullable(z.string()), checklist: z.nullable(z.string()) }),
});
export type BridgeResponse = z.infer<typeof BridgeResponseSchema>;

export const BRIDGE_ERROR_CODES = [
  'not-found',
  'method-not-allowed',
  'unsupported-media-type',
  'payload-too-large',
  'unauthorized',
  'invalid-json',
  'invalid-request',
  'busy',
  'internal',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

export const BridgeErrorBodySchema = z.object({
  error: z.object({ code: z.enum(BRIDGE_ERROR_CODES), message: z.string() }),
});
export type BridgeErrorBody = z.infer<typeof BridgeErrorBodySchema>;

type RequestShape = {
  op: BridgeOp;
  booking: z.infer<typeof BookingSchema>;
  finance: z.infer<typeof FinanceSchema>;
};

/**
 * What the shape alone cannot say: an id with a letter or digit, a time zone the product's time
 * rules support, and money that is non-negative and adds up (net = revenue - crew - fee; crew =
 * the sum of its lines; revenue = the booking's figure for the chosen basis, 0 when cancelled).
 */
function checkRequestRules(req: RequestShape, ctx: z.core.$RefinementCtx<RequestShape>): void {
  const issue = (path: Array<string | number>, message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const { booking, finance } = req;
  if (!/[A-Za-z0-9]/.test(booking.id))
    issue(['booking', 'id'], 'booking id must contain at least one letter or digit');
  if (!isUsTimeZone(booking.timeZone))
    issue(['booking', 'timeZone'], `unsupported time zone; use one of ${US_TIME_ZONES.join(', ')}`);
  const amounts = {
    revenueCents: finance.revenueCents,
    crewCostCents: finance.crewCostCents,
    portFeeCents: finance.portFeeCents,
    portFeeBasisPoints: finance.portFeeBasisPoints,
  };
  for (const [field, value] of Object.entries(amounts))
    if (value < 0) issue(['finance', field], 'must not be negative');
  finance.crew.forEach((line, i) => {
    for (const field of ['count', 'rateCents', 'minutes', 'costCents'] as const)
      if (line[field] < 0) issue(['finance', 'crew', i, field], 'must not be negative');
  });
  const crewSum = finance.crew.reduce((sum, line) => sum + line.costCents, 0);
  if (finance.crewCostCents !== crewSum)
    issue(['finance', 'crewCostCents'], `must be the sum of the crew lines (${crewSum})`);
  const net = finance.revenueCents - finance.crewCostCents - finance.portFeeCents;
  if (finance.netCents !== net)
    issue(['finance', 'netCents'], `must be revenue - crew cost - port fee (${net})`);
  const basis =
    finance.revenueBasis === 'boatPrice'
      ? booking.money.boatPriceCents
      : booking.money.ownerEarningsCents;
  const cancelledZero = req.op === 'cancel' && finance.revenueCents === 0;
  if (finance.revenueCents !== basis && !cancelledZero)
    issue(
      ['finance', 'revenueCents'],
      `must be the booking's ${finance.revenueBasis} figure (${basis ?? 'missing'})`,
    );
}
