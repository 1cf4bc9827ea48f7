/** The captain's summary e-mail, after the crew event so it can show the crew's answers. */
import { hasCaptain, renderCaptainEmail, type EmailKind } from '../captain-email';
import type { BridgeStep } from './step';

export const captainEmailStep: BridgeStep = {
  name: 'captainEmail',
  after: 'crewEvent',
  run: (ctx) =>
    ctx.attempt(async () => {
      const { req, deps, head, cancelled } = ctx;
      const prior = await deps.store.previousSnapshot(req.booking.id, req.revision);
      const kind: EmailKind = cancelled
        ? 'cancelled'
        : prior || req.revision > 1
          ? 'changed'
          : 'new';
      const answers = head.sccEventId ? await deps.crewStatus.answers(head.sccEventId) : null;
      const mail = renderCaptainEmail({
        request: req,
        kind,
        previous: prior?.snapshot ?? null,
        answers,
        links: { guestPage: ctx.links.guestPage, checklist: ctx.links.checklist },
      });
      const sent = await deps.mailer.send({ to: req.captain.email, ...mail });
      return {
        status: 'done',
        ids: { messageId: sent.messageId, kind },
        ...(!cancelled && !hasCaptain(req)
          ? { reason: 'captain unassigned (flagged in the e-mail)' }
          : {}),
      };
    }),
};
