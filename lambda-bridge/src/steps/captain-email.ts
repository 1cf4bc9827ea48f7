/**
 * The captain's summary e-mail, after the crew event so it can show the crew's answers.
 *
 * At most once per revision: SES has no idempotency key, so a send intent is recorded (a
 * conditional put) before the send, while the previous snapshot and the crew's answers are read.
 * An attempt that finds an intent it cannot settle (the answer was lost, the process died, the
 * state write after the send failed) does not send again; the step is reported as a doubt the
 * captain can see. A failure that certainly happened before SES acted
 * (throttled, connection refused, rejected) clears the intent, so the retry may send.
 */
import { certainlyNotApplied } from '../errors';
import { hasCaptain, renderCaptainEmail, type EmailKind } from '../captain-email';
import type { BridgeStep, StepContext, StepOutcome } from './step';

export const EMAIL_DOUBT_REASON =
  'uncertain: an earlier attempt may have sent this e-mail (SES did not confirm it); not sent again';

async function send(ctx: StepContext): Promise<StepOutcome> {
  const { req, deps, head, cancelled } = ctx;
  const id = req.booking.id;
  // What the e-mail shows is read while the intent is claimed (reads: nothing to undo when the
  // claim finds the e-mail already sent or in doubt).
  const priorSnapshot = deps.store.previousSnapshot(id, req.revision);
  priorSnapshot.catch(() => undefined); // handled where it is awaited, if the claim succeeds
  // The crew's answers are a courtesy: the e-mail goes without them if they cannot be read.
  const crewAnswers = head.sccEventId
    ? deps.crewStatus.answers(head.sccEventId).catch((error: unknown) => {
        deps.log.warn('crew answers not read for the e-mail', { bookingId: id, error });
        return null;
      })
    : Promise.resolve(null);
  const claim = await deps.store.claimEffect(id, req.revision, 'captainEmail', deps.now());
  if (claim.kind === 'sent') return { status: 'done', ids: claim.ids };
  if (claim.kind === 'in-doubt')
    return {
      status: 'skipped',
      ids: { doubt: 'true', since: claim.since },
      reason: EMAIL_DOUBT_REASON,
    };

  let mail;
  let kind: EmailKind;
  try {
    const [prior, answers] = await Promise.all([priorSnapshot, crewAnswers]);
    kind = cancelled ? 'cancelled' : prior || req.revision > 1 ? 'changed' : 'new';
    mail = renderCaptainEmail({
      request: req,
      kind,
      previous: prior?.snapshot ?? null,
      answers,
      links: { guestPage: ctx.links.guestPage, checklist: ctx.links.checklist },
    });
  } catch (err) {
    await deps.store.settleEffect(id, req.revision, 'captainEmail', { kind: 'not-sent' });
    throw err;
  }

  let messageId: string;
  try {
    messageId = (await deps.mailer.send({ to: req.captain.email, ...mail })).messageId;
  } catch (err) {
    if (certainlyNotApplied(err))
      await deps.store.settleEffect(id, req.revision, 'captainEmail', { kind: 'not-sent' });
    throw err;
  }
  const ids = { messageId, kind };
  ctx.afterward(
    deps.store
      .settleEffect(id, req.revision, 'captainEmail', { kind: 'sent', ids })
      .catch((error: unknown) =>
        deps.log.warn('send intent not settled', { bookingId: id, error }),
      ),
  );
  return {
    status: 'done',
    ids,
    ...(!cancelled && !hasCaptain(req)
      ? { reason: 'captain unassigned (flagged in the e-mail)' }
      : {}),
  };
}

export const captainEmailStep: BridgeStep = {
  name: 'captainEmail',
  after: 'crewEvent',
  run: (ctx) => ctx.attempt(() => send(ctx)),
};
