/**
 * `invitesim init [name]`: writes a commented starter scenario, `<name>.yaml`, that
 * `invitesim run` accepts as it is: a small population with every archetype group, a sweep
 * of the weekly cap, and gates, each field explained where it stands. It never overwrites
 * a file: one that exists is bad input (exit 2).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../scenarios/package-root';
import { InputError } from '../sim/errors';
import { EXIT_OK } from './exit-codes';
import { DEFAULT_INIT_NAME } from './defaults';


/** A file name's stem that is also a fine output folder name (out/<name>). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function initCommand(name: string | undefined, opts: { quiet?: boolean }): number {
  const target = targetOf(name ?? DEFAULT_INIT_NAME);
  const stem = path.basename(target).replace(/\.ya?ml$/, '');
  const schema = path.relative(path.dirname(path.resolve(target)), path.join(packageRoot(), 'scenarios', 'scenario.schema.json')).split(path.sep).join('/');
  writeNew(target, starterScenario(stem, schema));
  if (!opts.quiet) process.stderr.write(`invitesim: wrote ${target}; try \`invitesim validate ${target}\`, then \`invitesim run ${target}\`\n`);
  return EXIT_OK;
}

/** `name` as a path ending in .yaml (a .yml or .yaml name is kept as given). */
function targetOf(name: string): string {
  const file = /\.ya?ml$/.test(name) ? name : `${name}.yaml`;
  const stem = path.basename(file).replace(/\.ya?ml$/, '');
  if (!NAME.test(stem)) throw new InputError(`init: the name "${name}" must be letters, digits, - and _ (it names the scenario and its output folder out/<name>), e.g. invitesim init my-scenario`);
  if (fs.existsSync(file)) throw new InputError(`init: ${file} already exists; choose another name (invitesim init NAME) or remove the file`);
  if (!fs.existsSync(path.dirname(path.resolve(file)))) throw new InputError(`init: the folder of ${file} does not exist; create it first`);
  return file;
}

/**
 * Writes `text` to a new file, whole or not at all: to a temporary file first, then linked
 * into place, which fails rather than replace a file that appeared meanwhile.
 */
function writeNew(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError(`init: ${file} already exists; choose another name or remove the file`);
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export function starterScenario(name: string, schema: string): string {
  return `# yaml-language-server: $schema=${schema}
# An invitesim scenario: who the members are, how they behave, which restriction policy
# watches them, what to sweep and what to check. Every field left out takes its default;
# \`invitesim validate ${name}.yaml\` prints the file with all of them filled in, and
# \`invitesim list\` describes every built-in scenario and policy parameter.
name: ${name}
description: >-
  What this scenario asks, and why: here, how the weekly invitation cap trades honest
  members restricted against abusive invitations delivered.
sources:
  - Where the figures come from (papers, logs, help pages).

seed: 7          # same seed, same results, whatever the thread count
days: 30         # the simulated horizon
replicates: 3    # runs per sweep point, each with its own derived seed: they give the 95% CIs

population:
  members: 5000
  # Shares of each archetype; they must sum to 1. Honest: regular, importer, recruiter,
  # openNetworker. Abusive: bulkSpammer, lowAndSlow, fofTargeter, sybil, takeover, adaptive.
  shares:
    regular: 0.93
    importer: 0.02
    recruiter: 0.02
    bulkSpammer: 0.01
    lowAndSlow: 0.01
    sybil: 0.01

# Override any archetype's behaviour, e.g. recruiters who send more:
archetypes:
  recruiter:
    sendsPerDay: 12

# How recipients answer: accept probability by relation, "I don't know" clicked by mistake.
response:
  mistakenIdk: 0.02

# The restriction ladder: a restriction may lift after the cool-down; the second strike is permanent.
ladder:
  coolDownHours: 48
  strikesToPermanent: 2

# The policy under test: a built-in (see \`invitesim list\`), a plugin
# ({module: ./my-policy.js}) or a service ({http: {url: http://127.0.0.1:8080}}).
policy:
  name: weekly-cap
  params:
    cap: 100

# Every combination of these values is a point, run \`replicates\` times.
sweep:
  policy.params.cap: [50, 100, 200]

# Gates: the run exits 1 when one fails, on every point or on the one \`point\` names
# (0, 1, 2: the sweep's values in order; \`on\` may check a CI bound instead of the mean).
expect:
  falsePositiveRate: "<= 0.05"
  recall: { op: ">=", value: 0.5, point: 1 }
`;
}
