/**
 * The command line: parses flags with commander, hands validated options to the commands,
 * and turns errors into exit codes (bad input 2, with one message naming the field). Each
 * command's module is loaded when it runs, not before: `invitesim validate` need not load
 * the load driver, the backtest's replay or the HTTP server.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../sim/errors';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_RUN_FAILED } from './exit-codes';
import { RunFailure, describeIoError } from './io-errors';
import { DEFAULT_MAX_RUNS } from '../runner/plan';
import { VERSION } from './version';
import { DEFAULT_BUDGET, DEFAULT_COMPARE_OUT, DEFAULT_INIT_NAME, DEFAULT_LOAD_CONCURRENCY, DEFAULT_PORT, DEFAULT_WARMUP } from './defaults';
import { attackHelp } from './attack-help';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Flags `run` and `attack` share, spelled and described once. */
const SHARED = {
  seed: ['--seed <seed>', 'override the scenario seed (an integer or any text)'],
  set: ['--set <path=value>', 'override a scenario field, e.g. policy.params.cap=50 (repeatable)', collect, []],
  threads: ['--threads <n>', 'worker threads (default: number of cores)'],
  force: ['--force', 'write into a folder holding files invitesim did not write (beside them: it never overwrites or deletes them)'],
  workerMemory: ['--worker-memory <MiB>', 'V8 heap limit of each worker; a run that outgrows it fails alone, and one whose typed arrays (sized up front) cannot fit is refused (default: half the memory, shared)'],
  runTimeout: ['--run-timeout <duration>', "stop a run that takes longer (e.g. 90s, 30m, 2h); it fails alone (default: the scenario's runTimeout, else 1 ms per member-day, at least 10m)"],
  quiet: ['-q, --quiet', 'no progress output on stderr'],
} as const;
type Shared = keyof typeof SHARED;
const shared = (cmd: Command, ...names: Shared[]) => names.reduce((c, n) => c.option(...(SHARED[n] as unknown as [string, string])), cmd);

