/**
 * The metric catalogue: every numeric field of RunMetrics by its canonical name, with the
 * direction that counts as better (for baseline regressions) and how to read it (for labels).
 * Typed as a Record over RunMetrics so adding a metric in sim/ fails to compile until it is listed here.
 */
import type { ArchetypeMetrics, RunMetrics, TimelineColumns } from '../sim/result';

export type MetricName = keyof RunMetrics;
export type ArchetypeMetricName = keyof ArchetypeMetrics;

/** `higher`/`lower` is better; `neutral` metrics (volumes, counts of members) are reported but never a regression. */
export type Direction = 'higher' | 'lower' | 'neutral';

/** `share` is a ratio in [0, 1]; baseline tolerance is absolute for shares and relative for counts and hours. */
export type Kind = 'share' | 'count' | 'hours';

export interface MetricInfo {
  direction: Direction;
  kind: Kind;
  label: string;
  /**
   * A proportion of member counts: its estimate over replicates pools them (Σ successes /
   * Σ trials, Wilson interval) instead of averaging the replicates' ratios (t interval).
   */
  pooled?: { successes: MetricName & ArchetypeMetricName; trials: Array<MetricName & ArchetypeMetricName> };
}

const INFO: Record<MetricName, MetricInfo> = {
  precision: { direction: 'higher', kind: 'share', label: 'restricted members who are abusive', pooled: { successes: 'truePositives', trials: ['truePositives', 'falsePositives'] } },
  recall: { direction: 'higher', kind: 'share', label: 'abusive members restricted', pooled: { successes: 'truePositives', trials: ['truePositives', 'falseNegatives'] } },
  f1: { direction: 'higher', kind: 'share', label: 'harmonic mean of precision and recall' },
  falsePositiveRate: { direction: 'lower', kind: 'share', label: 'honest members restricted', pooled: { successes: 'falsePositives', trials: ['falsePositives', 'trueNegatives'] } },
  honestRestrictedPer1000: { direction: 'lower', kind: 'count', label: 'honest members restricted per 1,000 honest members' },
  averagePrecision: { direction: 'higher', kind: 'share', label: "average precision of the policy's score" },
  truePositives: { direction: 'higher', kind: 'count', label: 'abusive members restricted' },
  falsePositives: { direction: 'lower', kind: 'count', label: 'honest members restricted' },
  falseNegatives: { direction: 'lower', kind: 'count', label: 'abusive members never restricted' },
  trueNegatives: { direction: 'higher', kind: 'count', label: 'honest members never restricted' },
  medianHoursToRestrict: { direction: 'lower', kind: 'hours', label: 'median hours from first abusive invitation to restriction' },
  p90HoursToRestrict: { direction: 'lower', kind: 'hours', label: '90th percentile hours from first abusive invitation to restriction' },
  abusiveDelivered: { direction: 'lower', kind: 'count', label: 'invitations delivered while the sender was abusive' },
  honestBlocked: { direction: 'lower', kind: 'count', label: 'attempts blocked while the sender was honest' },
  honestSuppressed: { direction: 'lower', kind: 'count', label: 'sends restricted honest members could not make (no address, no InMail)' },
  honestRestrictedDays: { direction: 'lower', kind: 'count', label: 'member-days honest members spent restricted' },
  abusiveConnections: { direction: 'lower', kind: 'count', label: 'connections between an abusive account and one that is not (footholds)' },
  members: { direction: 'neutral', kind: 'count', label: 'members' },
  abusiveMembers: { direction: 'neutral', kind: 'count', label: 'abusive members' },
  invitationsAttempted: { direction: 'neutral', kind: 'count', label: 'invitations attempted' },
  blocked: { direction: 'neutral', kind: 'count', label: 'attempts blocked' },
  accepted: { direction: 'neutral', kind: 'count', label: 'invitations accepted' },
  ignored: { direction: 'neutral', kind: 'count', label: 'invitations ignored' },
  idk: { direction: 'neutral', kind: 'count', label: "invitations answered I don't know" },
  withdrawn: { direction: 'neutral', kind: 'count', label: 'invitations withdrawn' },
  pending: { direction: 'neutral', kind: 'count', label: 'invitations pending at the horizon' },
  sendsIntended: { direction: 'neutral', kind: 'count', label: 'sends intended: attempted + suppressed + InMails' },
  suppressed: { direction: 'neutral', kind: 'count', label: 'sends restricted members could not make' },
  inmailsSent: { direction: 'neutral', kind: 'count', label: 'InMails sent instead of invitations' },
  honestInmailsSent: { direction: 'neutral', kind: 'count', label: 'InMails sent by honest members' },
  abusiveInmailsSent: { direction: 'neutral', kind: 'count', label: 'InMails sent by abusive members' },
  connectionsMade: { direction: 'neutral', kind: 'count', label: 'connections made by accepted invitations' },
  restrictionsStarted: { direction: 'neutral', kind: 'count', label: 'restrictions started' },
  restrictionsLifted: { direction: 'neutral', kind: 'count', label: 'restrictions lifted' },
  permanentRestrictions: { direction: 'neutral', kind: 'count', label: 'permanent restrictions' },
  events: { direction: 'neutral', kind: 'count', label: 'engine events processed' },
  fallbackDecisions: { direction: 'lower', kind: 'count', label: "answers a policy service failed to give, replaced by the onError fallback" },
  fallbackRate: { direction: 'lower', kind: 'share', label: 'share of policy-service requests answered by the onError fallback' },
};

