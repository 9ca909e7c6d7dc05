/**
 * buildCsr builds the symmetric CSR in the edge list's own buffer (group in place, pack, spread,
 * reverse, sort and squeeze). The oracle is a brute-force model: each member's set of
 * neighbours from the pairs as given, in both directions, sorted; duplicates are the pairs given
 * more than once in either direction. Any edge list, including ones that hit a member many times.
 */
import fc from 'fast-check';
import { EdgeList, buildCsr, components } from '../../io/edge-list';

function model(n: number, pairs: Array<[number, number]>) {
  const rows = Array.from({ length: n }, () => new Set<number>());
  let given = 0;
  for (const [a, b] of pairs) {
    if (a === b) continue;
    given++;
    rows[a].add(b);
    rows[b].add(a);
  }
  const sorted = rows.map((r) => [...r].sort((x, y) => x - y));
  const edges = sorted.reduce((s, r) => s + r.length, 0) / 2;
  return { rows: sorted, edges, duplicates: given - edges, selfLoops: pairs.length - given };
}

const graphs = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 300 })),
);

test('the in-place CSR equals the brute-force model for any edge list', () => {
  fc.assert(
    fc.property(graphs, ([n, pairs]) => {
      const list = new EdgeList();
      for (const [a, b] of pairs) list.add(a, b);
      const want = model(n, pairs);
      expect(list.selfLoops).toBe(want.selfLoops);
      const csr = buildCsr(list, n);
      const rows = Array.from({ length: n }, (_, m) => Array.from(csr.targets.subarray(csr.offsets[m], csr.offsets[m + 1])));
      expect(rows).toEqual(want.rows);
      expect([csr.edges, csr.duplicates, csr.offsets[n]]).toEqual([want.edges, want.duplicates, 2 * want.edges]);
      expect(list.length).toBe(0);
    }),
    { numRuns: 300 },
  );
});

test('a list past two growth steps (16 MiB, 2 M pairs, each) builds the same CSR as the model: the buffer grows without losing pairs', () => {
  const n = 2000;
  const e = 4_300_000;
  let s = 7;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n);
  const list = new EdgeList();
  const deg = new Int32Array(n);
  const seen = new Uint8Array(n * n);
  let distinct = 0;
  for (let k = 0; k < e; k++) {
    const a = rand();
    const b = rand();
    list.add(a, b);
    if (a !== b && !seen[a * n + b]) {
      seen[a * n + b] = seen[b * n + a] = 1;
      distinct++;
      deg[a]++;
      deg[b]++;
    }
  }
  const csr = buildCsr(list, n);
  expect(Array.from({ length: n }, (_, m) => csr.offsets[m + 1] - csr.offsets[m])).toEqual(Array.from(deg));
  expect(csr.edges).toBe(distinct);
});

test('components (union-find) counts what a breadth-first search over the model finds, and the largest', () => {
  fc.assert(
    fc.property(graphs, ([n, pairs]) => {
      const list = new EdgeList();
      for (const [a, b] of pairs) list.add(a, b);
      const csr = buildCsr(list, n);
      const rows = model(n, pairs).rows;
      const seen = new Uint8Array(n);
      let count = 0;
      let largest = 0;
      for (let s = 0; s < n; s++) {
        if (seen[s]) continue;
        count++;
        const queue = [s];
        seen[s] = 1;
        for (let q = 0; q < queue.length; q++) for (const b of rows[queue[q]]) if (!seen[b]) (seen[b] = 1), queue.push(b);
        largest = Math.max(largest, queue.length);
      }
      expect(components(csr.offsets, csr.targets, n)).toEqual({ count, largest });
    }),
  );
});
