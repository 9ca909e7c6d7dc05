/**
 * Invitations in flight. A delivered invitation lives in the events scheduled for it: its
 * answer and/or its withdrawal carry sender, recipient and a packed state (planned
 * answer, relation, honest sender). One nobody will answer or withdraw is stored nowhere:
 * it simply stays pending. Only an invitation with both events scheduled needs shared
 * state, to let the first event settle it: a Pairs slot, recycled when the second fires.
 */

/** Member ids fit 26 bits (scenarios allow at most 50,000,000 members); the bits above carry more. */
const ID_BITS = 26;
const ID_MASK = (1 << ID_BITS) - 1;
const RECIPIENT_BITS = ID_BITS;
const RECIPIENT_MASK = ID_MASK;

/** Packs a sender with its archetype, so settling an invitation need not read the sender's record. */
export const packSender = (sender: number, archetype: number): number => sender | (archetype << ID_BITS);
export const senderOf = (packed: number): number => packed & ID_MASK;
export const senderArchetypeOf = (packed: number): number => packed >>> ID_BITS;

export const HONEST = 16;
/** Sent early enough to count toward the calibrated accept rates (the int32's sign bit). */
const CALIBRATED = 32;

/** Packs recipient, planned answer (2 bits), relation (2 bits), honest sender and calibrated (1 bit each) in one int32. */
export function packInvitation(recipient: number, answer: number, relation: number, honest: boolean, calibrated: boolean): number {
  return recipient | ((answer | (relation << 2) | (honest ? HONEST : 0) | (calibrated ? CALIBRATED : 0)) << RECIPIENT_BITS);
}
export const isCalibrated = (packed: number): boolean => ((packed >>> RECIPIENT_BITS) & CALIBRATED) !== 0;
export const recipientOf = (packed: number): number => packed & RECIPIENT_MASK;
export const answerOf = (packed: number): number => (packed >>> RECIPIENT_BITS) & 3;
export const relationOf = (packed: number): number => (packed >>> (RECIPIENT_BITS + 2)) & 3;
export const isHonest = (packed: number): boolean => ((packed >>> RECIPIENT_BITS) & HONEST) !== 0;

/** Slots for invitations with two scheduled events: whichever fires first settles it. */
export class Pairs {
  private settled: Uint8Array;
  private nextFree: Int32Array;
  private free = -1;
  private used = 0;

  constructor(capacity: number) {
    this.settled = new Uint8Array(capacity);
    this.nextFree = new Int32Array(capacity);
  }

  open(): number {
    let i = this.free;
    if (i >= 0) this.free = this.nextFree[i];
    else {
      if (this.used === this.settled.length) this.grow();
      i = this.used++;
    }
    this.settled[i] = 0;
    return i;
  }

  /** True for the pair's first event (it settles the invitation); the second frees the slot. */
  claim(i: number): boolean {
    if (this.settled[i] === 0) {
      this.settled[i] = 1;
      return true;
    }
    this.nextFree[i] = this.free;
    this.free = i;
    return false;
  }

  private grow(): void {
    const settled = new Uint8Array(this.settled.length * 2);
    settled.set(this.settled);
    const nextFree = new Int32Array(this.nextFree.length * 2);
    nextFree.set(this.nextFree);
    this.settled = settled;
    this.nextFree = nextFree;
  }
}
