/** Shards: `--shard I/N` (or /N with JOB_COMPLETION_INDEX) partitions a plan; malformed forms are InputErrors. */
import fc from 'fast-check';
import { formatShards, inShards, parseShard } from '../../runner/shard';
import { InputError } from '../../sim/errors';

describe('shard', () => {
  it('parses I/N counting from 1 (as Playwright does), and /N from the 0-based JOB_COMPLETION_INDEX', () => {
    expect(parseShard('1/4', {})).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 4 / 4 ', {})).toEqual({ index: 3, count: 4 });
    expect(parseShard('/4', { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 2, count: 4 });
    expect(parseShard('/4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 0, count: 4 });
    // An explicit I wins over the environment.
    expect(parseShard('2/4', { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 1, count: 4 });
    expect(formatShards([{ index: 0, count: 2 }, { index: 1, count: 2 }])).toBe('shard 1/2, shard 2/2');
  });

  it.each([
    ['4', {}, /expected I\/N with 1 ≤ I ≤ N/],
    ['x/4', {}, /expected I\/N/],
    ['1/2/3', {}, /expected I\/N/],
    ['-1/4', {}, /expected I\/N/],
    ['1.5/4', {}, /expected I\/N/],
    ['0/4', {}, /^--shard "0\/4": shards count from 1, as Playwright's do: use --shard 1\/4 … 4\/4$/],
    ['5/4', {}, /I = 5 must be ≤ N = 4/],
    ['0/0', {}, /N must be a positive integer/],
    ['/4', {}, /JOB_COMPLETION_INDEX is not set/],
    ['/4', { JOB_COMPLETION_INDEX: 'x' }, /JOB_COMPLETION_INDEX "x" is not a non-negative integer/],
    ['/4', { JOB_COMPLETION_INDEX: '4' }, /JOB_COMPLETION_INDEX = 4 must be < N = 4 \(it counts from 0\)/],
  ])('refuses --shard %s', (text, env, expected) => {
    expect(() => parseShard(text, env)).toThrow(InputError);
    expect(() => parseShard(text, env)).toThrow(expected);
  });

  it('puts every task in exactly one of N shards', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 500 }), (count, task) => {
        const owners = Array.from({ length: count }, (_, index) => inShards(task, [{ index, count }]));
        expect(owners.filter(Boolean)).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
  });
});
