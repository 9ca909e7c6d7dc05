import fc from 'fast-check';
import { AdjacencyLists } from '../../../policies/platform/adjacency-lists';

/**
 * The order copy and at report: a member's adds in groups of 7 (the 7 ids a block of the
 * earlier linked-block layout held), the newest group first, each group in the order added.
 * Runs have been seeded with this order (connectionsOf feeds friend-of-friend picks and the
 * detectors' float sums), so the contiguous layout must keep it.
 */
function blockOrder(adds: number[]): number[] {
  const groups: number[][] = [];
  for (let i = 0; i < adds.length; i += 7) groups.push(adds.slice(i, i + 7));
  return groups.reverse().flat();
}

describe('AdjacencyLists', () => {
  it('holds what was added, member by member, in the linked-block order: has, copy, at and entries agree with plain arrays (any order of adds)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(7), fc.nat(1000)), { maxLength: 400, size: 'large' }), (adds) => {
        // A tiny pool, so it grows many times under the lists.
        const lists = new AdjacencyLists(8, 1);
        const model: number[][] = Array.from({ length: 8 }, () => []);
        for (const [m, x] of adds) {
          lists.add(m, x);
          model[m].push(x);
        }
        const out = new Int32Array(400);
        for (let m = 0; m < 8; m++) {
          const n = lists.copy(m, out, 0);
          const copied = Array.from(out.subarray(0, n));
          expect(copied).toEqual(blockOrder(model[m]));
          expect(copied.map((_, k) => lists.at(m, k))).toEqual(copied);
          // In place, in the order added: what mutual-connection counts scan without a copy.
          const from = lists.start(m);
          expect(Array.from(lists.entries.subarray(from, from + lists.count[m]))).toEqual(model[m]);
          for (const x of [...model[m].slice(0, 3), 1001]) expect(lists.has(m, x)).toBe(model[m].includes(x));
        }
      }),
    );
  });

  it('copies only what fits, and says how many there were', () => {
    const lists = new AdjacencyLists(2);
    for (let x = 0; x < 20; x++) lists.add(1, x);
    const out = new Int32Array(5).fill(-1);
    expect(lists.copy(1, out, 2)).toBe(22);
    expect(Array.from(out)).toEqual([-1, -1, 14, 15, 16]);
    expect(lists.copy(0, out, 3)).toBe(3);
  });
});
