/**
 * simulate: one run from configuration to RunResult. The run seed derives independent
 * streams for the graph, the population and behaviour, so a change in how one is drawn
 * never shifts another.
 */
import type { SimConfig } from './config';
import type { RunResult } from './result';
import type { Policy, PolicyContext } from '../policies/policy';
import type { GroundTruth } from '../policies/truth';
import { buildKnowsGraph } from './graph';
import { buildPopulation } from './population';
import { Engine } from './engine';
import { seedNetwork } from './network';
import { Rng, deriveSeed } from './rng';
import { memberScores, summarize } from './metrics';
import { memberTable, type MemberTable } from './member-table';

/** Builds the world for a run (graph + population + engine), ready for a policy; `countMembers` keeps outcomes by member. */
export function buildWorld(cfg: SimConfig, countMembers = false): Engine {
  const pop = buildPopulation(cfg, new Rng(deriveSeed(cfg.seed, 'population')));
  const graph = buildKnowsGraph(pop.n, pop.real, cfg.graph, new Rng(deriveSeed(cfg.seed, 'graph')));
  const engine = new Engine(cfg, graph, pop, new Rng(deriveSeed(cfg.seed, 'behaviour')), countMembers);
  seedNetwork(engine.platform, graph, pop.joinedAt, cfg.network, new Rng(deriveSeed(cfg.seed, 'network')));
  return engine;
}

export interface Simulation {
  result: RunResult;
  /** One row a member (null unless asked for). */
  members: MemberTable | null;
}

/** Builds a run's policy from what the platform sees; `truth` is for the oracle alone (the registry hands it to nothing else). */
export type MakePolicy = (ctx: PolicyContext, truth: GroundTruth) => Policy;

/** Runs the closed loop against the policy that `makePolicy` builds on the run's context. */
export function simulate(cfg: SimConfig, makePolicy: MakePolicy): RunResult {
  return simulateRun(cfg, makePolicy, false).result;
}

/** simulate, and with `members` the run's member table too. */
export function simulateRun(cfg: SimConfig, makePolicy: MakePolicy, members: boolean): Simulation {
  const engine = buildWorld(cfg, members);
  const policy = makePolicy(engine.policyContext(), engine.truth());
  try {
    engine.run(policy);
    const scores = memberScores(policy, engine.pop.n);
    const result = summarize(engine, policy, scores);
    return { result, members: members ? memberTable(engine, scores) : null };
  } finally {
    policy.close?.();
  }
}
