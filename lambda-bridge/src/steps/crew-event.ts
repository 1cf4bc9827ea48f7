/**
 * The crew event in SCC (which invites the crew): created once, updated in place on a new
 * revision (same event: SCC invites only those added and tells those removed), cancelled on
 * cancel. Bodies: shared/scc-contract.ts. Exactly once the same way as the calendar entry: the
 * create carries an idempotency key (booking, "crewEvent", generation), no lookup before a first
 * create, a lookup only past the late window and on cancel. With provider.crew = builtin the
 * bridge invites the crew itself (builtin-crew.ts).
 */
import { sccEventBody } from '../../../shared/crew-facing';
import { effectKey } from '../../../shared/idempotency';
import { builtinCrewStep, usesBuiltinCrew } from './builtin-crew';
import { pastLateWindow, type BridgeStep, type StepContext, type StepOutcome } from './step';

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
  await ctx.setHead({
    sccEventId: ids[0] ?? null,
    sccCancelled: true,
    sccGeneration: head.sccGeneration + 1,
  });
  return { status: 'done', ids: { sccEventId: ids[0] ?? '', action: 'cancelled' } };
}

async function upsert(ctx: StepContext): Promise<StepOutcome> {
  const { deps, head } = ctx;
  const fields = sccEventBody(ctx.req, ctx.links.checklist);
  let generation = head.sccGeneration;
  if (head.sccEventId && !head.sccCancelled) {
    const updated = await deps.crew.update(head.sccEventId, fields);
    if (updated) return { status: 'done', ids: { sccEventId: updated.eventId, action: 'updated' } };
    generation += 1; // gone or cancelled in SCC: the old key would answer that event
  } else if (pastLateWindow(ctx)) {
    const [found] = await live(ctx);
    const updated = found && (await deps.crew.update(found.eventId, fields));
    if (updated) {
      await ctx.setHead({ sccEventId: updated.eventId, sccCancelled: false });
      return { status: 'done', ids: { sccEventId: updated.eventId, action: 'updated' } };
    }
  }
  const key = effectKey(ctx.req.booking.id, 'crewEvent', generation);
  const created = await deps.crew.create(fields, key);
  // A repeated key answers the event made earlier (maybe for an older revision): update it, which
  // SCC treats as no change when the fields are the same.
  const current =
    ctx.req.revision > 1 || created.status !== 'scheduled'
      ? ((await deps.crew.update(created.eventId, fields)) ?? created)
      : created;
  await ctx.setHead({
    sccEventId: current.eventId,
    sccCancelled: false,
    sccGeneration: generation,
  });
  return { status: 'done', ids: { sccEventId: current.eventId, action: 'created' } };
}

export const crewEventStep: BridgeStep = {
  name: 'crewEvent',
  run: (ctx) =>
    usesBuiltinCrew(ctx)
      ? builtinCrewStep(ctx)
      : ctx.attempt(() => (ctx.cancelled ? cancel(ctx) : upsert(ctx))),
};
