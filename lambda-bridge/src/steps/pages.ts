/**
 * The two published pages (the crew checklist and the guest page) and the CloudFront
 * invalidation that makes a changed guest page visible. Each PUT is idempotent (same key, same
 * content); the invalidation's caller reference makes CloudFront return the same invalidation.
 */
import { renderCrewChecklist } from '../../../shared/crew-checklist';
import { firstName } from '../../../shared/crew-facing';
import { PAGE_CACHE_CONTROL, renderGuestPage } from '../../../shared/guest-page';
import { invalidationCallerReference } from './links';
import type { BridgeStep } from './step';

export const checklistStep: BridgeStep = {
  name: 'checklist',
  run: (ctx) =>
    ctx.attempt(async () => {
      const html = renderCrewChecklist({
        booking: ctx.req.booking,
        crew: ctx.req.crew,
        cancelled: ctx.cancelled,
      });
      await ctx.deps.pages.publish(ctx.links.checklistKey, html, PAGE_CACHE_CONTROL);
      return { status: 'done', ids: { key: ctx.links.checklistKey } };
    }),
};

export const guestPageStep: BridgeStep = {
  name: 'guestPage',
  run: (ctx) =>
    ctx.attempt(async () => {
      const { req } = ctx;
      const captainName =
        req.crew.find((m) => /captain|skipper/i.test(m.role))?.name ??
        req.booking.captainName ??
        req.captain.name;
      const html = renderGuestPage({
        booking: req.booking,
        captainName: firstName(captainName),
        cancelled: ctx.cancelled,
      });
      await ctx.deps.pages.publish(ctx.links.guestPageKey, html, PAGE_CACHE_CONTROL);
      return { status: 'done', ids: { key: ctx.links.guestPageKey } };
    }),
};

export const invalidationStep: BridgeStep = {
  name: 'invalidation',
  after: 'guestPage',
  run: (ctx) =>
    ctx.attempt(async () => {
      const paths = ctx.links.invalidationPaths;
      const callerReference = invalidationCallerReference(
        ctx.req.booking.id,
        ctx.req.revision,
        paths,
      );
      const inv = await ctx.deps.cdn.invalidate(paths, callerReference);
      return {
        status: 'done',
        ids: { invalidationId: inv.id, invalidationStatus: inv.status, callerReference },
      };
    }),
};
