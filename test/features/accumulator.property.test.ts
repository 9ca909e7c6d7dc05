/**
 * FeatureAccumulator against a brute-force model of docs/features.md: random streams of
 * invitations and answers over a small platform (test/policies/replay.ts), each feature
 * recomputed from the event list with plain sets and arrays (mutual connections by set
 * intersection, clustering over the recorded recipients), checked at the end of the stream.
 */
import fc from 'fast-check';
import { FeatureAccumulator, MUTUAL_CAP, RECENT_INVITEES } from '../../features/accumulator';
import { FEATURE_COUNT, FEATURE_NAMES } from '../../features/schema';
import { ACCEPT, IDK, IGNORE, WITHDRAW } from '../../policies/policy';
import { viewOf } from '../policies/helpers';
import { streamArb, type Stream } from '../policies/replay';

/** The vectors of every member at minute `now`, from the definitions. */
function bruteForce(stream: Stream, now: number): Float32Array[] {
  const n = stream.members;
  const adj = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of stream.connections) {
    if (a === b) continue;
    adj[a].add(b);
    adj[b].add(a);
  }
  const invites: Array<Array<{ t: number; to: number; stranger: boolean; mutual: number }>> = Array.from({ length: n }, () => []);
  const answers = Array.from({ length: n }, () => [0, 0, 0, 0]);
  for (const e of stream.events) {
    if (e.kind === 'invite') {
      let mutual = 0;
      for (const c of adj[e.sender]) if (c !== e.recipient && adj[e.recipient].has(c)) mutual++;
      mutual = Math.min(mutual, MUTUAL_CAP);
      invites[e.sender].push({ t: e.t, to: e.recipient, stranger: mutual === 0, mutual });
    } else {
      answers[e.sender][e.answer]++;
      if (e.answer === ACCEPT && e.sender !== e.recipient) {
        adj[e.sender].add(e.recipient);
        adj[e.recipient].add(e.sender);
      }
    }
  }
  return Array.from({ length: n }, (_, m) => {
    const mine = invites[m];
    const [acc, ign, idk, wd] = [answers[m][ACCEPT], answers[m][IGNORE], answers[m][IDK], answers[m][WITHDRAW]];
    const answered = acc + ign + idk;
    const recent = mine.slice(-RECENT_INVITEES).map((i) => i.to);
    let pairs = 0;
    let linked = 0;
    for (let i = 0; i < recent.length; i++) {
      for (let j = 0; j < i; j++) {
        if (recent[i] === recent[j]) continue;
        pairs++;
        if (adj[recent[i]].has(recent[j])) linked++;
      }
    }
    const v: Record<string, number> = {
      invites_1d: mine.filter((i) => Math.floor(i.t / 60) > Math.floor(now / 60) - 24).length,
      invites_7d: mine.filter((i) => Math.floor(i.t / 360) > Math.floor(now / 360) - 28).length,
      invites_total: mine.length,
      stranger_share: mine.length ? mine.filter((i) => i.stranger).length / mine.length : 0,
      answered,
      accept_rate: answered ? acc / answered : 0,
      ignore_rate: answered ? ign / answered : 0,
      idk_rate: answered ? idk / answered : 0,
      accepts: acc,
      ignores: ign,
      idks: idk,
      withdrawals: wd,
      inmails: 0,
      account_age_days: now / 1440,
      photo: 0,
      degree: adj[m].size,
      invitee_clustering: pairs ? linked / pairs : 0,
      invitee_mutual_mean: mine.length ? mine.reduce((s, i) => s + i.mutual, 0) / mine.length : 0,
    };
    return Float32Array.from(FEATURE_NAMES, (name) => v[name]);
  });
}

test('every feature equals its definition recomputed from the events', () => {
  fc.assert(
    fc.property(streamArb, (stream) => {
      const view = viewOf(stream.members, stream.connections);
      const acc = new FeatureAccumulator(view);
      for (const e of stream.events) {
        if (e.kind === 'invite') acc.onInvite(e.sender, e.recipient, e.t);
        else {
          if (e.answer === ACCEPT) view.connect(e.sender, e.recipient);
          acc.onResponse(e.sender, e.answer);
        }
      }
      const now = stream.events[stream.events.length - 1].t + 1;
      const want = bruteForce(stream, now);
      const got = new Float32Array(FEATURE_COUNT);
      for (let m = 0; m < stream.members; m++) {
        acc.write(m, now, got, 0);
        expect([m, Array.from(got)]).toEqual([m, Array.from(want[m])]);
      }
    }),
    { numRuns: 300 },
  );
});
