/**
 * The crew status sync between Apps Script and the bridge: ONE signed POST per run, for every
 * booking that is neither cancelled nor past.
 *
 *   POST {BRIDGE_URL}/v1/crew-status   Content-Type: application/json   + signature headers
 *
 * The bridge reads the crew answers of all of them with one batched read, sends the captain the
 * notices that are due (each once per booking, revision and member: it claims a notice before
 * sending it, so repeated or overlapping runs never send one twice), and answers per booking.
 * When the answers table cannot be read, `answersReadable` is false, no notice is sent, and the
 * sheet keeps the answers it last knew. Errors are the same `{error: {code, message}}` bodies as
 * /v1/bookings.
 */
import * as z from './schema';
import { CrewMemberSchema } from './bridge-contract';
import { MemberAnswerSchema, NOTICE_KINDS } from './crew-status';
import { LOCAL_ISO_WITH_OFFSET } from './booking';

export const CREW_STATUS_PATH = '/v1/crew-status';
export const MAX_SYNC_BOOKINGS = 500;

export const CrewStatusBookingSchema = z.strictObject({
  bookingId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  revision: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)),
  /** Local ISO date-time with offset, as in the booking. */
  start: z.string().check(z.regex(LOCAL_ISO_WITH_OFFSET)),
  timeZone: z.string().check(z.minLength(1), z.maxLength(100)),
  /** How the captain knows the booking: "Boatsetter — May 30 (3h)". */
  title: z.string().check(z.maxLength(200)),
  guestName: z.string().check(z.maxLength(200)),
  crew: z.array(CrewMemberSchema).check(z.maxLength(30)),
  /** Keys of the notices the sheet already knows were sent (noticeKey). */
  noticesSent: z.array(z.string().check(z.maxLength(400))).check(z.maxLength(200)),
});
export type CrewStatusBooking = z.infer<typeof CrewStatusBookingSchema>;

export const CrewStatusRequestSchema = z
  .strictObject({
    bookings: z.array(CrewStatusBookingSchema).check(z.maxLength(MAX_SYNC_BOOKINGS)),
    captain: z.strictObject({
      email: z.email().check(z.maxLength(254)),
      name: z.string().check(z.trim(), z.maxLength(120)),
    }),
    /** Settings "crewAnswers.noAnswerHours". */
    noAnswerHours: z.number().check(z.minimum(1), z.maximum(24 * 30)),
    requestedAt: z.iso.datetime({ offset: true }),
  })
  .check(
    z.refine((r) => new Set(r.bookings.map((b) => b.bookingId)).size === r.bookings.length, {
      message: 'each booking may appear once',
      path: ['bookings'],
    }),
  );
export type CrewStatusRequest = z.infer<typeof CrewStatusRequestSchema>;

export const SentNoticeSchema = z.object({
  key: z.string(),
  kind: z.enum(NOTICE_KINDS),
  /** ISO instant it was sent (by this run or an earlier one). */
  sentAt: z.string(),
  /** "Lee Line (deckhand)" etc.; empty for all-confirmed. */
  about: z.array(z.string()),
});
export type SentNotice = z.infer<typeof SentNoticeSchema>;

export const CrewStatusResultSchema = z.object({
  bookingId: z.string(),
  /** The crew event the answers belong to; null when there is none (not created yet). */
  eventId: z.nullable(z.string()),
  members: z.array(MemberAnswerSchema),
  /** Notices sent for this booking: newly, or found already claimed by an earlier run. */
  notices: z.array(SentNoticeSchema),
  /** Notices that were due but could not be sent (the next run tries again). */
  noticeErrors: z.array(z.string()),
});
export type CrewStatusResult = z.infer<typeof CrewStatusResultSchema>;

export const CrewStatusResponseSchema = z.object({
  ok: z.boolean(),
  /** False: the answers could not be read; `bookings` is empty and nothing was sent. */
  answersReadable: z.boolean(),
  /** When the answers were read (ISO instant). */
  readAt: z.string(),
  /** Why the answers could not be read (safe to show). */
  problem: z.optional(z.string()),
  bookings: z.array(CrewStatusResultSchema),
});
export type CrewStatusResponse = z.infer<typeof CrewStatusResponseSchema>;
