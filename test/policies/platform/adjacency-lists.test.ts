import fc from 'fast-check';
import { AdjacencyLists } from '../../../policies/platform/adjacency-lists';

describe('AdjacencyLists', () => {
  it('holds what was added, member by member: has, copy and at agree with plain arrays (any order of adds)', () => {
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
          expect([...copied].sort((a, b) => a - b)).toEqual([...model[m]].sort((a, b) => a - b));
          expect(copied.map((_, k) => lists.at(m, k))).toEqual(copied);
          for (const x of [...model[m].slice(0, 3), 1001]) expect(lists.has(m, x)).toBe(model[m].includes(x));
        }
      }),
    );
  });
});
