/**
 * Summary of one finished run: member-level confusion against ground truth, invitation
 * outcomes, ladder counts, time to restriction, and the policy score's PR curve.
 * Zero denominators give null, never NaN or 0.
 */
import { ARCHETYPES, type ArchetypeName } from './config';
import type { Engine } from './engine';
import type { Policy } from '../policies/policy';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../policies/policy';
import {
  A_ABUSIVE_DELIVERED,
  A_ACCEPTED,
  A_ATTEMPTED,
  A_BLOCKED,
  A_DELIVERED,
  A_FIELDS,
  A_HONEST_BLOCKED,
  A_ABUSIVE_CONNECTIONS,
  A_CONNECTIONS,
  A_HONEST_INMAILS,
  A_HONEST_RESTRICTED_MINUTES,
  A_HONEST_SUPPRESSED,
  A_INMAILS,
  A_INTENDED,
  A_SUPPRESSED,
  A_IDK,
  A_IGNORED,
  A_WITHDRAWN,
  TIMELINE_COLUMNS,
} from './tally';
import { RECALL_LEVELS, type ArchetypeMetrics, type Calibration, type InvitationMetrics, type MemberMetrics, type RunResult, type ScoreCurve, type TimelineColumns } from './result';

export function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

/** Linear-interpolated quantile of sorted values (null when empty). */
export function quantile(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** `members` counts accounts: a taken-over account is two member-periods in tp/fp/fn/tn (its owner's and its attacker's), one member. */
export function memberMetrics(members: number, tp: number, fp: number, fn: number, tn: number, hours: Float64Array): MemberMetrics {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    members,
    abusiveMembers: tp + fn,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision,
    recall,
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    falsePositiveRate: ratio(fp, fp + tn),
    honestRestrictedPer1000: fp + tn === 0 ? null : (1000 * fp) / (fp + tn),
    medianHoursToRestrict: quantile(hours, 0.5),
    p90HoursToRestrict: quantile(hours, 0.9),
  };
}

function invitationMetrics(t: Float64Array, base: number): InvitationMetrics {
  const delivered = t[base + A_DELIVERED];
  const accepted = t[base + A_ACCEPTED];
  const ignored = t[base + A_IGNORED];
  const idk = t[base + A_IDK];
  const withdrawn = t[base + A_WITHDRAWN];
  return {
    invitationsAttempted: t[base + A_ATTEMPTED],
    blocked: t[base + A_BLOCKED],
    accepted,
    ignored,
    idk,
    withdrawn,
    pending: delivered - accepted - ignored - idk - withdrawn,
    abusiveDelivered: t[base + A_ABUSIVE_DELIVERED],
    honestBlocked: t[base + A_HONEST_BLOCKED],
    sendsIntended: t[base + A_INTENDED],
    suppressed: t[base + A_SUPPRESSED],
    honestSuppressed: t[base + A_HONEST_SUPPRESSED],
    inmailsSent: t[base + A_INMAILS],
    honestInmailsSent: t[base + A_HONEST_INMAILS],
    abusiveInmailsSent: t[base + A_INMAILS] - t[base + A_HONEST_INMAILS],
    connectionsMade: t[base + A_CONNECTIONS],
    abusiveConnections: t[base + A_ABUSIVE_CONNECTIONS],
    honestRestrictedDays: t[base + A_HONEST_RESTRICTED_MINUTES] / MINUTES_PER_DAY,
  };
}

/**
 * Average precision of `score` against the abusive label (as scikit-learn's
 * average_precision_score: tied scores form one threshold), with a PR curve of at most
 * ~200 points to draw and the exact operating point at each recall level (ScoreCurve.levels).
 * Uses two typed-array sorts, so a million members cost ~100 ms.
 */
export function scoreCurve(scores: Float64Array, positive: Uint8Array): { averagePrecision: number | null; curve: ScoreCurve } {
  let nPos = 0;
  for (let i = 0; i < positive.length; i++) nPos += positive[i];
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(positive.length - nPos);
  // A NaN score (a plugin's bug) ranks lowest: left as NaN, no threshold would ever pass it.
  for (let i = 0, p = 0, q = 0; i < positive.length; i++) {
    const s = Number.isNaN(scores[i]) ? -Infinity : scores[i];
    if (positive[i]) pos[p++] = s;
    else neg[q++] = s;
  }
  pos.sort();
  neg.sort();
  const levels: NonNullable<ScoreCurve['levels']> = { threshold: [], precision: [], recall: [], tp: [], fp: [] };
  const curve: ScoreCurve = { threshold: [], precision: [], recall: [], levels };
  if (nPos === 0) return { averagePrecision: null, curve: { threshold: [], precision: [], recall: [] } };
  // Walk distinct thresholds from the highest down.
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let prevRecall = 0;
  const stride = Math.max(1, Math.floor(positive.length / 200));
  let sinceLast = stride;
  let level = 0;
  while (i >= 0 || j >= 0) {
    const thr = Math.max(i >= 0 ? pos[i] : -Infinity, j >= 0 ? neg[j] : -Infinity);
    const before = tp + fp;
    while (i >= 0 && pos[i] === thr) (tp++, i--);
    while (j >= 0 && neg[j] === thr) (fp++, j--);
    const precision = tp / (tp + fp);
    const recall = tp / nPos;
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
    // Integer comparison (tp / nPos >= level / RECALL_LEVELS) so no level is missed by rounding.
    for (; level <= RECALL_LEVELS && tp * RECALL_LEVELS >= level * nPos; level++) {
      levels.threshold.push(thr === -Infinity ? null : thr);
      levels.precision.push(precision);
      levels.recall.push(recall);
      levels.tp.push(tp);
      levels.fp.push(fp);
    }
    sinceLast += tp + fp - before;
    if (sinceLast >= stride || (i < 0 && j < 0)) {
      curve.threshold.push(thr);
      curve.precision.push(precision);
      curve.recall.push(recall);
      sinceLast = 0;
    }
  }
  return { averagePrecision: ap, curve };
}

