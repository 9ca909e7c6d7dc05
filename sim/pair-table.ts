/**
 * PairTable: the (sender, recipient) pairs a sender may not invite now: a pending
 * invitation, or a pause after a withdrawal, Ignore or IDK. An open-addressing hash table
 * over typed arrays (linear probing); each entry holds the minute the pair frees up
 * (PENDING: not until answered). An entry whose minute has passed is free space for a new
 * pair, and a rehash on growth drops it, so the table holds what is in flight or pausing,
 * not every invitation ever sent.
 */
export const PENDING = 0x7fffffff;
const EMPTY = -1;

export class PairTable {
  private senders: Int32Array;
  private recipients: Int32Array;
  private until: Int32Array;
  private mask: number;
  /** Slots not EMPTY (live or expired). */
  private filled = 0;

  constructor(capacity = 1024) {
    const size = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.senders = new Int32Array(size).fill(EMPTY);
    this.recipients = new Int32Array(size);
    this.until = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Whether `sender` may not invite `recipient` at minute `now`. */
  blocked(sender: number, recipient: number, now: number): boolean {
    return this.get(sender, recipient) > now;
  }

  /** Whether `sender` has an invitation to `recipient` pending. */
  pending(sender: number, recipient: number): boolean {
    return this.get(sender, recipient) === PENDING;
  }

  /** The pair's minute (0: no entry). */
  private get(sender: number, recipient: number): number {
    const senders = this.senders;
    for (let i = hash(sender, recipient) & this.mask; senders[i] !== EMPTY; i = (i + 1) & this.mask) {
      if (senders[i] === sender && this.recipients[i] === recipient) return this.until[i];
    }
    return 0;
  }

  /** Sets the pair's minute (PENDING, or when a pause ends; 0 frees it). */
  set(sender: number, recipient: number, until: number, now: number): void {
    const senders = this.senders;
    let reuse = -1;
    let i = hash(sender, recipient) & this.mask;
    for (; senders[i] !== EMPTY; i = (i + 1) & this.mask) {
      if (senders[i] === sender && this.recipients[i] === recipient) {
        this.until[i] = until;
        return;
      }
      if (reuse < 0 && this.until[i] <= now) reuse = i;
    }
    if (until <= now) return;
    if (reuse >= 0) i = reuse;
    else if (++this.filled * 10 > senders.length * 7) {
      this.rehash(now);
      return this.set(sender, recipient, until, now);
    }
    senders[i] = sender;
    this.recipients[i] = recipient;
    this.until[i] = until;
  }

  /** Entries that still bar a pair at `now`. */
  live(now: number): number {
    let n = 0;
    for (let i = 0; i < this.senders.length; i++) if (this.senders[i] !== EMPTY && this.until[i] > now) n++;
    return n;
  }

  bytes(): number {
    return this.senders.byteLength + this.recipients.byteLength + this.until.byteLength;
  }

  /** Drops expired entries, doubling the table when live ones fill more than a third of it. */
  private rehash(now: number): void {
    const { senders, recipients, until } = this;
    const live = this.live(now);
    const size = live * 3 > senders.length ? senders.length * 2 : senders.length;
    this.senders = new Int32Array(size).fill(EMPTY);
    this.recipients = new Int32Array(size);
    this.until = new Int32Array(size);
    this.mask = size - 1;
    this.filled = 0;
    for (let k = 0; k < senders.length; k++) {
      if (senders[k] === EMPTY || until[k] <= now) continue;
      let i = hash(senders[k], recipients[k]) & this.mask;
      while (this.senders[i] !== EMPTY) i = (i + 1) & this.mask;
      this.senders[i] = senders[k];
      this.recipients[i] = recipients[k];
      this.until[i] = until[k];
      this.filled++;
    }
  }
}

function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
