/**
 * score: one decaying suspicion number per member from every signal the other rules use,
 * restricting when it passes `threshold`. Each invitation adds `invite` (velocity) plus
 * `stranger` when the platform sees no tie between sender and recipient (no mutual
 * connection, neither's email in the other's uploaded address book); each answer adds its
 * weight (accepts subtract); the sum halves every `halfLifeHours`, so bursts count and old
 * history fades. Pending invitations add `pending` each, as a level that does not decay.
 * The default weights are starting points to tune, not calibrated figures.
 */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { finiteNumber, nonNegativeNumber, positiveNumber } from '../params';
import {
  ACCEPT,
  ALLOW,
  IDK,
  IGNORE,
  MINUTES_PER_HOUR,
  REQUIRE_EMAIL,
  type Policy,
  type PolicyContext,
  type ResponseKind,
  type Verdict,
} from '../policy';
import { cacheLineBuffer } from '../platform/cache-lines';

const params = z
  .object({
    threshold: positiveNumber(200, 'Restrict when the score passes this.'),
    halfLifeHours: positiveNumber(72, 'Hours for the decaying part of the score to halve.'),
    invite: finiteNumber(0.5, 'Added per invitation attempt (velocity).'),
    stranger: finiteNumber(2, 'Added when the platform sees no tie: no mutual connection and neither\'s email in the other\'s uploaded address book ("people you don\'t know").'),
    idk: finiteNumber(10, 'Added per "I don\'t know" answer.'),
    ignore: finiteNumber(2, 'Added per Ignore.'),
    accept: finiteNumber(-2, 'Added per accepted invitation (negative: evidence of a real tie).'),
    withdraw: finiteNumber(1, 'Added per withdrawn invitation.'),
    pending: nonNegativeNumber(0.1, 'Added per invitation currently pending (a level, not decayed).'),
  })
  .strict();
type Params = z.infer<typeof params>;

/**
 * A member's state, one 32-byte record (every event reads and writes a random member's, so
 * four arrays cost four cache misses where one record costs one): the decaying part of the
 * score, the minute it was decayed to, pending invitations, and the highest score reached.
 * Minutes and counts are integers, exact as doubles.
 */
const DECAYING = 0;
const AT = 1;
const PENDING = 2;
const PEAK = 3;
const RECORD = 4;

class ScorePolicy implements Policy {
  private readonly state: Float64Array;
  /** Decay per minute: the decaying part is multiplied by exp(-lambda * minutes). */
  private readonly lambda: number;
  /** Weight by ResponseKind (ACCEPT, IGNORE, IDK, WITHDRAW). */
  private readonly answerWeight: Float64Array;

  constructor(
    private readonly ctx: PolicyContext,
    private readonly p: Params,
  ) {
    const n = ctx.members;
    // On cache lines: with malloc's alignment every other record straddled two.
    this.state = new Float64Array(cacheLineBuffer(n * RECORD * 8), 0, n * RECORD);
    this.lambda = Math.LN2 / (p.halfLifeHours * MINUTES_PER_HOUR);
    this.answerWeight = new Float64Array(4);
    this.answerWeight[ACCEPT] = p.accept;
    this.answerWeight[IGNORE] = p.ignore;
    this.answerWeight[IDK] = p.idk;
    this.answerWeight[3] = p.withdraw;
  }

  /** The score at `now` (decays the stored part to now). */
  private value(m: number, now: number): number {
    const s = this.state;
    const r = m * RECORD;
    const dt = now - s[r + AT];
    if (dt > 0) {
      s[r + DECAYING] *= Math.exp(-this.lambda * dt);
      s[r + AT] = now;
    }
    return s[r + DECAYING] + this.p.pending * Math.max(0, s[r + PENDING]);
  }

  /** Adds a weight; restricts when the score passes the threshold; returns whether it does. */
  private bump(m: number, now: number, w: number): boolean {
    this.value(m, now);
    const s = this.state;
    const r = m * RECORD;
    s[r + DECAYING] = Math.max(0, s[r + DECAYING] + w);
    const v = this.value(m, now);
    if (v > s[r + PEAK]) s[r + PEAK] = v;
    if (!(v > this.p.threshold)) return false;
    this.ctx.ladder.restrict(m, now);
    return true;
  }

  onInvite(sender: number, recipient: number, now: number): Verdict {
    this.state[sender * RECORD + PENDING]++;
    const view = this.ctx.view;
    const stranger =
      !view.inAddressBook(sender, recipient) && !view.inAddressBook(recipient, sender) && view.mutualConnections(sender, recipient, 1) === 0;
    return this.bump(sender, now, this.p.invite + (stranger ? this.p.stranger : 0)) ? REQUIRE_EMAIL : ALLOW;
  }

  onBlocked(sender: number): void {
    this.state[sender * RECORD + PENDING]--;
  }

  onResponse(sender: number, _recipient: number, kind: ResponseKind, now: number): void {
    this.state[sender * RECORD + PENDING]--;
    this.bump(sender, now, this.answerWeight[kind]);
  }

  suspicious(member: number, now: number): boolean {
    return this.value(member, now) >= this.p.threshold;
  }

  /** Peak score / threshold: above 1 exactly for the members it restricted. */
  score(member: number): number {
    return this.state[member * RECORD + PEAK] / this.p.threshold;
  }
}

export const score: PolicyDefinition = {
  name: 'score',
  description: 'A decaying weighted suspicion score (velocity, strangers, IDK, ignore, accept, withdraw, pending); restricts above `threshold`.',
  rule: {
    restricts: 'Each invitation adds `invite` (+ `stranger` to a non-contact without mutual connections) and each answer its weight to a sum that halves every `halfLifeHours`; score = that sum + `pending` × pending invitations. An event that takes the score above `threshold` restricts the sender (an invitation is then answered require-email).',
    suspicious: 'The score at that minute is at least `threshold`.',
    score: 'The highest score the member ever reached ÷ `threshold`.',
  },
  params,
  create: (ctx, raw) => new ScorePolicy(ctx, raw as Params),
};
