/**
 * ConnectionGraph: a PlatformView built from a PlatformSnapshot (what a platform holds when
 * a run starts: its connection graph, uploaded address books, account facts) and kept up to
 * date by `connect` as invitations are accepted. `serve` builds one from the upload; tests
 * and the plugin probe use it as an independent implementation of the engine's view.
 */
import { AdjacencyLists } from './adjacency-lists';
import { ConnectionsBase } from './connections-base';
import type { PlatformView } from '../platform-view';

/** A symmetric or directed relation in CSR form: row m is targets[offsets[m] .. offsets[m+1]), sorted. */
export interface Csr {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

export interface PlatformSnapshot {
  readonly members: number;
  /** Minute each account joined (negative: before the run). */
  readonly joinedAt: Int32Array;
  /** 1 where the member has a profile photo. */
  readonly photo: Uint8Array;
  /** Connections at the start of the run, symmetric, each row sorted. */
  readonly connections: Csr;
  /** Row m: the members whose email m uploaded (empty row: m uploaded none, unless listed in `uploaded`). */
  readonly addressBooks: Csr;
  /** 1 where the member uploaded an address book (it may hold nobody on the platform). */
  readonly uploaded: Uint8Array;
}

/** Index of x in the sorted row m of `g`, or -1. */
export function rowIndex(g: Csr, m: number, x: number): number {
  let lo = g.offsets[m];
  let hi = g.offsets[m + 1] - 1;
  const t = g.targets;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = t[mid];
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Mutual connections are counted by marking one side's connections when the other side has
 * at most this many times as many; beyond it, probing each of the smaller side's connections
 * (a binary search and a walk of the smaller added list) costs less than marking the hub's.
 */
const MARK_RATIO = 16;

export class ConnectionGraph extends ConnectionsBase implements PlatformView {
  readonly members: number;
  private readonly added: AdjacencyLists;
  /**
   * Bit c: c is a connection of the member being counted against, set for one count and
   * cleared after it. A bit a member (12.5 KB at 100,000 members) stays in the first-level
   * cache, where a word a member with a generation number missed it on most marks. Probing
   * `connected` per candidate walked the added lists again and again, most of score's and
   * all-of's time in the policies bench; one pass over each side does not.
   */
  private readonly marks: Int32Array;
  /** Join minutes as of now: the snapshot's, and those of accounts that joined since (join). */
  private readonly joined: Int32Array;

  /** `start`: the platform when the run opened. */
  constructor(private readonly start: PlatformSnapshot) {
    super();
    this.members = start.members;
    this.added = new AdjacencyLists(start.members);
    this.marks = new Int32Array((start.members + 31) >>> 5);
    this.joined = start.joinedAt.slice();
  }

  joinedAt(m: number): number {
    return this.joined[m];
  }

  /** An account joined the platform at minute `at`. */
  join(m: number, at: number): void {
    this.joined[m] = at;
  }

  hasPhoto(m: number): boolean {
    return this.start.photo[m] === 1;
  }

  connectionCount(m: number): number {
    const o = this.start.connections.offsets;
    return o[m + 1] - o[m] + this.added.count[m];
  }

  connected(a: number, b: number): boolean {
    if (rowIndex(this.start.connections, a, b) >= 0) return true;
    const added = this.added;
    return added.count[a] <= added.count[b] ? added.has(a, b) : added.has(b, a);
  }

  connectionsOf(m: number, out: Int32Array): number {
    const { offsets, targets } = this.start.connections;
    let at = 0;
    for (let e = offsets[m]; e < offsets[m + 1]; e++, at++) if (at < out.length) out[at] = targets[e];
    return this.added.copy(m, out, at);
  }

  /**
   * As the base class counts them (the same min(mutual, cap)), by marking the larger side's
   * connections and scanning the smaller's, both in place: the snapshot's row and the added
   * list are each contiguous, so neither is copied out first.
   */
  override mutualConnections(a: number, b: number, cap: number): number {
    if (cap <= 0) return 0;
    let small = a;
    let other = b;
    if (this.connectionCount(b) < this.connectionCount(a)) {
      small = b;
      other = a;
    }
    const n = this.connectionCount(small);
    const o = this.connectionCount(other);
    if (n === 0 || o === 0) return 0;
    if (o > MARK_RATIO * n) return super.mutualConnections(a, b, cap);
    const marks = this.marks;
    const { offsets, targets } = this.start.connections;
    const added = this.added;
    const entries = added.entries;
    const oFrom = added.start(other);
    const oTo = oFrom + added.count[other];
    for (let e = offsets[other]; e < offsets[other + 1]; e++) marks[targets[e] >>> 5] |= 1 << (targets[e] & 31);
    for (let i = oFrom; i < oTo; i++) marks[entries[i] >>> 5] |= 1 << (entries[i] & 31);
    // other is not among its own connections, so it is never marked: no need to skip it.
    let count = 0;
    for (let e = offsets[small]; e < offsets[small + 1] && count < cap; e++) if ((marks[targets[e] >>> 5] & (1 << (targets[e] & 31))) !== 0) count++;
    const to = added.start(small) + added.count[small];
    for (let i = added.start(small); i < to && count < cap; i++) if ((marks[entries[i] >>> 5] & (1 << (entries[i] & 31))) !== 0) count++;
    // Cleared word by word: the words just set are still in cache.
    for (let e = offsets[other]; e < offsets[other + 1]; e++) marks[targets[e] >>> 5] = 0;
    for (let i = oFrom; i < oTo; i++) marks[entries[i] >>> 5] = 0;
    return count;
  }

  uploadedAddressBook(m: number): boolean {
    return this.start.uploaded[m] === 1;
  }

  inAddressBook(owner: number, m: number): boolean {
    return rowIndex(this.start.addressBooks, owner, m) >= 0;
  }

  snapshot(): PlatformSnapshot {
    const n = this.members;
    const offsets = new Int32Array(n + 1);
    const rows: Int32Array[] = [];
    for (let m = 0; m < n; m++) {
      const row = new Int32Array(this.connectionCount(m));
      this.connectionsOf(m, row);
      rows.push(row.sort());
      offsets[m + 1] = offsets[m] + row.length;
    }
    const targets = new Int32Array(offsets[n]);
    rows.forEach((row, m) => targets.set(row, offsets[m]));
    return { ...this.start, joinedAt: this.joined.slice(), connections: { offsets, targets } };
  }

  /** An accepted invitation: a and b are connected from now on (a no-op if they already were). */
  connect(a: number, b: number): boolean {
    if (a === b || this.connected(a, b)) return false;
    this.added.add(a, b);
    this.added.add(b, a);
    return true;
  }
}

/** A snapshot of `members` accounts with no connections, no address books, all joined at minute 0 without photos. */
export function emptySnapshot(members: number): PlatformSnapshot {
  const empty: Csr = { offsets: new Int32Array(members + 1), targets: new Int32Array(0) };
  return {
    members,
    joinedAt: new Int32Array(members),
    photo: new Uint8Array(members),
    connections: empty,
    addressBooks: empty,
    uploaded: new Uint8Array(members),
  };
}
