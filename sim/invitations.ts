/**
 * Invitations: the delivered invitations that future events still refer to (an answer or a
 * withdrawal is scheduled). A slot is recycled once its last scheduled event has fired, so
 * memory follows invitations in flight, not all invitations ever sent; an invitation
 * nobody will answer or withdraw needs no slot at all (it simply stays pending).
 * A slot is three int32s side by side, sender, recipient, state (one cache line per
 * lookup), where state is: resolved (bit 0), planned answer (1-2), relation (3-4),
 * honest sender (5), scheduled events still to fire (6-7).
 */
export const RESOLVED = 1;
export const HONEST = 32;
const REF = 64;

export const packState = (answer: number, relation: number, honest: boolean): number => (answer << 1) | (relation << 3) | (honest ? HONEST : 0);
export const answerOf = (state: number): number => (state >> 1) & 3;
export const relationOf = (state: number): number => (state >> 3) & 3;

const STRIDE = 3;

export class Invitations {
  /** Slot k: sender at 3k, recipient at 3k + 1, state at 3k + 2; a free slot's sender field links the free list. */
  private slots: Int32Array;
  private free = -1;
  private used = 0;

  constructor(capacity: number) {
    this.slots = new Int32Array(capacity * STRIDE);
  }

  sender(i: number): number {
    return this.slots[i * STRIDE];
  }

  recipient(i: number): number {
    return this.slots[i * STRIDE + 1];
  }

  state(i: number): number {
    return this.slots[i * STRIDE + 2];
  }

  markResolved(i: number): void {
    this.slots[i * STRIDE + 2] |= RESOLVED;
  }

  /** Stores an invitation that `events` (1 or 2) scheduled events will read; returns its slot. */
  open(sender: number, recipient: number, state: number, events: number): number {
    let i = this.free;
    if (i >= 0) this.free = this.slots[i * STRIDE];
    else {
      if (this.used * STRIDE === this.slots.length) this.grow();
      i = this.used++;
    }
    const k = i * STRIDE;
    this.slots[k] = sender;
    this.slots[k + 1] = recipient;
    this.slots[k + 2] = state | (events * REF);
    return i;
  }

  /** One of the slot's scheduled events has fired; the last one frees the slot. */
  release(i: number): void {
    const k = i * STRIDE;
    const s = this.slots[k + 2] - REF;
    this.slots[k + 2] = s;
    if (s < REF) {
      this.slots[k] = this.free;
      this.free = i;
    }
  }

  /** Slots ever used (the high-water mark of invitations in flight). */
  get highWater(): number {
    return this.used;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    slots.set(this.slots);
    this.slots = slots;
  }
}
