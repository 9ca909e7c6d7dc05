/**
 * What one run needs in its worker beyond the V8 heap. `--worker-memory` limits the heap
 * (maxOldGenerationSizeMb), but the simulation's state lives in typed arrays outside it: the
 * graph (CSR offsets and targets, email and community per member) and the engine's packed
 * member records, queue and policy rows. So a run is sized up front: its typed arrays
 * (members × bytes per member) plus the heap a worker needs before any run must fit the
 * budget, or the run is refused before it starts (a run that cannot fit would only fail later).
 */
import type { Task } from '../sim/result';
import type { Scenario } from '../scenarios/schema';

const MIB = 1024 * 1024;
/** A worker's heap with the simulator loaded, before any run (measured: 12.6 MiB). */
export const WORKER_BASE_BYTES = 12 * MIB;
/**
 * Engine and policy state a member, beyond the graph. Measured with weekly-cap on the
 * baseline (live arrayBuffers at the end of a run, engine held): 640-770 B a member at 20,000
 * members in three readings, ~380 B at 50,000, 492 B at 200,000 (npm run bench's count). Most
 * of it is the pair table of pending and paused invitations, a power-of-two table that grows
 * with the invitations a run sends, so small runs pay more a member. Rounded up past the
 * highest reading.
 */
export const STATE_BYTES_PER_MEMBER = 900;
/** What does not grow with members: the calendar queue's buckets and blocks (measured: 1.6-4 MiB). */
export const FIXED_STATE_BYTES = 4 * MIB;
/** Graph bytes a member: an offset (4) and community (4), and per contact a target (4) and an email flag (1). */
const graphBytesPerMember = (meanDegree: number) => 8 + 5 * meanDegree;
/** `run --members`: each member's row of the member table (counts, times, strikes, score). */
export const MEMBER_TABLE_BYTES_PER_MEMBER = 72;

export interface RunSize {
  members: number;
  meanDegree: number;
  /** Typed-array bytes of the largest run. */
  bytes: number;
  bytesPerMember: number;
}

/** The largest run of the plan (sweeps may vary members and degree), with its typed-array bytes. */
export function largestRun(scenario: Scenario, tasks: readonly Task[], withMembers: boolean): RunSize {
  let largest: RunSize = { members: 0, meanDegree: 0, bytes: 0, bytesPerMember: 0 };
  const seen = new Set<string>();
  for (const t of tasks) {
    const members = Number(t.params['population.members'] ?? scenario.population.members);
    const meanDegree = Number(t.params['graph.meanDegree'] ?? scenario.graph.meanDegree);
    const key = `${members}/${meanDegree}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const bytesPerMember = graphBytesPerMember(meanDegree) + STATE_BYTES_PER_MEMBER + (withMembers ? MEMBER_TABLE_BYTES_PER_MEMBER : 0);
    const bytes = FIXED_STATE_BYTES + members * bytesPerMember;
    if (bytes > largest.bytes) largest = { members, meanDegree, bytes, bytesPerMember };
  }
  return largest;
}

/** Why the largest run does not fit a worker budget of `budgetMb` MiB, or null when it does. */
export function memoryProblem(size: RunSize, budgetMb: number, flag: string): string | null {
  const need = WORKER_BASE_BYTES + size.bytes;
  if (need <= budgetMb * MIB) return null;
  const mib = (b: number) => Math.ceil(b / MIB);
  return (
    `a run of ${size.members.toLocaleString('en-US')} members needs about ${mib(need)} MiB in its worker ` +
    `(${mib(WORKER_BASE_BYTES)} MiB of heap to start, plus typed arrays outside the heap: ${mib(FIXED_STATE_BYTES)} MiB and ${size.members.toLocaleString('en-US')} members × ${size.bytesPerMember} B), ` +
    `more than ${flag} ${budgetMb} MiB; raise ${flag}, use fewer --threads, or lower population.members`
  );
}
