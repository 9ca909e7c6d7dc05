/**
 * PairTable: the platform's record of (sender, recipient) pairs that bar an invitation: a
 * pending invitation, a pause after a withdrawal, Ignore or IDK, or a connection between
 * two people who do not know each other (connections between acquaintances are a bit
 * beside their who-knows-whom edge, see platform.ts). Keeping all three in one table lets a
 * sender's target be vetted in one walk, usually one cache line: a pair's home slot is the
 * same both ways round, so an invitation's entry and its reverse sit in the same probe run.
 *
 * Open addressing with linear probing over 8-byte entries, both words side by side in one
 * Int32Array: sender and recipient ids (26 bits each) and, in the six bits above each id,
 * a 12-bit day: the day the pair frees up (runs are at most 3650 days), PENDING_DAY while
 * pending, CONNECTED_DAY for good. A pause ends at the start of a day, the first after its
 * minute, so it lasts at most a day longer than asked and never shorter. An entry whose day
 * has come is free space for a new pair, and a rehash on growth drops it, so the table holds
 * what is in flight, pausing or connected, not every invitation ever sent.
 */
import { MINUTES_PER_DAY } from '../policies/policy';

/** `set`'s argument for "pending until answered". */
export const PENDING = 0x7fffffff;
/** `set`'s argument for "connected" (the pair never frees up). */
export const CONNECTED = 0x7ffffffe;
const PENDING_DAY = 0xfff;
const CONNECTED_DAY = 0xffe;
const LAST_PAUSE_DAY = 0xffd;
const ID_MASK = (1 << 26) - 1;
const EMPTY = -1;

export class PairTable {
  /** Entry i: words 2i (sender | high day bits) and 2i + 1 (recipient | low day bits). */
  private w: Int32Array;
  /** Slots (any count: a pair's home slot is its hash scaled to the table, not masked). */
  private size: number;
  /** Slots not EMPTY (live or expired). */
  private filled = 0;
  /**
   * Entries holding each day (0 .. PENDING_DAY), live or expired, so a rehash knows how many
   * are live after any day without a pass over the table.
   */
  private readonly byDay = new Int32Array(PENDING_DAY + 1);

  constructor(capacity = 1024) {
    this.size = Math.max(16, capacity * 2);
    this.w = new Int32Array(this.size * 2).fill(EMPTY);
  }

  /**
   * Whether `sender` may not invite `recipient` on day `today`: their pair is pending, paused
   * or connected, or (with `reverse`) the recipient's pair towards the sender is pending or
   * connected. Both directions in one walk of the shared probe run.
   */
  bars(sender: number, recipient: number, today: number, reverse: boolean): boolean {
    const w = this.w;
    const end = w.length;
    for (let j = home(sender, recipient, this.size) << 1; ; ) {
      const wa = w[j];
      if (wa === EMPTY) return false;
      const wb = w[j + 1];
      const a = wa & ID_MASK;
      const b = wb & ID_MASK;
      if (a === sender) {
        if (b === recipient && (((wa >>> 26) << 6) | (wb >>> 26)) > today) return true;
      } else if (reverse && a === recipient && b === sender && (((wa >>> 26) << 6) | (wb >>> 26)) >= CONNECTED_DAY) return true;
      j += 2;
      if (j === end) j = 0;
    }
  }

  /** Whether the pair was recorded connected (in this direction). */
  connected(sender: number, recipient: number): boolean {
    return this.day(sender, recipient) === CONNECTED_DAY;
  }

  /** Sets the pair's state: PENDING, CONNECTED, or the minute a pause ends (0 frees it). */
  set(sender: number, recipient: number, until: number, now: number): void {
    // Integer division: minutes are non-negative int32s, so `| 0` is floor and adding a day less a minute makes it ceil.
    const day =
      until === PENDING ? PENDING_DAY : until === CONNECTED ? CONNECTED_DAY : Math.min(LAST_PAUSE_DAY, ((until + MINUTES_PER_DAY - 1) / MINUTES_PER_DAY) | 0);
    const today = (now / MINUTES_PER_DAY) | 0;
    const w = this.w;
    const end = w.length;
    // The slot to write and the day it held (-1: EMPTY): the pair's own, else the first expired one on the way, else the EMPTY that ends the run.
    let at = -1;
    let was = -1;
    let j = home(sender, recipient, this.size) << 1;
    for (let wa = w[j]; wa !== EMPTY; wa = w[j]) {
      const wb = w[j + 1];
      const held = ((wa >>> 26) << 6) | (wb >>> 26);
      if ((wa & ID_MASK) === sender && (wb & ID_MASK) === recipient) {
        at = j;
        was = held;
        break;
      }
      if (at < 0 && held <= today) {
        at = j;
        was = held;
      }
      j += 2;
      if (j === end) j = 0;
    }
    // No entry of its own (the loop ran to an EMPTY): a pair that is already free needs none.
    if (w[j] === EMPTY) {
      if (day <= today) return;
      if (at < 0) {
        if (++this.filled * 5 > this.size * 4) {
          this.rehash(today);
          return this.set(sender, recipient, until, now);
        }
        at = j;
      }
    }
    // Written here, not in a method: the call was not inlined, and cost more than the write.
    const byDay = this.byDay;
    if (was >= 0) byDay[was]--;
    byDay[day]++;
    w[at] = sender | ((day >>> 6) << 26);
    w[at + 1] = recipient | ((day & 63) << 26);
  }

