/**
 * rejecto: Cao, Sirivianos, Yang, Munagala, "Combating Friend Spam Using Social Rejections"
 * (ICDCS 2015). Even well-kept fake accounts collect rejections. Split the members into a
 * suspect region S and the rest H so that the aggregate acceptance rate of requests from S
 * to H, F / (F + R), is lowest: F counts connections across the cut (accepted requests, and
 * connections from before the run), R the requests S sent to H that were ignored or answered
 * "I don't know". Sybils that accept one another's requests (collusion) only add connections
 * inside S, which do not count; sybils that reject one another (self-rejection) only add
 * rejections inside S, which do not count either.
 *
 * The ratio is minimised as the paper does, by a sequence of cut problems: for a ratio
 * lambda, minimise F - lambda * R (Dinkelbach: the best cut's ratio becomes the next lambda,
 * until it stops falling), each by an extended Kernighan-Lin search (Fiduccia-Mattheyses
 * passes: move the unlocked member whose move lowers the objective most, lock it, keep going
 * through worse moves for up to 256 moves past the best point seen, roll back to that point;
 * repeat passes while one improves, at most 4; at most 6 lambdas). The search starts from the
 * members whose own requests fare worse than `maxAcceptRate`, at the lambda that rate means,
 * and, if that finds no region, again at 4 and 16 times it (search()). Seeds (graph/seeds.ts) stay in H, and S holds at most
 * `maxRegionShare` of the members still in play: without them, "everyone but one member who
 * rejects a lot" would be a cut of low ratio. A region whose rate is below `maxAcceptRate` is
 * detected and removed, and the search runs again on the rest, up to `maxRegions` times.
 *
 * A region must also be one, and carry evidence: at least `minRegionSize` members (2: the
 * lowest ratio of any set is often one member's own, and a lone member whose requests fare
 * badly is the per-member accept-rate rule's business; without it rejecto flags up to
 * maxRegions single grey members, recruiters, in a world with no sybils) and at least
 * `minRejections` rejected requests across its cut (10, half the 20 answered requests Yang et
 * al.'s rule waits for: a pair with two rejections is no evidence). A region short of either is
 * set aside unflagged (its members keep their own-rate scores) and the search goes on without
 * it; at most 2 x maxRegions searches a batch, so grey members cannot make a batch unbounded.
 *
 * Scores: a detected member scores maxAcceptRate / its region's rate (above 1); any other
 * member who invites, maxAcceptRate / its own rate capped at 1, so the undetected rank by
 * their own rejection record. Cost per pass: O((n + m) log n) with a binary heap.
 */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { fraction, positiveInt } from '../params';
import type { PolicyContext } from '../policy';
import { BatchDetector, belowScore, intervalHoursParam, seedsParam } from './graph/batch-detector';
import { MaxHeap } from './graph/max-heap';
import { checkSeedCount, checkSeedsParam, chooseSeeds } from './graph/seeds';

const params = z
  .object({
    intervalHours: intervalHoursParam(),
    seeds: seedsParam(),
    maxAcceptRate: fraction(0.3, "Detect a region whose requests to the rest are accepted less than this share of the time (connections across the cut / (those + rejections))."),
    maxRegions: positiveInt(3, 'Regions detected and removed per batch, at most.'),
    maxRegionShare: fraction(0.5, 'Largest share of the members still in play that one region may hold.'),
    minRegionSize: positiveInt(2, 'Fewest members a detected region holds (a smaller one is set aside unflagged).'),
    minRejections: positiveInt(10, 'Fewest rejected requests across a detected region\'s cut (evidence; a region with fewer is set aside unflagged).'),
  })
  .strict();
type Params = z.infer<typeof params>;

const H = 0;
const S = 1;
const REMOVED = 2;
/** Moves a pass goes on past its best point before it gives up. */
const PATIENCE = 256;
const MAX_PASSES = 4;
const MAX_LAMBDA_ROUNDS = 6;
/**
 * Starting lambdas tried: the threshold's, then 4 and 16 times it. A fourth, 64 times, costs
 * three times the others together where no region is left to find (it pulls in most members
 * who were ever rejected, and lambda takes rounds to come back down).
 */
const STAGES = 3;
const EPS = 1e-9;

