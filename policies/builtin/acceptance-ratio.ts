/**
 * acceptance-ratio: the sybil rule of Yang et al. 2011 ("Uncovering Social Network Sybils in
 * the Wild", Renren): after at least `minAnswered` answered invitations, a member whose
 * invitations are accepted less than `maxAcceptRate` of the time, and (unless
 * `maxClustering` is null) whose invitees barely know one another (clustering coefficient
 * below `maxClustering`), is restricted. Honest members invite people from one circle, who
 * know each other; sybils invite strangers scattered across the network.
 *
 * Clustering is measured, as Yang et al. did on Renren's friendship graph, on the platform's
 * connection graph (ctx.view) over a sample: the last `clusteringSample` invitees, a ring
 * buffer per member. It is the share of pairs of distinct sampled invitees that are connected
 * to each other when the links are counted (no pair: 0, nothing shows a circle).
 *
 * Counting links costs graph lookups (most of the policy's time, mostly cache misses on the
 * invitee's connection list), so only eligible members (`minAnswered` answers) have them
 * counted, and lazily. Links are exact among "verified" ring slots; a new invitee's slot
 * stays pending until something needs the exact value. Links among verified slots over every
 * pair of slots (a repeated invitee makes fewer pairs) bound the clustering from below, and
 * the exact value, pairs counted afresh, is needed only when that bound leaves the outcome
 * open: when it could raise the score's peak, or complete the rule for a member not yet
 * flagged. A flagged member (restricted, or under all-of with this policy's vote standing)
 * is not re-checked: restrict() would change nothing, and the verdict is the email either
 * way. Whether a restriction lifts is asked through suspicious(), which is exact. The
 * connection graph grows during a run and a counted link is not counted again, so a pair of
 * invitees that connects after their link was counted stays unlinked in this sample (as a
 * batch job reading yesterday's snapshot would see it); an invitee's links are counted at
 * most once while it is in the ring. A pending
 * invitee evicted from the ring is never counted: on the 100K-member baseline this leaves
 * 0.4 link counts per eligible invitation instead of 1.2.
 */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { boundedInt, fraction, optionalFraction, positiveInt } from '../params';
import { ACCEPT, ALLOW, REQUIRE_EMAIL, WITHDRAW, type Policy, type PolicyContext, type ResponseKind, type Verdict } from '../policy';
import { cacheLineInt32s } from '../platform/cache-lines';

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

/**
 * A member's record, in 32-bit words: answers accepted and answered; the bitmask of ring slots
 * whose links are not counted yet (eligible members only); invitees recorded (the ring's write
 * position is this modulo the sample size); pairs of distinct invitees in the ring (exact when
 * nothing is pending) and how many pairs of verified slots know each other; then the highest
 * score, a float64 (words 6-7).
 */
const ACCEPTED = 0;
const ANSWERED = 1;
const PENDING = 2;
const RECORDED = 3;
const PAIRS = 4;
const LINKED = 5;
/** The float64 index of the peak within a record. */
const PEAK = 3;
const RECORD = 8;

/** Size of the ring's filter (nearRing): a power of two; 32 invitees in it collide with a random id 0.4% of the time. */
const NEAR = 8192;

/** Scores cap at this multiple of the threshold (a zero rate or clustering would be infinite). */
const SCORE_CAP = 1000;
/** Connections scanned for the price of one `connected` look-up: past this many per verified slot, each verified invitee is looked up instead. */
const CONTACTS_PER_SEARCH = 8;

