/**
 * `npm run bench`: runs the benchmarks and writes their figures to bench/bench.json.
 * `npm run bench -- engine` (or sweep, http, detectors) runs one; see USAGE.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { benchDetectors } from './detectors';
import { benchEngine } from './engine';
import { ignoreClosedReaders } from '../cli/io-errors';
import { positiveInt } from '../cli/options';
import { InputError } from '../sim/errors';
import { benchEnginePeer, peerDist } from './engine-peer';
import { benchAttack } from './attack';
import { benchHttp } from './http';
import { DEFAULT_MEMBERS, benchInstructions, requireValgrind } from './instructions';
import { benchSweep } from './sweep';
import { benchImport } from './import';
import { benchEvents } from './events';
import { benchModel } from './model';
import { writeMarkdown } from './markdown';
import { currentBuild, mergeWithPrevious } from './measured';
import { writeFileAtomic } from '../io/atomic-write';
import { sanityFailures } from './sanity';

const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** What a bare `npm run bench` runs; `instructions` needs valgrind, so it runs only when named. */
const DEFAULT_BENCHES = ['engine', 'sweep', 'http', 'detectors'];
const BENCHES = [...DEFAULT_BENCHES, 'instructions', 'import', 'events', 'model', 'attack'];

const USAGE = `usage: npm run bench -- [engine|sweep|http|detectors|instructions ...] [options]

Runs the named benchmarks (engine, sweep, http and detectors if none is named) and writes
their sections into bench/bench.json, keeping the sections it did not run, each stamped
with the date and build that measured it. instructions counts the engine's instructions per event under valgrind
(deterministic, where times on a shared machine are not); it needs valgrind on PATH.
engine also times its two memory floors (bench/floors.ts, from ../shared/bench/) beside
each repetition, at its members, and reports its rate over each (median, range).
Exits 1 when a benchmark's own sanity checks fail (a zero rate, a sweep whose threads disagree).

options:
  --members N      members in the engine's world (default 1000000; instructions: ${DEFAULT_MEMBERS})
  --repetitions N  engine runs (with --peer: alternated pairs) to take medians over (default 3)
  --markdown       write the speed table from bench/bench.json into README.md and
                   docs/performance.md (between their bench:start/bench:end markers); alone it
                   measures nothing, with benchmarks named it runs them first
  --peer DIR       also measure the built checkout at DIR: engine runs the two alternated and
                   reports the ratio of their events per CPU-second (median, range);
                   instructions the ratio of their instructions per event; attack the
                   peer's search time over this build's, with what each search found

benchmarks run only when named:
  import           a graph file the shape of com-LiveJournal: import time against
                   reading its lines, peak RSS against the graph's bytes (--members scales it)
  events           baseline with and without run --events (--members, default
                   200000): the time ratio and the log's bytes per event
  model            the model policy: a review batch at --members (default 100000),
                   CPU and wall ms; a 20,000-member run's time against acceptance-ratio's
  attack           README's red-team case (attack baseline --attacker sybil --budget 200
                   --threads 2), --repetitions searches: wall time, runs and the best
                   strategy's harm with its interval
  -h, --help       this text
`;

/** The files whose marked block --markdown rewrites. */
const MARKDOWN_FILES = ['README.md', path.join('docs', 'performance.md')];

