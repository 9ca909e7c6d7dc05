/**
 * EnginePlatform: the engine's implementation of the PlatformView, and the connection state
 * the engine itself consults. A connection between two people who know each other is one bit
 * beside each of the pair's two who-knows-whom edges; a connection to anyone else (a
 * stranger, a fake account) is a CONNECTED entry in the pair table that also holds pending
 * and paused invitations (so "may m invite x?" is one walk of the table for both
 * directions), and an entry in per-member adjacency lists, which are only walked, never
 * searched. So the whole
 * connection graph costs a bit per edge plus what the run adds, and "connected?" for a
 * contact is the bit the engine reads anyway. Policies read it only through the
 * PlatformView methods, which never reveal an edge that is not a connection.
 */
import { AdjacencyLists } from '../policies/platform/adjacency-lists';
import { ConnectionsBase } from '../policies/platform/connections-base';
import type { Csr, PlatformSnapshot } from '../policies/platform/connection-graph';
import { NOT_JOINED, type PlatformView } from '../policies/platform-view';
import { edgeIndex, type KnowsGraph } from './graph';
import type { Members } from './members';
import { CONNECTED, type PairTable } from './pair-table';

const FILTER_WORDS = 16;

/** The multipliers of the filter's two hashes. */
const FILTER_HASH_1 = 0x9e3779b1;
const FILTER_HASH_2 = 0x85ebca77;

/** The filter bit a member id sets for one hash: the product's top 9 bits. */
function filterBit(c: number, multiplier: number): number {
  return Math.imul(c, multiplier) >>> 23;
}

export class EnginePlatform extends ConnectionsBase implements PlatformView {
  readonly members: number;
  /** Connections per member. */
  readonly count: Int32Array;
  /** Most connections a member may have (the platform refuses more). */
  readonly #cap: number;
  /**
   * Bit m: m has reached the cap. Every send asks it of a random recipient: a bit a member
   * stays in cache at scale (25 KB for 200,000 members), where reading its count (a word a
   * member) was a cache miss on every send.
   */
  readonly #full: Uint32Array;
  // Runtime-private (#): a plugin handed this view cannot reach the who-knows-whom graph behind it.
  readonly #graph: KnowsGraph;
  readonly #people: Members;
  /** Bit e: the two ends of knows-edge e are connected. */
  readonly #bits: Uint32Array;
  readonly #extra: AdjacencyLists;
  readonly #pairs: PairTable;
  /**
   * Per fake account, a 512-bit Bloom filter (one cache line) of its connections. A fake
   * account's friend-of-friend recipient sees their mutual connections: counting them asks,
   * for each of the recipient's connections, "connected to the fake account?", and the filter
   * answers most of those "no" without a probe of the pair table. Two bits an id, not one: in
   * the 200,000-member baseline a count asks of ~22 connections, 1.1 of them mutual, and one
   * bit let 3.0 through to a probe, two bits 1.9 (fake accounts have ~44 connections when
   * counted; below ~250, two bits let fewer through than one).
   */
  readonly #fakeFilter: Uint32Array;

  constructor(
    graph: KnowsGraph,
    people: Members,
    /** Minute each account joined (negative: before the run). */
    readonly joined: Int32Array,
    /** 1 where the member uploaded an address book: its known contacts' emails are on the platform. */
    readonly uploaded: Uint8Array,
    cap: number,
    /** Where connections between people who do not know each other are recorded (shared with the engine's invitation rules). */
    pairs: PairTable,
  ) {
    super();
    this.#pairs = pairs;
    this.#graph = graph;
    this.#people = people;
    this.members = graph.n;
    this.count = new Int32Array(graph.n);
    this.#cap = cap;
    this.#full = new Uint32Array((graph.n + 31) >>> 5);
    this.#bits = new Uint32Array((graph.targets.length + 31) >>> 5);
    this.#extra = new AdjacencyLists(graph.n, graph.n >> 2);
    this.#fakeFilter = new Uint32Array((graph.n - graph.real) * FILTER_WORDS);
  }

  /** The current minute, which the engine advances: accounts that join later are not on the platform yet. */
  now = 0;

