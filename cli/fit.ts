/**
 * `invitesim fit <log> [--labels <file>] --out overlay.yaml`: fits what the simulator draws to a
 * platform log (fit/fit.ts) and writes it as a scenario overlay (`run --overlay`). Estimates the
 * log is too short for keep their defaults with a named warning on stderr. The --out file is
 * written whole or not at all, and only over an overlay an earlier fit wrote, with --force.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readEventLog } from '../io/event-log-reader';
import { readLabels, type Labels } from '../io/labels';
import { writeFileAtomic } from '../io/atomic-write';
import { InputError } from '../sim/errors';
import { K } from '../io/log-schema';
import { fitLog } from '../fit/fit';
import { OVERLAY_MARKER, overlayYaml } from '../fit/overlay';
import { EXIT_OK } from './exit-codes';
import { VERSION } from './version';

export interface FitFlags {
  labels?: string;
  out?: string;
  force?: boolean;
  quiet?: boolean;
}

export async function fitCommand(logFile: string, flags: FitFlags): Promise<number> {
  if (flags.out === undefined) throw new InputError('fit: --out <overlay.yaml> is required (the scenario overlay to write)');
  const out = flags.out;
  checkOut(out, flags.force === true);
  const log = await readEventLog(logFile);
  if (!log.kind.some((k) => k === K.invite)) throw new InputError(`${log.file}: no invite rows; a fit needs the log's invitations and their answers (docs/log-format.md)`);
  const labels = flags.labels === undefined ? undefined : await readLabels(flags.labels, log.members, log.file);
  if (labels) checkLabelsAgree(labels, log.horizon, flags.labels!);
  const fit = fitLog(log, new Set(log.columns), labels);
  const text = overlayYaml(fit, { log: logFile, labels: flags.labels, version: VERSION });
  checkOut(out, flags.force === true);
  writeFileAtomic(out, text);
  for (const w of fit.warnings) process.stderr.write(`invitesim fit: warning [${w.code}] ${w.field}: ${w.message}\n`);
  if (!flags.quiet) process.stderr.write(`invitesim fit: wrote ${out}: ${fit.estimates.length} fields from ${fit.invitations.toLocaleString('en-US')} invitations; apply it with \`invitesim run <scenario> --overlay ${out}\`\n`);
  return EXIT_OK;
}

/** An existing --out is replaced only if an earlier fit wrote it (its first line), and only with --force. */
function checkOut(out: string, force: boolean): void {
  if (!fs.existsSync(path.dirname(path.resolve(out)))) throw new InputError(`--out ${out}: its folder does not exist; create it first`);
  let first: string;
  try {
    if (!fs.statSync(out).isFile()) throw new InputError(`--out ${out}: is not a file; give the overlay file to write, e.g. --out overlay.yaml`);
    const fd = fs.openSync(out, 'r');
    const head = Buffer.alloc(OVERLAY_MARKER.length);
    fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    first = head.toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (first !== OVERLAY_MARKER) throw new InputError(`--out ${out}: the file exists and invitesim did not write it; choose another file (fit never overwrites one it did not write, even with --force)`);
  if (!force) throw new InputError(`--out ${out}: holds an overlay an earlier fit wrote; pass --force to replace it, or choose another file`);
}

/** Labels that describe another log: abusive from a minute the log never reaches. */
function checkLabelsAgree(labels: Labels, horizon: number, file: string): void {
  const m = labels.abusiveFrom.findIndex((t) => t >= horizon);
  if (m >= 0) throw new InputError(`${file}: member ${m} is abusive from minute ${labels.abusiveFrom[m]}, past the log's end (${horizon} minutes); the labels file must belong to the log`);
}
