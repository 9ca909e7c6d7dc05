/**
 * Synthetic RunRecords for report tests: plausible, internally consistent numbers (totals
 * are sums over archetypes, ratios follow the counts) without running the engine.
 * A raising threshold trades recall for precision, so sweeps draw a real PR curve.
 */
import type { ArchetypeMetrics, ParamValue, RunRecord, RunResult, TimelineColumns } from '../../sim/result';
import type { RunMeta } from '../../reports';

/** mulberry32: a tiny seeded generator, so fixtures never touch Math.random(). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

export const META: RunMeta = { invitesimVersion: '0.1.0-test', date: '2025-01-01T00:00:00.000Z', durationMs: 12345, host: 'test-host', threads: 2 };

const HONEST = { regular: 600, importer: 120, recruiter: 80, openNetworker: 50 } as const;
const ABUSIVE = { bulkSpammer: 60, lowAndSlow: 40, sybil: 30, takeover: 20 } as const;

export interface FixtureOptions {
  points?: number;
  replicates?: number;
  days?: number;
  seed?: number;
  /** Swept values of `policy.params.idkLimit` by point (default 2, 3, 4, …). */
  param?: (point: number) => Record<string, ParamValue>;
  /** Policies without a score produce scoreCurve null and averagePrecision null. */
  score?: boolean;
  /** [point, replicate] pairs whose run fails. */
  failures?: Array<[number, number]>;
  /** Overrides applied to every run's top-level metrics. */
  metrics?: Partial<RunResult['metrics']>;
}

export function makeRecords(o: FixtureOptions = {}): RunRecord[] {
  const points = o.points ?? 4;
  const replicates = o.replicates ?? 5;
  const param = o.param ?? ((p: number) => ({ 'policy.params.idkLimit': 2 + p }));
  const records: RunRecord[] = [];
  for (let point = 0; point < points; point++) {
    for (let replicate = 0; replicate < replicates; replicate++) {
      const index = point * replicates + replicate;
      const base = { index, point, replicate, seed: `7/point/${point}/rep/${replicate}`, params: param(point) };
      const failed = o.failures?.some(([p, r]) => p === point && r === replicate);
      if (failed) records.push({ ...base, error: `worker crashed at point ${point} replicate ${replicate}` });
      else records.push({ ...base, result: makeResult(point / Math.max(1, points - 1), rng((o.seed ?? 1) * 100_003 + index), o) });
    }
  }
  return records;
}

