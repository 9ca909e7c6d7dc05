/**
 * RunResult: what one simulation run reports: plain numbers, structured-cloneable, small.
 * Names are the canonical metric names used in CSV columns, JSON and gates.
 * A ratio whose denominator is zero is null (never NaN, never 0).
 */
import type { ArchetypeName } from './config';

/**
 * Member-level confusion counts, in truth in time: a member is honest before its abusiveFrom and
 * abusive from it on. An honest period is a false positive if a restriction started in it (for a
 * taken-over account: before the takeover), else a true negative; an abusive period is a true
 * positive only if a restriction started in it. So a taken-over account is two periods (its
 * owner's and its attacker's) in these counts and one of `members`.
 */
export interface MemberMetrics {
  members: number;
  abusiveMembers: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  falsePositiveRate: number | null;
  /** Honest members restricted per 1,000 honest members (the benign impact, as harm-vs-friction frontiers report it). */
  honestRestrictedPer1000: number | null;
  /** Hours from a member's first abusive invitation to the first restriction that started from its abusiveFrom on (detected abusive members). */
  medianHoursToRestrict: number | null;
  p90HoursToRestrict: number | null;
}

/** Invitation outcomes; invitationsAttempted = blocked + accepted + ignored + idk + withdrawn + pending. */
export interface InvitationMetrics {
  invitationsAttempted: number;
  blocked: number;
  accepted: number;
  ignored: number;
  idk: number;
  withdrawn: number;
  pending: number;
  /** Invitations delivered while their sender was abusive. */
  abusiveDelivered: number;
  /** Attempts blocked while their sender was honest. */
  honestBlocked: number;
  /** Sends members set out to make once they had someone to invite: invitationsAttempted + suppressed + inmailsSent. */
  sendsIntended: number;
  /** Sends restricted members could not make: no address to type and no InMail credit. */
  suppressed: number;
  honestSuppressed: number;
  /** InMails sent instead of an invitation by restricted members who lacked the address. */
  inmailsSent: number;
  honestInmailsSent: number;
  abusiveInmailsSent: number;
  /** Connections made by accepted invitations (= accepted), and those with an abusive end: the footholds. */
  connectionsMade: number;
  abusiveConnections: number;
  /** Member-days honest members spent restricted within the horizon. */
  honestRestrictedDays: number;
}

export interface LadderMetrics {
  restrictionsStarted: number;
  restrictionsLifted: number;
  permanentRestrictions: number;
}

export interface RunMetrics extends MemberMetrics, InvitationMetrics, LadderMetrics {
  /** Average precision of the policy's score over all members (null: the policy has no score). */
  averagePrecision: number | null;
  /** Events the engine processed (sends, responses, withdrawals, lift checks). */
  events: number;
  /** Answers a policy service failed to give, replaced by the scenario's `onError` fallback (0 in process). */
  fallbackDecisions: number;
  /** fallbackDecisions / requests to the service (0 in process: every answer is the policy's own). */
  fallbackRate: number | null;
}

export type ArchetypeMetrics = MemberMetrics & InvitationMetrics;

/** One row a simulated day; counts of attempts by outcome as they happen that day. */
export interface TimelineColumns {
  day: number[];
  attempted: number[];
  blocked: number[];
  delivered: number[];
  accepted: number[];
  ignored: number[];
  idk: number[];
  withdrawn: number[];
  restrictionsStarted: number[];
  restrictionsLifted: number[];
}

/** Accept rates of honest senders' delivered invitations by relation, to check calibration. */
export interface Calibration {
  contact: { delivered: number; accepted: number; acceptRate: number | null };
  fof: { delivered: number; accepted: number; acceptRate: number | null };
  stranger: { delivered: number; accepted: number; acceptRate: number | null };
}

/** Recall levels 0, 0.02, …, 1 at which every run's exact operating point is kept (the mean curve's grid). */
export const RECALL_LEVELS = 50;

/**
 * A precision-recall curve from the policy's score: a drawing of at most ~200 points, and
 * the exact operating point at each recall level k / RECALL_LEVELS: the highest threshold
 * whose recall reaches the level (precision there is the step function scikit-learn draws,
 * whose area is the average precision). A threshold is null for -Infinity (NaN scores).
 */
export interface ScoreCurve {
  threshold: number[];
  precision: number[];
  recall: number[];
  levels?: { threshold: Array<number | null>; precision: number[]; recall: number[]; tp: number[]; fp: number[] };
}

export interface RunResult {
  metrics: RunMetrics;
  byArchetype: Partial<Record<ArchetypeName, ArchetypeMetrics>>;
  timeline: TimelineColumns;
  calibration: Calibration;
  /** Hours to first restriction of each restricted abusive archetype, as 21 quantiles (0%, 5%, …, 100%) plus the share restricted. */
  hoursToRestrict: Partial<Record<ArchetypeName, { quantiles: number[]; restrictedShare: number }>>;
  scoreCurve: ScoreCurve | null;
  /** The policy's own counters (Policy.stats), e.g. an HTTP policy's requests, timeouts and fallbacks. */
  policyStats?: Record<string, number>;
}

/** A sweep value: what a `sweep` list or `--set` may hold. */
export type ParamValue = number | string | boolean;

/** One unit of work: a sweep point's replicate, with its own derived seed. */
export interface Task {
  /** Position in the plan (point-major: index = point * replicates + replicate). */
  index: number;
  point: number;
  replicate: number;
  seed: string;
  /** The swept parameter paths and this point's values (empty without a sweep). */
  params: Record<string, ParamValue>;
}

/** A finished task: its result, or the error that failed it. */
export interface RunRecord extends Task {
  result?: RunResult;
  error?: string;
}
