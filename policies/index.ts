/** policies/: the restriction rules (built-in and plugin), their registry and the shared ladder. */
export * from './policy';
export { Ladder, FREE, RESTRICTED, PERMANENT, type RestrictionLadder, type LiftScheduler } from './ladder';
export type { PolicyDefinition, ChildResolver } from './definition';
export { listPolicies, findPolicy, resolvePolicySpec, createPolicy } from './registry';
export { describeParams, type ParamDoc } from './params';
export { PluginError } from './plugin';
export { RollingCounter } from './rolling';
