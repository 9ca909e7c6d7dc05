/**
 * ConnectionsBase: the parts of a PlatformView's connection graph that follow from
 * `connected`, `connectionCount` and `connectionsOf`, so the engine's view and the
 * uploaded-snapshot view compute mutual connections alike.
 */
export abstract class ConnectionsBase {
  /** Scratch for counting mutual connections (scratchFor). */
  private scratch = new Int32Array(256);

  abstract connectionCount(member: number): number;
  abstract connected(a: number, b: number): boolean;
  abstract connectionsOf(member: number, out: Int32Array): number;

  /** Walks the smaller side's connections and asks the other side of each. */
  mutualConnections(a: number, b: number, cap: number): number {
    if (cap <= 0) return 0;
    let small = a;
    let other = b;
    if (this.connectionCount(b) < this.connectionCount(a)) {
      small = b;
      other = a;
    }
    const n = this.connectionCount(small);
    if (n === 0 || this.connectionCount(other) === 0) return 0;
    const list = this.scratchFor(n);
    this.connectionsOf(small, list);
    let count = 0;
    for (let i = 0; i < n && count < cap; i++) {
      const c = list[i];
      if (c !== other && this.connected(other, c)) count++;
    }
    return count;
  }

  /** A scratch array of at least n entries, valid until the next call (grown on demand, so never allocated per call once large enough). */
  protected scratchFor(n: number): Int32Array {
    if (n > this.scratch.length) this.scratch = new Int32Array(Math.max(n, this.scratch.length * 2));
    return this.scratch;
  }
}
