/**
 * simulate: one run from configuration to RunResult. The run seed derives independent
 * streams for the graph, the population and behaviour, so a change in how one is drawn
 * never shifts another.
 */
import type { SimConfig } from './config';
import type { RunResult } from './result';
import type { Policy, PolicyContext } from '../policies/policy';
import { buildKnowsGraph } from './graph';
import { buildPopulation } from './population';
import { Engine } from './engine';
import { Rng, deriveSeed } from './rng';
import { summarize } from './metrics';

/** Builds the world for a run (graph + population + engine), ready for a policy. */
export function buildWorld(cfg: SimConfig): Engine {
  const pop = buildPopulation(cfg, new Rng(deriveSeed(cfg.seed, 'population')));
  const graph = buildKnowsGraph(pop.n, pop.real, cfg.graph, new Rng(deriveSeed(cfg.seed, 'graph')));
  return new Engine(cfg, graph, pop, new Rng(deriveSeed(cfg.seed, 'behaviour')));
}

/** Runs the closed loop against the policy that `makePolicy` builds on the run's context. */
export function simulate(cfg: SimConfig, makePolicy: (ctx: PolicyContext) => Policy): RunResult {
  const engine = buildWorld(cfg);
  const policy = makePolicy(engine.policyContext());
  try {
    engine.run(policy);
    const result = summarize(engine, policy);
    const stats = policy.stats?.();
    return stats ? { ...result, policyStats: stats } : result;
  } finally {
    policy.close?.();
  }
}

