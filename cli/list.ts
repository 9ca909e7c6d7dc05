/**
 * `invitesim list`: the built-in scenarios and policies, each with one line and its
 * parameters, wrapped to the terminal's width (commander's help layout: names in a column,
 * descriptions wrapped beside them); `--json` prints the same as one JSON document.
 */
import { Help } from 'commander';
import { builtinScenarioNames, loadScenario } from '../scenarios/load';
import { describeParams, listPolicies } from '../policies';
import { EXIT_OK } from './exit-codes';
import type { PolicyRule } from '../policies/definition';

/** Width of a non-terminal without COLUMNS (a pipe, a CI log). */
const DEFAULT_WIDTH = 80;
const NAME_COLUMN = 18;
const PARAM_COLUMN = 26;
/** Narrowest text column beside a name; narrower, the text goes under the name. */
const MIN_TEXT = 24;

export interface ListEntries {
  scenarios: Array<{ name: string; description: string; members: number; days: number; replicates: number; policy: string; sweep: string[] }>;
  policies: Array<{ name: string; description: string; rule?: PolicyRule; params: Array<{ name: string; default: unknown; description: string }> }>;
}

export function listEntries(): ListEntries {
  return {
    scenarios: builtinScenarioNames().map((name) => {
      const s = loadScenario(name);
      return { name, description: s.description, members: s.population.members, days: s.days, replicates: s.replicates, policy: s.policy.name ?? s.policy.module ?? 'http', sweep: Object.keys(s.sweep) };
    }),
    policies: listPolicies().map((p) => ({ name: p.name, description: p.description, rule: p.rule, params: describeParams(p.params) })),
  };
}

export function listCommand(opts: { json?: boolean } = {}): number {
  const entries = listEntries();
  if (opts.json) {
    process.stdout.write(JSON.stringify(entries, null, 2) + '\n');
    return EXIT_OK;
  }
  const width = terminalWidth();
  const help = new Help();
  // Wrap even a narrow terminal's descriptions (commander's default leaves those under 40 columns alone).
  help.minWidthToWrap = 8;
  const heading = (text: string) => {
    help.helpWidth = width;
    return help.boxWrap(text, width);
  };
  /**
   * The name in its column and the text wrapped beside it, all `indent` further in; a name
   * too long for its column, or a column leaving too little room, puts the text under it.
   */
  const item = (term: string, column: number, text: string, indent = 0) => {
    const room = width - indent;
    const shift = (block: string, by: number) => block.split('\n').map((l) => ' '.repeat(by) + l).join('\n');
    if (term.length > column || room - column - 4 < MIN_TEXT) {
      help.helpWidth = room;
      return `${shift(help.boxWrap(term, room - 2), indent + 2)}\n${shift(help.boxWrap(text, room - 6), indent + 6)}`;
    }
    help.helpWidth = room;
    return shift(help.formatItem(term, column, text, help), indent);
  };
  const out: string[] = [heading('Scenarios (invitesim run <name>):')];
  for (const s of entries.scenarios) {
    const facts = `${s.members.toLocaleString('en-US')} members, ${s.days} days, ${s.replicates} replicate(s), policy ${s.policy}${s.sweep.length ? `, sweeps ${s.sweep.join(', ')}` : ''}.`;
    out.push(item(s.name, NAME_COLUMN, `${firstSentence(s.description)} ${facts}`));
  }
  out.push('', heading('Policies (scenario field "policy": { "name": ..., "params": { ... } }):'));
  for (const p of entries.policies) {
    out.push(item(p.name, NAME_COLUMN, firstSentence(p.description)));
    for (const d of p.params) out.push(item(`${d.name} = ${JSON.stringify(d.default).replace(/,/g, ", ")}`, PARAM_COLUMN, d.description, NAME_COLUMN + 2));
  }
  process.stdout.write(out.join('\n') + '\n');
  return EXIT_OK;
}

/** The terminal's width, else $COLUMNS, else 80. */
function terminalWidth(): number {
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : DEFAULT_WIDTH;
}

/** The first sentence, not fooled by "et al." or "e.g.". */
function firstSentence(text: string): string {
  const m = /^(.*?(?<!\bal|\be\.g|\bi\.e)[.!?])(\s|$)/.exec(text.trim());
  return m ? m[1] : text.trim();
}
