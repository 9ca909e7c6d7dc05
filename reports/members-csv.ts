/**
 * members.csv rows (`run --members`): one row a member of a run, columns named as the
 * canonical metrics where one exists. As in the other CSVs a null is an empty cell and
 * booleans are true/false. Rows are built by hand, not through csv-stringify: a million
 * members a run, and no cell ever needs quoting (numbers, booleans, archetype names).
 */
import { ARCHETYPES } from '../sim/config';
import { M_ACCEPTED, M_ATTEMPTED, M_BLOCKED, M_FIELDS, M_IDK, M_IGNORED, M_WITHDRAWN } from '../sim/member-counts';
import type { MemberTable } from '../sim/member-table';
import type { Task } from '../sim/result';
import { PERMANENT } from '../policies/ladder';

export const MEMBER_COLUMNS = [
  'run',
  'point',
  'replicate',
  'member',
  'archetype',
  'abusive',
  'abusiveFrom',
  'invitationsAttempted',
  'blocked',
  'delivered',
  'accepted',
  'ignored',
  'idk',
  'withdrawn',
  'pending',
  'restricted',
  'firstRestrictedAt',
  'strikes',
  'permanent',
  'score',
] as const;

export const MEMBERS_HEADER = MEMBER_COLUMNS.join(',') + '\n';

/** Rows gathered into one string before it is yielded. */
const BATCH = 4096;

/** The header and one row a member of the run, in member order, in chunks. */
export function* memberRows(task: Pick<Task, 'index' | 'point' | 'replicate'>, table: MemberTable): Generator<string> {
  yield MEMBERS_HEADER;
  const { archetype, abusiveFrom, counts, firstRestrictedAt, strikes, ladderState, score } = table;
  const run = `${task.index},${task.point},${task.replicate},`;
  let chunk = '';
  for (let m = 0; m < archetype.length; m++) {
    const k = m * M_FIELDS;
    const attempted = counts[k + M_ATTEMPTED];
    const blocked = counts[k + M_BLOCKED];
    const accepted = counts[k + M_ACCEPTED];
    const ignored = counts[k + M_IGNORED];
    const idk = counts[k + M_IDK];
    const withdrawn = counts[k + M_WITHDRAWN];
    const delivered = attempted - blocked;
    const pending = delivered - accepted - ignored - idk - withdrawn;
    const from = abusiveFrom[m];
    const first = firstRestrictedAt[m];
    chunk +=
      `${run}${m},${ARCHETYPES[archetype[m]]},${from >= 0},${from >= 0 ? from : ''},` +
      `${attempted},${blocked},${delivered},${accepted},${ignored},${idk},${withdrawn},${pending},` +
      `${first >= 0},${first >= 0 ? first : ''},${strikes[m]},${ladderState[m] === PERMANENT},${score ? scoreCell(score[m]) : ''}\n`;
    if ((m + 1) % BATCH === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * The shortest decimal that reads back as the same double (String(x)), so pandas with
 * float_precision="round_trip" and R read every score exactly; -0 keeps its sign. NaN is null;
 * infinities are Inf/-Inf, which pandas and R both read as numbers.
 */
function scoreCell(x: number): string {
  if (Object.is(x, -0)) return '-0';
  if (Number.isFinite(x)) return String(x);
  return Number.isNaN(x) ? '' : x > 0 ? 'Inf' : '-Inf';
}