/** One run at strictness s ∈ [0, 1]: stricter catches fewer abusers and fewer honest members. */
function makeResult(s: number, r: () => number, o: FixtureOptions): RunResult {
  const days = o.days ?? 30;
  const noise = () => 0.9 + 0.2 * r();
  const byArchetype: RunResult['byArchetype'] = {};
  const hoursToRestrict: RunResult['hoursToRestrict'] = {};
  for (const [name, n] of Object.entries(HONEST)) {
    const fpr = Math.min(1, (name === 'recruiter' || name === 'openNetworker' ? 0.12 : 0.01) * (1 - 0.8 * s) * noise());
    const fp = Math.round(n * fpr);
    byArchetype[name as keyof typeof HONEST] = archetype(0, 0, fp, n - fp, days, r);
  }
  for (const [name, n] of Object.entries(ABUSIVE)) {
    const recall = Math.min(1, (name === 'bulkSpammer' ? 0.98 : 0.85) * (1 - 0.5 * s) * noise());
    const tp = Math.round(n * recall);
    byArchetype[name as keyof typeof ABUSIVE] = archetype(tp, n - tp, 0, 0, days, r);
    const scale = (name === 'bulkSpammer' ? 6 : 40) * (1 + s);
    hoursToRestrict[name as keyof typeof ABUSIVE] = {
      quantiles: tp === 0 ? [] : Array.from({ length: 21 }, (_, k) => scale * -Math.log(1 - Math.min(0.98, k / 20)) * noise()).sort((a, b) => a - b),
      restrictedShare: tp / n,
    };
  }
  const rows = Object.values(byArchetype) as ArchetypeMetrics[];
  const sum = (k: keyof ArchetypeMetrics) => rows.reduce((acc, a) => acc + (a[k] as number), 0);
  const [tp, fp, fn, tn] = [sum('truePositives'), sum('falsePositives'), sum('falseNegatives'), sum('trueNegatives')];
  const hours = Object.values(hoursToRestrict).flatMap((h) => h!.quantiles);
  hours.sort((a, b) => a - b);
  const score = o.score ?? true;
  return {
    metrics: {
      ...confusion(tp, fp, fn, tn),
      medianHoursToRestrict: hours.length ? hours[Math.floor(hours.length / 2)] : null,
      p90HoursToRestrict: hours.length ? hours[Math.floor(hours.length * 0.9)] : null,
      invitationsAttempted: sum('invitationsAttempted'),
      blocked: sum('blocked'),
      accepted: sum('accepted'),
      ignored: sum('ignored'),
      idk: sum('idk'),
      withdrawn: sum('withdrawn'),
      pending: sum('pending'),
      abusiveDelivered: Math.round(4000 * (0.3 + 0.7 * s) * noise()),
      honestBlocked: Math.round(300 * (1 - 0.8 * s) * noise()),
      sendsIntended: sum('sendsIntended'),
      suppressed: sum('suppressed'),
      honestSuppressed: sum('honestSuppressed'),
      inmailsSent: sum('inmailsSent'),
      honestInmailsSent: sum('honestInmailsSent'),
      abusiveInmailsSent: sum('abusiveInmailsSent'),
      connectionsMade: sum('accepted'),
      abusiveConnections: Math.round(800 * (0.3 + 0.7 * s) * noise()),
      honestRestrictedDays: Math.round(40 * (1 - 0.5 * s) * noise()),
      averagePrecision: score ? 0.8 + 0.1 * r() : null,
      restrictionsStarted: tp + fp + Math.round(10 * r()),
      restrictionsLifted: Math.round(fp * 0.7),
      permanentRestrictions: Math.round(tp * 0.3),
      events: 50_000 + Math.round(1000 * r()),
      fallbackDecisions: 0,
      fallbackRate: 0,
      ...o.metrics,
    },
    byArchetype,
    timeline: timeline(days, s, r),
    calibration: {
      contact: { delivered: 1000, accepted: 700, acceptRate: 0.7 },
      fof: { delivered: 500, accepted: 300, acceptRate: 0.6 },
      stranger: { delivered: 400, accepted: 80, acceptRate: 0.2 },
    },
    hoursToRestrict,
    scoreCurve: score ? scoreCurve(r) : null,
  };
}

function confusion(tp: number, fp: number, fn: number, tn: number) {
  return {
    members: tp + fp + fn + tn,
    abusiveMembers: tp + fn,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    falsePositiveRate: ratio(fp, fp + tn),
    honestRestrictedPer1000: fp + tn === 0 ? null : (1000 * fp) / (fp + tn),
  };
}

function archetype(tp: number, fn: number, fp: number, tn: number, days: number, r: () => number): ArchetypeMetrics {
  const members = tp + fn + fp + tn;
  const attempted = Math.round(members * days * (tp + fn > 0 ? 20 : 0.5) * (0.9 + 0.2 * r()));
  const blocked = Math.round(attempted * 0.05);
  const delivered = attempted - blocked;
  const accepted = Math.round(delivered * 0.5);
  const ignored = Math.round(delivered * 0.2);
  const idk = Math.round(delivered * 0.1);
  const withdrawn = Math.round(delivered * 0.05);
  return {
    ...confusion(tp, fp, fn, tn),
    medianHoursToRestrict: tp > 0 ? 10 + 20 * r() : null,
    p90HoursToRestrict: tp > 0 ? 60 + 40 * r() : null,
    invitationsAttempted: attempted,
    blocked,
    accepted,
    ignored,
    idk,
    withdrawn,
    pending: delivered - accepted - ignored - idk - withdrawn,
    abusiveDelivered: tp + fn > 0 ? delivered : 0,
    honestBlocked: tp + fn > 0 ? 0 : blocked,
    sendsIntended: attempted + Math.round(attempted * 0.02) + Math.round(attempted * 0.01),
    suppressed: Math.round(attempted * 0.02),
    honestSuppressed: tp + fn > 0 ? 0 : Math.round(attempted * 0.02),
    inmailsSent: Math.round(attempted * 0.01),
    honestInmailsSent: tp + fn > 0 ? 0 : Math.round(attempted * 0.01),
    abusiveInmailsSent: tp + fn > 0 ? Math.round(attempted * 0.01) : 0,
    connectionsMade: accepted,
    abusiveConnections: tp + fn > 0 ? accepted : 0,
    honestRestrictedDays: fp * 2,
  };
}

