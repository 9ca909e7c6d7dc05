import fc from 'fast-check';
import { ConnectionGraph, emptySnapshot, type PlatformSnapshot } from '../../../policies/platform/connection-graph';

/** A snapshot whose start connections are the given symmetric pairs (rows sorted, as the type requires). */
function snapshotWith(members: number, pairs: Array<[number, number]>): PlatformSnapshot {
  const rows: Set<number>[] = Array.from({ length: members }, () => new Set());
  for (const [a, b] of pairs) {
    if (a === b) continue;
    rows[a].add(b);
    rows[b].add(a);
  }
  const offsets = new Int32Array(members + 1);
  rows.forEach((r, m) => (offsets[m + 1] = offsets[m] + r.size));
  const targets = new Int32Array(offsets[members]);
  rows.forEach((r, m) => targets.set([...r].sort((x, y) => x - y), offsets[m]));
  return { ...emptySnapshot(members), connections: { offsets, targets } };
}

describe('ConnectionGraph.mutualConnections', () => {
  // The brute-force oracle: sets of each side's connections (start and added), intersected.
  it('is min(|N(a) ∩ N(b)|, cap) for any start graph and added connections, hubs included (property)', () => {
    const members = 40;
    const pair = fc.tuple(fc.nat(members - 1), fc.nat(members - 1));
    fc.assert(
      fc.property(
        fc.array(pair, { maxLength: 120 }),
        fc.array(pair, { maxLength: 200 }),
        // A hub connected to many members, so both the marking and the probing path are taken.
        fc.nat(members - 1),
        fc.array(fc.nat(members - 1), { maxLength: 39 }),
        fc.array(fc.tuple(pair, fc.integer({ min: -1, max: 6 })), { minLength: 1, maxLength: 60 }),
        (start, added, hub, hubbed, queries) => {
          const view = new ConnectionGraph(snapshotWith(members, start));
          const model: Set<number>[] = Array.from({ length: members }, () => new Set());
          for (const [a, b] of start) if (a !== b) (model[a].add(b), model[b].add(a));
          for (const [a, b] of [...added, ...hubbed.map((x): [number, number] => [hub, x])]) {
            view.connect(a, b);
            if (a !== b) (model[a].add(b), model[b].add(a));
          }
          for (const [[a, b], cap] of queries) {
            const mutual = [...model[a]].filter((c) => c !== a && c !== b && model[b].has(c)).length;
            expect(view.mutualConnections(a, b, cap)).toBe(Math.max(0, Math.min(mutual, cap)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  // With more members than signature bits, members share bits: a shared bit must never hide a
  // mutual connection, and disjoint signatures must mean none.
  it('is min(|N(a) ∩ N(b)|, cap) when ids outnumber the signature bits (property)', () => {
    const members = 1000;
    const id = fc.nat(members - 1);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(id, id), { maxLength: 400 }),
        fc.array(fc.tuple(id, id), { maxLength: 400 }),
        fc.array(fc.tuple(id, id, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 80 }),
        (start, added, queries) => {
          const view = new ConnectionGraph(snapshotWith(members, start));
          const model: Set<number>[] = Array.from({ length: members }, () => new Set());
          for (const [a, b] of start) if (a !== b) (model[a].add(b), model[b].add(a));
          for (const [a, b] of added) {
            view.connect(a, b);
            if (a !== b) (model[a].add(b), model[b].add(a));
          }
          // Each query pairs a with a neighbour's neighbour of x (x itself when x has no neighbour), so that many pairs do share one.
          for (const [a, x, cap] of queries) {
            const via = [...model[x]][0];
            const b = via === undefined ? x : ([...model[via]].find((c) => c !== a) ?? x);
            const mutual = [...model[a]].filter((c) => c !== a && c !== b && model[b].has(c)).length;
            expect(view.mutualConnections(a, b, cap)).toBe(Math.min(mutual, cap));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('ConnectionGraph.inAddressBook', () => {
  // The oracle: each owner's uploaded ids as a set; most rows empty, as on the platform.
  it('is whether the owner\'s row holds the member, empty rows included (property)', () => {
    const members = 20;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(members - 1), fc.nat(members - 1)), { maxLength: 40 }), (entries) => {
        const rows: Set<number>[] = Array.from({ length: members }, () => new Set());
        for (const [owner, m] of entries) rows[owner].add(m);
        const offsets = new Int32Array(members + 1);
        rows.forEach((r, m) => (offsets[m + 1] = offsets[m] + r.size));
        const targets = Int32Array.from(rows.flatMap((r) => [...r].sort((x, y) => x - y)));
        const view = new ConnectionGraph({ ...emptySnapshot(members), addressBooks: { offsets, targets } });
        for (let owner = 0; owner < members; owner++) for (let m = 0; m < members; m++) expect(view.inAddressBook(owner, m)).toBe(rows[owner].has(m));
      }),
      { numRuns: 200 },
    );
  });
});