  joinedAt(m: number): number {
    const j = this.joined[m];
    return j <= this.now ? j : NOT_JOINED;
  }

  hasPhoto(m: number): boolean {
    return this.#people.hasPhoto(m);
  }

  connectionCount(m: number): number {
    return this.count[m];
  }

  /** Whether m has as many connections as the cap allows. */
  atCap(m: number): boolean {
    return (this.#full[m >>> 5] & (1 << (m & 31))) !== 0;
  }

  /** Whether knows-edge e joins connected members. */
  edgeConnected(e: number): boolean {
    return (this.#bits[e >>> 5] & (1 << (e & 31))) !== 0;
  }

  connected(a: number, b: number): boolean {
    const real = this.#graph.real;
    // Fake accounts know nobody, and only they invite across the line (real members invite real
    // members, if there are two or more of them), so their connections to real members are recorded fake -> real.
    if (a >= real || b >= real) {
      if (real < 2) return this.connectedApart(a, b);
      if (a < real) return this.#pairs.connected(b, a);
      if (b < real) return this.#pairs.connected(a, b);
      return this.connectedApart(a, b);
    }
    const e = edgeIndex(this.#graph, a, b);
    return e >= 0 ? this.edgeConnected(e) : this.connectedApart(a, b);
  }

  /** Whether a and b, who do not know each other, are connected (recorded in the direction of the accepted invitation). */
  private connectedApart(a: number, b: number): boolean {
    return this.#pairs.connected(a, b) || this.#pairs.connected(b, a);
  }

  /**
   * As the base class counts them, but between a fake account and a real member: over the
   * real member's connections in place (its acquaintances are the set bits of its knows-row),
   * each passed through the fake account's filter before a probe of the pair table.
   */
  override mutualConnections(a: number, b: number, cap: number): number {
    const g = this.#graph;
    const real = g.real;
    if (real < 2 || cap <= 0 || (a < real) === (b < real)) return super.mutualConnections(a, b, cap);
    const fake = a < real ? b : a;
    const other = fake === a ? b : a;
    if (this.count[other] === 0 || this.count[fake] === 0) return 0;
    let count = 0;
    for (let e = g.offsets[other]; e < g.offsets[other + 1] && count < cap; e++) {
      if (this.edgeConnected(e) && this.connectedToFake(fake, g.targets[e])) count++;
    }
    const extra = this.#extra.count[other];
    const list = this.scratchFor(extra);
    this.#extra.copy(other, list, 0);
    for (let k = 0; k < extra && count < cap; k++) if (this.connectedToFake(fake, list[k])) count++;
    return count;
  }

  /** Whether the fake account is connected to c: the filter first, then the pair table. */
  private connectedToFake(fake: number, c: number): boolean {
    return c !== fake && this.mayBeConnectedToFake(fake, c) && this.connected(fake, c);
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

  /** m's connection at position k of `connectionsOf`'s order, 0 <= k < connectionCount(m), without copying the rest. */
  connectionAt(m: number, k: number): number {
    const acquaintances = this.count[m] - this.#extra.count[m];
    if (k >= acquaintances) return this.#extra.at(m, k - acquaintances);
    const g = this.#graph;
    for (let e = g.offsets[m]; ; e++) if (this.edgeConnected(e) && k-- === 0) return g.targets[e];
  }

  uploadedAddressBook(m: number): boolean {
    return this.uploaded[m] === 1;
  }

  inAddressBook(owner: number, m: number): boolean {
    if (this.uploaded[owner] === 0) return false;
    const e = edgeIndex(this.#graph, owner, m);
    return e >= 0 && this.#graph.emailKnown[e] === 1;
  }

  /** Connects a and b at minute `now`; `e` is the knows-edge a -> b, or -1 if they do not know each other. */
  connect(a: number, b: number, e: number, now: number): void {
    if (e >= 0) {
      this.setBit(e);
      this.setBit(edgeIndex(this.#graph, b, a));
    } else {
      this.#pairs.set(a, b, CONNECTED, now);
      this.#extra.add(a, b);
      this.#extra.add(b, a);
      const real = this.#graph.real;
      if (a >= real) this.filterAdd(a, b);
      if (b >= real) this.filterAdd(b, a);
    }
    this.counted(a);
    this.counted(b);
  }

  /** Connects a and b before the run (knows-edge e, a -> b, and its reverse `back`). */
  connectAtStart(e: number, back: number): void {
    this.setBit(e);
    this.setBit(back);
    this.counted(this.#graph.targets[back]);
    this.counted(this.#graph.targets[e]);
  }

  /** Counts a connection of m's, marking m at the cap when it gets there. */
  private counted(m: number): void {
    if (++this.count[m] >= this.#cap) this.#full[m >>> 5] |= 1 << (m & 31);
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
    const joinedAt = this.joined.map((j) => (j <= this.now ? j : NOT_JOINED));
    return { members: n, joinedAt, photo, connections, addressBooks, uploaded: this.uploaded.slice() };
  }

  /**
   * Bytes of connection graph held here: counts and the at-cap bits, the bit per knows-edge,
   * the lists of connections to non-contacts and the fake accounts' filters (not the pair
   * table's connection entries: Engine.connectionStateBytes adds those).
   */
  connectionBytes(): number {
    return this.count.byteLength + this.#full.byteLength + this.#bits.byteLength + this.#extra.bytes() + this.#fakeFilter.byteLength;
  }

  /** Bytes held, beside the pair table (the engine's, which counts it). */
  bytes(): number {
    return this.connectionBytes() + this.joined.byteLength + this.uploaded.byteLength;
  }

  /** False when the fake account is surely not connected to c (the filter never says so wrongly). */
  private mayBeConnectedToFake(fake: number, c: number): boolean {
    const filter = this.#fakeFilter;
    const at = (fake - this.#graph.real) * FILTER_WORDS;
    const b1 = filterBit(c, FILTER_HASH_1);
    const b2 = filterBit(c, FILTER_HASH_2);
    return (filter[at + (b1 >>> 5)] & (1 << (b1 & 31))) !== 0 && (filter[at + (b2 >>> 5)] & (1 << (b2 & 31))) !== 0;
  }

  private filterAdd(fake: number, c: number): void {
    const filter = this.#fakeFilter;
    const at = (fake - this.#graph.real) * FILTER_WORDS;
    const b1 = filterBit(c, FILTER_HASH_1);
    const b2 = filterBit(c, FILTER_HASH_2);
    filter[at + (b1 >>> 5)] |= 1 << (b1 & 31);
    filter[at + (b2 >>> 5)] |= 1 << (b2 & 31);
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

/**
 * What a policy holds: the PlatformView's methods and nothing else. The engine's platform
 * has more that a policy must not reach: edge bits indexed by the who-knows-whom graph (their
 * number is the graph's size), the counts the engine writes, connect. Each call is forwarded;
 * where a policy's call site sees one view class, the compiler inlines the forwarding.
 */
export class PolicyView implements PlatformView {
  readonly members: number;
  readonly #platform: EnginePlatform;

  constructor(platform: EnginePlatform) {
    this.#platform = platform;
    this.members = platform.members;
  }

  joinedAt(m: number): number {
    return this.#platform.joinedAt(m);
  }

  hasPhoto(m: number): boolean {
    return this.#platform.hasPhoto(m);
  }

  connectionCount(m: number): number {
    return this.#platform.connectionCount(m);
  }

  connected(a: number, b: number): boolean {
    return this.#platform.connected(a, b);
  }

  mutualConnections(a: number, b: number, cap: number): number {
    return this.#platform.mutualConnections(a, b, cap);
  }

  connectionsOf(m: number, out: Int32Array): number {
    return this.#platform.connectionsOf(m, out);
  }

  uploadedAddressBook(m: number): boolean {
    return this.#platform.uploadedAddressBook(m);
  }

  inAddressBook(owner: number, m: number): boolean {
    return this.#platform.inAddressBook(owner, m);
  }

  snapshot(): PlatformSnapshot {
    return this.#platform.snapshot();
  }
}