export function buildProgram(): Command {
  const program = new Command('invitesim')
    .description('Simulate social-network invitation traffic against restriction policies and report precision/recall.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run `invitesim --help` for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const run = program
    .command('run')
    .description('run a scenario (a built-in name or a .json/.yaml file) and write its reports')
    .argument('<scenario>', 'built-in scenario name (see `invitesim list`) or path to a scenario file')
    .option('-o, --out <dir>', 'output folder (default: out/<scenario name>)')
    .option('--overlay <file>', 'lay a scenario overlay (YAML/JSON of scenario fields, e.g. what `invitesim fit` writes) over the scenario, before --set');
  shared(run, 'seed')
    .option('--replicates <n>', 'override the number of replicates per point');
  shared(run, 'set', 'threads')
    .option('--shard <I/N>', 'run shard I of N (I from 1, as Playwright counts); "/N" takes the 0-based JOB_COMPLETION_INDEX')
    .option('--resume', 'continue an interrupted run in --out, skipping finished runs');
  shared(run, 'force')
    .option('--max-runs <n>', `refuse a sweep of more runs than this without --yes (default ${DEFAULT_MAX_RUNS})`)
    .option('-y, --yes', 'run a sweep larger than --max-runs')
    .option('--baseline <results.json>', 'compare every point with an earlier results.json (Welch tests on the replicates, Holm-adjusted); a regression exits 1')
    .option('--baseline-any', 'compare with a --baseline of another scenario (members, days, archetypes or policy differ), which is otherwise bad input')
    .option('--tolerance <x>', 'baseline practical tolerance: absolute for shares, relative for counts and hours (default 0.01)')
    .option('--alpha <p>', 'baseline family-wise error level over every metric and point compared (default 0.05)')
    .option('--members', 'also write members.csv: one row per member per run (outcome counts, first restriction, strikes, score)')
    .option('--events', "also write each run's platform event log (events/run-N.parquet) and its labels (events/labels-N.csv): see docs/log-format.md")
    .option('--events-format <format>', 'parquet (default) or csv (gzip CSV, for tools without Parquet)');
  shared(run, 'workerMemory', 'runTimeout', 'quiet')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 a gate or baseline check failed, 2 bad input, 3 a run failed,\n130/143 stopped by SIGINT/SIGTERM (finished runs kept, reports marked partial).',
    )
    .action(async (scenario: string, opts) => {
      process.exitCode = await (await import('./run')).runCommand(scenario, opts);
    });

  program
    .command('backtest')
    .description("replay a platform event log through a policy, open loop (events happen as logged), and score its restrictions against the labels: precision, recall, the harm it would have stopped and the honest friction it would have caused")
    .argument('<log>', 'an event log: run --events writes events/run-N.parquet (or .csv.gz); a user log in the documented schema (docs/log-format.md)')
    .option('--labels <file>', 'the truth to score against: CSV member,label[,archetype,abusive_from] (run --events writes events/labels-N.csv)')
    .option('--policy <name|file|url>', 'a built-in name (see `invitesim list`), a plugin file (.js/.ts) or a policy service URL')
    .option('--set <path=value>', 'policy.params.X, ladder.X or reviewEveryMinutes (default: the log\'s own) (repeatable)', collect, [])
    .option('--sweep <path=v1,v2,…>', 'replay once per value, e.g. policy.params.cap=50,100,200 or policy.name=weekly-cap,acceptance-ratio (repeatable: the grid)', collect, [])
    .option('--expect <gate>', 'a gate as in a scenario\'s expect: metric and condition, e.g. "recall >= 0.9" or "precision ci_low >= 0.8" (repeatable); a failed gate exits 1', collect, [])
    .option('--threads <n>', 'worker threads replaying sweep points in parallel (default: number of cores); results are the same for any n')
    .option('--closed-loop <dir>', "a closed-loop run's output folder (invitesim run) of the world that recorded the log: the page sets its recall beside the backtest's, policy by policy (repeatable: a run a policy)", collect, [])
    .option('-o, --out <dir>', 'output folder (default: out/backtest-<log name>)')
    .option('--force', 'write into a folder that holds files invitesim did not write (never over them)')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', '\nExit codes: 0 ok, 1 a gate failed, 2 bad input (a log or labels file that is not whole or does not fit, an unknown policy).')
    .action(async (log: string, opts) => {
      process.exitCode = await (await import('./backtest')).backtestCommand(log, opts);
    });

  program
    .command('features')
    .description('the feature rows of a platform event log (docs/features.md), computed as the model policy computes them in a run: a row per member per day, or per invitation, with the label at that time')
    .argument('<log>', 'an event log (docs/log-format.md): run --events writes events/run-N.parquet')
    .option('--labels <file>', 'add each row\'s label from this file (run --events writes events/labels-N.csv)')
    .option('--per <row>', 'member-day (default: a row per joined member at each day\'s end) or invitation (a row per attempt)')
    .requiredOption('-o, --out <file>', 'the file to write: .parquet, or .csv / .csv.gz for tools without Parquet')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', '\nExit codes: 0 ok, 2 bad input (a log or labels file that is not whole or does not fit, an --out that is not invitesim\'s).')
    .action(async (log: string, opts) => {
      process.exitCode = await (await import('./features')).featuresCommand(log, opts);
    });

  const attack = program
    .command('attack')
    .description("red team: search an abusive archetype's strategies for the one doing most harm per account against the scenario's policy; write attack.csv, attack.json, report.html and summary.md")
    .argument('<scenario>', 'built-in scenario name (see `invitesim list`) or path to a scenario file')
    .requiredOption('--attacker <archetype>', 'the abusive archetype whose strategy is searched (e.g. bulkSpammer, sybil, adaptive)')
    .option('--budget <runs>', `simulation runs the search uses, at least 2 (default ${DEFAULT_BUDGET})`)
    .option('--objective <metric>', 'the harm maximised, per abusive account of the attacker: abusiveConnections (default) or abusiveDelivered')
    .option('-o, --out <dir>', 'output folder (default: out/<scenario name>-attack-<attacker>)');
  shared(attack, 'seed', 'set', 'threads')
    .option('--resume', 'continue an interrupted search in --out, skipping finished runs');
  shared(attack, 'force', 'workerMemory', 'runTimeout', 'quiet')
    .addHelpText('after', attackHelp())
    .action(async (scenario: string, opts) => {
      process.exitCode = await (await import('./attack')).attackCommand(scenario, opts);
    });

  program
    .command('compare')
    .description('policies side by side by their worst case: one row per `invitesim attack` folder; writes comparison.html and comparison.md (also printed)')
    .argument('<dirs...>', 'output folders of `invitesim attack`, e.g. one per policy')
    .option('-o, --out <dir>', `output folder (default: ${DEFAULT_COMPARE_OUT})`)
    .option('--force', 'write into a folder that holds files invitesim did not write (never over them)')
    .option('-q, --quiet', 'print nothing')
    .addHelpText('after', '\nExit codes: 0 ok, 2 bad input (a folder without attack.json, an unusable --out).')
    .action(async (dirs: string[], opts) => {
      process.exitCode = (await import('./compare')).compareCommand(dirs, opts);
    });

  program
    .command('fit')
    .description("estimate from a platform log what the simulator draws (answer rates and delays, withdrawals, send rates, notes, photos, address books, account ages) and write a scenario overlay with each estimate's 95% interval, for `run --overlay`")
    .argument('<log>', 'an event log: run --events writes events/run-N.parquet (or .csv.gz); a user log in the documented schema (docs/log-format.md)')
    .option('--labels <file>', 'CSV member,label[,archetype,abusive_from]: send rates per label, and per archetype fields when it names invitesim archetypes')
    .option('-o, --out <file>', 'the overlay to write, e.g. overlay.yaml (required)')
    .option('--force', 'replace an overlay an earlier `invitesim fit` wrote (a file invitesim did not write is never replaced)')
    .option('-q, --quiet', 'print only warnings and errors')
    .addHelpText('after', '\nAn estimate the log is too short for keeps its default, with a named warning on stderr (e.g. [too-few-accepts]).\nWhat a log cannot identify is listed in the overlay\'s comments. See docs/fit.md.\nExit codes: 0 ok (warnings included), 2 bad input (a log or labels file that is not whole or does not fit, an --out invitesim did not write).')
    .action(async (log: string, opts) => {
      process.exitCode = await (await import('./fit')).fitCommand(log, opts);
    });

  program
    .command('merge')
    .description('join the output folders of a sharded run (run --shard I/N) into one')
    .argument('<dirs...>', 'output folders of the shards')
    .requiredOption('-o, --out <dir>', 'output folder of the merged results')
    .option('-q, --quiet', 'no summary line on stderr')
    .addHelpText('after', '\nExit codes: 0 ok, 1 a gate or baseline check failed, 2 bad input (different scenarios, overlapping shards), 3 a run failed.')
    .action(async (dirs: string[], opts) => {
      process.exitCode = (await import('./merge')).mergeCommand(dirs, opts);
    });

  program
    .command('validate')
    .description('check a scenario file exactly as run does (fields, sweep, gates, graph.file and its companion files); --print shows it with every default filled in')
    .argument('<scenario>', 'built-in scenario name or path to a scenario file')
    .option('--overlay <file>', 'lay a scenario overlay over the scenario before --set, as run does')
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect, [])
    .option('--max-runs <n>', `refuse a sweep of more runs than this without --yes, as run does (default ${DEFAULT_MAX_RUNS})`)
    .option('-y, --yes', 'accept a sweep larger than --max-runs')
    .option('--print', 'print the resolved scenario (every default filled in) as JSON on stdout')
    .option('-q, --quiet', 'no summary line when valid')
    .action(async (scenario: string, opts) => {
      process.exitCode = await (await import('./validate')).validateCommand(scenario, opts);
    });

  program
    .command('report')
    .description('rebuild report.html, the CSVs, junit.xml and summary.md of an output folder from its results.json')
    .argument('<dir>', 'an output folder of `invitesim run`')
    .option('-q, --quiet', 'print nothing')
    .action(async (dir: string, opts) => {
      process.exitCode = (await import('./report')).reportCommand(dir, opts);
    });

  program
    .command('list')
    .description('list the built-in scenarios and policies with their parameters')
    .option('--json', 'print them as JSON (scenarios with their facts, policies with every parameter, default and meaning)')
    .action(async (opts) => {
      process.exitCode = (await import('./list')).listCommand(opts);
    });

  program
    .command('init')
    .description('write a commented starter scenario, <name>.yaml, that `invitesim run` accepts')
    .argument('[name]', `the scenario's name and file (default ${DEFAULT_INIT_NAME})`)
    .option('-q, --quiet', 'print nothing')
    .addHelpText('after', '\nNever overwrites: an existing file is exit 2.')
    .action(async (name: string | undefined, opts) => {
      process.exitCode = (await import('./init')).initCommand(name, opts);
    });

  program
    .command('serve')
    .description('serve a built-in policy over HTTP (docs/http.md), as the reference policy service')
    .requiredOption('--policy <name|json>', 'a built-in policy name, or a JSON spec like \'{"name":"weekly-cap","params":{"cap":50}}\'')
    .option('--set <param=value>', 'set a policy parameter, e.g. cap=50 (repeatable)', collect, [])
    .option('--port <n>', `port to listen on (0: any free port; default ${DEFAULT_PORT})`)
    .option('--host <address>', 'address to listen on (default 127.0.0.1, loopback only)')
    .option('--max-body <bytes>', 'largest events request body accepted (default 1048576)')
    .option('--max-run-body <bytes>', 'largest POST /runs body (the run\'s graph) accepted (default 67108864, 64 MiB)')
    .option('--upload-memory <bytes>', 'POST /runs bodies buffered at once; an upload past it gets 503 (default 100663296, 96 MiB)')
    .option('--headers-timeout <duration>', 'a request\'s headers must arrive within this (default 10s)')
    .option('--request-timeout <duration>', 'a whole request must arrive within this (default 120s)')
    .option('--keep-alive-timeout <duration>', 'close a kept-alive connection idle this long (default 5s)')
    .option('--max-connections <n>', 'connections served at once; past it requests get 503, /health still answers (default 256)')
    .option('-q, --quiet', 'print only the URL')
    .addHelpText('after', '\nPrints the URL on stdout once listening; runs until SIGINT/SIGTERM. Exit codes: 0 stopped, 2 bad input or the port is taken.')
    .action(async (opts) => {
      process.exitCode = await (await import('./serve')).serveCommand(opts);
    });

  program
    .command('load')
    .description("replay a scenario's simulated traffic against a policy service, open loop at a constant rate; write load.json, load.csv, report.html, junit.xml and summary.md")
    .argument('<scenario>', 'built-in scenario name or path to a scenario file (the traffic)')
    .option('--url <url>', "the policy service, e.g. http://127.0.0.1:8080 (default: the scenario's policy.http.url)")
    .requiredOption('--rate <r/s>', 'requests per second, e.g. 500 or 500/s')
    .requiredOption('--duration <d>', 'how long the measured part lasts, e.g. 10s, 500ms, 2m')
    .option('--warmup <d>', `sent first at the same rate and left out of the gates and totals, e.g. 0, 5s (default ${DEFAULT_WARMUP})`)
    .option('--no-default-gates', 'with no load gate in `expect`, do not apply the defaults (errorRate < 0.01, timeoutRate < 0.01)')
    .option('--concurrency <n>', `connections at most (default ${DEFAULT_LOAD_CONCURRENCY}); requests beyond wait, their wait counted as latency`)
    .option('--timeout <ms>', 'a request not answered this long after its intended send time is a timeout (default 1000)')
    .option('-o, --out <dir>', 'output folder (default: out/<scenario name>)')
    .option('--force', 'write into a folder holding files invitesim did not write (beside them, never over them)')
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect, [])
    .option('-q, --quiet', 'no progress or figures on stderr: only the verdict line')
    .addHelpText('after', '\nLatency is measured from each request\'s intended send time (no coordinated omission).\nWithout load gates in `expect`, errorRate < 0.01 and timeoutRate < 0.01 apply.\nExit codes: 0 ok, 1 a load gate failed (p99LatencyMs, errorRate, ...), 2 bad input or the service is down.')
    .action(async (scenario: string, opts) => {
      process.exitCode = await (await import('./load')).loadCommand(scenario, opts);
    });

  return program;
}

/** Runs the CLI and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  process.exitCode = EXIT_OK;
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_BAD_INPUT;
    }
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? EXIT_OK);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (e instanceof InputError) {
      process.stderr.write(`invitesim: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof RunFailure) {
      process.stderr.write(`invitesim: ${e.message}\n`);
      return EXIT_RUN_FAILED;
    }
    // A file-system failure no command turned into a message of its own: still one line.
    const io = describeIoError(e);
    if (io) {
      process.stderr.write(`invitesim: ${io}\n`);
      return EXIT_BAD_INPUT;
    }
    throw e;
  }
}
