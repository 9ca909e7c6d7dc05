/**
 * Invitations: the delivered invitations that future events still refer to (an answer or a
 * withdrawal is scheduled). A slot is recycled once its last scheduled event has fired, so
 * memory follows invitations in flight, not all invitations ever sent; an invitation
 * nobody will answer or withdraw needs no slot at all (it simply stays pending).
 * State byte: resolved (bit 0), planned answer (1-2), relation (3-4), honest sender (5),
 * scheduled events still to fire (6-7).
 */
export const RESOLVED = 1;
export const HONEST = 32;
const REF = 64;

export const packState = (answer: number, relation: number, honest: boolean): number => (answer << 1) | (relation << 3) | (honest ? HONEST : 0);
export const answerOf = (state: number): number => (state >> 1) & 3;
export const relationOf = (state: number): number => (state >> 3) & 3;

export class Invitations {
  sender: Int32Array;
  recipient: Int32Array;
  state: Uint8Array;
  private free = -1;
  private used = 0;

  constructor(capacity: number) {
    this.sender = new Int32Array(capacity);
    this.recipient = new Int32Array(capacity);
    this.state = new Uint8Array(capacity);
  }

  /** Stores an invitation that `events` (1 or 2) scheduled events will read; returns its slot. */
  open(sender: number, recipient: number, state: number, events: number): number {
    let i = this.free;
    if (i >= 0) this.free = this.sender[i];
    else {
      if (this.used === this.sender.length) this.grow();
      i = this.used++;
    }
    this.sender[i] = sender;
    this.recipient[i] = recipient;
    this.state[i] = state | (events * REF);
    return i;
  }

  /** One of the slot's scheduled events has fired; the last one frees the slot. */
  release(i: number): void {
    const s = this.state[i] - REF;
    this.state[i] = s;
    if (s < REF) {
      this.sender[i] = this.free;
      this.free = i;
    }
  }

  /** Slots ever used (the high-water mark of invitations in flight). */
  get highWater(): number {
    return this.used;
  }

  private grow(): void {
    const size = this.sender.length * 2;
    const s = new Int32Array(size);
    s.set(this.sender);
    const r = new Int32Array(size);
    r.set(this.recipient);
    const st = new Uint8Array(size);
    st.set(this.state);
    this.sender = s;
    this.recipient = r;
    this.state = st;
  }
}