class Rejecto extends BatchDetector {
  private readonly seedList: Int32Array;
  private readonly seed: Uint8Array;
  private readonly side: Uint8Array;
  /** Where each search starts (S: suspect alone). */
  private readonly start: Uint8Array;
  private readonly locked: Uint8Array;
  /** Connections and rejections sent, among members still in play. */
  private readonly degree: Int32Array;
  private readonly rejectsOut: Int32Array;
  /** Connections in S; requests from S members this member rejected; this member's rejected requests to S. */
  private readonly friendsInS: Int32Array;
  private readonly rejectedFromS: Int32Array;
  private readonly rejectsToS: Int32Array;
  /** Rejections by sender (rows of outOff/outTo) and by recipient (inOff/inFrom). */
  private readonly outOff: Int32Array;
  private readonly inOff: Int32Array;
  private outTo = new Int32Array(0);
  private inFrom = new Int32Array(0);
  private moves: Int32Array;
  private readonly heap = new MaxHeap();
  private lambda = 0;
  /** Kernighan-Lin passes and moves made, over all batches (stats). */
  private passes = 0;
  private moved = 0;
  private sizeS = 0;
  /** Most members S may hold in this region's search. */
  private cap = 0;

  constructor(
    ctx: PolicyContext,
    private readonly p: Params,
  ) {
    super(ctx, p.intervalHours);
    const n = ctx.members;
    this.seedList = new Int32Array(p.seeds);
    this.seed = new Uint8Array(n);
    this.side = new Uint8Array(n);
    this.start = new Uint8Array(n);
    this.locked = new Uint8Array(n);
    this.degree = new Int32Array(n);
    this.rejectsOut = new Int32Array(n);
    this.friendsInS = new Int32Array(n);
    this.rejectedFromS = new Int32Array(n);
    this.rejectsToS = new Int32Array(n);
    this.outOff = new Int32Array(n + 1);
    this.inOff = new Int32Array(n + 1);
    this.moves = new Int32Array(Math.min(n, 1024));
  }

  protected detect(): void {
    const n = this.csr.members;
    this.loadRejections();
    this.seed.fill(0);
    const count = chooseSeeds(this.ctx.view, this.csr, this.seedList);
    for (let i = 0; i < count; i++) this.seed[this.seedList[i]] = 1;
    this.side.fill(H);
    this.scoreOwnRates();
    for (let found = 0, tries = 0; found < this.p.maxRegions && tries < 2 * this.p.maxRegions; tries++) {
      if (!this.startRegion()) break;
      const rate = this.search();
      if (!(rate < this.p.maxAcceptRate)) break;
      const region = this.sizeS >= this.p.minRegionSize && this.cutOfS()[1] >= this.p.minRejections;
      if (region) found++;
      const score = belowScore(this.p.maxAcceptRate, rate);
      for (let v = 0; v < n; v++) {
        if (this.side[v] !== S) continue;
        this.side[v] = REMOVED;
        if (!region) continue;
        this.flag[v] = 1;
        this.scores[v] = score;
      }
    }
  }

  /** Counting sort of the logged rejections into by-sender and by-recipient rows. */
  private loadRejections(): void {
    const { log, outOff, inOff } = this;
    const { senders, recipients, accepted } = log;
    const n = this.csr.members;
    outOff.fill(0);
    inOff.fill(0);
    let total = 0;
    for (let i = 0; i < log.length; i++) {
      if (accepted[i] === 1) continue;
      outOff[senders[i] + 1]++;
      inOff[recipients[i] + 1]++;
      total++;
    }
    for (let m = 0; m < n; m++) {
      outOff[m + 1] += outOff[m];
      inOff[m + 1] += inOff[m];
    }
    if (this.outTo.length < total) {
      this.outTo = new Int32Array(Math.ceil(total * 1.25));
      this.inFrom = new Int32Array(this.outTo.length);
    }
    // Fill from the row ends backwards, so offsets end up back at the row starts.
    for (let i = log.length - 1; i >= 0; i--) {
      if (accepted[i] === 1) continue;
      const s = senders[i];
      const r = recipients[i];
      this.outTo[--outOff[s + 1]] = r;
      this.inFrom[--inOff[r + 1]] = s;
    }
    // Each row's end was decremented to its start; shift to get starts at m and ends at m+1.
    for (let m = 0; m < n; m++) {
      outOff[m] = outOff[m + 1];
      inOff[m] = inOff[m + 1];
    }
    outOff[n] = total;
    inOff[n] = total;
  }

