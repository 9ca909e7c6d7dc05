/**
 * FeatureRecorder: the policy `invitesim features` replays a log through. It restricts no one;
 * it feeds a FeatureAccumulator exactly as the model policy does and writes rows:
 * - member-day: at each day's end (the review at minute (d + 1) × 1440, before that minute's
 *   events, where a daily model batch is taken), and at the log's end, one row per joined member;
 * - invitation: at each attempt, the sender's vector with the attempt counted, and the attempt's
 *   own tie (invitation_stranger, invitation_mutual).
 * The label is the truth at the last minute a row covers: for a member-day row at minute T the
 * member was abusive at T - 1 (abusive_from < T); for an invitation at t, abusive_from ≤ t.
 */
import { ALLOW, MINUTES_PER_DAY, type Policy, type PolicyContext, type ResponseKind, type Verdict } from '../policies/policy';
import { FeatureAccumulator } from './accumulator';
import { FEATURE_COUNT } from './schema';
import type { FeaturesPer, FeatureTableWriter } from './table';

export class FeatureRecorder implements Policy {
  private readonly features: FeatureAccumulator;
  private readonly x = new Float32Array(FEATURE_COUNT);
  private readonly keys = new Int32Array(5);
  review?: (now: number) => void;

  constructor(
    private readonly ctx: PolicyContext,
    private readonly per: FeaturesPer,
    private readonly out: FeatureTableWriter,
    /** Minute each member turns abusive (-1: never), or null without labels. */
    private readonly abusiveFrom: Int32Array | null,
  ) {
    this.features = new FeatureAccumulator(ctx.view);
    if (per === 'member-day') {
      this.review = (now) => {
        if (now > 0 && now % MINUTES_PER_DAY === 0) this.day(now);
      };
    }
  }

  onInvite(sender: number, recipient: number, now: number): Verdict {
    const f = this.features;
    f.onInvite(sender, recipient, now);
    if (this.per === 'invitation') {
      f.write(sender, now, this.x, 0);
      const k = this.keys;
      k[0] = now;
      k[1] = sender;
      k[2] = recipient;
      k[3] = f.lastStranger ? 1 : 0;
      k[4] = f.lastMutual;
      this.out.row(k, this.x, 0, this.labelAt(sender, now));
    }
    return ALLOW;
  }

  onResponse(sender: number, _recipient: number, kind: ResponseKind): void {
    this.features.onResponse(sender, kind);
  }

  onInmail(sender: number): void {
    this.features.onInmail(sender);
  }

  suspicious(): boolean {
    return false;
  }

  /** The last row of each member: the log's end (a partial day if the horizon is not a whole number of days). */
  finish(horizon: number): void {
    // The replay's reviews stop before the horizon, so this row is written here alone.
    if (this.per === 'member-day' && horizon > 0) this.day(horizon);
  }

  /** One row per joined member, as of minute `now` (the end of day ceil(now / 1440) - 1). */
  private day(now: number): void {
    const f = this.features;
    const k = this.keys;
    k[0] = Math.ceil(now / MINUTES_PER_DAY) - 1;
    k[1] = now;
    for (let m = 0; m < this.ctx.members; m++) {
      if (!f.joined(m)) continue;
      f.write(m, now, this.x, 0);
      k[2] = m;
      this.out.row(k, this.x, 0, this.labelAt(m, now - 1));
    }
  }

  private labelAt(member: number, minute: number): number {
    const from = this.abusiveFrom === null ? -1 : this.abusiveFrom[member];
    return from >= 0 && from <= minute ? 1 : 0;
  }
}
