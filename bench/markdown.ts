/**
 * `npm run bench -- --markdown`: the speed table in README.md and docs/performance.md is
 * generated from bench/bench.json, so a figure quoted there is always the last measured one
 * (hand-copied figures went stale with each engine change). Only the text between the markers is
 * ours; a file without them was not written by this command and is left alone.
 */
import * as fs from 'node:fs';
import { writeFileAtomic } from '../io/atomic-write';
import { InputError } from '../sim/errors';
import type { Stamp } from './measured';
import type { Spread } from './spread';

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

/** The parts of bench.json the table reads; every section is optional (one can bench one thing). */
export interface BenchReport {
  date?: string;
  node?: string;
  machine?: { cpu: string; cores: number; platform: string };
  engine?: {
    members: number;
    days: number;
    repetitions: number;
    eventsPerSecond: number;
    invitationsPerSecond: number;
    stateBytesPerMember: number;
    /** Absent from reports older than the floors' timing (bench/floors.ts). */
    floors?: { floor: Spread; floorWorld: Spread; ratioToFloor: Spread; ratioToFloorWorld: Spread };
  };
  enginePeer?: { peer: string; ratio: Spread; selfEventsPerCpuSecond: number; peerEventsPerCpuSecond: number; pairs: unknown[] };
  sweep?: { points: number; replicates: number; members: number; days: number; medianMs: { threads1: number; threads2: number }; speedup: number };
  http?: { policies: { policy: string; callsPerSecond: number; ratioToNone?: { median: number; min: number; max: number } }[]; loopback: { connections: number; ratio: number; driver: number[] } };
  detectors?: { sizes: number[]; detectors: Record<string, { medianCpuMs: number[]; exponent: number }> };
  instructions?: { members: number; self: { perEvent: number }; ratio?: number };
  import?: { members: number; edges: number; ratio: Spread; cpuRatio?: Spread; importSeconds: number; rssOverGraph: number };
  events?: { members: number; days: number; ratio: Spread; secondsWithout: number; secondsWith: number };
  model?: { batchRows: number; batchCpuMs: number; batchWallMs: number; runMembers: number; runRatio: Spread; secondsModel: number; secondsAcceptanceRatio: number };
  attack?: {
    case: string;
    self: Array<{ runs: number; harm: { mean: number; ciLow: number | null; ciHigh: number | null } }>;
    selfSeconds: Spread;
    peer?: string;
    peerRuns?: Array<{ runs: number; harm: { mean: number; ciLow: number | null; ciHigh: number | null } }>;
    peerSeconds?: Spread;
    speedup?: Spread;
  };
  /** When and on which build each section was measured (bench.json keeps sections across runs). */
  measured?: Record<string, Stamp>;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fix = (n: number, d = 2) => n.toFixed(d);
const mega = (n: number) => `${fix(n / 1e6)} M`;
const spread = (s: Spread) => `${fix(s.median)}× (${fix(s.min)}–${fix(s.max)})`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One row per benchmark present: what was measured | the ratio | the absolute figures behind it. */
function rows(r: BenchReport): string[] {
  const out: string[] = [];
  let section = '';
  // A stamped section names its date and build, so a row an older build measured says so.
  const row = (what: string, ratio: string, absolute: string) => {
    const s = r.measured?.[section];
    out.push(`| ${what}${s ? ` (${s.date.slice(0, 10)}, ${s.build})` : ''} | ${ratio} | ${absolute} |`);
  };
  if (r.engine) {
    section = 'engine';
    const e = r.engine;
    const p = r.enginePeer;
    const f = e.floors;
    const ratios = [
      ...(f ? [`${spread(f.ratioToFloorWorld)} of floor-world, ${spread(f.ratioToFloor)} of floor`] : []),
      ...(p ? [`${spread(p.ratio)} of \`${p.peer}\` (events/CPU-s, ${p.pairs.length} alternated pairs)`] : []),
    ];
    row(
      `Engine, ${int(e.members)} members × ${e.days} days, one thread`,
      ratios.join('; ') || '—',
      `${mega(e.eventsPerSecond)} events/s, ${mega(e.invitationsPerSecond)} invitations/s (median of ${e.repetitions}); ${int(e.stateBytesPerMember)} B/member of state` +
        (f ? `; floors ${mega(f.floorWorld.median)} and ${mega(f.floor.median)} events/s` : ''),
    );
  }
  if (r.instructions) {
    section = 'instructions';
    const i = r.instructions;
    row(`Engine instructions, ${int(i.members)} members (valgrind)`, i.ratio === undefined ? '—' : `${fix(i.ratio, 3)}× the peer's`, `${int(i.self.perEvent)} an event`);
  }
  if (r.http) {
    section = 'http';
    const none = r.http.policies.find((p) => p.policy === 'none');
    const others = r.http.policies.filter((p) => p.policy !== 'none');
    if (none && others.length > 0) {
      // Against the `none` timed just before each policy where the report has it (older reports: the one `none`).
      const ratio = (p: (typeof others)[number]) => p.ratioToNone?.median ?? p.callsPerSecond / none.callsPerSecond;
      const slowest = others.reduce((a, b) => (ratio(b) < ratio(a) ? b : a));
      row(
        'Policies in process, recorded baseline traffic: slowest built-in against `none`',
        `\`${slowest.policy}\` ${slowest.ratioToNone ? spread(slowest.ratioToNone) : `${fix(ratio(slowest))}×`}`,
        `\`none\` ${mega(none.callsPerSecond)} calls/s; ${others.map((p) => `${p.policy} ${fix(p.callsPerSecond / 1e6, 1)}`).join(', ')} M/s`,
      );
    }
    const l = r.http.loopback;
    row(`HTTP on loopback, ${l.connections} connections: our driver against autocannon`, `${fix(l.ratio)}×`, `${int(median(l.driver))} good answers/s (median round)`);
  }
  if (r.sweep) {
    section = 'sweep';
    const s = r.sweep;
    row(
      `Sweep, ${s.points} points × ${s.replicates} replicates at ${int(s.members)} members × ${s.days} days: 2 threads against 1`,
      `${fix(s.speedup)}×`,
      `${fix(s.medianMs.threads1 / 1000, 1)} s → ${fix(s.medianMs.threads2 / 1000, 1)} s`,
    );
  }
  if (r.detectors) {
    section = 'detectors';
    const d = r.detectors;
    const last = d.sizes.length - 1;
    row(
      `Detectors' review batch, ${d.sizes.map(int).join(' to ')} members: CPU time's log-log slope`,
      Object.entries(d.detectors).map(([name, x]) => `${name} ${fix(x.exponent)}`).join(', '),
      `at ${int(d.sizes[last])}: ${Object.entries(d.detectors).map(([name, x]) => `${name} ${int(x.medianCpuMs[last])} ms`).join(', ')}`,
    );
  }
  if (r.import) {
    section = 'import';
    const i = r.import;
    row(`Import of ${int(i.members)} members, ${int(i.edges)} edges: time against reading the file's lines`, spread(i.ratio), `${fix(i.importSeconds, 1)} s${i.cpuRatio ? `; CPU time ${spread(i.cpuRatio)}` : ''}; peak RSS ${fix(i.rssOverGraph)}× the graph`);
  }
  if (r.events) {
    section = 'events';
    const e = r.events;
    row(`\`run --events\` at ${int(e.members)} members × ${e.days} days: time with against without`, spread(e.ratio), `${fix(e.secondsWith, 1)} s against ${fix(e.secondsWithout, 1)} s`);
  }
  if (r.model) {
    section = 'model';
    const m = r.model;
    row(
      `\`model\` policy: a ${int(m.runMembers)}-member run against one under acceptance-ratio; a review batch of ${int(m.batchRows)} members`,
      spread(m.runRatio),
      `${fix(m.secondsModel, 1)} s against ${fix(m.secondsAcceptanceRatio, 1)} s; a batch ${int(m.batchCpuMs)} CPU ms, ${int(m.batchWallMs)} ms wall`,
    );
  }
  if (r.attack) {
    section = 'attack';
    const a = r.attack;
    const harm = (h: { mean: number; ciLow: number | null; ciHigh: number | null }) => `${fix(h.mean, 1)} [${h.ciLow === null ? '–' : fix(h.ciLow, 1)}, ${h.ciHigh === null ? '–' : fix(h.ciHigh, 1)}]`;
    const self = `${fix(a.selfSeconds.median, 1)} s, ${a.self[0].runs} runs, best harm ${harm(a.self[0].harm)}`;
    const peer = a.peerSeconds && a.peerRuns ? ` against ${fix(a.peerSeconds.median, 1)} s, ${a.peerRuns[0].runs} runs, ${harm(a.peerRuns[0].harm)}` : '';
    row(`Red team, \`${a.case.replace(/^invitesim /, '')}\`${a.peer ? `: ${a.peer}'s time over this build's` : ''}`, a.speedup ? spread(a.speedup) : '–', self + peer);
  }
  return out;
}

/** The generated block, markers included: at most ~15 lines whatever bench.json holds. */
export function renderBlock(r: BenchReport): string {
  const m = r.machine;
  const machine = m ? `${m.cores} × ${m.cpu}, ${m.platform}` : 'machine not recorded';
  const when = r.measured ? 'on the date and build each row names,' : `${r.date ? r.date.slice(0, 10) : 'undated'} on`;
  const body = rows(r);
  return [
    START,
    `Measured ${when} ${machine}, node ${r.node ?? '?'}; generated by \`npm run bench -- --markdown\` from bench/bench.json (do not edit by hand).`,
    '',
    ...(body.length === 0 ? ['(bench.json holds no benchmark)'] : ['| Measured | Ratio | Absolute |', '|---|---|---|', ...body]),
    END,
  ].join('\n');
}

/** `text` with its marked block replaced by `block`; a file without exactly one pair of markers is refused. */
export function replaceBlock(text: string, block: string, file: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start || text.indexOf(START, start + 1) >= 0 || text.indexOf(END, end + 1) >= 0) {
    throw new InputError(`${file}: needs one "${START}" line and one "${END}" line after it, where the speed table goes (add them; nothing was written)`);
  }
  return text.slice(0, start) + block + text.slice(end + END.length);
}

/** Reads bench.json and rewrites the marked block of each file, atomically; both are checked before either is written. */
export function writeMarkdown(benchJson: string, files: string[]): void {
  let report: BenchReport;
  try {
    report = JSON.parse(fs.readFileSync(benchJson, 'utf8')) as BenchReport;
  } catch (e) {
    throw new InputError(`${benchJson}: ${(e as Error).message.split('\n')[0]} (run \`npm run bench\` first to measure)`);
  }
  const block = renderBlock(report);
  const updated = files.map((file) => {
    if (!fs.existsSync(file)) throw new InputError(`${file}: not found (run from the repository's root)`);
    return { file, text: replaceBlock(fs.readFileSync(file, 'utf8'), block, file) };
  });
  for (const { file, text } of updated) writeFileAtomic(file, text);
}
