/**
 * The calendar entry: created once, updated in place on a new revision, removed on cancel. With
 * the `google` provider Apps Script keeps the entry and this step records its report instead.
 */
import type { BridgeRequest } from '../../../shared/bridge-contract';
import { calendarEntry } from '../../../shared/calendar-entry';
import type { CalendarEventInput } from '../adapters/calendar';
import type { BookingLinks } from './links';
import { googleCalendarStep, usesGoogleCalendar } from './google-calendar';
import type { BridgeStep, StepContext, StepOutcome } from './step';

export function calendarInput(req: BridgeRequest, links: BookingLinks): CalendarEventInput {
  return { externalId: req.booking.id, ...calendarEntry(req, links) };
}

async function remove(ctx: StepContext): Promise<StepOutcome> {
  const { deps, head } = ctx;
  const bookingId = ctx.req.booking.id;
  const found = await deps.calendar.findByExternalId(bookingId);
  const ids = [...new Set([head.calendarEventId, ...found.map((e) => e.id)])].filter(
    (id): id is string => !!id,
  );
  if (!ids.length) {
    await ctx.setHead({ calendarEventId: null });
    return { status: 'skipped', ids: {}, reason: 'no calendar entry to remove' };
  }
  for (const id of ids) await deps.calendar.remove(id);
  await ctx.setHead({ calendarEventId: null });
  return { status: 'done', ids: { calendarEventId: ids[0] ?? '', action: 'deleted' } };
}

async function upsert(ctx: StepContext): Promise<StepOutcome> {
  const { deps, head } = ctx;
  const input = calendarInput(ctx.req, ctx.links);
  if (head.calendarEventId) {
    const updated = await deps.calendar.update(head.calendarEventId, input);
    if (updated) return { status: 'done', ids: { calendarEventId: updated.id, action: 'updated' } };
  }
  const [found] = await deps.calendar.findByExternalId(ctx.req.booking.id);
  if (found) {
    const updated = (await deps.calendar.update(found.id, input)) ?? found;
    await ctx.setHead({ calendarEventId: updated.id });
    return { status: 'done', ids: { calendarEventId: updated.id, action: 'updated' } };
  }
  const created = await deps.calendar.create(input);
  await ctx.setHead({ calendarEventId: created.id });
  return { status: 'done', ids: { calendarEventId: created.id, action: 'created' } };
}

export const calendarStep: BridgeStep = {
  name: 'calendar',
  run: (ctx) =>
    usesGoogleCalendar(ctx.req)
      ? // Apps Script did the work; retrying its report here could not change it.
        Promise.resolve().then(() => googleCalendarStep(ctx.req))
      : ctx.attempt(() => (ctx.cancelled ? remove(ctx) : upsert(ctx))),
};