function timeline(days: number, s: number, r: () => number): TimelineColumns {
  const t: TimelineColumns = { day: [], attempted: [], blocked: [], delivered: [], accepted: [], ignored: [], idk: [], withdrawn: [], restrictionsStarted: [], restrictionsLifted: [] };
  for (let d = 0; d < days; d++) {
    const attempted = Math.round((1500 + 400 * Math.sin(d / 3)) * (0.9 + 0.2 * r()));
    const blocked = Math.round(attempted * (0.02 + 0.08 * (1 - s)) * Math.min(1, d / 5));
    const delivered = attempted - blocked;
    t.day.push(d);
    t.attempted.push(attempted);
    t.blocked.push(blocked);
    t.delivered.push(delivered);
    t.accepted.push(Math.round(delivered * 0.5 * (0.9 + 0.2 * r())));
    t.ignored.push(Math.round(delivered * 0.2 * (0.9 + 0.2 * r())));
    t.idk.push(Math.round(delivered * 0.1 * (0.9 + 0.2 * r())));
    t.withdrawn.push(Math.round(delivered * 0.03 * (0.9 + 0.2 * r())));
    t.restrictionsStarted.push(Math.round((d < 3 ? 2 : 12) * (1 - 0.5 * s) * r()));
    t.restrictionsLifted.push(d < 4 ? 0 : Math.round(5 * r()));
  }
  return t;
}

/** A score PR curve of 50 abusive members: recall rising, precision falling from near 1 towards the base rate. */
function scoreCurve(r: () => number): RunResult['scoreCurve'] {
  const positives = 50;
  const curve = { threshold: [] as number[], precision: [] as number[], recall: [] as number[] };
  const levels = { threshold: [] as number[], precision: [] as number[], recall: [] as number[], tp: [] as number[], fp: [] as number[] };
  const shape = 3 + r();
  for (let k = 0; k <= positives; k++) {
    const tp = Math.max(1, k);
    const recall = tp / positives;
    const fp = Math.round(tp / Math.max(0.15, 1 - 0.85 * recall ** shape)) - tp;
    if (k > 0) {
      curve.threshold.push(1 - recall);
      curve.recall.push(recall);
      curve.precision.push(tp / (tp + fp));
    }
    levels.threshold.push(1 - recall);
    levels.recall.push(recall);
    levels.precision.push(tp / (tp + fp));
    levels.tp.push(tp);
    levels.fp.push(fp);
  }
  return { ...curve, levels };
}

export function makeScenario(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'fixture-sweep',
    description: 'Synthetic sweep of the IDK limit for report tests.',
    sources: ['Boshmaf et al. 2011'],
    seed: 7,
    days: 30,
    replicates: 5,
    population: { members: 1000, shares: { regular: 0.6, bulkSpammer: 0.06 } },
    archetypes: {},
    graph: { meanDegree: 40 },
    response: {},
    ladder: { coolDownHours: 72, strikesToPermanent: 3 },
    policy: { name: 'idk-limit', params: { idkLimit: 3 } },
    sweep: { 'policy.params.idkLimit': [2, 3, 4, 5] },
    ...overrides,
  };
}
