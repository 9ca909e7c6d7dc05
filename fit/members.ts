/**
 * What a log shows of its members: each one's send rate (invitations a day while active), its
 * withdrawal delays, photo, address book and account age. Per-member figures only; fit/fit.ts
 * turns them into estimates, per label or archetype where a labels file gives them.
 */
import { F_NOTE, F_PHOTO, type EventLog } from '../io/event-log-reader';
import { CHANNELS, K } from '../io/log-schema';
import { MINUTES_PER_DAY } from '../policies/policy';

const IMPORT = CHANNELS.indexOf('import');

export interface MemberFacts {
  members: number;
  /** Minute the account joined (negative before the log). */
  joinedAt: Int32Array;
  photo: Uint8Array;
  /** 1 when the member uploaded an address book by the start of the log. */
  uploaded: Uint8Array;
  /** Invitations attempted (and InMails written in their place) outside an import, in the member's own period. */
  sends: Int32Array;
  /** Days of that period. */
  activeDays: Float64Array;
  /** Profile-channel invitations in the period, and those of them with a note. */
  profileSends: Int32Array;
  notes: Int32Array;
  /** Minutes from each withdrawn invitation's sending to its withdrawal, by sender. */
  withdrawDelays: Map<number, number[]>;
}

/**
 * `turnsAbusive[m]` (labels' abusive_from, -1 honest): when it falls after the member's start, the
 * account was taken over then, and its own behaviour ends there. A taken-over account sends at another rate with other notes from then on, so its
 * figures before the takeover are its archetype's, and nothing after it is counted.
 */
export function memberFacts(log: EventLog, turnsAbusive?: Int32Array): MemberFacts {
  const n = log.members;
  const f: MemberFacts = {
    members: n,
    joinedAt: new Int32Array(n),
    photo: new Uint8Array(n),
    uploaded: new Uint8Array(n),
    sends: new Int32Array(n),
    activeDays: new Float64Array(n),
    profileSends: new Int32Array(n),
    notes: new Int32Array(n),
    withdrawDelays: new Map(),
  };
  const seen = new Uint8Array(n);
  const sentAt = new Map<number, number>();
  const end = (m: number) => {
    const at = turnsAbusive ? turnsAbusive[m] : -1;
    return at > Math.max(0, f.joinedAt[m]) && at < log.horizon ? at : log.horizon;
  };
  for (let i = 0; i < log.rows; i++) {
    const m = log.member[i];
    const t = log.time[i];
    switch (log.kind[i]) {
      case K.member:
        seen[m] = 1;
        f.joinedAt[m] = log.joinedAt[i];
        f.photo[m] = (log.flags[i] & F_PHOTO) !== 0 ? 1 : 0;
        break;
      case K.address_book:
        f.uploaded[m] = 1;
        break;
      case K.invite:
      case K.inmail: {
        if (log.kind[i] === K.invite) sentAt.set(m * n + log.other[i], t);
        if (t >= end(m)) break;
        // An import sends its book a minute an entry: a burst, not the member's rate.
        const channel = log.kind[i] === K.invite ? log.flags[i] & 3 : -1;
        if (channel === IMPORT) break;
        f.sends[m]++;
        if (channel === 0) {
          f.profileSends[m]++;
          if ((log.flags[i] & F_NOTE) !== 0) f.notes[m]++;
        }
        break;
      }
      case K.withdraw: {
        const key = m * n + log.other[i];
        const at = sentAt.get(key);
        if (at === undefined) break;
        let list = f.withdrawDelays.get(m);
        if (!list) f.withdrawDelays.set(m, (list = []));
        list.push(t - at);
        break;
      }
    }
  }
  for (let m = 0; m < n; m++) {
    // A log without member rows: every account counts as joined at minute 0 (docs/log-format.md).
    if (!seen[m]) f.joinedAt[m] = 0;
    f.activeDays[m] = Math.max(0, end(m) - Math.max(0, f.joinedAt[m])) / MINUTES_PER_DAY;
  }
  return f;
}
