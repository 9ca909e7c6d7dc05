/**
 * WindowCap: at most `cap` invitation attempts per rolling window; the attempt that would
 * exceed it restricts the sender. Shared by weekly-cap and burst-cap.
 * Every attempt counts, restricted or not: a restricted member who keeps hammering stays
 * suspicious, so its restriction does not lift.
 */
import type { Policy, PolicyContext, Verdict } from '../policy';
import { ALLOW, REQUIRE_EMAIL } from '../policy';
import { RollingCounter } from '../rolling';

/** Buckets per window: 1/24 of the window is the rolling resolution (7 h for a week, 1 h for a day). */
export const WINDOW_BUCKETS = 24;

export class WindowCap implements Policy {
  private readonly sent: RollingCounter;

  constructor(
    private readonly ctx: PolicyContext,
    private readonly cap: number,
    windowMinutes: number,
  ) {
    this.sent = new RollingCounter(ctx.members, windowMinutes, WINDOW_BUCKETS);
  }

  onInvite(sender: number, _recipient: number, now: number): Verdict {
    if (this.sent.add(sender, now) <= this.cap) return ALLOW;
    this.ctx.ladder.restrict(sender, now);
    return REQUIRE_EMAIL;
  }

  onResponse(): void {}

  warm(member: number): number {
    return this.sent.warm(member);
  }

  /** At the cap: one more attempt would exceed it, so the restriction stays. */
  suspicious(member: number, now: number): boolean {
    return this.sent.count(member, now) >= this.cap;
  }

  /** Peak windowed attempts / cap: above 1 exactly for members this cap restricted. */
  score(member: number): number {
    return this.sent.peak(member) / this.cap;
  }
}
