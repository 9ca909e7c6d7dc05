/**
 * A backtest point as a RunResult, so that `backtest` writes what `run` writes (results.json,
 * the CSVs, report.html, junit.xml, summary.md) from the same code. What a log can tell and what
 * only the replayed policy can are kept apart:
 * - member counts, time to restriction, the score's curve, the ladder's counts, restricted
 *   member-days and the timeline's restrictions are the replayed policy's (backtest/score.ts);
 * - invitation counts (attempted, blocked, answers, InMails, connections) are the log's own:
 *   open loop, every event happened as logged, whatever this policy says.
 * Counts a log cannot hold are 0 (sends suppressed before they were attempted) or null
 * (accept rates by relation, which need the who-knows-whom graph). By archetype uses the labels'
 * archetype column; members it names no archetype for count in the totals only.
 */
import { ARCHETYPES, type ArchetypeName } from '../sim/config';
import { MINUTES_PER_DAY } from '../policies/policy';
import { quantile, ratio } from '../sim/metrics';
import type { ArchetypeMetrics, InvitationMetrics, RunResult, ScoreCurve, TimelineColumns } from '../sim/result';
import { K } from '../io/log-schema';
import { F_DELIVERED, type EventLog } from '../io/event-log-reader';
import type { Replay } from './replay';
import { TRUE_POSITIVE, FALSE_NEGATIVE, countOutcomes, type BacktestMetrics, type MemberOutcomes } from './score';

/** Per-member invitation tallies, as the log shows them (by sender). */
const F = { attempted: 0, blocked: 1, delivered: 2, accepted: 3, ignored: 4, idk: 5, withdrawn: 6, abusiveDelivered: 7, honestBlocked: 8, inmails: 9, honestInmails: 10, abusiveConnections: 11, honestRestrictedMinutes: 12 } as const;
const FIELDS = 13;

const ANSWER_FIELD = new Map<number, number>([
  [K.accept, F.accepted],
  [K.ignore, F.ignored],
  [K.idk, F.idk],
  [K.withdraw, F.withdrawn],
]);

export function backtestRunResult(log: EventLog, archetypeOf: readonly string[], abusiveFrom: Int32Array, r: Replay, outcomes: MemberOutcomes, metrics: BacktestMetrics, curve: ScoreCurve | null): RunResult {
  const n = log.members;
  const days = Math.max(1, Math.ceil(log.horizon / MINUTES_PER_DAY));
  const abusiveAt = (m: number, t: number) => abusiveFrom[m] >= 0 && t >= abusiveFrom[m];
  const tally = new Float64Array(n * FIELDS);
  const timeline = emptyTimeline(days);
  for (let i = 0; i < log.rows; i++) {
    const k = log.kind[i];
    const m = log.member[i];
    const t = log.time[i];
    const day = Math.min(days - 1, Math.floor(t / MINUTES_PER_DAY));
    const base = m * FIELDS;
    if (k === K.invite) {
      const delivered = (log.flags[i] & F_DELIVERED) !== 0;
      tally[base + F.attempted]++;
      timeline.attempted[day]++;
      if (delivered) {
        tally[base + F.delivered]++;
        timeline.delivered[day]++;
        if (abusiveAt(m, t)) tally[base + F.abusiveDelivered]++;
      } else {
        tally[base + F.blocked]++;
        timeline.blocked[day]++;
        if (!abusiveAt(m, t)) tally[base + F.honestBlocked]++;
      }
    } else if (ANSWER_FIELD.has(k)) {
      tally[base + ANSWER_FIELD.get(k)!]++;
      (k === K.accept ? timeline.accepted : k === K.ignore ? timeline.ignored : k === K.idk ? timeline.idk : timeline.withdrawn)[day]++;
      // A foothold, as run counts it: an accepted invitation with exactly one abusive end.
      if (k === K.accept && abusiveAt(m, t) !== abusiveAt(log.other[i], t)) tally[base + F.abusiveConnections]++;
    } else if (k === K.inmail) {
      tally[base + F.inmails]++;
      if (!abusiveAt(m, t)) tally[base + F.honestInmails]++;
    }
  }
  for (const x of r.restrictions) timeline.restrictionsStarted[Math.min(days - 1, Math.floor(x.minute / MINUTES_PER_DAY))]++;
  for (const x of r.lifts) timeline.restrictionsLifted[Math.min(days - 1, Math.floor(x.minute / MINUTES_PER_DAY))]++;
  addHonestRestrictedMinutes(tally, r, abusiveFrom, log.horizon);

  const byArchetype: Partial<Record<ArchetypeName, ArchetypeMetrics>> = {};
  const hoursToRestrict: RunResult['hoursToRestrict'] = {};
  for (const name of ARCHETYPES) {
    const include = (m: number) => archetypeOf[m] === name;
    const c = countOutcomes(outcomes, include);
    if (c.metrics.members === 0) continue;
    byArchetype[name] = { ...c.metrics, ...invitationMetrics(tally, include) };
    let tp = 0;
    let abusive = 0;
    for (let m = 0; m < n; m++) {
      if (!include(m)) continue;
      if (outcomes.abusive[m] === TRUE_POSITIVE) tp++;
      if (outcomes.abusive[m] === TRUE_POSITIVE || outcomes.abusive[m] === FALSE_NEGATIVE) abusive++;
    }
    if (abusive > 0) {
      hoursToRestrict[name] = {
        quantiles: Array.from({ length: 21 }, (_, k) => quantile(c.hours, k / 20)).filter((q): q is number => q !== null),
        restrictedShare: tp / abusive,
      };
    }
  }
  const stats = r.policy.stats?.();
  const fallbacks = stats?.fallbacks ?? 0;
  const none = { delivered: 0, accepted: 0, acceptRate: null };
  return {
    metrics: {
      members: metrics.members,
      abusiveMembers: metrics.abusiveMembers,
      truePositives: metrics.truePositives,
      falsePositives: metrics.falsePositives,
      falseNegatives: metrics.falseNegatives,
      trueNegatives: metrics.trueNegatives,
      precision: metrics.precision,
      recall: metrics.recall,
      f1: metrics.f1,
      falsePositiveRate: metrics.falsePositiveRate,
      honestRestrictedPer1000: metrics.honestRestrictedPer1000,
      medianHoursToRestrict: metrics.medianHoursToRestrict,
      p90HoursToRestrict: metrics.p90HoursToRestrict,
      ...invitationMetrics(tally, () => true),
      averagePrecision: metrics.averagePrecision,
      restrictionsStarted: metrics.restrictionsStarted,
      restrictionsLifted: metrics.restrictionsLifted,
      permanentRestrictions: metrics.permanentRestrictions,
      events: log.rows,
      fallbackDecisions: fallbacks,
      fallbackRate: stats && 'requests' in stats ? ratio(fallbacks, stats.requests + (stats.shortCircuited ?? 0)) : 0,
    },
    byArchetype,
    timeline,
    calibration: { contact: none, fof: none, stranger: none },
    hoursToRestrict,
    scoreCurve: curve,
    ...(stats ? { policyStats: stats } : {}),
  };
}

