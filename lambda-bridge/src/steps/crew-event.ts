/**
 * The crew event in SCC: created once, updated in place on a new revision (same event: SCC invites
 * only those added and tells those removed), cancelled on cancel. Bodies: shared/scc-contract.ts.
 */
import { sccEventBody } from '../../../shared/crew-facing';
import type { BridgeStep, StepContext, StepOutcome } from './step';

const live = async (ctx: StepContext) =>
  (await ctx.deps.crew.findByBookingRef(ctx.req.booking.id)).filter(
    (e) => e.status !== 'cancelled',
  );

async function cancel(ctx: StepContext): Promise<StepOutcome> {
  const { deps, head } = ctx;
  const found = await live(ctx);
  const ids = [
    ...new Set([head.sccCancelled ? null : head.sccEventId, ...found.map((e) => e.eventId)]),
  ].filter((id): id is string => !!id);
  if (!ids.length) return { status: 'skipped', ids: {}, reason: 'no crew event to cancel' };
  for (const id of ids) await deps.crew.cancel(id);
  await ctx.setHead({ sccEventId: ids[0] ?? null, sccCancelled: true });
  return { status: 'done', ids: { sccEventId: ids[0] ?? '', action: 'cancelled' } };
}

async function upsert(ctx: StepContext): Promise<StepOutcome> {
  const { deps, head } = ctx;
  const fields = sccEventBody(ctx.req, ctx.links.checklist);
  if (head.sccEventId && !head.sccCancelled) {
    const updated = await deps.crew.update(head.sccEventId, fields);
    if (updated) return { status: 'done', ids: { sccEventId: updated.eventId, action: 'updated' } };
  }
  const [found] = await live(ctx);
  if (found) {
    const updated = (await deps.crew.update(found.eventId, fields)) ?? found;
    await ctx.setHead({ sccEventId: updated.eventId, sccCancelled: false });
    return { status: 'done', ids: { sccEventId: updated.eventId, action: 'updated' } };
  }
  const created = await deps.crew.create(fields);
  await ctx.setHead({ sccEventId: created.eventId, sccCancelled: false });
  return { status: 'done', ids: { sccEventId: created.eventId, action: 'created' } };
}

export const crewEventStep: BridgeStep = {
  name: 'crewEvent',
  run: (ctx) => ctx.attempt(() => (ctx.cancelled ? cancel(ctx) : upsert(ctx))),
};
