/**
 * oracle: restricts exactly the abusive members, at their first invitation once abusive
 * (a taken-over account from its takeover). It reads ground truth no real policy has, so it
 * is the upper bound reports compare against, never a policy to ship.
 */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { ALLOW, REQUIRE_EMAIL, type Policy, type PolicyContext, type Verdict } from '../policy';
import type { GroundTruth } from '../truth';

class Oracle implements Policy {
  constructor(
    private readonly ctx: PolicyContext,
    private readonly abusiveFrom: Int32Array,
  ) {}

  private abusive(m: number, now: number): boolean {
    const from = this.abusiveFrom[m];
    return from >= 0 && now >= from;
  }

  onInvite(sender: number, _recipient: number, now: number): Verdict {
    if (!this.abusive(sender, now)) return ALLOW;
    this.ctx.ladder.restrict(sender, now);
    return REQUIRE_EMAIL;
  }

  onResponse(): void {}

  suspicious(member: number, now: number): boolean {
    return this.abusive(member, now);
  }

  /** 1 for members abusive within the run, else 0: a perfect ranking. */
  score(member: number): number {
    const from = this.abusiveFrom[member];
    return from >= 0 && from < this.ctx.horizon ? 1 : 0;
  }
}

export const oracle: PolicyDefinition = {
  name: 'oracle',
  description: 'Restricts exactly the abusive members at their first abusive invitation, from ground truth: the upper bound.',
  rule: {
    restricts: 'From ground truth: an invitation sent at or after the minute the sender turns abusive restricts it and is answered require-email.',
    suspicious: 'The member is abusive at that minute.',
    score: '1 for members abusive within the run, else 0.',
  },
  params: z.object({}).strict(),
  create: () => {
    throw new Error('the oracle policy needs ground truth: create it through createWithTruth');
  },
  createWithTruth: (ctx, _params, truth: GroundTruth) => new Oracle(ctx, truth.abusiveFrom),
};
