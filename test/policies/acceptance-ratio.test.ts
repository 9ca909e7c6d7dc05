import fc from 'fast-check';
import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { ACCEPT, ALLOW, CHANNEL_PROFILE, IDK, IGNORE, REQUIRE_EMAIL, WITHDRAW } from '../../policies/policy';
import { edgeIndex } from '../../sim/graph';
import { graphOf, world } from './helpers';

const spec = (params: object) => resolvePolicySpec({ name: 'acceptance-ratio', params }, '/');

describe('acceptance-ratio', () => {
  it("defaults to Yang et al.'s rule", () => {
    expect(spec({}).params).toEqual({ minAnswered: 20, maxAcceptRate: 0.5, maxClustering: 0.01, clusteringSample: 32 });
  });

  it('restricts at the answer that takes the accept rate below R once M are answered, not one earlier', () => {
    const { ctx, ladder } = world(2);
    const p = createPolicy(spec({ minAnswered: 4, maxAcceptRate: 0.5, maxClustering: null }), ctx);
    p.onResponse(0, 1, IDK, 1); // 0/1, too few answers to judge
    p.onResponse(0, 1, ACCEPT, 2);
    p.onResponse(0, 1, ACCEPT, 3);
    p.onResponse(0, 1, WITHDRAW, 4); // not an answer
    p.onResponse(0, 1, IGNORE, 5); // 2/4 = 0.5: not below
    expect(ladder.isRestricted(0)).toBe(false);
    expect(p.suspicious(0, 5)).toBe(false);
    p.onResponse(0, 1, IGNORE, 6); // 2/5
    expect(ladder.isRestricted(0)).toBe(true);
    expect(ladder.since[0]).toBe(6);
    expect(p.score!(0)).toBeCloseTo(0.5 / 0.4);
  });

  it('spares a low accept rate among invitees who know each other, and restricts at the invitation that scatters them', () => {
    // 1, 2, 3 know each other (one circle); 4 knows no one.
    const graph = graphOf(5, [
      [1, 2],
      [2, 3],
      [1, 3],
    ]);
    const { ctx, ladder } = world(5, { graph });
    const p = createPolicy(spec({ minAnswered: 2, maxAcceptRate: 0.5, maxClustering: 0.5, clusteringSample: 3 }), ctx);
    for (const r of [1, 2, 3]) expect(p.onInvite(0, r, r, CHANNEL_PROFILE, false)).toBe(ALLOW);
    p.onResponse(0, 1, IDK, 10);
    p.onResponse(0, 2, IDK, 11); // rate 0, clustering 1
    expect(ladder.isRestricted(0)).toBe(false);
    // 4 replaces 1 in the sample {4, 2, 3}: one linked pair of three, below 0.5.
    expect(p.onInvite(0, 4, 12, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL);
    expect(ladder.since[0]).toBe(12);
  });

  it('measures clustering over the last `clusteringSample` invitees exactly, whenever the member becomes eligible (restricts when it first drops below C)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 30, max: 32 })),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 39 }), fc.integer({ min: 1, max: 39 })), { maxLength: 200 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 39 }), { maxLength: 90 }),
        fc.nat(),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (sample, edges, hub, rest, answerAt, c) => {
          // 1 and 2 know each other, so the sample starts clustered. A hub (3 knows everyone)
          // has more contacts than are worth stamping, so its checks are binary searches.
          const hubEdges: Array<[number, number]> = hub ? Array.from({ length: 36 }, (_, i) => [3, i + 4]) : [];
          const graph = graphOf(40, [[1, 2], ...hubEdges, ...edges]);
          const { ctx, ladder } = world(40, { graph });
          const p = createPolicy(spec({ minAnswered: 1, maxAcceptRate: 1, maxClustering: c, clusteringSample: sample }), ctx);
          const invitees = [1, 2, ...rest];
          // The first answer (eligibility: clustering is counted from here) comes after invitation `eligibleAt`.
          const eligibleAt = 1 + (answerAt % (invitees.length - 1));
          let expected = -1;
          let peak = 0;
          invitees.forEach((r, i) => {
            p.onInvite(0, r, i + 1, CHANNEL_PROFILE, false);
            if (i === eligibleAt) p.onResponse(0, 1, IDK, i + 1); // rate 0 < 1: only clustering decides
            if (i < eligibleAt) return;
            const recent = invitees.slice(Math.max(0, i + 1 - sample), i + 1);
            let pairs = 0;
            let linked = 0;
            for (let a = 0; a < recent.length; a++) {
              for (let b = a + 1; b < recent.length; b++) {
                if (recent[a] === recent[b]) continue;
                pairs++;
                if (edgeIndex(graph, recent[a], recent[b]) >= 0) linked++;
              }
            }
            const cc = pairs === 0 ? 0 : linked / pairs;
            if (expected < 0 && cc < c) expected = i + 1;
            // The score is the peak of min(accept-rate score, clustering score); a zero accept rate scores the cap.
            peak = Math.max(peak, Math.min(1000, c / Math.max(cc, c / 1000)));
          });
          expect(ladder.firstAt[0]).toBe(expected);
          expect(p.score!(0)).toBe(peak);
        },
      ),
    );
  });
});
