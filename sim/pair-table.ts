/**
 * PairTable: the (sender, recipient) pairs a sender may not invite now: a pending
 * invitation, or a pause after a withdrawal, Ignore or IDK. An open-addressing hash table
 * (linear probing) of 8-byte entries: two Int32 words, each a member id (26 bits) and six
 * bits of the day the pair frees up (12 bits: days 0..4094, PENDING_DAY while pending; runs
 * are at most 3650 days). A pause ends at the start of a day, the first after its minute, so
 * it lasts at most a day longer than asked and never shorter. An entry whose day has come is
 * free space for a new pair, and a rehash on growth drops it, so the table holds what is in
 * flight or pausing, not every invitation ever sent.
 */
import { MINUTES_PER_DAY } from '../policies/policy';

/** `set`'s argument for "pending until answered". */
export const PENDING = 0x7fffffff;
const PENDING_DAY = 0xfff;
const ID_MASK = (1 << 26) - 1;
const EMPTY = -1;

export class PairTable {
  private a: Int32Array;
  private b: Int32Array;
  private mask: number;
  /** Slots not EMPTY (live or expired). */
  private filled = 0;

  constructor(capacity = 1024) {
    const size = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.a = new Int32Array(size).fill(EMPTY);
    this.b = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Whether `sender` may not invite `recipient` at minute `now`. */
  blocked(sender: number, recipient: number, now: number): boolean {
    return this.day(sender, recipient) > Math.floor(now / MINUTES_PER_DAY);
  }

  /** Whether `sender` has an invitation to `recipient` pending. */
  pending(sender: number, recipient: number): boolean {
    return this.day(sender, recipient) === PENDING_DAY;
  }

  /** Sets the pair's minute (PENDING, or the minute a pause ends; 0 frees it). */
  set(sender: number, recipient: number, until: number, now: number): void {
    const day = until === PENDING ? PENDING_DAY : Math.min(PENDING_DAY - 1, Math.ceil(until / MINUTES_PER_DAY));
    const today = Math.floor(now / MINUTES_PER_DAY);
    const a = this.a;
    let reuse = -1;
    let i = hash(sender, recipient) & this.mask;
    for (; a[i] !== EMPTY; i = (i + 1) & this.mask) {
      if ((a[i] & ID_MASK) === sender && (this.b[i] & ID_MASK) === recipient) return this.write(i, sender, recipient, day);
      if (reuse < 0 && dayOf(a[i], this.b[i]) <= today) reuse = i;
    }
    if (day <= today) return;
    if (reuse >= 0) return this.write(reuse, sender, recipient, day);
    if (++this.filled * 4 > a.length * 3) {
      this.rehash(today);
      return this.set(sender, recipient, until, now);
    }
    this.write(i, sender, recipient, day);
  }

  /** Entries that still bar a pair on day `today`. */
  private live(today: number): number {
    let n = 0;
    for (let i = 0; i < this.a.length; i++) if (this.a[i] !== EMPTY && dayOf(this.a[i], this.b[i]) > today) n++;
    return n;
  }

  bytes(): number {
    return this.a.byteLength + this.b.byteLength;
  }

  private day(sender: number, recipient: number): number {
    const a = this.a;
    for (let i = hash(sender, recipient) & this.mask; a[i] !== EMPTY; i = (i + 1) & this.mask) {
      if ((a[i] & ID_MASK) === sender && (this.b[i] & ID_MASK) === recipient) return dayOf(a[i], this.b[i]);
    }
    return 0;
  }

  private write(i: number, sender: number, recipient: number, day: number): void {
    this.a[i] = sender | ((day >>> 6) << 26);
    this.b[i] = recipient | ((day & 63) << 26);
  }

  /** Drops expired entries, doubling the table when live ones fill more than half of it. */
  private rehash(today: number): void {
    const { a, b } = this;
    const size = this.live(today) * 2 > a.length ? a.length * 2 : a.length;
    this.a = new Int32Array(size).fill(EMPTY);
    this.b = new Int32Array(size);
    this.mask = size - 1;
    this.filled = 0;
    for (let k = 0; k < a.length; k++) {
      if (a[k] === EMPTY || dayOf(a[k], b[k]) <= today) continue;
      let i = hash(a[k] & ID_MASK, b[k] & ID_MASK) & this.mask;
      while (this.a[i] !== EMPTY) i = (i + 1) & this.mask;
      this.a[i] = a[k];
      this.b[i] = b[k];
      this.filled++;
    }
  }
}

/** The 12-bit day an entry's two words carry. */
function dayOf(wa: number, wb: number): number {
  return ((wa >>> 26) << 6) | (wb >>> 26);
}

function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
