/**
 * Finance rules: revenue, crew wages (role x count x rate x hours), port/marina fee and net,
 * all in integer cents. Settings come from the sheet; nothing here is a business constant
 * except the defaults a new sheet starts with.
 */
import * as z from './schema';
import type { Booking, CrewRequirement, EventKind } from './booking';
import { hourlyCost, percentOf, type Cents } from './money';

export const REVENUE_BASES = ['ownerEarnings', 'boatPrice'] as const;
export type RevenueBasis = (typeof REVENUE_BASES)[number];

/** A whole number within [min, max]. */
const wholeNumber = (min: number, max: number) =>
  z.number().check(z.int(), z.minimum(min), z.maximum(max));

/** How long a role is paid for: the charter's length plus some minutes, or a fixed time. */
export const HoursRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('charter'), plusMinutes: wholeNumber(-600, 24 * 60) }),
  z.object({ kind: z.literal('fixed'), minutes: wholeNumber(0, 7 * 24 * 60) }),
]);
export type HoursRule = z.infer<typeof HoursRuleSchema>;

export const CrewRuleSchema = z.object({
  role: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  count: wholeNumber(0, 50),
  rateCents: wholeNumber(0, 1_000_000),
  hours: HoursRuleSchema,
});
export type CrewRule = z.infer<typeof CrewRuleSchema>;

/** What a new sheet starts with for long trips: 12 paid crew hours per started 24 h of a trip. */
export const DEFAULT_CREW_MINUTES_PER_DAY = 12 * 60;

export const FinanceSettingsSchema = z.object({
  /** 1800 = 18%. */
  portFeeBasisPoints: wholeNumber(0, 10_000),
  revenueBasis: z.enum(REVENUE_BASES),
  crewRules: z.array(CrewRuleSchema).check(z.maxLength(20)),
  /**
   * Long and overnight trips: a crew member is paid at most this many minutes for each started
   * 24 hours of the trip (a 54 h trip has 3 trip days). Absent or null: no cap.
   */
  crewMinutesPerDay: z.optional(z.nullable(wholeNumber(60, 1440))),
});
export type FinanceSettings = z.infer<typeof FinanceSettingsSchema>;

/** What a new sheet starts with: the design's worked example. */
export const DEFAULT_FINANCE_SETTINGS: FinanceSettings = {
  portFeeBasisPoints: 1800,
  revenueBasis: 'ownerEarnings',
  crewRules: [
    { role: 'deckhand', count: 2, rateCents: 2500, hours: { kind: 'charter', plusMinutes: 120 } },
    { role: 'captain', count: 1, rateCents: 5000, hours: { kind: 'charter', plusMinutes: 0 } },
  ],
  crewMinutesPerDay: DEFAULT_CREW_MINUTES_PER_DAY,
};

/** An integer (the shape of figures this module computes itself). */
const integer = () => z.number().check(z.int());

export const CrewCostLineSchema = z.object({
  role: z.string(),
  count: integer(),
  rateCents: integer(),
  minutes: integer(),
  costCents: integer(),
  /** Present when the per-day cap cut the hours: the cap and the hours the rule alone gives. */
  capped: z.optional(z.object({ minutesPerDay: integer(), uncappedMinutes: integer() })),
});
export type CrewCostLine = z.infer<typeof CrewCostLineSchema>;

export const FinanceSchema = z.object({
  revenueBasis: z.enum(REVENUE_BASES),
  revenueCents: integer(),
  crew: z.array(CrewCostLineSchema),
  crewCostCents: integer(),
  portFeeBasisPoints: integer(),
  portFeeCents: integer(),
  netCents: integer(),
});
export type Finance = z.infer<typeof FinanceSchema>;

export class FinanceError extends Error {
  override readonly name = 'FinanceError';
}

/** Minutes a rule pays for a charter of `charterMinutes` (before any per-day cap). */
export function paidMinutes(rule: HoursRule, charterMinutes: number): number {
  return rule.kind === 'fixed' ? rule.minutes : Math.max(0, charterMinutes + rule.plusMinutes);
}

