/**
 * Members: each member's fields packed in one 32-byte record of an Int32Array (a Float32Array
 * view holds the rate). A send touches a random member; with a record instead of a dozen
 * separate arrays that is one cache miss, not a dozen, which is most of the engine's time
 * at a million members. Static fields come from the population; the rest is the engine's
 * running state of each member. The recipient style is apart, a byte a member: it is all a
 * delivery reads of its recipient, a random member, and one byte a member stays in cache
 * where the records do not.
 */
const STRIDE = 8;
// Word 0: archetype (bits 0-7), photo (11), quit (12), import ended (13), import burst left (16-31).
const META = 0;
const ACTIVE_AT = 1;
const ABUSIVE_FROM = 2;
const RATE = 3;
const CURSOR = 4;
const FIRST_ABUSE_AT = 5;
const LAST_ACCEPTOR = 6;
/** Start of the first restriction at or after the member's abusiveFrom (sim/metrics.ts: detection). */
const CAUGHT_AT = 7;

const PHOTO = 1 << 11;
const QUIT = 1 << 12;
const IMPORT_ENDED = 1 << 13;
const BURST_SHIFT = 16;
export const MAX_BURST = 0xffff;

export class Members {
  private readonly words: Int32Array;
  private readonly floats: Float32Array;
  private readonly styles: Uint8Array;

  constructor(readonly n: number) {
    this.words = new Int32Array(n * STRIDE);
    this.floats = new Float32Array(this.words.buffer);
    this.styles = new Uint8Array(n);
  }

  /** Sets a member's static fields; running state starts empty. */
  init(m: number, archetype: number, style: number, photo: boolean, rate: number, activeAt: number, abusiveFrom: number): void {
    const k = m * STRIDE;
    this.words[k + META] = archetype | (photo ? PHOTO : 0);
    this.styles[m] = style;
    this.words[k + ACTIVE_AT] = activeAt;
    this.words[k + ABUSIVE_FROM] = abusiveFrom;
    this.floats[k + RATE] = rate;
    this.words[k + FIRST_ABUSE_AT] = -1;
    this.words[k + LAST_ACCEPTOR] = -1;
    this.words[k + CAUGHT_AT] = -1;
  }

  archetype(m: number): number {
    return this.words[m * STRIDE + META] & 0xff;
  }

  style(m: number): number {
    return this.styles[m];
  }

  hasPhoto(m: number): boolean {
    return (this.words[m * STRIDE + META] & PHOTO) !== 0;
  }

  /** Mean invitations a day. */
  rate(m: number): number {
    return this.floats[m * STRIDE + RATE];
  }

  /** Minute the member starts sending. */
  activeAt(m: number): number {
    return this.words[m * STRIDE + ACTIVE_AT];
  }

  /** Ground truth: minute from which the member is abusive (-1: honest throughout). */
  abusiveFrom(m: number): number {
    return this.words[m * STRIDE + ABUSIVE_FROM];
  }

  quit(m: number): boolean {
    return (this.words[m * STRIDE + META] & QUIT) !== 0;
  }

  setQuit(m: number): void {
    this.words[m * STRIDE + META] |= QUIT;
  }

  /**
   * The import ran out of address book with its next send already queued: that send only starts
   * the member's own schedule. Returns whether it was set, and clears it.
   */
  takeImportEnded(m: number): boolean {
    const k = m * STRIDE + META;
    const set = (this.words[k] & IMPORT_ENDED) !== 0;
    this.words[k] &= ~IMPORT_ENDED;
    return set;
  }

  /** Ends the import early (the book is used up); the send queued for the burst's next minute is not one. */
  endImport(m: number): void {
    const k = m * STRIDE + META;
    this.words[k] = (this.words[k] & ((1 << BURST_SHIFT) - 1)) | IMPORT_ENDED;
  }

  /** Invitations left in the member's address-book import burst. */
  burstLeft(m: number): number {
    return this.words[m * STRIDE + META] >>> BURST_SHIFT;
  }

  setBurstLeft(m: number, left: number): void {
    const k = m * STRIDE + META;
    this.words[k] = (this.words[k] & ((1 << BURST_SHIFT) - 1)) | (Math.min(MAX_BURST, left) << BURST_SHIFT);
  }

  /** The member's rotating position in its contact list; returns it and moves on. */
  nextCursor(m: number): number {
    return this.words[m * STRIDE + CURSOR]++ & 0x7fffffff;
  }

  /** The cursor's position, unmoved. */
  cursor(m: number): number {
    return this.words[m * STRIDE + CURSOR] & 0x7fffffff;
  }

  setCursor(m: number, c: number): void {
    this.words[m * STRIDE + CURSOR] = c;
  }

  /** Minute of the member's first abusive attempt (-1: none). */
  firstAbuseAt(m: number): number {
    return this.words[m * STRIDE + FIRST_ABUSE_AT];
  }

  setFirstAbuseAt(m: number, t: number): void {
    this.words[m * STRIDE + FIRST_ABUSE_AT] = t;
  }

  /** The last member who accepted this member's invitation (-1: none). */
  lastAcceptor(m: number): number {
    return this.words[m * STRIDE + LAST_ACCEPTOR];
  }

  setLastAcceptor(m: number, r: number): void {
    this.words[m * STRIDE + LAST_ACCEPTOR] = r;
  }

  /**
   * Minute the first restriction that started at or after the member's abusiveFrom began (-1:
   * none). A restriction that started earlier judged the honest owner, not the attacker.
   */
  caughtAt(m: number): number {
    return this.words[m * STRIDE + CAUGHT_AT];
  }

  setCaughtAt(m: number, t: number): void {
    this.words[m * STRIDE + CAUGHT_AT] = t;
  }
}
