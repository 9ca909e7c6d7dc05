import * as fs from 'node:fs';

/** A CSV file invitesim wrote (no quoted commas) as rows keyed by its header. */
export function csvRows(file: string): Array<Record<string, string>> {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}
