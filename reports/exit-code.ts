/**
 * exitCode: what a finished results file means to CI. A failed run (3) outranks a failed
 * gate or baseline check (1), since checks on missing runs say little. Bad input (2) never
 * reaches here: it is thrown as InputError before results exist.
 */
import type { ResultsFile } from './results';

export function exitCode(results: Pick<ResultsFile, 'runs' | 'gates' | 'baseline'>): 0 | 1 | 3 {
  if (results.runs.some((r) => r.error !== undefined)) return 3;
  if (results.gates.some((g) => !g.passed) || (results.baseline?.regressions.length ?? 0) > 0) return 1;
  return 0;
}
