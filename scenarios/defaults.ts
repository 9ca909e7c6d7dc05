/**
 * Model defaults outside the archetypes: the who-knows-whom graph, how recipients answer,
 * the restriction ladder. Calibrated so the baseline reproduces published figures:
 * strangers accept ~20% of requests and ~60% with a mutual friend (Boshmaf et al. 2011);
 * known contacts accept ~70%; people see ~30% of requests declined.
 */
import type { GraphParams, LadderParams, ResponseParams } from '../sim/config';

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
  strangerIdk: 0.4,
  noResponse: 0.08,
  dormantNoResponse: 0.9,
  meanDelayHours: 30,
  styles: { normal: 0.72, acceptsAll: 0.04, selective: 0.12, quickIdk: 0.06, dormant: 0.06 },
};

/** Three days' cool-down; the second restriction is permanent ("further restrictions after your first time"). */
export const DEFAULT_LADDER: LadderParams = {
  coolDownHours: 72,
  recheckHours: 24,
  strikesToPermanent: 2,
};
