/**
 * Trusted seeds without ground truth: the `count` oldest accounts among the well-connected
 * ones (connections at least the mean, and more than none). A platform trusts long-standing
 * members with real networks; fake accounts are young (they join to attack) and their
 * connections are what they could collect. Ties in age go to the lower id, so the choice is
 * deterministic. An attacker who buys or takes over old, well-connected accounts defeats this
 * rule, as it would a platform's (SybilRank's authors pick seeds by manual inspection).
 */
import type { PlatformView } from '../../platform-view';
import { InputError } from '../../input-error';
import type { ConnectionCsr } from './connection-csr';

/** Fills `out` with the seeds, oldest first; returns how many were found (fewer if few members are well connected). */
export function chooseSeeds(view: PlatformView, csr: ConnectionCsr, out: Int32Array): number {
  const n = csr.members;
  const mean = n === 0 ? 0 : csr.ends / n;
  const want = out.length;
  let k = 0;
  for (let m = 0; m < n; m++) {
    const d = csr.degree(m);
    if (d === 0 || d < mean) continue;
    const age = view.joinedAt(m);
    if (k === want && !(age < view.joinedAt(out[k - 1]))) continue;
    // Insertion into the sorted prefix; members come in id order, so an equal age stays behind.
    let i = k < want ? k++ : k - 1;
    while (i > 0 && view.joinedAt(out[i - 1]) > age) {
      out[i] = out[i - 1];
      i--;
    }
    out[i] = m;
  }
  return k;
}

/** The `seeds` param against the population, when the scenario is validated (exit 2 naming the field). */
export function checkSeedsParam(params: Record<string, unknown>, members: number, path: string): void {
  const seeds = params.seeds as number;
  if (seeds > members) {
    throw new InputError(`${path}.params.seeds is ${seeds}, more than the population's ${members} members; use at most ${members}`);
  }
}

/** The same check when the policy is created, for a spec that did not come through a scenario (a service, a test). */
export function checkSeedCount(policy: string, seeds: number, members: number): void {
  if (seeds > members) throw new InputError(`policy "${policy}": params.seeds is ${seeds}, more than the ${members} members; use at most ${members}`);
}
