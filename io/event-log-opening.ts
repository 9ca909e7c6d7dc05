/**
 * The log's opening rows, at time 0: the accounts that have joined, the connections and the
 * address books when the run starts. The encoder writes them from the platform's snapshot
 * (1.56 M rows at 200,000 members, more than a run's first days), so that the run need not wait
 * for them; they make row groups of their own, the run's rows following in fresh ones.
 */
import { ROWS, RowBuffer, type Sink } from './event-log-sinks';
import { K } from './log-schema';
import type { PlatformSnapshot } from '../policies/platform/connection-graph';

export interface Opening {
  snapshot: PlatformSnapshot;
  /** Every account's join minute (the engine's; the snapshot marks later joins as not joined). */
  joinedAt: Int32Array;
}

export function writeOpening({ snapshot: s, joinedAt }: Opening, sink: Sink): void {
  const rows = new RowBuffer();
  rows.clearOptional();
  let n = 0;
  const push = (kind: number, member: number, other: number): number => {
    if (n === ROWS) {
      sink.write(rows, n);
      rows.clearOptional();
      n = 0;
    }
    rows.time[n] = 0;
    rows.kind[n] = kind;
    rows.member[n] = member;
    rows.other[n] = other;
    return n++;
  };
  for (let m = 0; m < s.members; m++) {
    if (joinedAt[m] > 0) continue;
    const i = push(K.member, m, -1);
    rows.photo[i] = s.photo[m];
    rows.joinedAt[i] = joinedAt[m];
  }
  for (let a = 0; a < s.members; a++) {
    for (let e = s.connections.offsets[a]; e < s.connections.offsets[a + 1]; e++) {
      const b = s.connections.targets[e];
      if (b > a) push(K.connection, a, b);
    }
  }
  for (let a = 0; a < s.members; a++) {
    if (!s.uploaded[a]) continue;
    const lo = s.addressBooks.offsets[a];
    const hi = s.addressBooks.offsets[a + 1];
    if (lo === hi) push(K.address_book, a, -1);
    for (let e = lo; e < hi; e++) push(K.address_book, a, s.addressBooks.targets[e]);
  }
  if (n > 0) sink.write(rows, n);
}
