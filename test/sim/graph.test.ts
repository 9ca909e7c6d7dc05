import { buildKnowsGraph, degree, edgeIndex, mutualContacts, type KnowsGraph } from '../../sim/graph';
import { Rng } from '../../sim/rng';
import { DEFAULT_GRAPH } from '../../scenarios/defaults';

const N = 30000;
const REAL = 29000;
const graph: KnowsGraph = buildKnowsGraph(N, REAL, DEFAULT_GRAPH, new Rng('graph-test'));
const degrees = Array.from({ length: REAL }, (_, m) => degree(graph, m)).sort((a, b) => a - b);

describe('buildKnowsGraph', () => {
  it('is well-formed CSR: monotone offsets, sorted rows, no self or duplicate ties, symmetric', () => {
    expect(graph.offsets.length).toBe(N + 1);
    expect(graph.offsets[N]).toBe(graph.targets.length);
    expect(graph.emailKnown.length).toBe(graph.targets.length);
    for (let m = 0; m < N; m++) {
      expect(graph.offsets[m + 1]).toBeGreaterThanOrEqual(graph.offsets[m]);
      for (let e = graph.offsets[m]; e < graph.offsets[m + 1]; e++) {
        const t = graph.targets[e];
        if (t === m || (e > graph.offsets[m] && graph.targets[e - 1] >= t)) throw new Error(`row ${m} not strictly sorted or has a self tie`);
        if (edgeIndex(graph, t, m) < 0) throw new Error(`tie ${m}-${t} is not symmetric`);
      }
    }
  });

  it('gives fake accounts (ids >= real) no contacts', () => {
    for (let m = REAL; m < N; m++) expect(degree(graph, m)).toBe(0);
  });

  it('has heavy-tailed degrees near the requested mean', () => {
    const mean = degrees.reduce((a, b) => a + b, 0) / REAL;
    const median = degrees[REAL >> 1];
    const p99 = degrees[Math.floor(REAL * 0.99)];
    const max = degrees[REAL - 1];
    expect(mean).toBeGreaterThan(DEFAULT_GRAPH.meanDegree * 0.75);
    expect(mean).toBeLessThan(DEFAULT_GRAPH.meanDegree * 1.1);
    // A Poisson graph of this mean has p99/median ~ 1.5 and max/median ~ 2.
    expect(p99 / median).toBeGreaterThan(4);
    expect(max / median).toBeGreaterThan(20);
    // Hill estimator of the tail exponent over the top 2%.
    const k = Math.floor(REAL * 0.02);
    const xk = degrees[REAL - k - 1];
    let s = 0;
    for (let i = REAL - k; i < REAL; i++) s += Math.log(degrees[i] / xk);
    const alpha = k / s;
    expect(alpha).toBeGreaterThan(1.3);
    expect(alpha).toBeLessThan(3.5);
  });

  it('keeps most ties inside communities (community structure)', () => {
    let inside = 0;
    for (let m = 0; m < REAL; m++) {
      for (let e = graph.offsets[m]; e < graph.offsets[m + 1]; e++) if (graph.community[graph.targets[e]] === graph.community[m]) inside++;
    }
    const share = inside / graph.targets.length;
    expect(share).toBeGreaterThan(0.6);
    // and friends of friends share contacts far more often than random pairs
    const rng = new Rng('mutual');
    let fofMutual = 0;
    let randomMutual = 0;
    for (let i = 0; i < 2000; i++) {
      const a = rng.int(REAL);
      if (degree(graph, a) === 0) continue;
      const b = graph.targets[graph.offsets[a] + rng.int(degree(graph, a))];
      if (degree(graph, b) === 0) continue;
      const c = graph.targets[graph.offsets[b] + rng.int(degree(graph, b))];
      fofMutual += mutualContacts(graph, a, c, 1000) > 0 ? 1 : 0;
      randomMutual += mutualContacts(graph, a, rng.int(REAL), 1000) > 0 ? 1 : 0;
    }
    expect(fofMutual).toBeGreaterThan(randomMutual * 3);
  });

  it('knows the email of about the configured share of contacts', () => {
    const known = graph.emailKnown.reduce((a, b) => a + b, 0) / graph.emailKnown.length;
    expect(known).toBeCloseTo(DEFAULT_GRAPH.emailKnownRate, 1);
  });

  it('is reproducible from its seed', () => {
    const again = buildKnowsGraph(N, REAL, DEFAULT_GRAPH, new Rng('graph-test'));
    expect(Buffer.from(again.targets.buffer).equals(Buffer.from(graph.targets.buffer))).toBe(true);
  });
});
