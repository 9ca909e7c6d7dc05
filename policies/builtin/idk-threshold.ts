/**
 * idk-threshold: restrict a member whose invitations drew `idks` "I don't know" answers within
 * `windowDays` (historically ~5 IDKs made LinkedIn require the email). An IDK is the
 * recipient saying "this is a stranger": the help page's "too many invitations to people you
 * don't know", measured by the recipients themselves. Mistaken IDKs on known senders are the
 * noise that makes its false positives.
 */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { positiveInt, positiveNumber } from '../params';
import { IDK, MINUTES_PER_DAY, type Policy, type PolicyContext, ALLOW, type ResponseKind, type Verdict } from '../policy';
import { RollingCounter } from '../rolling';

const BUCKETS = 24;

const params = z
  .object({
    idks: positiveInt(5, 'IDK answers within the window that restrict (the one that reaches it does).'),
    windowDays: positiveNumber(30, `Rolling window in days (resolution 1/${BUCKETS} of it).`),
  })
  .strict();

class IdkThreshold implements Policy {
  private readonly idk: RollingCounter;

  constructor(
    private readonly ctx: PolicyContext,
    private readonly k: number,
    windowMinutes: number,
  ) {
    this.idk = new RollingCounter(ctx.members, windowMinutes, BUCKETS);
  }

  onInvite(): Verdict {
    return ALLOW;
  }

  onResponse(sender: number, _recipient: number, kind: ResponseKind, now: number): void {
    if (kind === IDK && this.idk.add(sender, now) >= this.k) this.ctx.ladder.restrict(sender, now);
  }

  suspicious(member: number, now: number): boolean {
    return this.idk.count(member, now) >= this.k;
  }

  /** Peak IDKs in a window / idks: at least 1 exactly for the members it restricted. */
  score(member: number): number {
    return this.idk.peak(member) / this.k;
  }
}

export const idkThreshold: PolicyDefinition = {
  name: 'idk-threshold',
  description: 'Restricts at the `idks`-th "I don\'t know" answer within `windowDays` (historically ~5).',
  rule: {
    restricts: 'An "I don\'t know" answer to the sender\'s invitation counts in a rolling `windowDays` window (24 buckets of ⌈window/24⌉ minutes, as weekly-cap); the answer that brings the count to `idks` or more restricts the sender. Invitations are always allowed.',
    suspicious: 'The IDK count at that minute is at least `idks`.',
    score: 'The highest IDK count the member ever reached ÷ `idks` (at least 1 exactly for members it restricted).',
  },
  params,
  create: (ctx, raw) => {
    const p = raw as z.infer<typeof params>;
    return new IdkThreshold(ctx, p.idks, Math.max(1, Math.round(p.windowDays * MINUTES_PER_DAY)));
  },
};
