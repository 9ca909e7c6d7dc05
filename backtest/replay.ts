/**
 * replay: a policy run open loop over a platform event log. Events happen as logged, whatever
 * the policy says: it hears each attempt (onInvite), each attempt that did not go out (onBlocked),
 * each answer (onResponse, the connection made first, as on the platform), reviews at the
 * scenario's cadence, and its own restriction ladder's lift checks. What it would have done is
 * recorded with its times: restrictions, lifts, and the verdict it gave each attempt.
 *
 * The policy gets what it gets in a closed-loop run, the platform view, here built from the
 * log alone (its opening rows: accounts, connections, address books; then accepts as they come).
 * Order within a minute follows the engine's: reviews first, then the rows in order; a lift
 * check the log records (`lift_check`) is taken at its row when this ladder has one due for that
 * member then, and any other due check at the end of its minute. So a replay of the policy that
 * wrote the log makes the same calls in the same order and restricts the same members at the
 * same minutes.
 */
import { Ladder } from '../policies/ladder';
import { ConnectionGraph, type PlatformSnapshot } from '../policies/platform/connection-graph';
import { NOT_JOINED } from '../policies/platform-view';
import { ACCEPT, ALLOW, IDK, IGNORE, REQUIRE_EMAIL, WITHDRAW, type Channel, type Policy, type PolicyContext } from '../policies';
import type { LadderParams } from '../policies/ladder';
import type { GroundTruth } from '../policies/truth';
import { K } from '../io/log-schema';
import { F_DELIVERED, F_NOTE, F_PHOTO, type EventLog } from '../io/event-log-reader';

export interface ReplaySettings {
  reviewEveryMinutes: number;
  ladder: LadderParams;
}

export interface Replay {
  policy: Policy;
  ladder: Ladder;
  /** The restrictions this policy made: member, minute, and whether permanent (in the order made). */
  restrictions: Array<{ member: number; minute: number; permanent: boolean }>;
  /** Lifts: member and minute. */
  lifts: Array<{ member: number; minute: number }>;
  /** Attempts this policy would have answered ALLOW, REQUIRE_EMAIL, BLOCK (after the ladder's own requirement). */
  verdicts: [number, number, number];
  /** Delivered invitations logged while this policy had the sender restricted, by whether the sender was then abusive. */
  underRestriction: { abusive: number; honest: number };
  /** Delivered invitations logged, by whether the sender was then abusive. */
  delivered: { abusive: number; honest: number };
  /** Each member's first logged attempt at or after it turned abusive (-1: none). */
  firstAbuse: Int32Array;
  /** Minute each account joined, as the log says (0 for members it gives no row). */
  joinedAt: Int32Array;
}

const ANSWER = new Map<number, number>([
  [K.accept, ACCEPT],
  [K.ignore, IGNORE],
  [K.idk, IDK],
  [K.withdraw, WITHDRAW],
]);

/**
 * What the platform held when the log opened, from its opening rows: accounts that join later
 * are NOT_JOINED until their row (`joinedAt` gives every account's minute, for scoring).
 */
export function snapshotOf(log: EventLog): PlatformSnapshot {
  const n = log.members;
  // A log with account rows has one for every account that joined before its end (invitesim's
  // has); an account without one never joined. A log without any counts every account as joined at 0.
  const joinedAt = new Int32Array(n).fill(log.kind.includes(K.member) ? NOT_JOINED : 0);
  const photo = new Uint8Array(n);
  const uploaded = new Uint8Array(n);
  const conn: Array<[number, number]> = [];
  const books: Array<[number, number]> = [];
  for (let i = 0; i < log.rows; i++) {
    const k = log.kind[i];
    const m = log.member[i];
    if (k === K.member) {
      joinedAt[m] = log.time[i] > 0 ? NOT_JOINED : log.joinedAt[i];
      photo[m] = log.flags[i] & F_PHOTO ? 1 : 0;
    } else if (k === K.connection && log.time[i] === 0) conn.push([m, log.other[i]], [log.other[i], m]);
    else if (k === K.address_book) {
      uploaded[m] = 1;
      if (log.other[i] >= 0) books.push([m, log.other[i]]);
    }
  }
  return { members: n, joinedAt, photo, uploaded, connections: csr(n, conn), addressBooks: csr(n, books) };
}

