/** The bench's figure records: every figure has the fields bench/results.json promises. */
import {
  atMost,
  info,
  interleaved,
  spread,
  versus,
  withBaseline,
  type Figure,
} from '../../bench/figures';

const FIELDS = ['name', 'value', 'unit', 'baseline', 'ratio', 'target', 'met'];

describe('figure records', () => {
  it('carry name, value, unit, baseline, ratio, target and met, also without a baseline', () => {
    const figures: Figure[] = [
      atMost('bundle', 640, 'KB', 700),
      info('peak RSS', 300, 'MB'),
      versus(
        'fan-out',
        500,
        'ms',
        { name: 'seed pipeline', value: 6000, unit: 'ms' },
        { kind: 'speedup', atLeast: 10 },
      ),
    ];
    for (const f of figures) expect(Object.keys(f)).toEqual(expect.arrayContaining(FIELDS));
    expect(figures[0]).toMatchObject({
      baseline: null,
      ratio: null,
      target: '<= 700 KB',
      met: true,
    });
    expect(figures[1]).toMatchObject({ target: null, met: null });
  });

  it('a speedup is baseline/value and must reach the target', () => {
    const seed = { name: 'seed pipeline (one after another + 5 s wait)', value: 6000, unit: 'ms' };
    expect(versus('fan-out', 500, 'ms', seed, { kind: 'speedup', atLeast: 10 })).toMatchObject({
      ratio: 12,
      ratioOf: 'baseline/value',
      target: '>= 10x',
      met: true,
    });
    expect(versus('fan-out', 700, 'ms', seed, { kind: 'speedup', atLeast: 10 }).met).toBe(false);
  });

  it('a fraction is value/baseline and must stay under the target; a gain must reach it', () => {
    const unbundled = { name: 'unbundled', value: 200, unit: 'ms' };
    expect(versus('cold', 90, 'ms', unbundled, { kind: 'fraction', atMost: 0.5 })).toMatchObject({
      ratio: 0.45,
      met: true,
    });
    expect(versus('cold', 110, 'ms', unbundled, { kind: 'fraction', atMost: 0.5 }).met).toBe(false);
    expect(
      versus(
        'rate',
        3,
        '/s',
        { name: 'one at a time', value: 2, unit: '/s' },
        { kind: 'gain', atLeast: 1 },
      ),
    ).toMatchObject({ ratio: 1.5, met: true });
  });

  it('a limit figure shown beside a baseline keeps its own verdict', () => {
    const f = withBaseline(atMost('DynamoDB calls', 8, 'calls', 10), {
      name: 'before',
      value: 20,
      unit: 'calls',
    });
    expect(f).toMatchObject({ ratio: 0.4, met: true, target: '<= 10 calls' });
  });
});

describe('spread and interleaving', () => {
  it('reports the median and the spread', () => {
    expect(spread([5, 1, 4, 2, 3])).toEqual({ n: 5, median: 3, p25: 2, p75: 4, min: 1, max: 5 });
    expect(spread([1, 2, 3, 4]).median).toBe(2.5);
  });

  it('alternates which runner goes first in each round', async () => {
    const order: string[] = [];
    const runner = (name: string) => async (round: number) => {
      order.push(`${name}${round}`);
      return round;
    };
    const out = await interleaved(3, [runner('a'), runner('b')]);
    expect(order).toEqual(['a0', 'b0', 'b1', 'a1', 'a2', 'b2']);
    expect(out).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
  });
});
