/**
 * EnginePlatform: the engine's implementation of the PlatformView, and the connection state
 * the engine itself consults. A connection between two people who know each other is one bit
 * beside each of the pair's two who-knows-whom edges; a connection to anyone else (a
 * stranger, a fake account) goes into per-member adjacency lists. So the whole connection
 * graph costs a bit per edge plus what the run adds, and "connected?" for a contact is the
 * bit the engine reads anyway. Policies read it only through the PlatformView methods, which
 * never reveal an edge that is not a connection.
 */
import { AdjacencyLists } from '../policies/platform/adjacency-lists';
import { ConnectionsBase } from '../policies/platform/connections-base';
import type { Csr, PlatformSnapshot } from '../policies/platform/connection-graph';
import type { PlatformView } from '../policies/platform-view';
import { edgeIndex, type KnowsGraph } from './graph';
import type { Members } from './members';

export class EnginePlatform extends ConnectionsBase implements PlatformView {
  readonly members: number;
  /** Connections per member. */
  readonly count: Int32Array;
  // Runtime-private (#): a plugin handed this view cannot reach the who-knows-whom graph behind it.
  readonly #graph: KnowsGraph;
  readonly #people: Members;
  /** Bit e: the two ends of knows-edge e are connected. */
  readonly #bits: Uint32Array;
  readonly #extra: AdjacencyLists;

  constructor(
    graph: KnowsGraph,
    people: Members,
    /** Minute each account joined (negative: before the run). */
    readonly joined: Int32Array,
    /** 1 where the member uploaded an address book: its known contacts' emails are on the platform. */
    readonly uploaded: Uint8Array,
  ) {
    super();
    this.#graph = graph;
    this.#people = people;
    this.members = graph.n;
    this.count = new Int32Array(graph.n);
    this.#bits = new Uint32Array((graph.targets.length + 31) >>> 5);
    this.#extra = new AdjacencyLists(graph.n, graph.n >> 2);
  }

  joinedAt(m: number): number {
    return this.joined[m];
  }

  hasPhoto(m: number): boolean {
    return this.#people.hasPhoto(m);
  }

  connectionCount(m: number): number {
    return this.count[m];
  }

  /** Whether knows-edge e joins connected members. */
  edgeConnected(e: number): boolean {
    return (this.#bits[e >>> 5] & (1 << (e & 31))) !== 0;
  }

  connected(a: number, b: number): boolean {
    const e = edgeIndex(this.#graph, a, b);
    return e >= 0 ? this.edgeConnected(e) : this.connectedApart(a, b);
  }

  /** Whether a and b, who do not know each other, are connected (the shorter list is searched). */
  connectedApart(a: number, b: number): boolean {
    const extra = this.#extra;
    return extra.count[a] <= extra.count[b] ? extra.has(a, b) : extra.has(b, a);
  }

  connectionsOf(m: number, out: Int32Array): number {
    const g = this.#graph;
    let at = 0;
    for (let e = g.offsets[m]; e < g.offsets[m + 1]; e++) {
      if (this.edgeConnected(e)) {
        if (at < out.length) out[at] = g.targets[e];
        at++;
      }
    }
    return this.#extra.copy(m, out, at);
  }

  uploadedAddressBook(m: number): boolean {
    return this.uploaded[m] === 1;
  }

  inAddressBook(owner: number, m: number): boolean {
    if (this.uploaded[owner] === 0) return false;
    const e = edgeIndex(this.#graph, owner, m);
    return e >= 0 && this.#graph.emailKnown[e] === 1;
  }

  /** Connects a and b; `e` is the knows-edge a -> b, or -1 if they do not know each other. */
  connect(a: number, b: number, e: number): void {
    if (e >= 0) {
      this.setBit(e);
      this.setBit(edgeIndex(this.#graph, b, a));
    } else {
      this.#extra.add(a, b);
      this.#extra.add(b, a);
    }
    this.count[a]++;
    this.count[b]++;
  }

  /** Connects a and b before the run (knows-edge e, a -> b, and its reverse `back`). */
  connectAtStart(e: number, back: number): void {
    this.setBit(e);
    this.setBit(back);
    this.count[this.#graph.targets[back]]++;
    this.count[this.#graph.targets[e]]++;
  }

  /** What the platform holds at the start, for a policy service (serve) to build the same view. */
  snapshot(): PlatformSnapshot {
    const g = this.#graph;
    const n = g.n;
    const connections = this.rows((m, push) => {
      for (let e = g.offsets[m]; e < g.offsets[m + 1]; e++) if (this.edgeConnected(e)) push(g.targets[e]);
      const list = new Int32Array(this.#extra.count[m]);
      this.#extra.copy(m, list, 0);
      for (const x of list) push(x);
    });
    const addressBooks = this.rows((m, push) => {
      if (!this.uploaded[m]) return;
      for (let e = g.offsets[m]; e < g.offsets[m + 1]; e++) if (g.emailKnown[e]) push(g.targets[e]);
    });
    const photo = new Uint8Array(n);
    for (let m = 0; m < n; m++) photo[m] = this.#people.hasPhoto(m) ? 1 : 0;
    return { members: n, joinedAt: this.joined.slice(), photo, connections, addressBooks, uploaded: this.uploaded.slice() };
  }

  bytes(): number {
    return this.count.byteLength + this.#bits.byteLength + this.#extra.bytes() + this.joined.byteLength + this.uploaded.byteLength;
  }

  private setBit(e: number): void {
    this.#bits[e >>> 5] |= 1 << (e & 31);
  }

  /** A sorted CSR with one row a member, each row's ids given by `fill`. */
  private rows(fill: (m: number, push: (x: number) => void) => void): Csr {
    const n = this.members;
    const offsets = new Int32Array(n + 1);
    const ids: number[] = [];
    for (let m = 0; m < n; m++) {
      const start = ids.length;
      fill(m, (x) => ids.push(x));
      const row = ids.splice(start).sort((x, y) => x - y);
      ids.push(...row);
      offsets[m + 1] = ids.length;
    }
    return { offsets, targets: Int32Array.from(ids) };
  }
}
