/**
 * The model's configuration types: World (population + graph), Behaviour (archetypes),
 * Response (recipients), Ladder. scenarios/ validates files into these; sim/ trusts them.
 */
import type { HttpPolicyOptions } from '../policies/http/spec';

export const ARCHETYPES = [
  // honest
  'regular',
  'importer',
  'recruiter',
  'openNetworker',
  // abusive
  'bulkSpammer',
  'lowAndSlow',
  'fofTargeter',
  'sybil',
  'takeover',
  'adaptive',
] as const;
export type ArchetypeName = (typeof ARCHETYPES)[number];

export const RECIPIENT_STYLES = ['normal', 'acceptsAll', 'selective', 'quickIdk', 'dormant'] as const;
export type RecipientStyle = (typeof RECIPIENT_STYLES)[number];

/** What a member does while restricted (must type the recipient's email). */
export const RESTRICTED_BEHAVIOURS = ['emailOnly', 'continue', 'wait', 'slow', 'quit'] as const;
export type RestrictedBehaviour = (typeof RESTRICTED_BEHAVIOURS)[number];

export interface TargetMix {
  /** People the sender knows (an edge of the who-knows-whom graph). */
  contact: number;
  /** Friends of friends: known by someone the sender knows or is connected to. */
  fof: number;
  /** Anyone else. */
  stranger: number;
}

export interface ArchetypeParams {
  label: 'honest' | 'abusive';
  /** Fake accounts have no real-world contacts: no edges in the who-knows-whom graph. */
  fake: boolean;
  /** Mean invitations a day while active. */
  sendsPerDay: number;
  /** Log-normal sigma of the per-member rate multiplier (0 = everyone sends at the mean). */
  rateSpread: number;
  /** Members start sending on a day drawn uniformly from [from, to). */
  activeFrom: { from: number; to: number };
  targets: TargetMix;
  /** Probability that a profile invitation carries a personal note. */
  noteRate: number;
  /** Probability that the member has a profile photo. */
  photoRate: number;
  /** Probability that the sender withdraws a pending invitation to a stranger (fof/contact: a tenth of it). */
  withdrawRate: number;
  /** Days a pending invitation waits before the sender withdraws it. */
  withdrawAfterDays: number;
  whenRestricted: RestrictedBehaviour;
  /** Rate multiplier while restricted when whenRestricted = 'slow'. */
  slowFactor: number;
  /** Share of strangers' email addresses the member has (scraped lists); contacts' come from the graph. */
  strangerEmailRate: number;
  /** Address-book import: invitations sent in one burst on the first active day, channel `import`, no note. */
  importSize: number;
  /** Sybil ring size (members of a ring invite and accept each other). */
  ringSize: number;
  /** Share of a sybil's invitations that go to its ring mates. */
  ringShare: number;
  /** Account takeover: honest until a day in [from, to), then sends at these figures. */
  takeover: null | { from: number; to: number; sendsPerDay: number; targets: TargetMix; noteRate: number };
  /** Adaptive attacker: keeps each 7-day window's sends under `weeklyBudget`, multiplied by `backoff` after each restriction it waits out. */
  adaptive: null | { weeklyBudget: number; backoff: number };
}

export interface GraphParams {
  /** Mean number of people a real member knows. */
  meanDegree: number;
  /** Tail exponent of the degree distribution (P(D > d) ~ d^-alpha). */
  degreeExponent: number;
  minDegree: number;
  maxDegree: number;
  /** Community sizes are Pareto(min, exponent) capped at max. */
  community: { min: number; max: number; exponent: number };
  /** Share of each member's ties that leave its community. */
  mixing: number;
  /** Share of contacts whose email address a member knows. */
  emailKnownRate: number;
}

export interface ResponseParams {
  /** Base probability that a recipient accepts, by how it relates to the sender. */
  accept: TargetMix;
  /** Added accept probability per mutual contact beyond the first (friends of friends), up to `mutualCap`. */
  mutualBoost: number;
  mutualCap: number;
  /** Added accept probability with a personal note / a profile photo (subtracted without). */
  noteBoost: number;
  photoBoost: number;
  /** Probability a recipient who knows the sender clicks IDK by mistake. */
  mistakenIdk: number;
  /** Probability that a declining recipient who does not know the sender clicks IDK (else Ignore). */
  strangerIdk: number;
  /** Probability a recipient never answers (dormant recipients: `dormantNoResponse`). */
  noResponse: number;
  dormantNoResponse: number;
  /** Mean hours before an answer (exponential). */
  meanDelayHours: number;
  styles: Record<RecipientStyle, number>;
}

export interface LadderParams {
  /** Hours after a restriction starts before it may lift. */
  coolDownHours: number;
  /** Hours between later lift checks while the policy still finds the member suspicious. */
  recheckHours: number;
  /** The restriction that makes this many strikes is permanent. */
  strikesToPermanent: number;
}

export interface PolicySpec {
  name?: string;
  module?: string;
  /** A policy service to call over HTTP instead of an in-process policy (policies/http). */
  http?: HttpPolicyOptions;
  params: Record<string, unknown>;
}

/** Everything one simulation run needs (a scenario with one sweep point applied). */
export interface SimConfig {
  seed: string;
  days: number;
  members: number;
  shares: Record<ArchetypeName, number>;
  archetypes: Record<ArchetypeName, ArchetypeParams>;
  graph: GraphParams;
  response: ResponseParams;
  ladder: LadderParams;
  /** Minutes between policy reviews. */
  reviewEveryMinutes: number;
}
