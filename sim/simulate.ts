/**
 * simulate: one run from configuration to RunResult. The run seed derives independent
 * streams for the graph, the population and behaviour, so a change in how one is drawn
 * never shifts another.
 */
import type { SimConfig } from './config';
import type { RunResult } from './result';
import type { Policy, PolicyContext } from '../policies/policy';
import type { GroundTruth } from '../policies/truth';
import { buildPopulation } from './population';
import { Engine } from './engine';
import { connectBoughtAccounts, connectFromFile, seedNetwork } from './network';
import { buildKnowsGraph, knowsGraphFromImport } from './graph';
import { importedGraph } from './imported-graph';
import { Rng, deriveSeed } from './rng';
import { memberScores, summarize } from './metrics';
import { memberTable, type MemberTable } from './member-table';

/** Builds the world for a run (graph + population + engine), ready for a policy; `countMembers` keeps outcomes by member. */
export function buildWorld(cfg: SimConfig, countMembers = false): Engine {
  const imported = cfg.graph.file !== undefined ? importedGraph(cfg.graph.file) : null;
  const pop = buildPopulation(cfg, new Rng(deriveSeed(cfg.seed, 'population')), imported);
  const graphRng = new Rng(deriveSeed(cfg.seed, 'graph'));
  const graph = imported ? knowsGraphFromImport(imported, pop.n, cfg.graph.emailKnownRate, graphRng) : buildKnowsGraph(pop.n, pop.real, cfg.graph, graphRng);
  const engine = new Engine(cfg, graph, pop, new Rng(deriveSeed(cfg.seed, 'behaviour')), countMembers);
  if (imported?.connections) connectFromFile(engine.platform, graph, imported.connections);
  else seedNetwork(engine.platform, graph, pop.joinedAt, cfg.network, new Rng(deriveSeed(cfg.seed, 'network')));
  connectBoughtAccounts(engine.platform, pop, cfg.archetypes, new Rng(deriveSeed(cfg.seed, 'bought')));
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

/** Something that watches a run from its built world to its end (the event log of `run --events`). */
export interface RunObserver {
  /** The world is built, the policy not yet run. */
  open(engine: Engine): void;
  /** The run ended; `ok` false when it threw (nothing it wrote may pass for complete). */
  close(engine: Engine, ok: boolean): void;
}

/** simulate, and with `members` the run's member table too. */
export function simulateRun(cfg: SimConfig, makePolicy: MakePolicy, members: boolean, observer: RunObserver | null = null): Simulation {
  const engine = buildWorld(cfg, members);
  const policy = makePolicy(engine.policyContext(), engine.truth());
  let ok = false;
  try {
    observer?.open(engine);
    engine.run(policy);
    const scores = memberScores(policy, engine.pop.n);
    const result = summarize(engine, policy, scores);
    ok = true;
    return { result, members: members ? memberTable(engine, scores) : null };
  } finally {
    policy.close?.();
    observer?.close(engine, ok);
  }
}
