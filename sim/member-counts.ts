/**
 * MemberCounts: invitation outcomes by sending member, for `run --members`. The engine
 * allocates it only when asked (24 bytes a member), so a run without it pays one null
 * check per attempt and per settled invitation.
 */

/** Counter columns of each member's row. */
export const M_ATTEMPTED = 0;
export const M_BLOCKED = 1;
/** Settled invitations by status (1 accepted, 2 ignored, 3 IDK, 4 withdrawn) sit at M_BLOCKED + status. */
export const M_ACCEPTED = 2;
export const M_IGNORED = 3;
export const M_IDK = 4;
export const M_WITHDRAWN = 5;
export const M_FIELDS = 6;

export class MemberCounts {
  /** M_FIELDS counters a member, member-major. */
  readonly counts: Uint32Array;

  constructor(members: number) {
    this.counts = new Uint32Array(members * M_FIELDS);
  }

  attempt(member: number, delivered: boolean): void {
    const k = member * M_FIELDS;
    this.counts[k + M_ATTEMPTED]++;
    if (!delivered) this.counts[k + M_BLOCKED]++;
  }

  /** A delivered invitation of `member` reached `status` (1 accepted .. 4 withdrawn, as Tally.resolved). */
  resolved(member: number, status: number): void {
    this.counts[member * M_FIELDS + M_BLOCKED + status]++;
  }
}