const OPTIONS = { members: { type: 'string' }, repetitions: { type: 'string' }, peer: { type: 'string' }, markdown: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

/**
 * `--members -5` as `--members=-5`: parseArgs refuses a value that starts with a dash as
 * ambiguous, in three lines; joined, it reaches the option's own check, which names the fix.
 */
function joinDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : '';
    const takesValue = Object.hasOwn(OPTIONS, name) && OPTIONS[name as keyof typeof OPTIONS].type === 'string';
    if (takesValue && i + 1 < argv.length && /^-\d/.test(argv[i + 1])) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: joinDashValues(argv), allowPositionals: true, options: OPTIONS });
  } catch (e) {
    const err = e as Error & { code?: string };
    const option = /'([^']+)'/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) throw new InputError(`unknown option ${option} (see --help)`);
    if (option && /ambiguous/.test(err.message)) throw new InputError(`${option} needs a value, not the option after it (a value starting with a dash: ${option}=VALUE)`);
    throw new InputError(`${err.message} (see --help)`);
  }
  const { values, positionals: only } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const dir = 'bench';
  const file = path.join(dir, 'bench.json');
  if (values.markdown && only.length === 0) {
    writeMarkdown(file, MARKDOWN_FILES);
    return;
  }
  const unknown = only.find((b) => !BENCHES.includes(b));
  if (unknown !== undefined) throw new InputError(`no benchmark "${unknown}": choose from ${BENCHES.join(', ')}`);
  const want = (name: string) => (only.length === 0 ? DEFAULT_BENCHES.includes(name) : only.includes(name));
  const memberFlag = positiveInt('--members', values.members);
  const members = memberFlag ?? 1_000_000;
  const repetitions = positiveInt('--repetitions', values.repetitions) ?? 3;
  const peer = values.peer === undefined ? null : peerDist(values.peer);
  if (peer !== null && !want('engine') && !want('instructions') && !want('attack')) {
    throw new InputError('--peer compares builds: name the engine, instructions or attack benchmark too (npm run bench -- engine --peer DIR)');
  }
  if (want('instructions')) requireValgrind();
  const machine = { cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU', cores: os.availableParallelism(), platform: `${os.platform()} ${os.release()}` };
  const report: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, machine };
  if (want('engine')) {
    const e = benchEngine(members, repetitions, log);
    report.engine = e;
    log(
      `engine: ${e.members.toLocaleString()} members, ${e.days} days: median ${(e.eventsPerSecond / 1e6).toFixed(2)} M events/s ` +
        `(${(e.invitationsPerSecond / 1e6).toFixed(2)} M invitations/s), ${e.stateBytesPerMember.toFixed(0)} B/member of state beyond the graph ` +
        `(graph ${e.graphBytesPerMember.toFixed(0)} B/member), of it connection state ${e.connectionStateBytesPerMember.toFixed(0)} B/member ` +
        `(${e.knowsEdgesPerMember.toFixed(1)} knows-edges and ${e.nonContactConnectionsPerMember.toFixed(1)} connections to non-contacts a member), peak RSS ${e.peakRssMiB.toFixed(0)} MiB`,
    );
    const f = e.floors;
    log(
      `engine over its memory floors: floor-world ${f.ratioToFloorWorld.median.toFixed(3)} (${f.ratioToFloorWorld.min.toFixed(3)}–${f.ratioToFloorWorld.max.toFixed(3)}; ${(f.floorWorld.median / 1e6).toFixed(2)} M/s), ` +
        `floor ${f.ratioToFloor.median.toFixed(3)} (${f.ratioToFloor.min.toFixed(3)}–${f.ratioToFloor.max.toFixed(3)}; ${(f.floor.median / 1e6).toFixed(2)} M/s)`,
    );
  }
  if (peer !== null && want('engine')) {
    const p = benchEnginePeer(values.peer!, peer, members, repetitions, log);
    report.enginePeer = p;
    log(
      `engine vs ${p.peer}: ratio ${p.ratio.median.toFixed(3)} (range ${p.ratio.min.toFixed(3)}–${p.ratio.max.toFixed(3)} over ${p.pairs.length} alternated pairs; wall ${p.wallRatio.median.toFixed(3)}); ` +
        `${(p.selfEventsPerCpuSecond / 1e6).toFixed(2)} against ${(p.peerEventsPerCpuSecond / 1e6).toFixed(2)} M events/CPU-s`,
    );
  }
  if (want('instructions')) {
    const i = benchInstructions(memberFlag ?? DEFAULT_MEMBERS, peer === null ? null : { dir: values.peer!, dist: peer }, log);
    report.instructions = i;
    const against = i.ratio === undefined ? '' : `; ${i.peer!.perEvent.toFixed(0)} for ${i.peer!.dir}: ratio ${i.ratio.toFixed(3)}`;
    log(`instructions: ${i.members.toLocaleString()} members: ${i.self.perEvent.toFixed(0)} an event${against}`);
  }
  if (want('sweep')) report.sweep = await benchSweep({ log });
  if (want('http')) report.http = await benchHttp({}, log);
  if (want('import')) {
    const i = benchImport(memberFlag, repetitions, log);
    report.import = i;
    log(`import: ${i.members.toLocaleString()} members, ${i.edges.toLocaleString()} edges: ratio to reading the lines ${i.ratio.median.toFixed(2)} (${i.ratio.min.toFixed(2)}–${i.ratio.max.toFixed(2)}), of CPU time ${i.cpuRatio.median.toFixed(2)} (${i.cpuRatio.min.toFixed(2)}–${i.cpuRatio.max.toFixed(2)}), ${i.importSeconds.toFixed(1)} s; peak RSS ${i.peakRssMiB.toFixed(0)} MiB = ${i.rssOverGraph.toFixed(2)}× the graph's ${i.graphMiB.toFixed(0)} MiB`);
  }
  if (want('events')) {
    const e = benchEvents(memberFlag ?? 200_000, repetitions, log);
    report.events = e;
    log(`events: ${e.members.toLocaleString()} members, ${e.days} days: --events takes ${e.ratio.median.toFixed(3)}× the time (${e.ratio.min.toFixed(3)}–${e.ratio.max.toFixed(3)}; ${e.secondsWith.toFixed(1)} s against ${e.secondsWithout.toFixed(1)} s); ${e.rows.toLocaleString()} rows, ${e.parquetBytesPerRow.toFixed(2)} B/row Parquet, ${e.csvGzBytesPerRow.toFixed(2)} B/row gzip CSV`);
  }
  if (want('model')) {
    const m = benchModel(memberFlag ?? 100_000, repetitions, log);
    report.model = m;
    log(`model: a batch of ${m.batchRows.toLocaleString()} members: ${m.batchCpuMs.toFixed(0)} CPU ms, ${m.batchWallMs.toFixed(0)} ms wall (median of ${m.batches}); a ${m.runMembers.toLocaleString()}-member run takes ${m.runRatio.median.toFixed(3)}× acceptance-ratio's time (${m.runRatio.min.toFixed(3)}–${m.runRatio.max.toFixed(3)})`);
  }
  if (want('attack')) {
    const a = benchAttack(repetitions, peer === null ? null : { dir: values.peer!, dist: peer }, log);
    report.attack = a;
    const last = a.self[a.self.length - 1];
    const against = a.speedup ? `; ${a.speedup.median.toFixed(2)}× faster than ${a.peer} (${a.speedup.min.toFixed(2)}–${a.speedup.max.toFixed(2)}, ${a.peerSeconds!.median.toFixed(1)} s, harm ${a.peerRuns![0].harm.mean.toFixed(1)})` : '';
    log(`attack: ${a.selfSeconds.median.toFixed(1)} s (${a.selfSeconds.min.toFixed(1)}–${a.selfSeconds.max.toFixed(1)}), ${last.runs} runs, harm ${last.harm.mean.toFixed(1)}${against}`);
  }
  if (want('detectors')) report.detectors = benchDetectors(undefined, 3, log);
  fs.mkdirSync(dir, { recursive: true });
  const merged = mergeWithPrevious(report, file, { date: report.date as string, build: currentBuild() });
  writeFileAtomic(file, JSON.stringify(merged, null, 2) + '\n');
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  // Written all the same, so that the failing figures can be read; but not into the docs.
  const failures = sanityFailures(report);
  if (failures.length > 0) {
    for (const f of failures) log(`sanity check failed: ${f}`);
    process.exitCode = 1;
    return;
  }
  if (values.markdown) writeMarkdown(file, MARKDOWN_FILES);
}

ignoreClosedReaders();
main(process.argv.slice(2)).catch((e) => {
  // Bad input (flags, a peer build that is missing or will not run): one line, exit 2, nothing written.
  if (e instanceof InputError) {
    process.stderr.write(`bench: ${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`bench: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