  /** Every inviting member's own acceptance rate as its score (capped at 1); regions overwrite. */
  private scoreOwnRates(): void {
    const { csr, outOff } = this;
    const limit = this.p.maxAcceptRate;
    for (let v = 0; v < csr.members; v++) {
      const f = csr.degree(v);
      const r = outOff[v + 1] - outOff[v];
      if (f + r > 0) this.scores[v] = Math.min(1, belowScore(limit, f / (f + r)));
    }
  }

  /**
   * Counts connections and rejections among the members still in play and marks in `start`
   * those whose own requests fare worse than maxAcceptRate. False when S may hold nobody.
   */
  private startRegion(): boolean {
    const { csr, side, degree, rejectsOut, outOff, outTo, start } = this;
    const { offsets, targets } = csr;
    const n = csr.members;
    const limit = this.p.maxAcceptRate;
    let alive = 0;
    for (let v = 0; v < n; v++) {
      start[v] = H;
      if (side[v] === REMOVED) continue;
      alive++;
      let f = 0;
      for (let e = offsets[v]; e < offsets[v + 1]; e++) if (side[targets[e]] !== REMOVED) f++;
      let r = 0;
      for (let e = outOff[v]; e < outOff[v + 1]; e++) if (side[outTo[e]] !== REMOVED) r++;
      degree[v] = f;
      rejectsOut[v] = r;
      if (r > 0 && f / (f + r) < limit) start[v] = S;
    }
    this.cap = Math.floor(this.p.maxRegionShare * alive);
    return this.cap > 0;
  }

  /**
   * Dinkelbach searches from the members suspect alone; returns the acceptance rate of the
   * first region found under maxAcceptRate (or of the last tried). The first search starts
   * at the lambda that maxAcceptRate means, so it looks for any region under the threshold.
   * A colluding ring whose links make each member look fine alone gives no member a gain
   * there, so the search is repeated at 4 and 16 times that lambda, where rejections
   * weigh more: members whose rejections outweigh their connections at that rate join,
   * their ring-mates follow, and the next lambdas bring the region back down to its ratio.
   */
  private search(): number {
    const limit = this.p.maxAcceptRate;
    let lambda = limit < 1 ? limit / (1 - limit) : this.csr.ends + 1;
    let rate = 1;
    for (let stage = 0; stage < STAGES; stage++, lambda *= 4) {
      this.place(this.start);
      rate = this.dinkelbach(lambda);
      if (rate < limit || !(limit < 1)) break;
    }
    return rate;
  }

  /** Puts in S the movable members marked S in `target` (up to the cap), recounting from scratch. */
  private place(target: Uint8Array): void {
    const side = this.side;
    for (let v = 0; v < side.length; v++) if (side[v] === S) side[v] = H;
    this.friendsInS.fill(0);
    this.rejectedFromS.fill(0);
    this.rejectsToS.fill(0);
    this.sizeS = 0;
    for (let v = 0; v < side.length && this.sizeS < this.cap; v++) {
      if (target[v] === S && side[v] === H && this.seed[v] === 0) this.move(v);
    }
  }

  /** Dinkelbach's iteration from lambda, each step KL passes from the S before it; returns the rate of S (1: empty, or no rejection). */
  private dinkelbach(lambda: number): number {
    let f = 0;
    let r = 0;
    this.lambda = lambda;
    for (let round = 0; round < MAX_LAMBDA_ROUNDS; round++) {
      for (let pass = 0; pass < MAX_PASSES; pass++) if (!(this.pass() > EPS)) break;
      [f, r] = this.cutOfS();
      if (r === 0 || !(f / r < this.lambda - EPS)) break;
      this.lambda = f / r;
    }
    return r > 0 && this.sizeS > 0 ? f / (f + r) : 1;
  }

  /** F and R of the current S. */
  private cutOfS(): [number, number] {
    let f = 0;
    let r = 0;
    for (let v = 0; v < this.side.length; v++) {
      if (this.side[v] !== S) continue;
      f += this.degree[v] - this.friendsInS[v];
      r += this.rejectsOut[v] - this.rejectsToS[v];
    }
    return [f, r];
  }

  /** How much moving v to the other side lowers F - lambda R. */
  private gain(v: number): number {
    const inS = this.friendsInS[v];
    const a = this.degree[v] - 2 * inS - this.lambda * (this.rejectsOut[v] - this.rejectsToS[v] - this.rejectedFromS[v]);
    return this.side[v] === S ? a : -a;
  }

