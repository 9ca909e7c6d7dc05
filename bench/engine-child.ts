/**
 * One engine run of a build, in a process of its own: `node engine-child.js DIST MEMBERS SEED
 * [DAYS]` loads the engine from DIST (this build's dist/ or another checkout's), runs the
 * baseline at MEMBERS members (for DAYS days, if given) and prints one JSON line: the events
 * and the run's wall and CPU seconds (world building excluded). It asks of DIST only scenarios/load, sim/simulate and
 * policies/registry with the calls below, which builds back to 674c0bf (before the platform
 * view) have, so a checkout of an older revision can be measured against this one
 * (bench/engine-peer.ts).
 */
import * as path from 'node:path';

export interface ChildRun {
  events: number;
  runSeconds: number;
  runCpuSeconds: number;
}

function main(dist: string, members: number, seed: string, days?: number): ChildRun {
  const { loadScenario, toSimConfig, withOverrides } = require(path.join(dist, 'scenarios', 'load'));
  const { buildWorld } = require(path.join(dist, 'sim', 'simulate'));
  const { createPolicy } = require(path.join(dist, 'policies', 'registry'));
  const overrides: Array<[string, number]> = [['population.members', members]];
  if (days !== undefined) overrides.push(['days', days]);
  const scenario = withOverrides(loadScenario('baseline'), overrides);
  const engine = buildWorld(toSimConfig(scenario, seed));
  const policy = createPolicy(scenario.policy, engine.policyContext());
  const cpu = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  engine.run(policy);
  const runSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const used = process.cpuUsage(cpu);
  return { events: engine.events, runSeconds, runCpuSeconds: (used.user + used.system) / 1e6 };
}

if (require.main === module) {
  const [dist, members, seed, days] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(main(dist, Number(members), seed, days === undefined ? undefined : Number(days))) + '\n');
}