  /** Reads the pair's home slot and changes nothing (Engine.warm). */
  warm(a: number, b: number): number {
    return this.w[2 * home(a, b, this.size)];
  }

  bytes(): number {
    return this.w.byteLength;
  }

  /** Entries recording a connection (they never expire). */
  connectedEntries(): number {
    return this.byDay[CONNECTED_DAY];
  }

  /** The table's bytes apportioned to its connection entries, by their share of the slots in use. */
  connectedBytes(): number {
    return this.filled === 0 ? 0 : (this.w.byteLength * this.byDay[CONNECTED_DAY]) / this.filled;
  }

  private day(sender: number, recipient: number): number {
    const w = this.w;
    const end = w.length;
    for (let j = home(sender, recipient, this.size) << 1; ; ) {
      const wa = w[j];
      if (wa === EMPTY) return 0;
      const wb = w[j + 1];
      if ((wa & ID_MASK) === sender && (wb & ID_MASK) === recipient) return dayOf(wa, wb);
      j += 2;
      if (j === end) j = 0;
    }
  }

  /**
   * Drops expired entries (the table is full to 80%, live or expired), growing it by a quarter
   * when live ones fill more than 60% (a quarter, not double, and full tables: with most
   * entries live for weeks, the table is among the largest arrays of a run; the price is
   * longer probe runs, which read on through adjacent memory).
   */
  private rehash(today: number): void {
    const byDay = this.byDay;
    let live = 0;
    for (let d = today + 1; d < byDay.length; d++) live += byDay[d];
    byDay.fill(0, 0, today + 1);
    const old = this.w;
    const size = (this.size = live * 5 > this.size * 3 ? Math.ceil(this.size * 1.25) | 0 : this.size);
    this.w = new Int32Array(size * 2).fill(EMPTY);
    this.filled = live;
    reinsert(old, this.w, size, today);
  }
}

/**
 * Copies the entries of `old` that are live after `today` into the empty table `w` of `size`
 * slots. Its own function: a rehash runs a few times a run, and a loop in a function of its
 * own is compiled on its own instead of deoptimizing the caller's.
 */
function reinsert(old: Int32Array, w: Int32Array, size: number, today: number): void {
  const end = w.length;
  for (let k = 0; k < old.length; k += 2) {
    const wa = old[k];
    const wb = old[k + 1];
    if (wa === EMPTY || dayOf(wa, wb) <= today) continue;
    let j = home(wa & ID_MASK, wb & ID_MASK, size) << 1;
    while (w[j] !== EMPTY) {
      j += 2;
      if (j === end) j = 0;
    }
    w[j] = wa;
    w[j + 1] = wb;
  }
}

/**
 * The 12-bit day an entry's two words carry. bars and set write it out instead: they are
 * inlined into the engine's send and answer paths, whose inlining budget is spent by then,
 * and a call per probe cost ~4% of the engine's instructions per event.
 */
function dayOf(wa: number, wb: number): number {
  return ((wa >>> 26) << 6) | (wb >>> 26);
}

/**
 * A pair's home slot, the same for (a, b) and (b, a): the top 26 bits of a mixed hash of the
 * ordered ids, scaled to the table (exact in a double below 2^27 slots).
 */
function home(x: number, y: number, size: number): number {
  const a = x < y ? x : y;
  const b = x < y ? y : x;
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  // `| 0` keeps the slot an int32, so the probe loop's index arithmetic stays in integers.
  return Math.floor(((h >>> 6) * size) / 0x4000000) | 0;
}
