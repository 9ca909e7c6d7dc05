/**
 * A benchmark's own sanity checks: a rate of zero (or NaN) or a run that disagreed with itself
 * means the figure measures a failure, not speed, so `npm run bench` exits non-zero rather than
 * writing it into the docs as if it were one.
 */
import type { BenchReport } from './markdown';

const bad = (x: number) => !Number.isFinite(x) || x <= 0;

/** What is wrong with `report`, one line each; empty when every figure is a positive rate. */
export function sanityFailures(report: BenchReport & { sweep?: { identicalRecords?: boolean } }): string[] {
  const out: string[] = [];
  const check = (what: string, x: number) => {
    if (bad(x)) out.push(`${what} is ${x}`);
  };
  if (report.engine) check('engine events/s', report.engine.eventsPerSecond);
  if (report.enginePeer) check('engine ratio to the peer', report.enginePeer.ratio.median);
  if (report.instructions) check('instructions an event', report.instructions.self.perEvent);
  if (report.http) {
    for (const p of report.http.policies) check(`policy ${p.policy} calls/s`, p.callsPerSecond);
    check('loopback driver answers/s', Math.min(...report.http.loopback.driver));
  }
  if (report.sweep) {
    check('sweep speedup', report.sweep.speedup);
    if (report.sweep.identicalRecords === false) out.push('sweep: 1 and 2 threads gave different records');
  }
  // The largest size only: a batch at the smallest can round to 0 ms honestly.
  if (report.detectors) for (const [name, d] of Object.entries(report.detectors.detectors)) check(`detector ${name} CPU ms at the largest size`, d.medianCpuMs[d.medianCpuMs.length - 1]);
  if (report.import) check('import ratio', report.import.ratio.median);
  if (report.events) check('events ratio', report.events.ratio.median);
  return out;
}
