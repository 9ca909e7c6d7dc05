/**
 * `npm run bench`: runs the benchmarks and writes their figures to out/bench/bench.json.
 * `npm run bench -- engine` (or sweep, http, detectors) runs one; `--members N` sizes the engine bench.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchDetectors } from './detectors';
import { benchEngine } from './engine';
import { benchHttp } from './http';
import { benchSweep } from './sweep';

const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

async function main(args: string[]): Promise<void> {
  const only = args.filter((a) => !a.startsWith('--'));
  const want = (name: string) => only.length === 0 || only.includes(name);
  const membersFlag = args.indexOf('--members');
  const members = membersFlag >= 0 ? Number(args[membersFlag + 1]) : 1_000_000;
  const report: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  if (want('engine')) {
    const e = benchEngine(members, 3, log);
    report.engine = e;
    log(
      `engine: ${e.members.toLocaleString()} members, ${e.days} days: median ${(e.eventsPerSecond / 1e6).toFixed(2)} M events/s ` +
        `(${(e.invitationsPerSecond / 1e6).toFixed(2)} M invitations/s), ${e.stateBytesPerMember.toFixed(0)} B/member of state beyond the graph ` +
        `(graph ${e.graphBytesPerMember.toFixed(0)} B/member), peak RSS ${e.peakRssMiB.toFixed(0)} MiB`,
    );
  }
  if (want('sweep')) report.sweep = await benchSweep({ log });
  if (want('http')) report.http = await benchHttp({}, log);
  if (want('detectors')) report.detectors = benchDetectors(undefined, 3, log);
  const dir = path.join('out', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'bench.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(report, null, 2) + '\n');
  fs.renameSync(`${file}.tmp`, file);
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`bench: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
