/**
 * ConnectionGraph: a PlatformView built from a PlatformSnapshot (what a platform holds when
 * a run starts: its connection graph, uploaded address books, account facts) and kept up to
 * date by `connect` as invitations are accepted. `serve` builds one from the upload; tests
 * and the plugin probe use it as an independent implementation of the engine's view.
 */
import { ConnectionLists } from './connection-lists';
import { indexInSorted } from './sorted-search';
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
  return indexInSorted(g.targets, g.offsets[m], g.offsets[m + 1] - 1, x);
}

export class ConnectionGraph implements PlatformView {
  readonly members: number;
  /** The snapshot's connections and those accepted since, a member's in one segment. */
  private readonly lists: ConnectionLists;
  /** Join minutes as of now: the snapshot's, and those of accounts that joined since (join). */
  private readonly joined: Int32Array;
  /**
   * 1 where the member's address-book row holds someone. Most members uploaded none, and this
   * byte (100 KB at 100,000 members, in cache) answers for them without reading the row's
   * offsets, a cache miss on every invitation's two address-book look-ups.
   */
  private readonly hasBook: Uint8Array;

  /** `start`: the platform when the run opened. */
  constructor(private readonly start: PlatformSnapshot) {
    this.members = start.members;
    this.lists = new ConnectionLists(start.connections);
    this.joined = start.joinedAt.slice();
    const books = start.addressBooks.offsets;
    this.hasBook = new Uint8Array(start.members);
    for (let m = 0; m < start.members; m++) this.hasBook[m] = books[m + 1] > books[m] ? 1 : 0;
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
    return this.lists.count(m);
  }

  connected(a: number, b: number): boolean {
    return this.lists.has(a, b);
  }

  /** The snapshot's row in its order, then the accepted invitations in AdjacencyLists' order (seeded runs read this order). */
  connectionsOf(m: number, out: Int32Array): number {
    return this.lists.copy(m, out);
  }

  mutualConnections(a: number, b: number, cap: number): number {
    return cap <= 0 ? 0 : this.lists.mutual(a, b, cap);
  }

  uploadedAddressBook(m: number): boolean {
    return this.start.uploaded[m] === 1;
  }

  inAddressBook(owner: number, m: number): boolean {
    return this.hasBook[owner] === 1 && rowIndex(this.start.addressBooks, owner, m) >= 0;
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
    if (a === b || this.lists.has(a, b)) return false;
    this.lists.add(a, b);
    this.lists.add(b, a);
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
