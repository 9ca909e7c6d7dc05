/**
 * acceptance-ratio: the sybil rule of Yang et al. 2011 ("Uncovering Social Network Sybils in
 * the Wild", Renren): after at least `minAnswered` answered invitations, a member whose
 * invitations are accepted less than `maxAcceptRate` of the time, and (unless
 * `maxClustering` is null) whose invitees barely know one another (clustering coefficient
 * below `maxClustering`), is restricted. Honest members invite people from one circle, who
 * know each other; sybils invite strangers scattered across the network.
 *
 * Clustering is measured on the who-knows-whom graph (ctx.graph) over a sample: the last
 * `clusteringSample` invitees, a ring buffer per member. It is the share of pairs of distinct
 * sampled invitees that know each other (no pair: 0, nothing shows a circle). Only eligible
 * members (`minAnswered` answers) have it read, so only theirs is counted: once, from
 * scratch, at the answer that makes them eligible, then kept up to date as each invitee
 * replaces the oldest. An invitation then costs one pass over the ring, with the invitee's
 * contacts stamped in an array so each check is one read. Reading the coefficient is O(1).
 * At sample 32 on the 100K-member baseline the counting is still most of the policy's cost,
 * much of it cache misses on the sender's ring and the invitee's contact list. A smaller
 * sample is cheaper and coarser; `maxClustering: null` skips all of it.
 */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { boundedInt, fraction, optionalFraction, positiveInt } from '../params';
import { edgeIndex } from '../../sim/graph';
import { ACCEPT, ALLOW, REQUIRE_EMAIL, WITHDRAW, type Policy, type PolicyContext, type ResponseKind, type Verdict } from '../policy';

const params = z
  .object({
    minAnswered: positiveInt(20, 'Answered invitations (accepted, ignored or IDK) before the rule applies.'),
    maxAcceptRate: fraction(0.5, 'Restrict when the share of answered invitations accepted is below this (Yang et al.: 0.5).'),
    maxClustering: optionalFraction(
      0.01,
      "...and the clustering coefficient among the member's invitees is below this (Yang et al.: 0.01); null: accept rate alone.",
    ),
    clusteringSample: boundedInt(32, 2, 32, 'Recent invitees kept per member to estimate the clustering coefficient.'),
  })
  .strict();
type Params = z.infer<typeof params>;

/** Scores cap at this multiple of the threshold (a zero rate or clustering would be infinite). */
const SCORE_CAP = 1000;
/** Contacts stamped for the price of one binary search (on the baseline graph 2 to 16 all measured alike). */
const STAMPS_PER_SEARCH = 8;

class AcceptanceRatio implements Policy {
  private readonly accepted: Uint32Array;
  private readonly answered: Uint32Array;
  private readonly ring: Int32Array;
  /** links[slot]: bitmask of the ring slots whose invitee knows this slot's invitee. */
  private readonly links: Int32Array;
  /** Invitees recorded (the ring's write position is this modulo the sample size). */
  private readonly recorded: Uint32Array;
  /** Pairs of distinct invitees in the ring, and how many of them know each other. */
  private readonly pairs: Uint32Array;
  private readonly linked: Uint32Array;
  private readonly peak: Float64Array;
  /** mark[w] === tick: w is a contact of the invitee being recorded (see knownTo). */
  private readonly mark: Int32Array;
  private tick = 0;
  private readonly m: number;
  private readonly r: number;
  private readonly c: number | null;
  private readonly s: number;

  constructor(
    private readonly ctx: PolicyContext,
    p: Params,
  ) {
    const n = ctx.members;
    this.m = p.minAnswered;
    this.r = p.maxAcceptRate;
    this.c = p.maxClustering;
    this.s = p.clusteringSample;
    const tracked = this.c === null ? 0 : n;
    this.accepted = new Uint32Array(n);
    this.answered = new Uint32Array(n);
    this.ring = new Int32Array(tracked * this.s);
    this.links = new Int32Array(tracked * this.s);
    this.recorded = new Uint32Array(tracked);
    this.pairs = new Uint32Array(tracked);
    this.linked = new Uint32Array(tracked);
    this.peak = new Float64Array(n);
    this.mark = new Int32Array(this.c === null ? 0 : ctx.graph.n);
  }

  onInvite(sender: number, recipient: number, now: number): Verdict {
    if (this.c === null) return ALLOW;
    this.record(sender, recipient);
    // The accept rate did not move, but a lower clustering can complete the rule.
    return this.evaluate(sender, now) ? REQUIRE_EMAIL : ALLOW;
  }

  onResponse(sender: number, _recipient: number, kind: ResponseKind, now: number): void {
    if (kind === WITHDRAW) return;
    const answered = ++this.answered[sender];
    if (kind === ACCEPT) this.accepted[sender]++;
    // From this answer on the clustering is read: count the sample's pairs so far.
    if (answered === this.m && this.c !== null) this.relink(sender);
    this.evaluate(sender, now);
  }

  /**
   * Puts the invitee in the sender's ring in place of the oldest. Pairs and links are only
   * counted once the sender is eligible (most members never are); from then on they follow
   * each invitation.
   */
  private record(sender: number, x: number): void {
    const s = this.s;
    const base = sender * s;
    const k = this.recorded[sender]++;
    const slot = k % s;
    if (this.answered[sender] >= this.m) {
      if (k < s) this.link(sender, base, slot, x, k, -1);
      else this.link(sender, base, slot, x, s, this.unlink(sender, base, slot));
    }
    this.ring[base + slot] = x;
  }