/**
 * Minutes each honest period spent under the replayed policy's restrictions within the log
 * (run's honestRestrictedDays): a restriction runs from its start to its lift, or to the end.
 */
function addHonestRestrictedMinutes(tally: Float64Array, r: Replay, abusiveFrom: Int32Array, horizon: number): void {
  const events = [...r.restrictions.map((x) => ({ member: x.member, minute: x.minute, start: true })), ...r.lifts.map((x) => ({ member: x.member, minute: x.minute, start: false }))];
  // Stable by minute, a lift before a restriction in the same minute (it ends the previous one).
  events.sort((a, b) => a.minute - b.minute || Number(a.start) - Number(b.start));
  const since = new Map<number, number>();
  const end = (m: number, t: number) => {
    const s = since.get(m);
    if (s === undefined) return;
    since.delete(m);
    const honestEnd = abusiveFrom[m] < 0 ? t : Math.min(t, abusiveFrom[m]);
    if (honestEnd > s) tally[m * FIELDS + F.honestRestrictedMinutes] += honestEnd - s;
  };
  for (const e of events) {
    if (e.start) {
      if (!since.has(e.member)) since.set(e.member, e.minute);
    } else end(e.member, e.minute);
  }
  for (const m of [...since.keys()]) end(m, horizon);
}

function invitationMetrics(t: Float64Array, include: (m: number) => boolean): InvitationMetrics {
  const s = new Float64Array(FIELDS);
  for (let m = 0; m * FIELDS < t.length; m++) if (include(m)) for (let f = 0; f < FIELDS; f++) s[f] += t[m * FIELDS + f];
  const answered = s[F.accepted] + s[F.ignored] + s[F.idk] + s[F.withdrawn];
  return {
    invitationsAttempted: s[F.attempted],
    blocked: s[F.blocked],
    accepted: s[F.accepted],
    ignored: s[F.ignored],
    idk: s[F.idk],
    withdrawn: s[F.withdrawn],
    pending: s[F.delivered] - answered,
    abusiveDelivered: s[F.abusiveDelivered],
    honestBlocked: s[F.honestBlocked],
    sendsIntended: s[F.attempted] + s[F.inmails],
    suppressed: 0,
    honestSuppressed: 0,
    inmailsSent: s[F.inmails],
    honestInmailsSent: s[F.honestInmails],
    abusiveInmailsSent: s[F.inmails] - s[F.honestInmails],
    connectionsMade: s[F.accepted],
    abusiveConnections: s[F.abusiveConnections],
    honestRestrictedDays: s[F.honestRestrictedMinutes] / MINUTES_PER_DAY,
  };
}

function emptyTimeline(days: number): TimelineColumns {
  const zeros = () => new Array<number>(days).fill(0);
  return {
    day: Array.from({ length: days }, (_, d) => d),
    attempted: zeros(),
    blocked: zeros(),
    delivered: zeros(),
    accepted: zeros(),
    ignored: zeros(),
    idk: zeros(),
    withdrawn: zeros(),
    restrictionsStarted: zeros(),
    restrictionsLifted: zeros(),
  };
}
