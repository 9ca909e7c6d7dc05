/**
 * Hand-built worlds for the graph detectors: a platform snapshot (ConnectionGraph) with an
 * honest region of tight communities and, optionally, a planted sybil region, plus the
 * invitation stream both send, answered as the world would answer it. `sybil` marks the
 * planted members for the tests' assertions only; detectors never see it.
 */
import seedrandom from 'seedrandom';
import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { Ladder } from '../../policies/ladder';
import { ACCEPT, IDK, IGNORE, MINUTES_PER_DAY, type Policy, type ResponseKind } from '../../policies/policy';
import { ConnectionGraph, emptySnapshot, type Csr, type PlatformSnapshot } from '../../policies/platform/connection-graph';
import type { GroundTruth } from '../../policies/truth';

export interface Answer {
  sender: number;
  recipient: number;
  kind: ResponseKind;
  t: number;
}

export interface DetectorWorld {
  members: number;
  /** 1 for the planted sybils (for assertions only). */
  sybil: Uint8Array;
  snapshot: PlatformSnapshot;
  /** Invitations in time order, each with its answer a minute later. */
  answers: Answer[];
}

export interface PlantOptions {
  honest: number;
  sybils: number;
  seed: number;
  /** Honest community size; pairs inside are connected with probability `within`. */
  community?: number;
  within?: number;
  /** Cross-community connections per honest member. */
  across?: number;
  /** Invitations each honest member sends to community members it is not connected to; accepted with `honestAccept`. */
  honestInvites?: number;
  honestAccept?: number;
  /** Invitations each sybil sends to random honest members, accepted with `strangerAccept`. */
  sybilInvites?: number;
  strangerAccept?: number;
  /** Ring-mates each sybil invites (collusion: accepted unless self-rejected). */
  ringInvites?: number;
  /** Share of ring invitations the ring rejects (self-rejection, to blur the cut). */
  selfReject?: number;
  /** Sybils (the first this many) that invite only ring-mates: nobody outside votes on them. */
  quiet?: number;
}

/** Edge list -> symmetric CSR with sorted rows. */
export function csrOf(n: number, edges: ReadonlyArray<readonly [number, number]>): Csr {
  const rows: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (const [a, b] of edges) {
    if (a === b) continue;
    rows[a].add(b);
    rows[b].add(a);
  }
  const offsets = new Int32Array(n + 1);
  const flat: number[] = [];
  for (let m = 0; m < n; m++) {
    flat.push(...[...rows[m]].sort((x, y) => x - y));
    offsets[m + 1] = flat.length;
  }
  return { offsets, targets: Int32Array.from(flat) };
}

/** A snapshot of n members with these connections and join minutes. */
export function snapshotOf(n: number, edges: ReadonlyArray<readonly [number, number]>, joinedAt?: ArrayLike<number>): PlatformSnapshot {
  const s = emptySnapshot(n);
  return { ...s, connections: csrOf(n, edges), joinedAt: joinedAt ? Int32Array.from(joinedAt) : s.joinedAt };
}

