/**
 * GroundTruth: the one channel through which the simulator's labels reach a policy. Only the
 * `oracle` upper bound declares that it needs it (PolicyDefinition.needsTruth); the registry
 * hands it to no other policy, and a test holds that no other built-in imports this module.
 */
export interface GroundTruth {
  /** Minute from which each member is abusive (-1: honest throughout the run). */
  readonly abusiveFrom: Int32Array;
}