/** Canonical metric names in column order: headline shares first, then counts, volumes and ladder. */
export const METRICS = Object.keys(INFO) as MetricName[];

const ARCHETYPE_KEYS: Record<ArchetypeMetricName, true> = {
  members: true,
  abusiveMembers: true,
  truePositives: true,
  falsePositives: true,
  falseNegatives: true,
  trueNegatives: true,
  precision: true,
  recall: true,
  f1: true,
  falsePositiveRate: true,
  honestRestrictedPer1000: true,
  medianHoursToRestrict: true,
  p90HoursToRestrict: true,
  invitationsAttempted: true,
  blocked: true,
  accepted: true,
  ignored: true,
  idk: true,
  withdrawn: true,
  pending: true,
  abusiveDelivered: true,
  honestBlocked: true,
  sendsIntended: true,
  suppressed: true,
  honestSuppressed: true,
  inmailsSent: true,
  honestInmailsSent: true,
  abusiveInmailsSent: true,
  connectionsMade: true,
  abusiveConnections: true,
  honestRestrictedDays: true,
};

/** Per-archetype metric names (the member-level and invitation-level subset), in METRICS order. */
export const ARCHETYPE_METRICS = METRICS.filter((m): m is ArchetypeMetricName => m in ARCHETYPE_KEYS);

export function metricInfo(name: MetricName): MetricInfo {
  return INFO[name];
}

export function isMetricName(name: string): name is MetricName {
  return Object.prototype.hasOwnProperty.call(INFO, name);
}

export type TimelineField = keyof TimelineColumns;

const TIMELINE_KEYS: Record<TimelineField, true> = {
  day: true,
  attempted: true,
  blocked: true,
  delivered: true,
  accepted: true,
  ignored: true,
  idk: true,
  withdrawn: true,
  restrictionsStarted: true,
  restrictionsLifted: true,
};

/** Timeline columns, `day` first: attempts by outcome as they happen each day, then the ladder's starts and lifts. */
export const TIMELINE_FIELDS = Object.keys(TIMELINE_KEYS) as TimelineField[];

/** The metrics a reader sees first, in the HTML headline and the CI summary. */
export const HEADLINE_METRICS: MetricName[] = [
  'precision',
  'recall',
  'f1',
  'falsePositiveRate',
  'abusiveDelivered',
  'abusiveConnections',
  'honestBlocked',
  'honestSuppressed',
  'honestRestrictedDays',
  'medianHoursToRestrict',
];
