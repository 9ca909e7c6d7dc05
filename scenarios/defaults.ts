/**
 * Model defaults outside the archetypes: the who-knows-whom graph, how recipients answer,
 * the restriction ladder. Calibrated so the baseline reproduces published figures:
 * strangers accept ~20% of requests and ~60% with a mutual friend (Boshmaf et al. 2011);
 * known contacts accept ~70%; people see ~30% of requests declined.
 */
import type { GraphParams, InmailParams, InvitationRules, LadderParams, NetworkParams, ResponseParams } from '../sim/config';

export const DEFAULT_GRAPH: GraphParams = {
  meanDegree: 24,
  degreeExponent: 2.2,
  minDegree: 4,
  maxDegree: 1500,
  community: { min: 20, max: 3000, exponent: 1.4 },
  mixing: 0.2,
  emailKnownRate: 0.5,
};

export const DEFAULT_RESPONSE: ResponseParams = {
  accept: { contact: 0.86, fof: 0.68, stranger: 0.19 },
  mutualBoost: 0.02,
  mutualCap: 10,
  noteBoost: 0.05,
  photoBoost: 0.03,
  mistakenIdk: 0.01,
  // A note that says how you know someone halves mistaken IDKs; a photo prevents a quarter (assumed: the help page gives no figure).
  noteIdkEffect: 0.5,
  photoIdkEffect: 0.25,
  strangerIdk: 0.4,
  // An address book holds people who barely know the member: they answer like strangers reminded of a
  // name, a little above strangers' ~20% (Boshmaf et al. 2011) and far below a mutual friend's ~60%, and
  // with no note possible on an import (the help page) nothing jogs their memory: half of those who
  // decline click IDK, more than strangers' 0.4, since the invitation claims they know the sender (assumed).
  acquaintanceAccept: 0.25,
  acquaintanceIdk: 0.5,
  noResponse: 0.08,
  dormantNoResponse: 0.9,
  meanDelayHours: 30,
  // Accepting is an act, declining mostly is not: unwanted invitations sit for days (assumed).
  declineDelayHours: 120,
  styles: { normal: 0.72, acceptsAll: 0.04, selective: 0.12, quickIdk: 0.06, dormant: 0.06 },
};

/** Three days' cool-down; the second restriction is permanent ("further restrictions after your first time"). */
export const DEFAULT_LADDER: LadderParams = {
  coolDownHours: 72,
  recheckHours: 24,
  strikesToPermanent: 2,
};

/**
 * The network at the start. A member connects over the years to about half of the people
 * they know professionally (assumed: a reasoned figure, the help page and papers give none;
 * it puts a mature member's connections near the knows-degree's half), reaching 63% of that
 * share after a year. Accounts are up to ten years old. Address books: importers always,
 * and a third of established members once (LinkedIn asks at sign-up; assumed share). A book
 * holds three acquaintances (people the member emailed once, former colleagues) for each person
 * it knows (assumed: mail clients keep every address written to, and the graph's ~24 people a
 * member knows are the few it knows well; with the half of them whose email it knows, a book of
 * ~84 for a member of mean degree, so an import of 80 is reached by members who know many).
 * 30,000 connections is LinkedIn's documented cap.
 */
export const DEFAULT_NETWORK: NetworkParams = {
  initialConnectedShare: 0.5,
  connectionGrowthDays: 365,
  maxAccountAgeDays: 3650,
  addressBookShare: 0.3,
  addressBookAcquaintances: 3,
  connectionCap: 30_000,
};

/** LinkedIn: after withdrawing, the same person can be invited again after up to 3 weeks; the same pause after an Ignore or IDK (assumed). */
export const DEFAULT_INVITATIONS: InvitationRules = {
  reinviteAfterWithdrawDays: 21,
  reinviteAfterIgnoreDays: 21,
};

/** Premium Business plans carry 15 InMail credits a month (LinkedIn's plan pages); who has credits is per archetype (`inmailShare`). */
export const DEFAULT_INMAIL: InmailParams = {
  creditsPerMonth: 15,
};