class AcceptanceRatio implements Policy {
  /**
   * A member's counts, one 32-byte record (see ACCEPTED): an event reads a random member's
   * counts, and seven arrays were seven cache misses where one record, on one line, is one.
   */
  private readonly counts: Int32Array;
  /** The same records as float64s, for the peak score (PEAK). */
  private readonly peaks: Float64Array;
  private readonly ring: Int32Array;
  /** links[slot]: bitmask of the verified ring slots whose invitee knows this slot's invitee. */
  private readonly links: Int32Array;
  /** slotsOf[w]: bitmask of the ring slots holding invitee w, during verify() only (else 0). */
  private readonly slotsOf: Int32Array;
  /**
   * nearRing[w mod NEAR]: 1 when some invitee in the ring is w modulo NEAR, during verify()
   * only. slotsOf is a word a member (400 KB at 100,000 members) and link() reads it at each
   * of a contact's connections, nearly always to find 0: this byte, in the first-level cache,
   * answers most of those reads.
   */
  private readonly nearRing = new Uint8Array(NEAR);
  /** An invitee's connections while its links are counted, grown on demand. */
  private list = new Int32Array(256);
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
    this.counts = cacheLineInt32s(n * RECORD);
    this.peaks = new Float64Array(this.counts.buffer, 0, n * (RECORD / 2));
    this.ring = new Int32Array(tracked * this.s);
    this.links = new Int32Array(tracked * this.s);
    this.slotsOf = new Int32Array(this.c === null ? 0 : n);
  }

  onInvite(sender: number, recipient: number, now: number): Verdict {
    if (this.c === null) return ALLOW;
    this.record(sender, recipient);
    // The accept rate did not move, but a lower clustering can complete the rule.
    return this.evaluate(sender, now) ? REQUIRE_EMAIL : ALLOW;
  }

  onResponse(sender: number, _recipient: number, kind: ResponseKind, now: number): void {
    if (kind === WITHDRAW) return;
    const counts = this.counts;
    const r = sender * RECORD;
    const answered = ++counts[r + ANSWERED];
    if (kind === ACCEPT) counts[r + ACCEPTED]++;
    // From this answer on the clustering is read: every link in the sample is pending.
    if (answered === this.m && this.c !== null) counts[r + PENDING] = filled(Math.min(counts[r + RECORDED], this.s));
    this.evaluate(sender, now);
  }

  /** Puts the invitee in the sender's ring in place of the oldest; an eligible sender's slot is pending. */
  private record(sender: number, x: number): void {
    const s = this.s;
    const base = sender * s;
    const counts = this.counts;
    const r = sender * RECORD;
    const k = counts[r + RECORDED]++;
    const slot = k % s;
    if (counts[r + ANSWERED] >= this.m) {
      const bit = 1 << slot;
      if (k >= s && (counts[r + PENDING] & bit) === 0) this.unlink(sender, base, slot);
      counts[r + PENDING] |= bit;
    }
    this.ring[base + slot] = x;
  }

  /** Drops the links of a verified slot's invitee; the bitmasks need no graph lookups. */
  private unlink(member: number, base: number, slot: number): void {
    const bit = 1 << slot;
    const mask = this.links[base + slot];
    for (let m = mask; m !== 0; m &= m - 1) this.links[base + 31 - Math.clz32(m & -m)] &= ~bit;
    this.links[base + slot] = 0;
    this.counts[member * RECORD + LINKED] -= popcount(mask);
  }

  /**
   * Counts the pairs afresh and the links of every pending slot, each against the slots
   * verified before it. The ring is first written into `slotsOf` (invitee -> bitmask of the
   * slots holding it), so that a pending invitee's links are its contacts' bitmasks ORed
   * together, one array read per contact, and repeated invitees show as they are written.
   */
  private verify(member: number): void {
    const pending = this.counts[member * RECORD + PENDING];
    if (pending === 0) return;
    const ring = this.ring;
    const slotsOf = this.slotsOf;
    const base = member * this.s;
    const size = Math.min(this.counts[member * RECORD + RECORDED], this.s);
    let repeats = 0;
    for (let q = 0; q < size; q++) {
      const w = ring[base + q];
      const earlier = slotsOf[w];
      // Each earlier slot with the same invitee is one pair that is not distinct.
      if (earlier !== 0) repeats += popcount(earlier);
      slotsOf[w] = earlier | (1 << q);
      this.nearRing[w & (NEAR - 1)] = 1;
    }
    this.counts[member * RECORD + PAIRS] = (size * (size - 1)) / 2 - repeats;
    let verified = filled(size) & ~pending;
    for (let todo = pending; todo !== 0; todo &= todo - 1) {
      const slot = 31 - Math.clz32(todo & -todo);
      this.link(member, base, slot, verified);
      verified |= 1 << slot;
    }
    for (let q = 0; q < size; q++) {
      slotsOf[ring[base + q]] = 0;
      this.nearRing[ring[base + q] & (NEAR - 1)] = 0;
    }
    this.counts[member * RECORD + PENDING] = 0;
  }

  /** Links the slot's invitee x with the invitees of the slots in `verified` (slotsOf holds the ring). */
  private link(member: number, base: number, slot: number, verified: number): void {
    if (verified === 0) return;
    const x = this.ring[base + slot];
    const view = this.ctx.view;
    const n = view.connectionCount(x);
    let mask = 0;
    if (n <= CONTACTS_PER_SEARCH * popcount(verified)) {
      if (n > this.list.length) this.list = new Int32Array(Math.max(n, this.list.length * 2));
      const list = this.list;
      view.connectionsOf(x, list);
      const slotsOf = this.slotsOf;
      const near = this.nearRing;
      // x is never among its own connections, so its repeats never link with it.
      for (let i = 0; i < n; i++) {
        const c = list[i];
        if (near[c & (NEAR - 1)] !== 0) mask |= slotsOf[c];
      }
      mask &= verified;
    } else {
      // x has so many connections that asking about each verified invitee costs less.
      for (let v = verified; v !== 0; v &= v - 1) {
        const q = 31 - Math.clz32(v & -v);
        const w = this.ring[base + q];
        if (w !== x && view.connected(x, w)) mask |= 1 << q;
      }
    }
    const bit = 1 << slot;
    this.links[base + slot] = mask;
    this.counts[member * RECORD + LINKED] += popcount(mask);
    for (let m = mask; m !== 0; m &= m - 1) this.links[base + 31 - Math.clz32(m & -m)] |= bit;
  }

  /**
   * Share of pairs of distinct sampled invitees who know each other (no pair: 0): exact when
   * nothing is pending, else a lower bound, counting verified links only and over every pair
   * of slots (repeated invitees make no pair, so there are at most that many).
   */
  private clusteringAtLeast(member: number): number {
    const counts = this.counts;
    const r = member * RECORD;
    let pairs = counts[r + PAIRS];
    if (counts[r + PENDING] !== 0) {
      const size = Math.min(counts[r + RECORDED], this.s);
      pairs = (size * (size - 1)) / 2;
    }
    return pairs === 0 ? 0 : counts[r + LINKED] / pairs;
  }

  /**
   * For an eligible member: raises the score's peak and, unless the member is flagged
   * already, restricts if the rule holds. Returns whether the invitation needs the email by
   * this rule: it restricted now, or the member is flagged. Pending links are counted only
   * when the bound leaves the peak or the rule open.
   */
  private evaluate(member: number, now: number): boolean {
    const r = member * RECORD;
    const n = this.counts[r + ANSWERED];
    if (n < this.m) return false;
    const rate = this.counts[r + ACCEPTED] / n;
    const peak = member * (RECORD / 2) + PEAK;
    const open = !this.ctx.ladder.flagged(member);
    let score = capped(this.r, rate);
    if (this.c !== null) {
      const least = this.clusteringAtLeast(member);
      // More links only raise the clustering and lower its score: this is the most it can be.
      const most = Math.min(score, capped(this.c, least));
      if (!(most > this.peaks[peak]) && !(open && rate < this.r && least < this.c)) return !open;
      this.verify(member);
      score = Math.min(score, capped(this.c, this.clusteringAtLeast(member)));
    }
    if (score > this.peaks[peak]) this.peaks[peak] = score;
    if (!open) return true;
    if (!this.suspicious(member)) return false;
    this.ctx.ladder.restrict(member, now);
    return true;
  }

  /** True when the rule holds now (exact: pending links are counted if the bound leaves it open). */
  suspicious(member: number): boolean {
    const r = member * RECORD;
    const n = this.counts[r + ANSWERED];
    if (n < this.m || !(this.counts[r + ACCEPTED] / n < this.r)) return false;
    if (this.c === null) return true;
    if (!(this.clusteringAtLeast(member) < this.c)) return false;
    this.verify(member);
    return this.clusteringAtLeast(member) < this.c;
  }

  /**
   * The most suspicious the member ever looked once eligible: threshold / value for the
   * accept rate (and for clustering, the smaller of the two). Above 1 exactly when the rule
   * held; 0 for members never eligible.
   */
  score(member: number): number {
    return this.peaks[member * (RECORD / 2) + PEAK];
  }
}

/** Bitmask of slots 0..size-1. */
function filled(size: number): number {
  return size === 32 ? -1 : (1 << size) - 1;
}

/** Set bits of a 32-bit mask. */
function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
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
  rule: {
    restricts: 'Once the sender has `minAnswered` answered invitations, an event after which its accept rate (accepts ÷ answered) is below `maxAcceptRate` and (if set) its invitees\' clustering is below `maxClustering` restricts it.',
    suspicious: 'The same rule holds at that minute.',
    score: 'The highest (threshold ÷ value) ratio once eligible (the smaller of the accept-rate and clustering ratios); above 1 exactly when the rule held; 0 if never eligible.',
  },
  params,
  create: (ctx, raw) => new AcceptanceRatio(ctx, raw as Params),
};