/** Every member's score from the policy (null: the policy has no score). */
export function memberScores(policy: Policy, members: number): Float64Array | null {
  if (!policy.score) return null;
  const scores = new Float64Array(members);
  for (let m = 0; m < members; m++) scores[m] = policy.score(m);
  return scores;
}

export function summarize(engine: Engine, policy: Policy, scores = memberScores(policy, engine.pop.n)): RunResult {
  const { pop, ladder, tally } = engine;
  const A = ARCHETYPES.length;
  const cm = new Float64Array(A * 4); // tp, fp, fn, tn per archetype
  const hours: number[][] = ARCHETYPES.map(() => []);
  const label = new Uint8Array(pop.n);
  const members = pop.members;
  for (let m = 0; m < pop.n; m++) {
    const a = members.archetype(m);
    const from = pop.abusiveFrom[m];
    label[m] = from >= 0 ? 1 : 0;
    // Truth in time: the member is honest before `from` (throughout, if -1) and abusive from it on.
    // An honest period (an honest member, or a taken-over account's owner, active before its
    // takeover) is a false positive if a restriction started in it, else a true negative.
    if (from < 0 || from > members.activeAt(m)) cm[a * 4 + (ladder.firstAt[m] >= 0 && (from < 0 || ladder.firstAt[m] < from) ? 1 : 3)]++;
    if (from < 0) continue;
    // The abusive period is detected only by a restriction that started in it.
    const caught = members.caughtAt(m);
    cm[a * 4 + (caught >= 0 ? 0 : 2)]++;
    if (caught >= 0) {
      const firstAbuse = members.firstAbuseAt(m);
      const start = firstAbuse >= 0 ? firstAbuse : from;
      hours[a].push(Math.max(0, caught - start) / MINUTES_PER_HOUR);
    }
  }
  const sortedHours = hours.map((h) => Float64Array.from(h).sort());
  const allHours = Float64Array.from(hours.flat()).sort();

  const byArchetype: Partial<Record<ArchetypeName, ArchetypeMetrics>> = {};
  const hoursToRestrict: RunResult['hoursToRestrict'] = {};
  const total = new Float64Array(A_FIELDS);
  let [tp, fp, fn, tn] = [0, 0, 0, 0];
  ARCHETYPES.forEach((name, a) => {
    for (let f = 0; f < A_FIELDS; f++) total[f] += tally.byArchetype[a * A_FIELDS + f];
    tp += cm[a * 4];
    fp += cm[a * 4 + 1];
    fn += cm[a * 4 + 2];
    tn += cm[a * 4 + 3];
    if (pop.counts[a] === 0) return;
    byArchetype[name] = {
      ...memberMetrics(pop.counts[a], cm[a * 4], cm[a * 4 + 1], cm[a * 4 + 2], cm[a * 4 + 3], sortedHours[a]),
      ...invitationMetrics(tally.byArchetype, a * A_FIELDS),
    };
    const abusiveMembers = cm[a * 4] + cm[a * 4 + 2];
    if (abusiveMembers > 0) {
      hoursToRestrict[name] = {
        quantiles: Array.from({ length: 21 }, (_, k) => quantile(sortedHours[a], k / 20)).filter((q): q is number => q !== null),
        restrictedShare: cm[a * 4] / abusiveMembers,
      };
    }
  });

  const stats = policy.stats?.();
  let averagePrecision: number | null = null;
  let curve: ScoreCurve | null = null;
  if (scores) {
    const s = scoreCurve(scores, label);
    averagePrecision = s.averagePrecision;
    curve = s.curve;
  }

  return {
    metrics: {
      ...memberMetrics(pop.n, tp, fp, fn, tn, allHours),
      ...invitationMetrics(total, 0),
      averagePrecision,
      restrictionsStarted: ladder.restrictionsStarted,
      restrictionsLifted: ladder.restrictionsLifted,
      permanentRestrictions: ladder.permanentRestrictions,
      events: engine.events,
      ...fallbackMetrics(stats),
    },
    byArchetype,
    timeline: timelineColumns(tally.timeline, tally.days),
    calibration: calibration(tally.calibration),
    hoursToRestrict,
    scoreCurve: curve,
    ...(stats ? { policyStats: stats } : {}),
  };
}

/**
 * Answers a policy service failed to give (its client policy's `fallbacks`), as a share of the
 * answers asked of it: the requests sent plus those the open circuit breaker answered without one.
 */
function fallbackMetrics(stats: Record<string, number> | undefined): { fallbackDecisions: number; fallbackRate: number | null } {
  const fallbacks = stats?.fallbacks ?? 0;
  return { fallbackDecisions: fallbacks, fallbackRate: stats && 'requests' in stats ? ratio(fallbacks, stats.requests + (stats.shortCircuited ?? 0)) : 0 };
}

function timelineColumns(t: Float64Array, days: number): TimelineColumns {
  const cols = { day: Array.from({ length: days }, (_, d) => d) } as TimelineColumns;
  TIMELINE_COLUMNS.forEach((name, c) => {
    cols[name] = Array.from({ length: days }, (_, d) => t[d * TIMELINE_COLUMNS.length + c]);
  });
  return cols;
}

function calibration(c: Float64Array): Calibration {
  const rel = (r: number) => ({ delivered: c[r * 2], accepted: c[r * 2 + 1], acceptRate: ratio(c[r * 2 + 1], c[r * 2]) });
  return { contact: rel(0), fof: rel(1), stranger: rel(2) };
}
