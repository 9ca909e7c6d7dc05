/**
 * Policy: the swappable restriction rule. A policy observes invitation events and decides;
 * the engine owns the world. Events arrive as positional integers (no event objects) so a
 * policy costs nothing per event beyond its own typed-array bookkeeping.
 */
import type { RestrictionLadder } from './ladder';
import type { PlatformView } from './platform-view';

/** onInvite's answer: send it, send it only if the sender types the recipient's email, or refuse it. */
export const ALLOW = 0;
export const REQUIRE_EMAIL = 1;
export const BLOCK = 2;
export type Verdict = typeof ALLOW | typeof REQUIRE_EMAIL | typeof BLOCK;

/** How an invitation was sent: from a profile (a note possible), an address-book import (no note), a typed email address. */
export const CHANNEL_PROFILE = 0;
export const CHANNEL_IMPORT = 1;
export const CHANNEL_EMAIL = 2;
export type Channel = typeof CHANNEL_PROFILE | typeof CHANNEL_IMPORT | typeof CHANNEL_EMAIL;

/** What happened to a delivered invitation. */
export const ACCEPT = 0;
export const IGNORE = 1;
export const IDK = 2;
export const WITHDRAW = 3;
export type ResponseKind = typeof ACCEPT | typeof IGNORE | typeof IDK | typeof WITHDRAW;

/** Time is in whole simulated minutes from the start of the run. */
export const MINUTES_PER_HOUR = 60;
export const MINUTES_PER_DAY = 1440;

export interface Policy {
  /**
   * An invitation attempt by `sender` to `recipient` at minute `now`. Called for every
   * attempt, restricted senders included. To restrict the sender, call ctx.ladder.restrict
   * and return REQUIRE_EMAIL; the engine also requires the email while the ladder says so.
   */
  onInvite(sender: number, recipient: number, now: number, channel: Channel, note: boolean): Verdict;
  /** A delivered invitation was answered (accept / ignore / IDK) or withdrawn by its sender. */
  onResponse(sender: number, recipient: number, kind: ResponseKind, now: number): void;
  /** Periodic housekeeping (every scenario `reviewEveryMinutes`): may restrict members. */
  review?(now: number): void;
  /** Asked by the ladder after a cool-down: does this member still look abusive? */
  suspicious(member: number, now: number): boolean;
  /** Continuous suspicion (higher = more suspicious), for PR curves at every threshold. */
  score?(member: number): number;
  /**
   * An attempt this policy saw in onInvite was not delivered (the sender could not type the
   * email). Policies that count pending invitations need it: a blocked attempt never gets a
   * response. Optional for policies; the engine calls it when present.
   */
  onBlocked?(sender: number, recipient: number, now: number): void;
  /**
   * A restricted sender without the recipient's address wrote an InMail instead of an
   * invitation (no onInvite for it): the platform sees it, so a policy may count it. Optional.
   */
  onInmail?(sender: number, recipient: number, now: number): void;
  /**
   * Optional, for speed only: read the state this policy will read for `member`'s next event
   * and return any number computed from it. Before it handles the next few dozen events, the
   * engine calls it for the member each of them concerns (the sender of an attempt, an answer
   * or a withdrawal), so the reads' cache misses are taken together, overlapped, instead of
   * one event after another. It must not change any state: results are the same with or
   * without it.
   */
  warm?(member: number): number;
  /**
   * Counters to keep with the run's result (RunResult.policyStats), e.g. an HTTP policy's
   * requests and fallbacks; `fallbacks` (answers replaced by a fallback) out of `requests`
   * become the run's fallbackDecisions and fallbackRate metrics.
   */
  stats?(): Record<string, number>;
  /** Called once when the run is over, after a failure too: release what the policy holds (a service session, a thread). */
  close?(): void;
}

export interface PolicyContext {
  /** Member ids are 0 .. members-1. */
  members: number;
  /** Run length in minutes. */
  horizon: number;
  /**
   * The shared restriction ladder; a policy restricts by calling ladder.restrict(member, now).
   * Typed as the interface so combinators can hand children a ladder that votes through them.
   */
  ladder: RestrictionLadder;
  /**
   * What the platform knows, and all a policy may read: the connection graph as it grows,
   * uploaded address books, account facts (policies/platform-view.ts). Never who knows whom.
   */
  view: PlatformView;
}

/** A policy module exports a factory: built-ins and plugins alike. */
export type PolicyFactory = (ctx: PolicyContext, params: Record<string, unknown>) => Policy;
