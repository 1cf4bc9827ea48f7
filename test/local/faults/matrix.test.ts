/**
 * The fault matrix (local/faults/matrix.ts, `npm run faults`): what it covers, and a fast subset
 * of its cells. The subset is the cells each of which a known bug would fail: a late create, an
 * effect whose answer is lost, a DynamoDB write whose answer is lost (the nonce would be taken for
 * a replay, the e-mail's intent for a doubt), the state write after the effects failing, SES
 * refusing every crew invitation (owed, sent by the next run) and SES losing the captain's answer
 * (a doubt shown, never a second e-mail).
 */
import type { LocalStack } from '../../../local/stack';
import {
  allCells,
  FAULTS,
  runCell,
  startMatrixStack,
  summaryLine,
  TARGETS,
  type Cell,
} from '../../../local/faults/matrix';

const FAST_CELLS: Cell[] = [
  { target: 'calendar', fault: 'late' },
  { target: 'scc', fault: 'effect-then-error' },
  { target: 's3', fault: '500' },
  { target: 'cloudfront', fault: 'dropped' },
  { target: 'ses', fault: 'effect-then-error' },
  { target: 'ddb nonce', fault: 'effect-then-error' },
  { target: 'ddb intent', fault: 'effect-then-error' },
  { target: 'ddb release', fault: '500' },
  { target: 'ses invites', fault: 'refused' },
];

describe('fault matrix: coverage', () => {
  it('has every dependency under every fault, on the SCC and the built-in crew paths', () => {
    const cells = allCells();
    const dependencies = ['calendar', 'scc', 's3', 'cloudfront', 'ses', 'dynamodb'] as const;
    for (const dep of dependencies)
      for (const fault of FAULTS)
        expect(
          cells.filter(
            (c) => c.fault === fault && TARGETS.find((t) => t.name === c.target)?.dep === dep,
          ).length,
        ).toBeGreaterThan(0);
    const builtin = TARGETS.filter((t) => t.crew === 'builtin').map((t) => t.dep);
    expect(new Set(builtin)).toEqual(new Set(['ses', 'dynamodb']));
    // every cell named once
    expect(new Set(cells.map((c) => `${c.target}/${c.fault}`)).size).toBe(cells.length);
  });
});

describe('fault matrix (fast subset)', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startMatrixStack();
  }, 60_000);
  afterAll(() => stack?.stop());

  it.each(FAST_CELLS.map((c) => [c.target, c.fault, c] as const))(
    '%s %s: recovers, no duplicate effect, nothing lost',
    async (_target, _fault, cell) => {
      const result = await runCell(stack, cell, FAST_CELLS.indexOf(cell) + 1);
      // on failure the diff shows the cell's effect counts (`detail`)
      const { recovered, duplicates, lost, detail } = result;
      expect({ recovered, duplicates, lost, detail }).toEqual({
        recovered: true,
        duplicates: 0,
        lost: 0,
        detail,
      });
      expect(summaryLine([result])).toBe(
        'fault matrix: 1 cells, 1 recovered, 0 duplicate effects, 0 lost',
      );
    },
    30_000,
  );
});
