/**
 * A benchmark's own sanity checks: a rate of zero (or NaN), a run that disagreed with itself or
 * a load round with more than 1% of its requests failed means the figure measures a failure, not speed, so `npm run bench` exits non-zero rather than
 * writing it into the docs as if it were one.
 */
import { MAX_FAILED_SHARE, type SideFailures } from './http';
import type { BenchReport } from './markdown';

const bad = (x: number) => !Number.isFinite(x) || x <= 0;

/** What is wrong with `report`, one line each; empty when every figure is a positive rate. */
export function sanityFailures(report: BenchReport & { sweep?: { identicalRecords?: boolean }; http?: { loopback: { autocannon?: number[]; failures?: Record<string, SideFailures> } } }): string[] {
  const out: string[] = [];
  const check = (what: string, x: number) => {
    if (bad(x)) out.push(`${what} is ${x}`);
  };
  if (report.engine) {
    check('engine events/s', report.engine.eventsPerSecond);
    if (report.engine.floors) for (const [k, v] of Object.entries(report.engine.floors)) check(`engine ${k}`, v.median);
  }
  if (report.enginePeer) check('engine ratio to the peer', report.enginePeer.ratio.median);
  if (report.instructions) check('instructions an event', report.instructions.self.perEvent);
  if (report.http) {
    for (const p of report.http.policies) check(`policy ${p.policy} calls/s`, p.callsPerSecond);
    check('loopback driver answers/s', Math.min(...report.http.loopback.driver));
    if (report.http.loopback.autocannon) check('loopback autocannon answers/s', Math.min(...report.http.loopback.autocannon));
    // A side whose requests failed measured the server's refusals (a 400 is answered fast), not its speed.
    for (const [side, f] of Object.entries(report.http.loopback.failures ?? {})) {
      if (!(f.failed <= MAX_FAILED_SHARE * f.requests)) out.push(`loopback ${side}: ${f.failed} of ${f.requests} requests failed, more than ${MAX_FAILED_SHARE * 100}%`);
    }
  }
  if (report.sweep) {
    check('sweep speedup', report.sweep.speedup);
    if (report.sweep.identicalRecords === false) out.push('sweep: 1 and 2 threads gave different records');
  }
  // The largest size only: a batch at the smallest can round to 0 ms honestly.
  if (report.detectors) for (const [name, d] of Object.entries(report.detectors.detectors)) check(`detector ${name} CPU ms at the largest size`, d.medianCpuMs[d.medianCpuMs.length - 1]);
  if (report.import) check('import ratio', report.import.ratio.median);
  if (report.events) check('events ratio', report.events.ratio.median);
  if (report.attack) {
    check('attack search seconds', report.attack.selfSeconds.median);
    // Every search of a build runs the same seed, so its repeats must find the same strategy.
    for (const [side, runs] of [['self', report.attack.self], ['peer', report.attack.peerRuns ?? []]] as const) {
      for (const r of runs) check(`attack ${side}'s best harm`, r.harm.mean);
      if (new Set(runs.map((r) => `${r.runs} ${r.harm.mean}`)).size > 1) out.push(`attack: the ${side} build's searches of one seed found different strategies`);
    }
  }
  return out;
}