  /** Counts the pairs and links among the invitees in the ring now, from scratch. */
  private relink(member: number): void {
    const base = member * this.s;
    const size = Math.min(this.recorded[member], this.s);
    this.pairs[member] = 0;
    this.linked[member] = 0;
    for (let slot = 0; slot < size; slot++) this.link(member, base, slot, this.ring[base + slot], slot, -1);
  }

  /**
   * Drops the links of the slot's invitee and returns it. Each slot keeps a bitmask of the
   * slots whose invitee knows its own, so this needs no graph lookups.
   */
  private unlink(member: number, base: number, slot: number): number {
    const bit = 1 << slot;
    let mask = this.links[base + slot];
    let linked = this.linked[member];
    while (mask !== 0) {
      const q = 31 - Math.clz32(mask);
      mask &= ~(1 << q);
      this.links[base + q] &= ~bit;
      linked--;
    }
    this.linked[member] = linked;
    return this.ring[base + slot];
  }

  /**
   * Counts x, the slot's new invitee, against the invitees in slots 0..count-1, and takes out
   * the pairs of `evicted`, the slot's old invitee (-1: none). Two tight loops, pairs then
   * links, run faster than one with every test in it (1.2x in process).
   */
  private link(member: number, base: number, slot: number, x: number, count: number, evicted: number): void {
    const ring = this.ring;
    const links = this.links;
    const bit = 1 << slot;
    // Pairs: each other slot whose invitee differs from x, less those that differed from the
    // evicted invitee. Counted without branches over all slots, then slot's own term taken out.
    let pairs = this.pairs[member];
    if (evicted < 0) {
      for (let q = 0; q < count; q++) pairs += ring[base + q] !== x ? 1 : 0;
    } else {
      for (let q = 0; q < count; q++) {
        const w = ring[base + q];
        pairs += (w !== x ? 1 : 0) - (w !== evicted ? 1 : 0);
      }
      // The slot still holds the evicted invitee: its term was (evicted !== x) - 0.
      pairs -= evicted !== x ? 1 : 0;
    }
    let linked = this.linked[member];
    let mask = 0;
    const known = this.knownTo(x, count);
    if (known !== null) {
      const tick = this.tick;
      for (let q = 0; q < count; q++) {
        const w = ring[base + q];
        if (known[w] !== tick || q === slot || w === x) continue;
        mask |= 1 << q;
        links[base + q] |= bit;
        linked++;
      }
    } else {
      const g = this.ctx.graph;
      for (let q = 0; q < count; q++) {
        const w = ring[base + q];
        if (q === slot || w === x || edgeIndex(g, x, w) < 0) continue;
        mask |= 1 << q;
        links[base + q] |= bit;
        linked++;
      }
    }
    links[base + slot] = mask;
    this.pairs[member] = pairs;
    this.linked[member] = linked;
  }

  /**
   * Stamps x's contacts in `mark` with a fresh tick and returns it, so that checking a ring
   * entry is one array read instead of a binary search full of mispredicted branches; or null
   * when x knows so many people that `size` binary searches cost less than stamping them all.
   */
  private knownTo(x: number, size: number): Int32Array | null {
    const g = this.ctx.graph;
    const from = g.offsets[x];
    const to = g.offsets[x + 1];
    if (to - from > STAMPS_PER_SEARCH * size) return null;
    if (++this.tick === 0x7fffffff) {
      this.mark.fill(0);
      this.tick = 1;
    }
    const t = g.targets;
    for (let e = from; e < to; e++) this.mark[t[e]] = this.tick;
    return this.mark;
  }

  /** Share of pairs of distinct sampled invitees who know each other (no pair: 0). */
  private clustering(member: number): number {
    const pairs = this.pairs[member];
    return pairs === 0 ? 0 : this.linked[member] / pairs;
  }

  /** True when the rule holds now. */
  private holds(member: number): boolean {
    const n = this.answered[member];
    if (n < this.m || !(this.accepted[member] / n < this.r)) return false;
    return this.c === null || this.clustering(member) < this.c;
  }

  /** Raises the score's peak and restricts if the rule holds; returns whether it holds. */
  private evaluate(member: number, now: number): boolean {
    const n = this.answered[member];
    if (n < this.m) return false;
    let score = capped(this.r, this.accepted[member] / n);
    if (this.c !== null) score = Math.min(score, capped(this.c, this.clustering(member)));
    if (score > this.peak[member]) this.peak[member] = score;
    if (!this.holds(member)) return false;
    this.ctx.ladder.restrict(member, now);
    return true;
  }

  suspicious(member: number): boolean {
    return this.holds(member);
  }

  /**
   * The most suspicious the member ever looked once eligible: threshold / value for the
   * accept rate (and for clustering, the smaller of the two). Above 1 exactly when the rule
   * held; 0 for members never eligible.
   */
  score(member: number): number {
    return this.peak[member];
  }
}

/** threshold / value, so that value < threshold <=> result > 1; capped, and 0 for a zero threshold. */
function capped(threshold: number, value: number): number {
  if (threshold <= 0) return 0;
  return threshold / Math.max(value, threshold / SCORE_CAP);
}

export const acceptanceRatio: PolicyDefinition = {
  name: 'acceptance-ratio',
  description:
    'The Renren sybil rule (Yang et al., 2011): after `minAnswered` answers, restricts when the accept rate < `maxAcceptRate` and invitee clustering < `maxClustering`.',
  params,
  create: (ctx, raw) => new AcceptanceRatio(ctx, raw as Params),
};
