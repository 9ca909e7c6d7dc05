/**
 * `invitesim compare <attack folders...>`: policies side by side by their worst case, from
 * the attack.json of each `invitesim attack` folder, on one page (comparison.html) and in
 * comparison.md, which is also printed. Every folder is read before the output folder is
 * touched, so bad input writes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../sim/errors';
import { ATTACK_JSON, readAttackResults } from '../reports/attack';
import { COMPARISON_HTML, COMPARISON_MD, comparisonHtml, comparisonMarkdown, comparisonRow } from '../reports/attack-compare';
import { writeFileAtomic } from '../io/atomic-write';
import { RunFailure, describeIoError } from './io-errors';
import { OutputFolder } from './output-folder';
import { DEFAULT_COMPARE_OUT } from './defaults';


export function compareCommand(dirs: string[], opts: { out?: string; force?: boolean; quiet?: boolean }): number {
  const rows = dirs.map((dir) => {
    const file = path.join(dir, ATTACK_JSON);
    if (!fs.existsSync(file)) throw new InputError(`${dir}: no ${ATTACK_JSON} there; give folders written by \`invitesim attack\``);
    return comparisonRow(dir, readAttackResults(file));
  });
  const out = opts.out ?? DEFAULT_COMPARE_OUT;
  const folder = OutputFolder.claim(out, { command: 'compare', flag: `--out ${out}`, force: opts.force });
  const markdown = comparisonMarkdown(rows);
  try {
    writeFileAtomic(path.join(out, COMPARISON_HTML), comparisonHtml(rows));
    writeFileAtomic(path.join(out, COMPARISON_MD), markdown);
  } catch (e) {
    const io = describeIoError(e);
    if (io) throw new RunFailure(`cannot write ${io}; the comparison in ${out} is incomplete: fix it and run \`invitesim compare\` again`);
    throw e;
  } finally {
    folder.release();
  }
  if (!opts.quiet) {
    process.stdout.write(markdown);
    process.stderr.write(`invitesim: compared ${rows.length} searches: ${path.join(out, COMPARISON_HTML)}\n`);
  }
  return 0;
}
