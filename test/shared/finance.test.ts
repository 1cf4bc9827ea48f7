import fc from 'fast-check';
import type { Booking } from '../../shared/booking';
import {
  computeFinance,
  crewPlanFor,
  DEFAULT_FINANCE_SETTINGS,
  FinanceError,
  type FinanceSettings,
} from '../../shared/finance';

const workedExample: Pick<Booking, 'money' | 'crewPlan' | 'durationMinutes'> = {
  money: { boatPriceCents: 96_086, platformFeeCents: 12_011, ownerEarningsCents: 84_075 },
  crewPlan: null,
  durationMinutes: 180,
};

describe('finance: the worked example of the design', () => {
  it('holds exactly: $840.75 -> crew $250.00 + $150.00, port fee $151.34, net $289.41', () => {
    const finance = computeFinance(workedExample, DEFAULT_FINANCE_SETTINGS);

    expect(finance.revenueCents).toBe(84_075);
    expect(finance.crew).toEqual([
      { role: 'deckhand', count: 2, rateCents: 2500, minutes: 300, costCents: 25_000 },
      { role: 'captain', count: 1, rateCents: 5000, minutes: 180, costCents: 15_000 },
    ]);
    expect(finance.crewCostCents).toBe(40_000);
    expect(finance.portFeeCents).toBe(15_134);
    expect(finance.netCents).toBe(28_941);
  });
});

describe('finance: settings drive everything', () => {
  it('uses the boat price when the revenue basis says so', () => {
    const settings: FinanceSettings = { ...DEFAULT_FINANCE_SETTINGS, revenueBasis: 'boatPrice' };
    const finance = computeFinance(workedExample, settings);
    expect(finance.revenueCents).toBe(96_086);
    expect(finance.portFeeCents).toBe(17_295); // 172.9548 -> 172.95
  });

  it('pays fractional and fixed hours through the one rounding rule', () => {
    const settings: FinanceSettings = {
      portFeeBasisPoints: 1250,
      revenueBasis: 'ownerEarnings',
      crewRules: [
        { role: 'deckhand', count: 1, rateCents: 2333, hours: { kind: 'charter', plusMinutes: 0 } },
        { role: 'cleaner', count: 1, rateCents: 2000, hours: { kind: 'fixed', minutes: 90 } },
      ],
    };
    const finance = computeFinance({ ...workedExample, durationMinutes: 150 }, settings);
    expect(finance.crew.map((l) => l.costCents)).toEqual([5833, 3000]); // 23.33/h x 2.5 h = 58.325 -> 58.33; 20.00/h x 1.5 h = 30.00
    expect(finance.portFeeCents).toBe(10_509); // 12.5% of 840.75 = 105.09375
  });

  it("uses a booking's own crew plan over the rules", () => {
    const plan = [{ role: 'captain', count: 1, rateCents: 6000, minutes: 240 }];
    expect(crewPlanFor({ crewPlan: plan, durationMinutes: 180 }, DEFAULT_FINANCE_SETTINGS)).toBe(
      plan,
    );
    expect(
      computeFinance({ ...workedExample, crewPlan: plan }, DEFAULT_FINANCE_SETTINGS).crewCostCents,
    ).toBe(24_000);
  });

  it('zeroes every figure for a cancelled booking', () => {
    const finance = computeFinance(workedExample, DEFAULT_FINANCE_SETTINGS, 'cancelled');
    expect([
      finance.revenueCents,
      finance.crewCostCents,
      finance.portFeeCents,
      finance.netCents,
    ]).toEqual([0, 0, 0, 0]);
  });

  it('says which figure is missing instead of inventing one', () => {
    const noEarnings = {
      ...workedExample,
      money: { ...workedExample.money, ownerEarningsCents: null },
    };
    expect(() => computeFinance(noEarnings, DEFAULT_FINANCE_SETTINGS)).toThrow(FinanceError);
    expect(() => computeFinance(noEarnings, DEFAULT_FINANCE_SETTINGS)).toThrow(/owner earnings/);
  });

  it('always balances: revenue = crew + port fee + net, in whole cents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 15, max: 24 * 60 }),
        fc.integer({ min: 0, max: 10_000 }),
        (earnings, minutes, bp) => {
          const finance = computeFinance(
            {
              money: { boatPriceCents: null, platformFeeCents: null, ownerEarningsCents: earnings },
              crewPlan: null,
              durationMinutes: minutes,
            },
            { ...DEFAULT_FINANCE_SETTINGS, portFeeBasisPoints: bp },
          );
          expect(finance.crewCostCents + finance.portFeeCents + finance.netCents).toBe(
            finance.revenueCents,
          );
          for (const value of [finance.crewCostCents, finance.portFeeCents, finance.netCents])
            expect(Number.isSafeInteger(value)).toBe(true);
        },
      ),
    );
  });
});