  private movable(v: number): boolean {
    return this.side[v] !== REMOVED && this.seed[v] === 0 && this.locked[v] === 0;
  }

  /** One Fiduccia-Mattheyses pass; keeps its best prefix of moves and returns its gain. */
  private pass(): number {
    const { heap, side, locked } = this;
    const n = side.length;
    locked.fill(0);
    heap.clear();
    this.passes++;
    for (let v = 0; v < n; v++) {
      if (!this.movable(v)) continue;
      const g = this.gain(v);
      // A member with no link to S whom joining would cost is left out: it would only be
      // picked after every other, and a neighbour's move pushes it with its new gain.
      if (side[v] === H && !(g > 0) && this.friendsInS[v] === 0 && this.rejectedFromS[v] === 0 && this.rejectsToS[v] === 0) continue;
      heap.append(g, v);
    }
    heap.heapify();
    let total = 0;
    let best = 0;
    let bestAt = 0;
    let count = 0;
    while (heap.size > 0 && count - bestAt < PATIENCE) {
      const g = heap.pop();
      const v = heap.node;
      if (locked[v] === 1 || g !== this.gain(v)) continue;
      if (side[v] === H && this.sizeS >= this.cap) continue;
      this.move(v);
      locked[v] = 1;
      if (count === this.moves.length) this.growMoves();
      this.moves[count++] = v;
      total += g;
      if (total > best + EPS) {
        best = total;
        bestAt = count;
      }
      this.pushNeighbours(v);
    }
    for (let i = count - 1; i >= bestAt; i--) this.move(this.moves[i]);
    this.moved += count;
    return best;
  }

  private pushNeighbours(v: number): void {
    const { offsets, targets } = this.csr;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) this.pushIfMovable(targets[e]);
    for (let e = this.outOff[v]; e < this.outOff[v + 1]; e++) this.pushIfMovable(this.outTo[e]);
    for (let e = this.inOff[v]; e < this.inOff[v + 1]; e++) this.pushIfMovable(this.inFrom[e]);
  }

  private pushIfMovable(w: number): void {
    if (this.movable(w)) this.heap.push(this.gain(w), w);
  }

  /** Moves v across the cut and updates its neighbours' counts. */
  private move(v: number): void {
    const toS = this.side[v] === H;
    this.side[v] = toS ? S : H;
    const d = toS ? 1 : -1;
    this.sizeS += d;
    const side = this.side;
    const { offsets, targets } = this.csr;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) if (side[targets[e]] !== REMOVED) this.friendsInS[targets[e]] += d;
    for (let e = this.outOff[v]; e < this.outOff[v + 1]; e++) if (side[this.outTo[e]] !== REMOVED) this.rejectedFromS[this.outTo[e]] += d;
    for (let e = this.inOff[v]; e < this.inOff[v + 1]; e++) if (side[this.inFrom[e]] !== REMOVED) this.rejectsToS[this.inFrom[e]] += d;
  }

  stats(): Record<string, number> {
    return { ...super.stats(), passes: this.passes, moves: this.moved };
  }

  private growMoves(): void {
    const moves = new Int32Array(this.moves.length * 2);
    moves.set(this.moves);
    this.moves = moves;
  }
}

export const rejecto: PolicyDefinition = {
  name: 'rejecto',
  description:
    'Rejecto (Cao et al., ICDCS 2015): every `intervalHours`, the region whose requests to the rest are accepted least (extended Kernighan-Lin); restricts up to `maxRegions` regions with rate < `maxAcceptRate`, of at least `minRegionSize` members and `minRejections` rejections.',
  rule: {
    restricts: 'Batch: every `intervalHours`, at the first review at or after that time, the detector runs over the connection graph and the invitation log and restricts the members of up to `maxRegions` regions whose invitations to the rest are accepted at a rate below `maxAcceptRate`, each region of at least `minRegionSize` members and `minRejections` rejected invitations; only members who have sent an invitation can be flagged. Invitations are always allowed.',
    suspicious: 'The last batch flagged the member.',
    score: 'The last batch\'s suspicion (higher is more suspicious; above 1 where flagged); 0 for members who never invited.',
  },
  params,
  checkPopulation: checkSeedsParam,
  create: (ctx, raw) => {
    const p = raw as Params;
    checkSeedCount('rejecto', p.seeds, ctx.members);
    return new Rejecto(ctx, p);
  },
};
