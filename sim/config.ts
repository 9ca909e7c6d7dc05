/**
 * The model's configuration types: World (population + graph), Behaviour (archetypes),
 * Response (recipients), Ladder. scenarios/ validates files into these; sim/ trusts them.
 */
import type { LadderParams } from '../policies/ladder';
import type { PolicySpec } from '../policies/definition';

export type { LadderParams, PolicySpec };

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
  /** Probability that the sender withdraws a pending invitation to a stranger it fears will be answered IDK (friends of friends: half of it; contacts: never). */
  withdrawRate: number;
  /** Days a pending invitation waits before the sender withdraws it. */
  withdrawAfterDays: number;
  whenRestricted: RestrictedBehaviour;
  /** Rate multiplier while restricted when whenRestricted = 'slow'. */
  slowFactor: number;
  /** Share of strangers' email addresses the member has (scraped lists); contacts' come from the graph. */
  strangerEmailRate: number;
  /** Address-book import: invitations sent in one burst on the first active day, channel `import`, no note, one to each address-book entry in turn until this many are sent or the book is used up. */
  importSize: number;
  /** Sybil ring size (members of a ring invite and accept each other). */
  ringSize: number;
  /** Share of a sybil's invitations that go to its ring mates. */
  ringShare: number;
  /** Self-rejection: share of its ring mates' invitations a sybil ignores, to blur the cut between ring and honest region (Rejecto's evasion). */
  selfRejection: number;
  /** Share of a sybil's invitations to strangers that go to one community chosen per ring, so its invitees know one another (lifts clustering). */
  communityShare: number;
  /** Account takeover: honest until a day in [from, to), then sends at these figures. */
  takeover: null | { from: number; to: number; sendsPerDay: number; targets: TargetMix; noteRate: number };
  /** Joins the platform during the run (at its first active minute) with no connections; else an established account of some age. */
  newcomer: boolean;
  /**
   * Fake accounts only: the share that are aged, bought or farmed accounts that joined before the
   * run (0: every fake account joins at its first active minute). Each joins `agedDays` ago and
   * comes with `boughtConnections`, so a seed rule that trusts old, well-connected accounts may pick it.
   */
  agedShare: number;
  /** An aged account's age in days when the run starts, uniform in [min, max). */
  agedDays: { min: number; max: number };
  /** Connections an aged account comes with: established real members drawn at random, who do not know it. */
  boughtConnections: number;
  /** Share of these members with InMail credits (premium plans, recruiter seats). */
  inmailShare: number;
  /** Probing attacker (sim/probing.ts): the fleet's learning rule for a volume cap it cannot see. */
  adaptive: null | {
    /** The fleet's weekly level at the start. */
    startWeekly: number;
    /** Additive increase of the fleet's weekly level per day while none of its accounts is caught. */
    step: number;
    /** Multiplicative decrease: the level drops to this share of the level where an account was caught. */
    backoff: number;
    /** The level never again climbs past this share of the lowest level where an account was caught. */
    memory: number;
    /** Share of the fleet's accounts that probe at the level; the rest keep `memory` x the level. */
    scoutShare: number;
    /** Second mode (0: off): an account accepted less than this share of the time sends to friends of friends or fleet mates until it is above it again. */
    acceptTarget: number;
  };
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
  /**
   * A user's graph instead of a generated one (io/graph-file.ts reads it; the generation fields
   * above are then unused but emailKnownRate). Paths are absolute once the scenario is resolved.
   */
  file?: string;
  format?: 'snap' | 'csv' | 'graphml' | 'gexf';
  /** The platform's connections at the start (else initialConnectedShare applies over the imported graph). */
  connectionsFile?: string;
  /** CSV member,archetype[,community]: each imported member's archetype (else drawn by population.shares). */
  archetypesFile?: string;
  /** Where communities come from: auto (the archetypes file's column, else Louvain when the model needs them), louvain, file, none. */
  communities?: 'auto' | 'louvain' | 'file' | 'none';
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
  /** Share of mistaken IDKs a personal note prevents ("jog the recipient's memory"). */
  noteIdkEffect: number;
  /** Share of mistaken IDKs a profile photo prevents ("helps someone identify you"). */
  photoIdkEffect: number;
  /** Probability that a declining recipient who does not know the sender clicks IDK (else Ignore). */
  strangerIdk: number;
  /**
   * An acquaintance in the sender's address book (someone it emailed once, a former colleague,
   * who barely knows it): its accept probability, and the probability that declining it clicks
   * IDK. Answered like a stranger who is reminded of a name.
   */
  acquaintanceAccept: number;
  acquaintanceIdk: number;
  /** Probability a recipient never answers (dormant recipients: `dormantNoResponse`). */
  noResponse: number;
  dormantNoResponse: number;
  /** Mean hours before an Accept (exponential). */
  meanDelayHours: number;
  /** Mean hours before an Ignore or IDK: declines are passive, unwanted invitations sit for days. */
  declineDelayHours: number;
  styles: Record<RecipientStyle, number>;
}



/** The platform's network when the run starts, and its limits. */
export interface NetworkParams {
  /** Share of the people a mature account knows that it is connected to at the start. */
  initialConnectedShare: number;
  /** Days for an account's connected share to reach 63% of initialConnectedShare: share(age) = S (1 - e^(-age/τ)). */
  connectionGrowthDays: number;
  /** Established accounts' ages are uniform in [0, maxAccountAgeDays). */
  maxAccountAgeDays: number;
  /** Share of established real members who uploaded their address book at some point (importers always have). */
  addressBookShare: number;
  /**
   * Acquaintances in an address book per person the member knows: the book holds the contacts
   * whose email it knows plus this many times its contacts of people who barely know it.
   */
  addressBookAcquaintances: number;
  /** Most connections a member may have (LinkedIn: 30,000). */
  connectionCap: number;
}

/** When a sender may invite the same person again. */
export interface InvitationRules {
  /** After withdrawing an invitation (LinkedIn: "up to 3 weeks"). */
  reinviteAfterWithdrawDays: number;
  /** After the recipient answered Ignore or IDK. */
  reinviteAfterIgnoreDays: number;
}

export interface InmailParams {
  /** InMail credits a month for a member who has them (the archetype's `inmailShare`). */
  creditsPerMonth: number;
}

/** Everything one simulation run needs (a scenario with one sweep point applied). */
export interface SimConfig {
  seed: string;
  days: number;
  members: number;
  shares: Record<ArchetypeName, number>;
  archetypes: Record<ArchetypeName, ArchetypeParams>;
  network: NetworkParams;
  graph: GraphParams;
  response: ResponseParams;
  invitations: InvitationRules;
  inmail: InmailParams;
  ladder: LadderParams;
  /** Minutes between policy reviews. */
  reviewEveryMinutes: number;
}
