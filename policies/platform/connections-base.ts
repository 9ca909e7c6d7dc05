/**
 * ConnectionsBase: the parts of a PlatformView's connection graph that follow from
 * `connected`, `connectionCount` and `connectionsOf`, so the engine's view and the
 * uploaded-snapshot view compute mutual connections alike.
 */
export abstract class ConnectionsBase {
  /** Scratch for mutualConnections, grown on demand (never per call once large enough). */
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
    if (n > this.scratch.length) this.scratch = new Int32Array(Math.max(n, this.scratch.length * 2));
    const list = this.scratch;
    this.connectionsOf(small, list);
    let count = 0;
    for (let i = 0; i < n && count < cap; i++) {
      const c = list[i];
      if (c !== other && this.connected(other, c)) count++;
    }
    return count;
  }
}
