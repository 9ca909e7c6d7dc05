import fc from 'fast-check';
import { IGNORE } from '../../policies/policy';
import { plantedWorld, runDetector, separation, snapshotOf, type DetectorWorld } from './detector-world';

/** Degree-normalised trust by a dense matrix: T <- A D^-1 T from the seeds, ceil(log2 n) times, then T/deg scaled to 1 at convergence. */
function denseTrust(n: number, edges: Array<[number, number]>, seeds: number[]): number[] {
  const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const [x, y] of edges) a[x][y] = a[y][x] = 1;
  const deg = a.map((row) => row.reduce((s, v) => s + v, 0));
  let t = new Array<number>(n).fill(0);
  for (const s of seeds) t[s] = n / seeds.length;
  for (let step = 0; step < Math.ceil(Math.log2(n)); step++) {
    t = a.map((row) => row.reduce((s, v, u) => s + (v && deg[u] > 0 ? t[u] / deg[u] : 0), 0));
  }
  const ends = deg.reduce((s, d) => s + d, 0);
  return t.map((x, v) => (deg[v] > 0 ? (x / deg[v]) * (ends / n) : 0));
}

describe('sybilrank', () => {
  it.each([1, 2, 3])('ranks a planted sybil region with few attack edges lowest (seed %i)', (seed) => {
    const w = plantedWorld({ honest: 600, sybils: 60, seed });
    // The cut at the sybils' share of the inviting members.
    const r = runDetector({ name: 'sybilrank', params: { seeds: 30, bottomShare: 60 / 660 } }, w);
    const { recall, fpr } = separation(w, r.restricted);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(fpr).toBeLessThanOrEqual(0.01);
  });

  it('without a sybil region restricts only its rank cut of honest members', () => {
    const w = plantedWorld({ honest: 600, sybils: 0, seed: 4 });
    const r = runDetector({ name: 'sybilrank', params: { seeds: 30, bottomShare: 0.05 } }, w);
    const restricted = r.restricted.filter(Boolean).length;
    expect(restricted).toBeGreaterThan(0);
    expect(restricted).toBeLessThanOrEqual(0.05 * 600);
  });

  it('matches a dense-matrix power iteration on small random graphs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 14 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { minLength: n, maxLength: 3 * n, selector: ([a, b]) => (a < b ? `${a},${b}` : `${b},${a}`) })),
        ),
        fc.integer({ min: 1, max: 3 }),
        ([n, pairs], seedCount) => {
          const edges = pairs.filter(([a, b]) => a !== b) as Array<[number, number]>;
          // Member 0.. are the oldest; the seeds are the oldest with at least the mean degree.
          const joinedAt = Array.from({ length: n }, (_, m) => m * 100 - 10_000);
          const deg = new Array<number>(n).fill(0);
          for (const [a, b] of edges) {
            deg[a]++;
            deg[b]++;
          }
          const mean = deg.reduce((s, d) => s + d, 0) / n;
          const seeds = deg.map((d, m) => (d > 0 && d >= mean ? m : -1)).filter((m) => m >= 0).slice(0, seedCount);
          // Every member invites once (ignored), so every member is ranked; the graph does not change.
          const w: DetectorWorld = {
            members: n,
            sybil: new Uint8Array(n),
            snapshot: snapshotOf(n, edges, joinedAt),
            answers: Array.from({ length: n }, (_, m) => ({ sender: m, recipient: (m + 1) % n, kind: IGNORE, t: 10 + m })),
          };
          const r = runDetector({ name: 'sybilrank', params: { seeds: seedCount, bottomShare: 0.3 } }, w);
          const want = denseTrust(n, edges, seeds);
          // The k lowest (strictly below the (k+1)-th) are restricted.
          const k = Math.floor(0.3 * n);
          const cut = [...want].sort((x, y) => x - y)[k];
          for (let m = 0; m < n; m++) {
            const below = want[m] < cut - 1e-9;
            const above = want[m] > cut + 1e-9;
            if (below) expect(r.restricted[m]).toBe(true);
            if (above) expect(r.restricted[m]).toBe(false);
            // score = cut / trust, so score x trust is the cut wherever trust is not tiny.
            if (want[m] > cut / 100) expect(r.policy.score!(m) * want[m]).toBeCloseTo(cut, 6);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
