/**
 * The fast subset of `npm run faults` (local/faults/matrix.ts): one cell per dependency, chosen
 * among the hardest faults (late deliveries, effects whose answer is lost, state writes failing
 * after an effect). Each recovers with every effect exactly once (the captain's e-mail at most
 * once, with the doubt reported).
 */
import type { LocalStack } from '../../../local/stack';
import { runCell, startMatrixStack, summaryLine, type Cell } from '../../../local/faults/matrix';

const FAST_CELLS: Cell[] = [
  { dep: 'calendar', fault: 'late' },
  { dep: 'scc', fault: 'effect-then-error' },
  { dep: 's3', fault: '500' },
  { dep: 'cloudfront', fault: 'dropped' },
  { dep: 'dynamodb', fault: 'effect-then-error' },
  { dep: 'ses', fault: 'effect-then-error' },
];

let stack: LocalStack;
beforeAll(async () => {
  stack = await startMatrixStack();
}, 60_000);
afterAll(() => stack?.stop());

describe('fault matrix (fast subset)', () => {
  it.each(FAST_CELLS.map((c) => [c.dep, c.fault, c] as const))(
    '%s %s: recovers, no duplicate effect, nothing lost',
    async (_dep, _fault, cell) => {
      const result = await runCell(stack, cell, FAST_CELLS.indexOf(cell) + 1);
      expect(summaryLine([result])).toBe(
        'fault matrix: 1 cells, 1 recovered, 0 duplicate effects, 0 lost',
      );
    },
    30_000,
  );
});
