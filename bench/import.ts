/**
 * `npm run bench -- import`: imports a generated graph the shape of SNAP's com-LiveJournal
 * (4.0 M members, 34.7 M edges, heavy-tailed degrees; scaled by --members with the same mean
 * degree) and reports its time as a ratio to the time node takes just to read the file's lines
 * (readline over the same stream), measured in the same run, alternated; and the import's peak
 * RSS against the bytes of the graph it builds. Each measurement runs in a child process of its
 * own, so that peak RSS is the import's alone.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spread, type Spread } from './spread';

const LJ_MEMBERS = 3_997_962;
const LJ_EDGES = 34_681_189;

export interface ImportBench {
  members: number;
  edges: number;
  fileBytes: number;
  /** Import time over the time to read the file's lines (median, range over the repetitions). */
  ratio: Spread;
  /**
   * The same ratio of CPU seconds (user + system, all threads): on a shared machine the wall
   * times carry the other processes' load, which CPU time mostly does not.
   */
  cpuRatio: Spread;
  importSeconds: number;
  readLinesSeconds: number;
  peakRssMiB: number;
  graphMiB: number;
  /** Peak RSS over the final graph's bytes (the target: under 2). */
  rssOverGraph: number;
}

/** A SNAP-style edge list: ids drawn with a skew (r² of the range) so a few members have many ties, as in social graphs. */
function writeGraph(file: string, members: number, edges: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `# generated: ${members} nodes, ${edges} edges, shaped like com-LiveJournal\n`);
  let s = 12345;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const CHUNK = 1 << 16;
  for (let done = 0; done < edges; done += CHUNK) {
    const lines: string[] = [];
    for (let k = 0; k < Math.min(CHUNK, edges - done); k++) {
      const r = rand();
      lines.push(`${Math.floor(members * r * r)}\t${Math.floor(members * rand())}`);
    }
    fs.writeSync(fd, lines.join('\n') + '\n');
  }
  fs.closeSync(fd);
}

const CHILD_IMPORT = `
const { importGraph } = require(process.argv[1]);
const { DEFAULT_ARCHETYPES } = require(process.argv[2]);
const t = process.hrtime.bigint();
importGraph({ file: process.argv[3] }, { needsCommunities: false, archetypes: DEFAULT_ARCHETYPES, seed: 1 }).then((g) => {
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const bytes = g.graph.offsets.byteLength + g.graph.targets.byteLength + g.graph.community.byteLength;
  const u = process.cpuUsage();
  process.stdout.write(JSON.stringify({ seconds, cpu: (u.user + u.system) / 1e6, rss: process.resourceUsage().maxRSS * 1024, bytes, members: g.summary.members, edges: g.summary.edges }));
});`;

const CHILD_READ = `
const fs = require('fs'), readline = require('readline');
const t = process.hrtime.bigint();
let n = 0;
const rl = readline.createInterface({ input: fs.createReadStream(process.argv[1], { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
rl.on('line', () => n++).on('close', () => {
  const u = process.cpuUsage();
  process.stdout.write(JSON.stringify({ seconds: Number(process.hrtime.bigint() - t) / 1e9, cpu: (u.user + u.system) / 1e6, lines: n }));
});`;

export function benchImport(members: number | undefined, repetitions: number, log: (s: string) => void): ImportBench {
  const n = members ?? LJ_MEMBERS;
  const edges = Math.round((LJ_EDGES / LJ_MEMBERS) * n);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invitesim-bench-import-'));
  const file = path.join(dir, 'graph.txt');
  try {
    log(`import: writing a ${n.toLocaleString()}-member, ${edges.toLocaleString()}-edge graph`);
    writeGraph(file, n, edges);
    const dist = path.join(__dirname, '..');
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    let last: { seconds: number; cpu: number; rss: number; bytes: number; members: number; edges: number } | null = null;
    let read = 0;
    for (let r = 0; r < repetitions; r++) {
      const a = JSON.parse(execFileSync(process.execPath, ['-e', CHILD_READ, file], { encoding: 'utf8' }));
      const b = JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=16384', '-e', CHILD_IMPORT, path.join(dist, 'io', 'graph-file.js'), path.join(dist, 'sim', 'archetypes.js'), file], { encoding: 'utf8' }));
      if (!(a.seconds > 0 && b.seconds > 0)) throw new Error(`import bench: a zero time (read ${a.seconds} s, import ${b.seconds} s)`);
      ratios.push(b.seconds / a.seconds);
      cpuRatios.push(b.cpu / a.cpu);
      last = b;
      read = a.seconds;
      log(`import: repetition ${r + 1}: ${b.seconds.toFixed(1)} s against ${a.seconds.toFixed(1)} s to read the lines (ratio ${(b.seconds / a.seconds).toFixed(2)}; CPU ${b.cpu.toFixed(1)} s against ${a.cpu.toFixed(1)} s, ratio ${(b.cpu / a.cpu).toFixed(2)}), peak RSS ${(b.rss / 2 ** 20).toFixed(0)} MiB`);
    }
    return {
      members: last!.members,
      edges: last!.edges,
      fileBytes: fs.statSync(file).size,
      ratio: spread(ratios),
      cpuRatio: spread(cpuRatios),
      importSeconds: last!.seconds,
      readLinesSeconds: read,
      peakRssMiB: last!.rss / 2 ** 20,
      graphMiB: last!.bytes / 2 ** 20,
      rssOverGraph: last!.rss / last!.bytes,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
