/**
 * Thread-count independence: for any small sweep, --threads 1 and --threads 2 write
 * byte-identical runs.csv, points.csv and timeline.csv, and results.json equal apart from meta.
 */
import fc from 'fast-check';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { comparable, tinyScenario, writeScenario } from './helpers';

const sweepArb = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  replicates: fc.integer({ min: 1, max: 3 }),
  caps: fc.uniqueArray(fc.integer({ min: 5, max: 300 }), { minLength: 1, maxLength: 3 }),
});

describe('threads', () => {
  it('results do not depend on the thread count', () => {
    fc.assert(
      fc.property(sweepArb, ({ seed, replicates, caps }) => {
        const dir = tempDir();
        const file = writeScenario(dir, tinyScenario({ seed, replicates, sweep: { 'policy.params.cap': caps } }));
        const one = cli(['run', file, '--out', path.join(dir, 'one'), '--threads', '1', '--quiet']);
        const two = cli(['run', file, '--out', path.join(dir, 'two'), '--threads', '2', '--quiet']);
        expect([one.code, withoutVerdict(one.stderr)]).toEqual([0, '']);
        expect([two.code, withoutVerdict(two.stderr)]).toEqual([0, '']);
        expect(comparable(path.join(dir, 'two'))).toEqual(comparable(path.join(dir, 'one')));
      }),
      { numRuns: 3 },
    );
  });
});
