import fc from 'fast-check';
import type { Csr } from '../../../policies/platform/connection-graph';
import { ConnectionLists } from '../../../policies/platform/connection-lists';

/** A sorted symmetric CSR of the given pairs (self-pairs dropped). */
function csrOf(members: number, pairs: Array<[number, number]>): { csr: Csr; rows: number[][] } {
  const sets: Set<number>[] = Array.from({ length: members }, () => new Set());
  for (const [a, b] of pairs) if (a !== b) (sets[a].add(b), sets[b].add(a));
  const rows = sets.map((s) => [...s].sort((x, y) => x - y));
  const offsets = new Int32Array(members + 1);
  rows.forEach((r, m) => (offsets[m + 1] = offsets[m] + r.length));
  return { csr: { offsets, targets: Int32Array.from(rows.flat()) }, rows };
}

/** AdjacencyLists' order for added ids: groups of 7 adds, newest group first, each group in the order added. */
function blockOrder(adds: number[]): number[] {
  const groups: number[][] = [];
  for (let i = 0; i < adds.length; i += 7) groups.push(adds.slice(i, i + 7));
  return groups.reverse().flat();
}

describe('ConnectionLists', () => {
  // The oracle: plain arrays per member, the snapshot row then the adds; segments move and the pool compacts many times.
  it('reports the snapshot row then the adds in block order, and has/count agree with plain arrays (property)', () => {
    const members = 12;
    const pair = fc.tuple(fc.nat(members - 1), fc.nat(members - 1));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 60 }), fc.array(pair, { maxLength: 300 }), (start, adds) => {
        const { csr, rows } = csrOf(members, start);
        const lists = new ConnectionLists(csr);
        const added: number[][] = Array.from({ length: members }, () => []);
        const has = (a: number, b: number) => rows[a].includes(b) || added[a].includes(b);
        for (const [a, b] of adds) {
          if (a === b || has(a, b)) continue;
          lists.add(a, b);
          lists.add(b, a);
          added[a].push(b);
          added[b].push(a);
        }
        const out = new Int32Array(64);
        for (let m = 0; m < members; m++) {
          const expected = [...rows[m], ...blockOrder(added[m])];
          expect(lists.count(m)).toBe(expected.length);
          expect(lists.copy(m, out)).toBe(expected.length);
          expect(Array.from(out.subarray(0, expected.length))).toEqual(expected);
          for (let x = 0; x < members; x++) expect(lists.has(m, x)).toBe(has(m, x));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('copies only what fits and still returns the full count', () => {
    const { csr } = csrOf(3, [[0, 1], [0, 2]]);
    const lists = new ConnectionLists(csr);
    const out = new Int32Array(1);
    expect(lists.copy(0, out)).toBe(2);
    expect(out[0]).toBe(1);
  });
});
