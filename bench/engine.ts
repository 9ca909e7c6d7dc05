/**
 * Engine benchmark: one thread, a million members over 30 simulated days against the
 * weekly cap. Reports the median over repetitions of events and invitations simulated per
 * second (engine loop only; world building timed apart), peak RSS, and the bytes per
 * member of simulation state beyond the graph (every typed array the run holds, counted),
 * and of it the connection state (Engine.connectionStateBytes), beside the knows-edges and
 * connections to non-contacts a member that set its floor. Both memory floors (bench/floors.ts)
 * are timed beside every repetition, and the engine's rate is reported over each.
 */
import { loadScenario, toSimConfig, withOverrides } from '../scenarios/load';
import { buildWorld } from '../sim/simulate';
import { createPolicy } from '../policies/registry';
import { summarize } from '../sim/metrics';
import type { Engine } from '../sim/engine';
import { runFloor } from './floors';
import { spread, type Spread } from './spread';

export interface EngineBench {
  members: number;
  days: number;
  repetitions: number;
  buildSeconds: number;
  runSeconds: number;
  events: number;
  invitationsAttempted: number;
  eventsPerSecond: number;
  invitationsPerSecond: number;
  stateBytesPerMember: number;
  /** The part of the state that is the connection graph (Engine.connectionStateBytes). */
  connectionStateBytesPerMember: number;
  /** Who-knows-whom edges (both directions) a member: the connection state holds a bit for each. */
  knowsEdgesPerMember: number;
  /** Connections between people who do not know each other, a member, at the horizon: each takes a pair-table entry and two list entries. */
  nonContactConnectionsPerMember: number;
  graphBytesPerMember: number;
  peakRssMiB: number;
  /** The memory floors (bench/floors.ts), each timed beside every repetition at the same members: their events/s, and the engine's over theirs a repetition. */
  floors: {
    floor: Spread;
    floorWorld: Spread;
    ratioToFloor: Spread;
    ratioToFloorWorld: Spread;
  };
}

/**
 * Bytes held in typed arrays reachable from the engine's own fields, one level deep, outside
 * the graph; the platform view's own count (its fields are runtime-private, so a walk misses them).
 */
export function stateBytes(engine: Engine, policy: object): number {
  const seen = new Set<ArrayBufferLike>();
  let bytes = 0;
  const visit = (o: object, depth: number) => {
    for (const v of Object.values(o)) {
      if (ArrayBuffer.isView(v) && !seen.has(v.buffer)) {
        seen.add(v.buffer);
        bytes += v.buffer.byteLength;
      } else if (v && typeof v === 'object' && depth > 0 && v !== engine.graph && v !== engine.platform) visit(v, depth - 1);
    }
  };
  bytes += engine.platform.bytes();
  for (const a of Object.values(engine.graph)) if (ArrayBuffer.isView(a)) seen.add(a.buffer);
  visit(engine, 2);
  visit(policy, 1);
  return bytes;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function benchEngine(members = 1_000_000, repetitions = 3, log: (s: string) => void = () => {}): EngineBench {
  const scenario = withOverrides(loadScenario('baseline'), [['population.members', members]]);
  const runs: Array<{ build: number; run: number; events: number; attempts: number; state: number; connections: number; edges: number; nonContact: number; graph: number; floor: number; floorWorld: number }> = [];
  for (let r = 0; r < repetitions; r++) {
    // Beside each repetition, so that a machine that slows down or speeds up moves both.
    const floor = runFloor('floor', members).eventsPerSecond;
    const floorWorld = runFloor('floor-world', members).eventsPerSecond;
    const cfg = toSimConfig(scenario, `bench/${r}`);
    const t0 = process.hrtime.bigint();
    const engine = buildWorld(cfg);
    const policy = createPolicy(scenario.policy, engine.policyContext());
    const t1 = process.hrtime.bigint();
    engine.run(policy);
    const t2 = process.hrtime.bigint();
    const result = summarize(engine, policy);
    const g = engine.graph;
    runs.push({
      build: Number(t1 - t0) / 1e9,
      run: Number(t2 - t1) / 1e9,
      events: engine.events,
      attempts: result.metrics.invitationsAttempted,
      state: stateBytes(engine, policy),
      connections: engine.connectionStateBytes(),
      edges: g.targets.length,
      nonContact: engine.nonContactConnections(),
      graph: g.offsets.byteLength + g.targets.byteLength + g.emailKnown.byteLength + g.community.byteLength,
      floor,
      floorWorld,
    });
    const last = runs[runs.length - 1];
    const eps = last.events / last.run;
    log(
      `engine: repetition ${r + 1}/${repetitions}: build ${last.build.toFixed(2)} s, run ${last.run.toFixed(2)} s, ${(eps / 1e6).toFixed(2)} M events/s; ` +
        `floors ${(floor / 1e6).toFixed(2)} and ${(floorWorld / 1e6).toFixed(2)} M/s (floor-world: ${(eps / floorWorld).toFixed(3)})`,
    );
  }
  const runSeconds = median(runs.map((x) => x.run));
  return {
    members,
    days: scenario.days,
    repetitions,
    buildSeconds: median(runs.map((x) => x.build)),
    runSeconds,
    events: median(runs.map((x) => x.events)),
    invitationsAttempted: median(runs.map((x) => x.attempts)),
    eventsPerSecond: median(runs.map((x) => x.events / x.run)),
    invitationsPerSecond: median(runs.map((x) => x.attempts / x.run)),
    stateBytesPerMember: median(runs.map((x) => x.state)) / members,
    connectionStateBytesPerMember: median(runs.map((x) => x.connections)) / members,
    knowsEdgesPerMember: median(runs.map((x) => x.edges)) / members,
    nonContactConnectionsPerMember: median(runs.map((x) => x.nonContact)) / members,
    graphBytesPerMember: median(runs.map((x) => x.graph)) / members,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    floors: {
      floor: spread(runs.map((x) => x.floor)),
      floorWorld: spread(runs.map((x) => x.floorWorld)),
      ratioToFloor: spread(runs.map((x) => x.events / x.run / x.floor)),
      ratioToFloorWorld: spread(runs.map((x) => x.events / x.run / x.floorWorld)),
    },
  };
}
