/**
 * What a backtest reports: the member-level confusion of the replayed policy's restrictions
 * against the labels (as `run` counts it: a member is caught if it was ever restricted), time
 * to restriction from the member's first logged abuse, the score's average precision, and the
 * counterfactuals a log allows: abusive invitations logged while the policy would have had
 * the sender restricted (harm it could have stopped: an upper bound, since a restricted
 * attacker who has the address may still invite) and honest invitations logged while it would
 * have had an honest sender restricted (the friction it would have caused).
 * Truth is in time: a taken-over account is an honest period (before its takeover) and an
 * abusive one, each judged by the restrictions that started in it.
 * An abusive member with no logged attempt once abusive (a fake account that never got to send,
 * a takeover after the log ends) left nothing in the log to catch: it is counted apart
 * (`silentAbusive`), not as a miss, so recall is of the abuse the log shows.
 */
import { MINUTES_PER_HOUR } from '../policies/policy';
import { memberMetrics, memberScores, ratio, scoreCurve } from '../sim/metrics';
import type { MemberMetrics, ScoreCurve } from '../sim/result';
import type { Counterfactuals } from '../reports/offline';
import type { Replay } from './replay';

/** What run reports of members (counted the same way), and what only a backtest can tell. */
export interface BacktestMetrics extends MemberMetrics, Counterfactuals {
  /** Abusive members with no logged attempt once abusive: not in recall's denominator. */
  silentAbusive: number;
  averagePrecision: number | null;
  restrictionsStarted: number;
  restrictionsLifted: number;
  permanentRestrictions: number;
  /** Attempts it would have allowed, asked the email for, blocked. */
  verdictAllow: number;
  verdictRequireEmail: number;
  verdictBlock: number;
}

/** Each member's standing in the counts, truth in time (codes below), and its hours to restriction when caught. */
export interface MemberOutcomes {
  /** The honest period: HONEST_NONE (none, or one before the member joined), FALSE_POSITIVE, TRUE_NEGATIVE. */
  honest: Uint8Array;
  /** The abusive period: ABUSIVE_NONE (honest throughout), TRUE_POSITIVE, FALSE_NEGATIVE, SILENT. */
  abusive: Uint8Array;
  /** Hours from the first logged abuse to the catching restriction (NaN unless caught). */
  hours: Float64Array;
}

export const HONEST_NONE = 0;
export const FALSE_POSITIVE = 1;
export const TRUE_NEGATIVE = 2;
export const ABUSIVE_NONE = 0;
export const TRUE_POSITIVE = 1;
export const FALSE_NEGATIVE = 2;
export const SILENT = 3;

export function memberOutcomes(r: Replay, abusiveFrom: Int32Array, joinedAt: Int32Array): MemberOutcomes {
  const n = abusiveFrom.length;
  const out: MemberOutcomes = { honest: new Uint8Array(n), abusive: new Uint8Array(n), hours: new Float64Array(n).fill(NaN) };
  // The first restriction of each member that started at or after it turned abusive (as run counts detection).
  const caughtAt = new Int32Array(n).fill(-1);
  for (const x of r.restrictions) {
    const from = abusiveFrom[x.member];
    if (from >= 0 && x.minute >= from && caughtAt[x.member] < 0) caughtAt[x.member] = x.minute;
  }
  for (let m = 0; m < n; m++) {
    const from = abusiveFrom[m];
    const firstAt = r.ladder.firstAt[m];
    // Truth in time, as run counts it: an honest period (an honest member, or a taken-over
    // account before its takeover) is a false positive if a restriction started in it.
    if (from < 0 || from > Math.max(0, joinedAt[m])) out.honest[m] = firstAt >= 0 && (from < 0 || firstAt < from) ? FALSE_POSITIVE : TRUE_NEGATIVE;
    if (from < 0) continue;
    if (caughtAt[m] >= 0) {
      out.abusive[m] = TRUE_POSITIVE;
      const start = r.firstAbuse[m] >= 0 ? r.firstAbuse[m] : from;
      out.hours[m] = Math.max(0, caughtAt[m] - start) / MINUTES_PER_HOUR;
    } else out.abusive[m] = r.firstAbuse[m] < 0 ? SILENT : FALSE_NEGATIVE;
  }
  return out;
}

/** The member counts of the members `include` admits (all by default), as run's memberMetrics. */
export function countOutcomes(o: MemberOutcomes, include: (m: number) => boolean = () => true): { metrics: MemberMetrics; silent: number; hours: Float64Array } {
  let [tp, fp, fn, tn, silent, members] = [0, 0, 0, 0, 0, 0];
  const hours: number[] = [];
  for (let m = 0; m < o.honest.length; m++) {
    if (!include(m)) continue;
    members++;
    if (o.honest[m] === FALSE_POSITIVE) fp++;
    else if (o.honest[m] === TRUE_NEGATIVE) tn++;
    if (o.abusive[m] === TRUE_POSITIVE) {
      tp++;
      hours.push(o.hours[m]);
    } else if (o.abusive[m] === FALSE_NEGATIVE) fn++;
    else if (o.abusive[m] === SILENT) silent++;
  }
  const sorted = Float64Array.from(hours).sort();
  return { metrics: memberMetrics(members, tp, fp, fn, tn, sorted), silent, hours: sorted };
}

export function scoreReplay(r: Replay, abusiveFrom: Int32Array, joinedAt: Int32Array): { metrics: BacktestMetrics; curve: ScoreCurve | null; outcomes: MemberOutcomes } {
  const n = abusiveFrom.length;
  const label = new Uint8Array(n);
  for (let m = 0; m < n; m++) label[m] = abusiveFrom[m] >= 0 ? 1 : 0;
  const outcomes = memberOutcomes(r, abusiveFrom, joinedAt);
  const { metrics, silent } = countOutcomes(outcomes);
  const scores = memberScores(r.policy, n);
  const s = scores ? scoreCurve(scores, label) : null;
  const l = r.ladder;
  return {
    metrics: {
      ...metrics,
      silentAbusive: silent,
      averagePrecision: s?.averagePrecision ?? null,
      restrictionsStarted: l.restrictionsStarted,
      restrictionsLifted: l.restrictionsLifted,
      permanentRestrictions: l.permanentRestrictions,
      abusiveInvitationsLogged: r.delivered.abusive,
      harmStopped: r.underRestriction.abusive,
      harmStoppedShare: ratio(r.underRestriction.abusive, r.delivered.abusive),
      honestInvitationsLogged: r.delivered.honest,
      honestFriction: r.underRestriction.honest,
      honestFrictionShare: ratio(r.underRestriction.honest, r.delivered.honest),
      verdictAllow: r.verdicts[0],
      verdictRequireEmail: r.verdicts[1],
      verdictBlock: r.verdicts[2],
    },
    curve: s?.curve ?? null,
    outcomes,
  };
}
