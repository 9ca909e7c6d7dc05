/**
 * BatchDetector: what the graph detectors (sybilrank, votetrust, rejecto) share. Events only
 * feed an InvitationLog; every `intervalHours` the first review() copies the connection graph
 * (ConnectionCsr) and runs the detector's batch, which marks members in `flag` and gives each
 * a `scores` entry; then every flagged member is restricted. Only members who have sent an
 * invitation are flagged or scored: the restriction is on inviting, and a member who never
 * invites is nobody the rule can act on. suspicious() answers from the last batch, so a
 * restriction lifts once a later batch no longer flags the member.
 */
import { MINUTES_PER_HOUR, ALLOW, type Policy, type PolicyContext, type ResponseKind, type Verdict } from '../../policy';
import { positiveInt, positiveNumber } from '../../params';
import { ConnectionCsr } from './connection-csr';
import { InvitationLog } from './invitation-log';

export const intervalHoursParam = () =>
  positiveNumber(24, 'Hours between batch runs of the detector (each runs at the first review at or after its time).');
export const seedsParam = () =>
  positiveInt(100, 'Trusted seeds: the oldest accounts with at least the mean number of connections (at most the population).');

export abstract class BatchDetector implements Policy {
  protected readonly log: InvitationLog;
  protected readonly csr: ConnectionCsr;
  /** 1 where the last batch flagged the member. */
  protected readonly flag: Uint8Array;
  /** Suspicion from the last batch (higher = more suspicious; above 1 where flagged). */
  protected readonly scores: Float64Array;
  private readonly interval: number;
  private next: number;
  private batches = 0;

  constructor(
    protected readonly ctx: PolicyContext,
    intervalHours: number,
  ) {
    const n = ctx.members;
    this.log = new InvitationLog(n);
    this.csr = new ConnectionCsr(n);
    this.flag = new Uint8Array(n);
    this.scores = new Float64Array(n);
    this.interval = Math.max(1, Math.round(intervalHours * MINUTES_PER_HOUR));
    this.next = this.interval;
  }

  onInvite(sender: number): Verdict {
    this.log.invited(sender);
    return ALLOW;
  }

  onResponse(sender: number, recipient: number, kind: ResponseKind): void {
    this.log.answered(sender, recipient, kind);
  }

  review(now: number): void {
    if (now < this.next) return;
    this.next = now + this.interval;
    this.batches++;
    this.csr.load(this.ctx.view);
    this.flag.fill(0);
    this.scores.fill(0);
    this.detect();
    const { flag, scores } = this;
    const sent = this.log.sent;
    const ladder = this.ctx.ladder;
    for (let m = 0; m < flag.length; m++) {
      if (sent[m] === 0) {
        flag[m] = 0;
        scores[m] = 0;
      } else if (flag[m] === 1 && !ladder.flagged(m)) ladder.restrict(m, now);
    }
  }

  /** The batch: reads `log` and `csr` (loaded), writes `flag` and `scores` (cleared). */
  protected abstract detect(): void;

  suspicious(member: number): boolean {
    return this.flag[member] === 1;
  }

  score(member: number): number {
    return this.scores[member];
  }

  stats(): Record<string, number> {
    return { batches: this.batches };
  }
}

/** Scores cap at this multiple of the threshold (a zero value would be infinite). */
const SCORE_CAP = 1000;

/** threshold / value: above 1 exactly when value < threshold; capped, and 0 for a zero threshold. */
export function belowScore(threshold: number, value: number): number {
  if (threshold <= 0) return 0;
  return threshold / Math.max(value, threshold / SCORE_CAP);
}
