/** `invitesim list`: the built-in scenarios and policies, each with one line and its parameters. */
import { builtinScenarioNames, loadScenario } from '../scenarios/load';
import { listPolicies } from '../policies/registry';
import { EXIT_OK } from './exit-codes';

export function listCommand(): number {
  const out: string[] = ['Scenarios (invitesim run <name>):'];
  for (const name of builtinScenarioNames()) {
    const s = loadScenario(name);
    out.push(`  ${name.padEnd(18)} ${firstSentence(s.description)}`);
    out.push(`  ${''.padEnd(18)} ${s.population.members} members, ${s.days} days, policy ${s.policy.name ?? s.policy.module}`);
  }
  out.push('', 'Policies (scenario field "policy": { "name": ..., "params": { ... } }):');
  for (const p of listPolicies()) {
    out.push(`  ${p.name.padEnd(18)} ${firstSentence(p.description)}`);
    const params = Object.entries(p.params.shape).map(([k, schema]) => {
      const d = (schema as { def?: { defaultValue?: unknown } }).def?.defaultValue;
      return d === undefined ? k : `${k}=${JSON.stringify(typeof d === 'function' ? d() : d)}`;
    });
    if (params.length) out.push(`  ${''.padEnd(18)} params: ${params.join(', ')}`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return EXIT_OK;
}

function firstSentence(text: string): string {
  const m = /^(.*?[.!?])(\s|$)/.exec(text.trim());
  return m ? m[1] : text.trim();
}
