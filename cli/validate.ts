/**
 * `invitesim validate`: runs every check `run` makes before it starts (planRun: the file, --set,
 * the sweep, the run count, the gates; and the scenario's graph.file with its companion files,
 * read and checked as run imports them), then says so in one line; --print adds the scenario
 * resolved (every default filled in, population.members from the graph file) on stdout, which
 * runs to hundreds of lines, so only when asked.
 */
import { prepareGraph } from '../scenarios/graph-import';
import { formatImportSummary } from '../sim/imported-graph';
import { EXIT_OK } from './exit-codes';
import { planRun } from './run';

export interface ValidateFlags {
  set: string[];
  /** A scenario overlay laid over the scenario before --set, as run does. */
  overlay?: string;
  quiet?: boolean;
  print?: boolean;
  maxRuns?: string;
  yes?: boolean;
}

export async function validateCommand(ref: string, opts: ValidateFlags): Promise<number> {
  const { scenario, plan } = planRun(ref, opts);
  // A bad graph file is found here as run finds it: read whole (streamed), companions too. The
  // scenario shares its population with plan.scenario, so --print shows the members the graph fixes.
  const graph = await prepareGraph(plan.scenario);
  if (!opts.quiet) {
    if (graph) process.stderr.write(`invitesim: ${formatImportSummary(graph.summary)}\n`);
    const points = plan.tasks.length / plan.scenario.replicates;
    process.stderr.write(`${ref}: valid scenario "${scenario.name}" (${points} point${points === 1 ? '' : 's'} × ${plan.scenario.replicates} replicates = ${plan.tasks.length} runs)\n`);
  }
  if (opts.print) process.stdout.write(JSON.stringify(scenario, null, 2) + '\n');
  return EXIT_OK;
}
