/**
 * The calendar entry: created once, updated in place on a new revision, removed on cancel.
 *
 * Exactly once: the create carries an idempotency key (effectKey: booking, "calendar",
 * generation), so a retry, a lost answer, a state write that failed after the create, or the first
 * request arriving late all end in one entry. No lookup before a first create; a lookup happens
 * only when an earlier attempt of this revision is older than the late window (a service that
 * lost the key) and on cancel. With the `google` provider Apps Script keeps the entry and this
 * step records its report instead.
 */
import type { BridgeRequest } from '../../../shared/bridge-contract';
import { calendarEntry } from '../../../shared/calendar-entry';
import { effectKey } from '../../../shared/idempotency';
import type { CalendarEventInput } from '../adapters/calendar';
import type { BookingLinks } from './links';
import { googleCalendarStep, usesGoogleCalendar } from './google-calendar';
import { pastLateWindow, type BridgeStep, type StepContext, type StepOutcome } from './step';

export function calendarInput(req: BridgeRequest, links: BookingLinks): CalendarEventInput {
  return { externalId: req.booking.id, ...calendarEntry(req, links) };
}

async function remove(ctx: StepContext): Promise<StepOutcome> {
  const { deps, head } = ctx;
  const found = await deps.calendar.findByExternalId(ctx.req.booking.id);
  const ids = [...new Set([head.calendarEventId, ...found.map((e) => e.id)])].filter(
    (id): id is string => !!id,
  );
  if (!ids.length) {
    await ctx.setHead({ calendarEventId: null });
    return { status: 'skipped', ids: {}, reason: 'no calendar entry to remove' };
  }
  for (const id of ids) await deps.calendar.remove(id);
  await ctx.setHead({ calendarEventId: null, calendarGeneration: head.calendarGeneration + 1 });
  return { status: 'done', ids: { calendarEventId: ids[0] ?? '', action: 'deleted' } };
}

async function upsert(ctx: StepContext): Promise<StepOutcome> {
  const { deps, head } = ctx;
  const input = calendarInput(ctx.req, ctx.links);
  let generation = head.calendarGeneration;
  if (head.calendarEventId) {
    const updated = await deps.calendar.update(head.calendarEventId, input);
    if (updated) return { status: 'done', ids: { calendarEventId: updated.id, action: 'updated' } };
    generation += 1; // removed by someone else: the old key would answer the removed entry
  } else if (pastLateWindow(ctx)) {
    const [found] = await deps.calendar.findByExternalId(ctx.req.booking.id);
    const updated = found && (await deps.calendar.update(found.id, input));
    if (updated) {
      await ctx.setHead({ calendarEventId: updated.id });
      return { status: 'done', ids: { calendarEventId: updated.id, action: 'updated' } };
    }
  }
  const key = effectKey(ctx.req.booking.id, 'calendar', generation);
  const created = await deps.calendar.create(input, key);
  // A repeated key answers the entry made earlier (maybe from an older revision): bring it up to date.
  const upToDate = (Object.keys(input) as Array<keyof CalendarEventInput>).every(
    (k) => created[k] === input[k],
  );
  const current = upToDate ? created : ((await deps.calendar.update(created.id, input)) ?? created);
  await ctx.setHead({ calendarEventId: current.id, calendarGeneration: generation });
  return { status: 'done', ids: { calendarEventId: current.id, action: 'created' } };
}

export const calendarStep: BridgeStep = {
  name: 'calendar',
  run: (ctx) =>
    usesGoogleCalendar(ctx.req)
      ? // Apps Script did the work; retrying its report here could not change it.
        Promise.resolve().then(() => googleCalendarStep(ctx.req))
      : ctx.attempt(() => (ctx.cancelled ? remove(ctx) : upsert(ctx))),
};
