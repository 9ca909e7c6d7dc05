/**
 * import-surge: the newcomer's address-book trap. Its description's figures are checked here
 * against a run of the scenario itself (both replicates of every cap point), so a model change
 * that moves them fails; and on a smaller copy of its world, a burst cap that stops the
 * spammers restricts more honest importers than a weekly cap with the same recall.
 */
import { loadScenario, withOverrides } from '../../scenarios/load';
import { runWhere } from './quoted';
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('import-surge', () => {
  const scenario = loadScenario('import-surge');
  const runs = runWhere(scenario);
  const caps = [25, 50, 100, 200];
  const at = (cap: number) => runs.filter((r) => r.task.params['policy.params.cap'] === cap).map((r) => r.result);

  it("quotes its description's measured figures (importers restricted per cap, spammer recall, importers' accept and IDK rates)", () => {
    const d = scenario.description;
    const restricted = caps.map((c) => Math.round(mean(at(c).map((r) => r.byArchetype.importer!.falsePositives))));
    const recall = caps.map((c) => mean(at(c).map((r) => r.byArchetype.bulkSpammer!.recall!)));
    const fmt = (x: number) => x.toLocaleString('en-US');
    expect(d).toContain(`restricts ${restricted.slice(0, 3).map(fmt).join(', ')} and ${fmt(restricted[3])} of the 2,000 importers at caps 25, 50, 100 and 200`);
    expect(d).toContain(`spammer recall ${recall.map((x) => Number(x.toFixed(3)).toString()).join(', ')}`);
    const imp = runs.map((r) => r.result.byArchetype.importer!);
    const accepted = mean(imp.map((m) => m.accepted / m.invitationsAttempted));
    const idk = mean(imp.map((m) => m.idk / m.invitationsAttempted));
    expect(d).toContain(`${Math.round(accepted * 100)}% of importers' invitations are accepted and ${Math.round(idk * 100)}% answered IDK`);
  });

  it('restricts more honest importers with a burst cap that stops the spammers than with a weekly cap of the same recall', () => {
    const small = (policy: unknown) =>
      runWhere(withOverrides(scenario, [['sweep', {}], ['replicates', 1], ['population.members', 5000], ['policy', policy]]))[0].result;
    const burst = small({ name: 'burst-cap', params: { cap: 50, windowHours: 24 } });
    const weekly = small({ name: 'weekly-cap', params: { cap: 150 } });
    // Measured: both stop every spammer (recall 1.0); the burst cap restricts 239 of 500 importers, the weekly cap 1.
    expect(burst.byArchetype.bulkSpammer!.recall).toBe(1);
    expect(weekly.byArchetype.bulkSpammer!.recall).toBe(1);
    expect(burst.byArchetype.importer!.falsePositives).toBeGreaterThan(10 * Math.max(1, weekly.byArchetype.importer!.falsePositives));
  });
});
