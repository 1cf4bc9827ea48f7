/**
 * The booking's money as the notification states it: boat price, platform fee, owner earnings
 * and the captain fee (shown for information only; never part of gross or earnings).
 */
import type { Money } from '../booking';
import { readMoney } from '../money';
import { type Field, findField, type MailDocument } from './document';
import { ok, type Read, review } from './types';

export interface MoneyReading {
  money: Money;
  /** Captain fee as a positive amount, or null when the mail shows none. */
  captainFeeCents: number | null;
}

const BOAT_PRICE =
  /^(?:boat price|package price|trip price|rental price|base price|boat rental|charter price|price)$/;
const PLATFORM_FEE =
  /^(?:listing fee|boatsetter fee|platform fee|owner service fee|service fee|owner fee|commission|boatsetter commission)$/;
const EARNINGS =
  /^(?:your earnings|your payout|total payout|owner earnings|owner payout|net earnings|your estimated earnings|estimated payout|payout for this booking|payout|earnings|you earn|you'll earn|you will earn|you'll receive|you will receive|owner payout amount)$/;
const CAPTAIN_FEE = /^captain(?:'s)? (?:fee|cost|payment|rate)$/;

export function readMoneyFields(doc: MailDocument): Read<MoneyReading> {
  const boatPriceField = findField(doc, BOAT_PRICE);
  const earningsField = findField(doc, EARNINGS);
  const boatPriceCents = moneyOf(boatPriceField);
  const feeCents = moneyOf(findField(doc, PLATFORM_FEE));
  const earningsCents = moneyOf(earningsField);
  if (boatPriceCents !== null && boatPriceCents < 0)
    return review(`boat price is negative (${boatPriceField!.value})`);
  if (earningsCents !== null && earningsCents < 0)
    return review(`owner earnings are negative (${earningsField!.value})`);
  const captainFee = moneyOf(findField(doc, CAPTAIN_FEE));
  return ok({
    money: {
      boatPriceCents,
      platformFeeCents: feeCents === null ? null : Math.abs(feeCents),
      ownerEarningsCents: earningsCents,
    },
    captainFeeCents: captainFee === null ? null : Math.abs(captainFee),
  });
}

/** The amount at the start of a field's value ("$1,240.50 (after fees)"), or null. */
function moneyOf(field: Field | null): number | null {
  if (!field) return null;
  const m = /^\(?\s*[-−]?\s*(?:USD|US\$)?\s?\$?\s?[-−]?\d[\d,]*(?:\.\d{1,2})?\s*\)?/.exec(
    field.value.trim(),
  );
  return m ? readMoney(m[0].replace('−', '-')) : null;
}
