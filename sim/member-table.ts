/**
 * MemberTable: one finished run's members as columns of typed arrays (who they are, what
 * their invitations became, how the ladder treated them, the policy's score), so a worker
 * hands it to the main thread by transferring a few buffers rather than cloning a row per member.
 */
import type { Engine } from './engine';

export interface MemberTable {
  /** Index into ARCHETYPES. */
  archetype: Uint8Array;
  /** Ground truth: minute from which the member is abusive (-1: honest throughout). */
  abusiveFrom: Int32Array;
  /** MemberCounts' M_FIELDS counters a member. */
  counts: Uint32Array;
  /** Minute of the first restriction (-1: never restricted). */
  firstRestrictedAt: Int32Array;
  strikes: Uint8Array;
  /** The ladder's FREE / RESTRICTED / PERMANENT at the horizon. */
  ladderState: Uint8Array;
  /** The policy's score (null: the policy has none). */
  score: Float64Array | null;
}

/** The table of a finished run whose engine counted members; it takes the engine's arrays, which the run no longer needs. */
export function memberTable(engine: Engine, score: Float64Array | null): MemberTable {
  const { pop, ladder, memberCounts } = engine;
  if (!memberCounts) throw new Error('memberTable: the engine was built without member counts');
  const archetype = new Uint8Array(pop.n);
  for (let m = 0; m < pop.n; m++) archetype[m] = pop.members.archetype(m);
  return {
    archetype,
    abusiveFrom: pop.abusiveFrom,
    counts: memberCounts.counts,
    firstRestrictedAt: ladder.firstAt,
    strikes: ladder.strikes,
    ladderState: ladder.state,
    score,
  };
}

/** The buffers to transfer with a table (each once). */
export function memberTableBuffers(table: MemberTable): ArrayBuffer[] {
  const columns = [table.archetype, table.abusiveFrom, table.counts, table.firstRestrictedAt, table.strikes, table.ladderState, table.score];
  return [...new Set(columns.flatMap((c) => (c ? [c.buffer as ArrayBuffer] : [])))];
}
