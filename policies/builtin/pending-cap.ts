/**
 * pending-cap: restrict a member with more than `cap` invitations awaiting an answer. Spam
 * piles up unanswered invitations; honest members' mostly get answered. Withdrawing hides
 * pending ones, so each withdrawal can still count `withdrawPenalty` of a pending invitation.
 * Pending = attempts - blocked attempts (onBlocked) - answers - withdrawals.
 */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { nonNegativeNumber, positiveInt } from '../params';
import { ALLOW, REQUIRE_EMAIL, WITHDRAW, type Policy, type PolicyContext, type ResponseKind, type Verdict } from '../policy';

const params = z
  .object({
    cap: positiveInt(500, 'Pending invitations allowed; the attempt that passes the cap restricts (no public figure: tune it).'),
    withdrawPenalty: nonNegativeNumber(
      0,
      'Each withdrawal keeps counting as this many pending invitations (0: withdrawing hides them; 1: it does not help).',
    ),
  })
  .strict();

class PendingCap implements Policy {
  private readonly pending: Int32Array;
  private readonly withdrawn: Uint32Array;
  private readonly peak: Float64Array;

  constructor(
    private readonly ctx: PolicyContext,
    private readonly cap: number,
    private readonly penalty: number,
  ) {
    this.pending = new Int32Array(ctx.members);
    this.withdrawn = new Uint32Array(ctx.members);
    this.peak = new Float64Array(ctx.members);
  }

  private load(m: number): number {
    return this.pending[m] + this.penalty * this.withdrawn[m];
  }

  onInvite(sender: number, _recipient: number, now: number): Verdict {
    this.pending[sender]++;
    const load = this.load(sender);
    if (load > this.peak[sender]) this.peak[sender] = load;
    if (load <= this.cap) return ALLOW;
    this.ctx.ladder.restrict(sender, now);
    return REQUIRE_EMAIL;
  }

  onBlocked(sender: number): void {
    this.pending[sender]--;
  }

  onResponse(sender: number, _recipient: number, kind: ResponseKind): void {
    this.pending[sender]--;
    if (kind === WITHDRAW) this.withdrawn[sender]++;
  }

  suspicious(member: number): boolean {
    return this.load(member) >= this.cap;
  }

  /** Peak pending load / cap: above 1 exactly for the members it restricted. */
  score(member: number): number {
    return this.peak[member] / this.cap;
  }
}

export const pendingCap: PolicyDefinition = {
  name: 'pending-cap',
  description: 'Restricts when more than `cap` invitations are pending; withdrawals can count against hiding them.',
  rule: {
    restricts: 'Load = pending invitations (+1 per invitation, −1 per answer or undelivered attempt) + `withdrawPenalty` × withdrawals. An invitation whose load, itself included, exceeds `cap` restricts the sender and is answered require-email.',
    suspicious: 'The load is at least `cap`.',
    score: 'The highest load the member ever reached ÷ `cap` (above 1 exactly for members it restricted).',
  },
  params,
  create: (ctx, raw) => {
    const p = raw as z.infer<typeof params>;
    return new PendingCap(ctx, p.cap, p.withdrawPenalty);
  },
};
