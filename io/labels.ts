/**
 * The labels file beside an event log: each member's truth (archetype, label, the minute it
 * turns abusive). Only a backtest's scoring reads it, and the oracle; no other policy is given it.
 */
import { InputError } from '../sim/errors';
import { excerpt, forEachLine, splitCsv } from './lines';

export interface Labels {
  /** Minute each member turns abusive (-1: honest throughout). */
  abusiveFrom: Int32Array;
  /** Archetype name by member ('' when the file gives none). */
  archetype: string[];
}

export async function readLabels(file: string, members: number, logFile: string): Promise<Labels> {
  const abusiveFrom = new Int32Array(members).fill(-1);
  const archetype = new Array<string>(members).fill('');
  const seen = new Uint8Array(members);
  let cols: { member: number; label: number; from: number; archetype: number } | null = null;
  await forEachLine(file, '--labels', (line, lineNo) => {
    if (line.trim() === '') return;
    const f = splitCsv(line);
    if (f === null) throw new InputError(`${file} line ${lineNo}: a quote is not closed in ${excerpt(line)}`);
    if (cols === null) {
      const h = f.map((x) => x.trim().toLowerCase());
      cols = { member: h.indexOf('member'), label: h.indexOf('label'), from: h.indexOf('abusive_from'), archetype: h.indexOf('archetype') };
      if (cols.member < 0 || cols.label < 0) throw new InputError(`${file} line 1: the header must name "member" and "label" (and optionally "archetype", "abusive_from"), got ${excerpt(line)}`);
      return;
    }
    const m = Number(f[cols.member]);
    if (!Number.isInteger(m) || m < 0) throw new InputError(`${file} line ${lineNo}: member ${excerpt(f[cols.member] ?? '')} is not a member id`);
    if (m >= members) throw new InputError(`${file} line ${lineNo}: member ${m} is not in ${logFile} (its members are 0..${members - 1}); the labels file must belong to the log`);
    if (seen[m]) throw new InputError(`${file} line ${lineNo}: member ${m} is labelled twice`);
    seen[m] = 1;
    const label = (f[cols.label] ?? '').trim();
    if (label !== 'honest' && label !== 'abusive') throw new InputError(`${file} line ${lineNo}: label ${excerpt(label)} must be honest or abusive`);
    if (cols.archetype >= 0) archetype[m] = (f[cols.archetype] ?? '').trim();
    if (label === 'abusive') {
      const raw = cols.from >= 0 ? (f[cols.from] ?? '').trim() : '';
      const from = raw === '' ? 0 : Number(raw);
      if (!Number.isInteger(from) || from < 0) throw new InputError(`${file} line ${lineNo}: abusive_from ${excerpt(raw)} must be a minute ≥ 0 (empty: abusive throughout)`);
      abusiveFrom[m] = from;
    }
  }, '');
  if (cols === null) throw new InputError(`${file}: empty; a labels file needs a header "member,label" and a row a member`);
  const missing = seen.indexOf(0);
  if (missing >= 0) throw new InputError(`${file}: member ${missing} of ${logFile} has no label; the labels file must label every member of the log`);
  return { abusiveFrom, archetype };
}
