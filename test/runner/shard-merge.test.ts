/**
 * Shards and merge: for any N, running every shard I/N (I given, or from JOB_COMPLETION_INDEX)
 * and merging the folders, in any order, gives the results of one unsharded run (apart from meta).
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { comparable, lines, tinyScenario, writeScenario } from './helpers';

describe('shard and merge', () => {
  const dir = tempDir();
  const file = writeScenario(dir, tinyScenario({ sweep: { 'policy.params.cap': [20, 60, 200] }, replicates: 2 }));
  const whole = path.join(dir, 'whole');

  beforeAll(() => {
    expect(cli(['run', file, '--out', whole, '--threads', '1', '--quiet']).code).toBe(0);
  });

  it('merged shards equal an unsharded run', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }))),
        fc.boolean(),
        ([n, order], fromEnv) => {
          const run = fs.mkdtempSync(path.join(dir, 'run-'));
          const shards = order.map((i) => {
            const out = path.join(run, `shard-${i}`);
            const r = fromEnv
              ? cli(['run', file, '--out', out, '--shard', `/${n}`, '--threads', '1', '--quiet'], { env: { JOB_COMPLETION_INDEX: String(i) } })
              : cli(['run', file, '--out', out, '--shard', `${i + 1}/${n}`, '--threads', '1', '--quiet']);
            expect([r.code, withoutVerdict(r.stderr)]).toEqual([0, '']);
            // Each shard holds exactly its tasks, and says its results are partial.
            const indices = lines(path.join(out, 'runs.ndjson')).map((l) => JSON.parse(l).index);
            expect(indices.every((t) => t % n === i)).toBe(true);
            expect(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).partial).toBe(true);
            return out;
          });
          const merged = path.join(run, 'merged');
          const m = cli(['merge', ...shards, '--out', merged, '--quiet']);
          expect([m.code, withoutVerdict(m.stderr)]).toEqual([0, '']);
          expect(comparable(merged)).toEqual(comparable(whole));
        },
      ),
      { numRuns: 2 },
    );
  });

  it('merges some shards into a partial folder that later merges with the rest', () => {
    const shard = (i: number) => {
      const out = path.join(dir, `part-${i}`);
      expect(cli(['run', file, '--out', out, '--shard', `${i + 1}/3`, '--quiet']).code).toBe(0);
      return out;
    };
    const first = path.join(dir, 'part-merged');
    expect(cli(['merge', shard(0), shard(2), '--out', first, '--quiet']).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(first, 'results.json'), 'utf8')).partial).toBe(true);
    // It holds shards 1 and 3 of 3 (tasks ≡ 0 and 2 mod 3): it resumes as neither a whole run nor one shard.
    expect(cli(['run', file, '--out', first, '--resume', '--quiet']).stderr).toMatch(/holds shard 1\/3, shard 3\/3, not every task/);
    const all = path.join(dir, 'all-merged');
    expect(cli(['merge', first, shard(1), '--out', all, '--quiet']).code).toBe(0);
    expect(comparable(all)).toEqual(comparable(whole));
  });
});
