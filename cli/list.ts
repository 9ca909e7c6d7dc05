/** `invitesim list`: the built-in scenarios and policies, each with one line and its parameters. */
import { builtinScenarioNames, loadScenario } from '../scenarios/load';
import { describeParams, listPolicies } from '../policies';
import { EXIT_OK } from './exit-codes';

export function listCommand(): number {
  const out: string[] = ['Scenarios (invitesim run <name>):'];
  for (const name of builtinScenarioNames()) {
    const s = loadScenario(name);
    out.push(`  ${name.padEnd(18)} ${firstSentence(s.description)}`);
    out.push(`  ${''.padEnd(18)} ${s.population.members.toLocaleString('en-US')} members, ${s.days} days, ${s.replicates} replicate(s), policy ${s.policy.name ?? s.policy.module}`);
  }
  out.push('', 'Policies (scenario field "policy": { "name": ..., "params": { ... } }):');
  for (const p of listPolicies()) {
    out.push(`  ${p.name.padEnd(18)} ${firstSentence(p.description)}`);
    for (const d of describeParams(p.params)) {
      out.push(`  ${''.padEnd(18)}   ${`${d.name} = ${JSON.stringify(d.default)}`.padEnd(28)} ${d.description}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
  return EXIT_OK;
}

/** The first sentence, not fooled by "et al." or "e.g.". */
function firstSentence(text: string): string {
  const m = /^(.*?(?<!\bal|\be\.g|\bi\.e)[.!?])(\s|$)/.exec(text.trim());
  return m ? m[1] : text.trim();
}
