/**
 * What the burst left behind, booking by booking: every effect counted in the stand-ins and
 * emulators, set against what the bridge's last answer said. An effect is
 *   once        counted exactly once;
 *   duplicated  counted more than once (a bug);
 *   uncertain   the captain's e-mail or a crew invitation counted 0 times while the bridge reports it
 *               "uncertain (not re-sent)": an attempt whose SES answer never came (a timeout under
 *               load) may have sent it, so by design it is never sent again (at most once; the
 *               sheet shows the doubt). Not a loss: the captain is told;
 *   lost        counted 0 times with no doubt reported (a bug).
 */
import type { BridgeResponse } from '../shared/bridge-contract';
import type { LocalStack } from '../local/stack';

export const EFFECT_KINDS = [
  'calendar',
  'crewEvent',
  'guestPage',
  'checklist',
  'invalidation',
  'email',
] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];
export type Effects = Record<EffectKind, number>;

export interface EffectTally {
  expected: number;
  once: number;
  duplicated: number;
  uncertain: number;
  /** Uncertain e-mails that SES did receive after all (counted once, doubt still shown). */
  uncertainButSent: number;
  lost: number;
  lostByKind: Partial<Record<EffectKind, number>>;
  duplicatedByKind: Partial<Record<EffectKind, number>>;
  /** Up to three bookings with a lost or duplicated effect, for the report. */
  examples: string[];
}

export async function effectsOf(stack: LocalStack, ids: string[]): Promise<Map<string, Effects>> {
  const calendar = stack.calendarState().events.map((e) => JSON.stringify(e));
  const scc = stack.sccState().events.map((e) => JSON.stringify(e));
  const invalidations = stack.cloudfrontState().invalidations.map((i) => JSON.stringify(i));
  const objects = (await stack.listPageObjects()).map((o) => o.key);
  const mails = (await stack.sesMessages()).map((m) => JSON.stringify(m));
  const count = (items: string[], needle: string) => items.filter((s) => s.includes(needle)).length;
  const out = new Map<string, Effects>();
  for (const id of ids) {
    const slug = id.toLowerCase();
    out.set(id, {
      calendar: count(calendar, id),
      crewEvent: count(scc, id),
      guestPage: objects.filter((k) => k === `${slug}.html`).length,
      checklist: objects.filter((k) => k.startsWith(`crew/${slug}-`)).length,
      invalidation: count(invalidations, `/${slug}.html`),
      email: count(mails, id),
    });
  }
  return out;
}

/** Whether the bridge's answer reports the captain's e-mail as uncertain (not re-sent). */
export function emailInDoubt(answer: unknown): boolean {
  const steps = (answer as Partial<BridgeResponse> | null)?.steps ?? [];
  return steps.some((s) => s.step === 'captainEmail' && s.ids.doubt === 'true');
}

export function tally(effects: Map<string, Effects>, answers: Map<string, unknown>): EffectTally {
  const t: EffectTally = {
    expected: effects.size * EFFECT_KINDS.length,
    once: 0,
    duplicated: 0,
    uncertain: 0,
    uncertainButSent: 0,
    lost: 0,
    lostByKind: {},
    duplicatedByKind: {},
    examples: [],
  };
  for (const [id, e] of effects) {
    const doubt = emailInDoubt(answers.get(id));
    const bad: string[] = [];
    for (const kind of EFFECT_KINDS) {
      const n = e[kind];
      if (kind === 'email' && doubt) {
        if (n === 0) t.uncertain += 1;
        else if (n === 1) t.uncertainButSent += 1;
      }
      if (n === 1) t.once += 1;
      else if (n > 1) {
        t.duplicated += n - 1;
        t.duplicatedByKind[kind] = (t.duplicatedByKind[kind] ?? 0) + n - 1;
        bad.push(`${kind} x${n}`);
      } else if (!(kind === 'email' && doubt)) {
        t.lost += 1;
        t.lostByKind[kind] = (t.lostByKind[kind] ?? 0) + 1;
        bad.push(`${kind} missing`);
      }
    }
    if (bad.length && t.examples.length < 3) t.examples.push(`${id}: ${bad.join(', ')}`);
  }
  return t;
}

/** "calendar 2, email 1" (or "none"). */
export function byKind(counts: Partial<Record<EffectKind, number>>): string {
  const parts = EFFECT_KINDS.filter((k) => counts[k]).map((k) => `${k} ${counts[k]}`);
  return parts.length ? parts.join(', ') : 'none';
}
