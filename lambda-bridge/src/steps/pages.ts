/**
 * The two published pages (the crew checklist and the guest page) and the CloudFront
 * invalidation that makes a changed guest page visible. A page is written only over an older
 * revision's page (or none), on condition that it is still the one read (page-publisher.ts): a
 * late write of an older revision never replaces a newer page, and a repeated write of the same
 * revision writes the same content. The invalidation's caller reference makes CloudFront return
 * the same invalidation.
 */
import { renderCrewChecklist } from '../../../shared/crew-checklist';
import { firstName } from '../../../shared/crew-facing';
import { PAGE_CACHE_CONTROL, renderGuestPage } from '../../../shared/guest-page';
import type { PublishedPage } from '../adapters/page-publisher';
import { invalidationCallerReference } from './links';
import type { BridgeStep, StepOutcome } from './step';

/** The step's ids: the key, and which revision's page is there now (ours, or a newer one kept). */
function published(page: PublishedPage): StepOutcome {
  return {
    status: 'done',
    ids: {
      key: page.key,
      revision: String(page.revision),
      ...(page.etag ? { etag: page.etag } : {}),
      ...(page.keptNewer ? { keptNewer: 'true' } : {}),
    },
  };
}

export const checklistStep: BridgeStep = {
  name: 'checklist',
  run: (ctx) =>
    ctx.attempt(async () => {
      const html = renderCrewChecklist({
        booking: ctx.req.booking,
        crew: ctx.req.crew,
        cancelled: ctx.cancelled,
      });
      return published(
        await ctx.deps.pages.publish(
          ctx.links.checklistKey,
          html,
          PAGE_CACHE_CONTROL,
          ctx.req.revision,
        ),
      );
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
      return published(
        await ctx.deps.pages.publish(
          ctx.links.guestPageKey,
          html,
          PAGE_CACHE_CONTROL,
          req.revision,
        ),
      );
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
