/** The calendar entry: created once, updated in place on a new revision, removed on cancel. */
import type { BridgeRequest } from '../../../shared/bridge-contract';
import { formatDuration } from '../../../shared/booking';
import { bookingLabels, crewSafeNotes, endOf } from '../../../shared/crew-facing';
import type { CalendarEventInput } from '../adapters/calendar';
import type { BookingLinks } from './links';
import type { BridgeStep, StepContext, StepOutcome } from './step';

export function calendarInput(req: BridgeRequest, links: BookingLinks): CalendarEventInput {
  const b = req.booking;
  const start = bookingLabels(b);
  const party = b.partySize ? ` (${b.partySize})` : '';
  const notes = crewSafeNotes(b.notes);
  const description = [
    `Booking ${b.id} (${b.source}), revision ${req.revision}`,
    `Guest: ${b.guestName}${party}`,
    `Boat: ${b.boat}`,
    `Meeting point: ${b.pickupLocation || '(not given)'}`,
    `Departs ${start.time} ${start.zone}, ${formatDuration(b.durationMinutes)}`,
    `Crew: ${req.crew.length ? req.crew.map((m) => `${m.name} (${m.role})`).join(', ') : 'none yet'}`,
    `Guest page: ${links.guestPage}`,
    `Crew checklist: ${links.checklist}`,
    ...(notes ? ['', notes] : []),
  ].join('\n');
  return {
    externalId: b.id,
    title: `Charter ${b.id}: ${b.guestName}${party}, ${b.boat}`,
    start: b.start,
    end: endOf(b),
    timeZone: b.timeZone,
    location: b.pickupLocation,
    description,
  };
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
  run: (ctx) => ctx.attempt(() => (ctx.cancelled ? remove(ctx) : upsert(ctx))),
};
