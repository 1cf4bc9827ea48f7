/**
 * Property: whatever is wrong with a signed request's payload (negative or inconsistent money,
 * revenue that is not the booking's figure, an unsupported time zone, an id without a letter or
 * digit), the bridge answers 400 naming the field and writes nothing anywhere: no DynamoDB call
 * (not even the nonce), no S3, CloudFront or SES call, no calendar or SCC request.
 */
import fc from 'fast-check';
import type { BridgeRequest } from '../../shared/bridge-contract';
import { mockAws, parseBody, signedEvent, unitBridge, workedExampleRequest } from './helpers';

const aws = mockAws();

type Mutation = [field: string, mutate: (r: BridgeRequest) => unknown];

const negative = fc.integer({ min: -100_000_000, max: -1 });
const money: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .constantFrom('revenueCents', 'crewCostCents', 'portFeeCents')
    .chain((field) =>
      negative.map((v): Mutation => [
        `finance.${field}`,
        (r) => ({ ...r, finance: { ...r.finance, [field]: v } }),
      ]),
    ),
  fc
    .integer({ min: -1_000_000, max: 1_000_000 })
    .filter((d) => d !== 0)
    .map((d): Mutation => [
      'finance.netCents',
      (r) => ({ ...r, finance: { ...r.finance, netCents: r.finance.netCents + d } }),
    ]),
  fc.integer({ min: 1, max: 1_000_000 }).map((d): Mutation => [
    'finance.revenueCents',
    (r) => {
      const revenueCents = r.finance.revenueCents + d;
      const netCents = revenueCents - r.finance.crewCostCents - r.finance.portFeeCents;
      return { ...r, finance: { ...r.finance, revenueCents, netCents } };
    },
  ]),
);
const zone: fc.Arbitrary<Mutation> = fc
  .constantFrom('America/Nowhere', 'Europe/Paris', 'UTC', 'Mars/Olympus_Mons', 'Etc/GMT+8')
  .map((timeZone): Mutation => [
    'booking.timeZone',
    (r) => ({ ...r, booking: { ...r.booking, timeZone } }),
  ]);
const id: fc.Arbitrary<Mutation> = fc
  .integer({ min: 4, max: 32 })
  .map((n): Mutation => [
    'booking.id',
    (r) => ({ ...r, booking: { ...r.booking, id: '-'.repeat(n) } }),
  ]);

describe('bridge validation (property)', () => {
  it('any bad payload: 400 naming the field, zero writes anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(money, zone, id), async ([field, mutate]) => {
        aws.reset();
        const { handler, services } = unitBridge();
        const result = await handler(signedEvent(JSON.stringify(mutate(workedExampleRequest()))));
        expect(result.statusCode).toBe(400);
        expect(parseBody(result).error.message).toContain(field);
        expect(aws.callCount()).toBe(0);
        expect(services.calls).toHaveLength(0);
      }),
      { numRuns: 150 },
    );
  });
});