/** Honest communities and a planted sybil region, ids shuffled so that id order tells nothing. */
export function plantedWorld(o: PlantOptions): DetectorWorld {
  const rng = seedrandom.alea(String(o.seed));
  const community = o.community ?? 20;
  const within = o.within ?? 0.4;
  const n = o.honest + o.sybils;
  const id = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [id[i], id[j]] = [id[j], id[i]];
  }
  const honest = id.slice(0, o.honest);
  const sybils = id.slice(o.honest);
  const sybil = new Uint8Array(n);
  for (const s of sybils) sybil[s] = 1;
  const joinedAt = new Int32Array(n);
  // Honest accounts are years old, each a distinct age; sybils join during the run.
  honest.forEach((m, i) => (joinedAt[m] = -(i + 1) * 997));
  sybils.forEach((m, i) => (joinedAt[m] = 10 + i));
  const edges: Array<[number, number]> = [];
  const connected = new Set<string>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const link = (a: number, b: number) => {
    if (a === b || connected.has(key(a, b))) return false;
    connected.add(key(a, b));
    edges.push([a, b]);
    return true;
  };
  const groups: number[][] = [];
  for (let i = 0; i < o.honest; i += community) groups.push(honest.slice(i, i + community));
  for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) if (rng() < within) link(g[i], g[j]);
  for (const m of honest) for (let k = 0; k < (o.across ?? 3); k++) link(m, honest[Math.floor(rng() * o.honest)]);
  const snapshot = { ...snapshotOf(n, edges), joinedAt };

  const answers: Answer[] = [];
  let t = MINUTES_PER_DAY;
  const answer = (sender: number, recipient: number, accept: boolean) => {
    const kind: ResponseKind = accept ? ACCEPT : rng() < 0.5 ? IGNORE : IDK;
    if (accept) connected.add(key(sender, recipient));
    answers.push({ sender, recipient, kind, t: (t += 7) });
  };
  const honestAccept = o.honestAccept ?? 0.7;
  groups.forEach((g) => {
    for (const m of g) {
      for (let k = 0; k < (o.honestInvites ?? 4); k++) {
        const r = g[Math.floor(rng() * g.length)];
        if (r !== m && !connected.has(key(m, r))) answer(m, r, rng() < honestAccept);
      }
    }
  });
  sybils.forEach((s, i) => {
    for (let k = 0; k < (o.ringInvites ?? 8); k++) {
      const r = sybils[Math.floor(rng() * sybils.length)];
      if (r !== s && !connected.has(key(s, r))) answer(s, r, !(rng() < (o.selfReject ?? 0)));
    }
    if (i < (o.quiet ?? 0)) return;
    for (let k = 0; k < (o.sybilInvites ?? 20); k++) {
      const r = honest[Math.floor(rng() * o.honest)];
      if (!connected.has(key(s, r))) answer(s, r, rng() < (o.strangerAccept ?? 0.1));
    }
  });
  return { members: n, sybil, snapshot, answers };
}

export interface DetectorRun {
  policy: Policy;
  ladder: Ladder;
  view: ConnectionGraph;
  restricted: boolean[];
}

/** Feeds the world's stream to a fresh policy (accepts connect), then one review at `reviewAt` (default: a day after the last answer). */
export function runDetector(spec: unknown, w: DetectorWorld, truth?: GroundTruth, reviewAt?: number): DetectorRun {
  const view = new ConnectionGraph(w.snapshot);
  const ladder = new Ladder(w.members, { coolDownHours: 24, recheckHours: 24, strikesToPermanent: 2 }, () => {});
  const last = w.answers.length > 0 ? w.answers[w.answers.length - 1].t : 0;
  const horizon = Math.max(reviewAt ?? 0, last + MINUTES_PER_DAY);
  const policy = createPolicy(resolvePolicySpec(spec, '/'), { members: w.members, horizon, ladder, view }, truth);
  for (const a of w.answers) {
    policy.onInvite(a.sender, a.recipient, a.t - 1, 0, false);
    if (a.kind === ACCEPT) view.connect(a.sender, a.recipient);
    policy.onResponse(a.sender, a.recipient, a.kind, a.t);
  }
  policy.review?.(reviewAt ?? horizon);
  return { policy, ladder, view, restricted: Array.from(ladder.firstAt, (t) => t >= 0) };
}

/** Recall and false-positive rate of a restriction set against the planted sybils. */
export function separation(w: DetectorWorld, restricted: boolean[]): { recall: number; fpr: number } {
  let tp = 0;
  let fp = 0;
  let s = 0;
  for (let m = 0; m < w.members; m++) {
    if (w.sybil[m]) {
      s++;
      if (restricted[m]) tp++;
    } else if (restricted[m]) fp++;
  }
  return { recall: tp / s, fpr: fp / (w.members - s) };
}