/** Started 24-hour periods of a trip: 1 for a day trip or an overnight trip, 3 for 54 hours. */
export function tripDays(charterMinutes: number): number {
  return Math.max(1, Math.ceil(charterMinutes / (24 * 60)));
}

/** The per-day cap for a trip of `charterMinutes`, or null when Settings set none. */
export function crewMinutesCap(
  charterMinutes: number,
  minutesPerDay: number | null | undefined,
): number | null {
  return minutesPerDay ? minutesPerDay * tripDays(charterMinutes) : null;
}

/** The crew a booking needs: its own plan if it has one, otherwise the Settings rules. */
export function crewPlanFor(
  booking: Pick<Booking, 'crewPlan' | 'durationMinutes'>,
  settings: FinanceSettings,
): CrewRequirement[] {
  if (booking.crewPlan) return booking.crewPlan;
  const cap = crewMinutesCap(booking.durationMinutes, settings.crewMinutesPerDay);
  return settings.crewRules
    .filter((rule) => rule.count > 0)
    .map((rule) => {
      const minutes = paidMinutes(rule.hours, booking.durationMinutes);
      return {
        role: rule.role,
        count: rule.count,
        rateCents: rule.rateCents,
        minutes: cap === null ? minutes : Math.min(minutes, cap),
      };
    });
}

export function revenueOf(booking: Pick<Booking, 'money'>, basis: RevenueBasis): Cents {
  const value =
    basis === 'boatPrice' ? booking.money.boatPriceCents : booking.money.ownerEarningsCents;
  if (value === null) {
    throw new FinanceError(
      basis === 'boatPrice'
        ? 'the booking has no boat price, which the revenue basis in Settings needs'
        : 'the booking has no owner earnings, which the revenue basis in Settings needs',
    );
  }
  return value;
}

/**
 * Finances of one booking. A cancelled booking earns nothing and pays no crew: every figure is 0
 * (the card keeps its history in the Log, not in the money columns).
 */
export function computeFinance(
  booking: Pick<Booking, 'money' | 'crewPlan' | 'durationMinutes'>,
  settings: FinanceSettings,
  kind: EventKind = 'new',
): Finance {
  if (kind === 'cancelled') {
    return {
      revenueBasis: settings.revenueBasis,
      revenueCents: 0,
      crew: [],
      crewCostCents: 0,
      portFeeBasisPoints: settings.portFeeBasisPoints,
      portFeeCents: 0,
      netCents: 0,
    };
  }
  const revenueCents = revenueOf(booking, settings.revenueBasis);
  const crew: CrewCostLine[] = crewPlanFor(booking, settings).map((req) => ({
    role: req.role,
    count: req.count,
    rateCents: req.rateCents,
    minutes: req.minutes,
    costCents: req.count * hourlyCost(req.rateCents, req.minutes),
    ...cappedNote(booking, settings, req),
  }));
  const crewCostCents = crew.reduce((sum, line) => sum + line.costCents, 0);
  const portFeeCents = percentOf(revenueCents, settings.portFeeBasisPoints);
  return {
    revenueBasis: settings.revenueBasis,
    revenueCents,
    crew,
    crewCostCents,
    portFeeBasisPoints: settings.portFeeBasisPoints,
    portFeeCents,
    netCents: revenueCents - crewCostCents - portFeeCents,
  };
}

/** Says on a cost line that the per-day cap cut its hours (only when it did). */
function cappedNote(
  booking: Pick<Booking, 'crewPlan' | 'durationMinutes'>,
  settings: FinanceSettings,
  req: CrewRequirement,
): Pick<CrewCostLine, 'capped'> {
  if (booking.crewPlan || !settings.crewMinutesPerDay) return {};
  const rule = settings.crewRules.find((r) => r.role === req.role && r.count === req.count);
  if (!rule) return {};
  const uncapped = paidMinutes(rule.hours, booking.durationMinutes);
  return uncapped > req.minutes
    ? { capped: { minutesPerDay: settings.crewMinutesPerDay, uncappedMinutes: uncapped } }
    : {};
}
