/**
 * The invitations of a platform log, one row each, with what the platform saw of the pair when
 * it went out (mutual connections, the sender's address book, note, photo) and how it ended:
 * answered (accept / ignore / IDK, after how long), withdrawn, or still pending at the horizon.
 * Connections are replayed from the log itself (those at the start, then every accept), so the
 * mutual count is the one the platform showed at send time, never the simulator's truth.
 */
import { F_DELIVERED, F_NOTE, F_PHOTO, type EventLog } from '../io/event-log-reader';
import { CHANNELS, K } from '../io/log-schema';

export const ACCEPTED = 0;
export const IGNORED = 1;
export const IDKED = 2;
/** Withdrawn by the sender before any answer. */
export const WITHDRAWN = 3;
/** Neither answered nor withdrawn when the log ends. */
export const PENDING = 4;

/** Mutual connections at send time, bucketed as the issue asks: 0, 1, 2 or more. */
export const MUTUAL_BUCKETS = ['0', '1', '2+'] as const;

const IMPORT = CHANNELS.indexOf('import');

export interface Invitations {
  n: number;
  sentAt: Int32Array;
  /** ACCEPTED … PENDING. */
  outcome: Uint8Array;
  /** Minutes from sending to the answer or withdrawal; to the horizon when pending. */
  duration: Int32Array;
  /** 0, 1, 2 (2 or more mutual connections). */
  mutual: Uint8Array;
  /** 1 when the recipient is in an address book the sender uploaded (or it came from an import). */
  inBook: Uint8Array;
  note: Uint8Array;
  /** 1 when the sender's account has a photo. */
  photo: Uint8Array;
}

/** Delivered invitations of the log in the order they were sent. */
export function invitationsOf(log: EventLog): Invitations {
  let n = 0;
  for (let i = 0; i < log.rows; i++) if (log.kind[i] === K.invite && (log.flags[i] & F_DELIVERED) !== 0) n++;
  const inv: Invitations = {
    n,
    sentAt: new Int32Array(n),
    outcome: new Uint8Array(n).fill(PENDING),
    duration: new Int32Array(n),
    mutual: new Uint8Array(n),
    inBook: new Uint8Array(n),
    note: new Uint8Array(n),
    photo: new Uint8Array(n),
  };
  const members = log.members;
  const connections: Array<Set<number> | undefined> = new Array(members);
  const connect = (a: number, b: number) => {
    (connections[a] ??= new Set()).add(b);
    (connections[b] ??= new Set()).add(a);
  };
  const photo = new Uint8Array(members);
  // Pairs as sender × members + recipient: below 2^53 for any log the reader accepts.
  const books = new Set<number>();
  const open = new Map<number, number>();
  let k = 0;
  for (let i = 0; i < log.rows; i++) {
    const m = log.member[i];
    const o = log.other[i];
    const t = log.time[i];
    switch (log.kind[i]) {
      case K.member:
        photo[m] = (log.flags[i] & F_PHOTO) !== 0 ? 1 : 0;
        break;
      case K.connection:
        connect(m, o);
        break;
      case K.address_book:
        if (o >= 0) books.add(m * members + o);
        break;
      case K.invite: {
        if ((log.flags[i] & F_DELIVERED) === 0) break;
        inv.sentAt[k] = t;
        inv.mutual[k] = mutualBucket(connections[m], connections[o]);
        const channel = log.flags[i] & 3;
        inv.inBook[k] = channel === IMPORT || books.has(m * members + o) ? 1 : 0;
        inv.note[k] = (log.flags[i] & F_NOTE) !== 0 ? 1 : 0;
        inv.photo[k] = photo[m];
        inv.duration[k] = log.horizon - t;
        open.set(m * members + o, k);
        k++;
        break;
      }
      case K.accept:
      case K.ignore:
      case K.idk:
      case K.withdraw: {
        const key = m * members + o;
        const j = open.get(key);
        if (j === undefined) break;
        open.delete(key);
        const kind = log.kind[i];
        inv.outcome[j] = kind === K.accept ? ACCEPTED : kind === K.ignore ? IGNORED : kind === K.idk ? IDKED : WITHDRAWN;
        inv.duration[j] = t - inv.sentAt[j];
        if (kind === K.accept) connect(m, o);
        break;
      }
    }
  }
  return inv;
}

/** Mutual connections of two members, counted only up to 2 (all the bucket needs). */
function mutualBucket(a: Set<number> | undefined, b: Set<number> | undefined): number {
  if (a === undefined || b === undefined) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let c = 0;
  for (const x of small) if (large.has(x) && ++c === 2) break;
  return c;
}