/** Every account's join minute as the log gives it (0 for members with no row). */
function joinMinutes(log: EventLog): Int32Array {
  const out = new Int32Array(log.members);
  for (let i = 0; i < log.rows; i++) if (log.kind[i] === K.member) out[log.member[i]] = log.joinedAt[i];
  return out;
}

function csr(n: number, pairs: Array<[number, number]>): { offsets: Int32Array; targets: Int32Array } {
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const offsets = new Int32Array(n + 1);
  const uniq = pairs.filter((p, i) => i === 0 || p[0] !== pairs[i - 1][0] || p[1] !== pairs[i - 1][1]);
  for (const [a] of uniq) offsets[a + 1]++;
  for (let m = 0; m < n; m++) offsets[m + 1] += offsets[m];
  return { offsets, targets: Int32Array.from(uniq, (p) => p[1]) };
}

export function replay(log: EventLog, settings: ReplaySettings, makePolicy: (ctx: PolicyContext, truth: GroundTruth) => Policy, truth: GroundTruth): Replay {
  const n = log.members;
  const start = snapshotOf(log);
  const view = new ConnectionGraph(start);
  /** Lift checks due, by minute, in the order scheduled. */
  const due = new Map<number, number[]>();
  const ladder = new Ladder(n, settings.ladder, (member, at) => {
    const list = due.get(at);
    if (list) list.push(member);
    else due.set(at, [member]);
  });
  const r: Replay = {
    policy: null as unknown as Policy,
    ladder,
    restrictions: [],
    lifts: [],
    verdicts: [0, 0, 0],
    underRestriction: { abusive: 0, honest: 0 },
    delivered: { abusive: 0, honest: 0 },
    firstAbuse: new Int32Array(n).fill(-1),
    joinedAt: joinMinutes(log),
  };
  ladder.onChange = (member, state, now) => {
    if (state === 0) r.lifts.push({ member, minute: now });
    else r.restrictions.push({ member, minute: now, permanent: state === 2 });
  };
  const policy = makePolicy({ members: n, horizon: log.horizon, ladder, view }, truth);
  r.policy = policy;
  const reviewEvery = Math.max(1, settings.reviewEveryMinutes);
  const abusiveFrom = truth.abusiveFrom;
  const check = (member: number, t: number) => ladder.check(member, t, policy);
  let i = 0;
  try {
    for (let t = 0; t < log.horizon; t++) {
      // Joins come first in their minute, as on the platform: the review already sees them.
      for (; i < log.rows && log.time[i] === t && log.kind[i] === K.member; i++) if (t > 0) view.join(log.member[i], log.joinedAt[i]);
      if (policy.review && t % reviewEvery === 0) policy.review(t);
      const dueNow = due.get(t);
      for (; i < log.rows && log.time[i] === t; i++) {
        const k = log.kind[i];
        const m = log.member[i];
        const o = log.other[i];
        if (k === K.invite) {
          const flags = log.flags[i];
          let v = policy.onInvite(m, o, t, (flags & 3) as Channel, (flags & F_NOTE) !== 0);
          if (v === ALLOW && ladder.isRestricted(m)) v = REQUIRE_EMAIL;
          r.verdicts[v]++;
          const abusive = abusiveFrom[m] >= 0 && t >= abusiveFrom[m];
          if (abusive && r.firstAbuse[m] < 0) r.firstAbuse[m] = t;
          if (flags & F_DELIVERED) {
            if (abusive) r.delivered.abusive++;
            else r.delivered.honest++;
            if (ladder.isRestricted(m)) {
              if (abusive) r.underRestriction.abusive++;
              else r.underRestriction.honest++;
            }
          } else policy.onBlocked?.(m, o, t);
        } else if (ANSWER.has(k)) {
          const kind = ANSWER.get(k)!;
          if (kind === ACCEPT) view.connect(m, o);
          policy.onResponse(m, o, kind as 0 | 1 | 2 | 3, t);
        } else if (k === K.inmail) policy.onInmail?.(m, o, t);
        else if (k === K.lift_check && dueNow) {
          const at = dueNow.indexOf(m);
          if (at >= 0) {
            dueNow.splice(at, 1);
            check(m, t);
          }
        }
      }
      if (dueNow) {
        for (const m of dueNow) check(m, t);
        due.delete(t);
      }
    }
  } finally {
    policy.close?.();
  }
  return r;
}
