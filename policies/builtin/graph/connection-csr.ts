/**
 * ConnectionCsr: the platform's connection graph copied out of a PlatformView into CSR arrays
 * once per detector batch (row m is targets[offsets[m] .. offsets[m+1])), so the batch's
 * iterations scan flat arrays instead of asking the view per edge. The arrays are kept and
 * reused by later batches, grown only when the graph outgrows them.
 */
import type { PlatformView } from '../../platform-view';

export class ConnectionCsr {
  readonly offsets: Int32Array;
  targets = new Int32Array(0);
  /** One member's connections while they are copied, grown on demand. */
  private row = new Int32Array(256);
  /** Connections (each counted at both ends: the sum of degrees). */
  ends = 0;

  constructor(readonly members: number) {
    this.offsets = new Int32Array(members + 1);
  }

  degree(m: number): number {
    return this.offsets[m + 1] - this.offsets[m];
  }

  /** Copies the view's connections as of now. */
  load(view: PlatformView): void {
    const n = this.members;
    const offsets = this.offsets;
    for (let m = 0; m < n; m++) offsets[m + 1] = offsets[m] + view.connectionCount(m);
    this.ends = offsets[n];
    // Headroom so a growing graph does not reallocate at every batch.
    if (this.targets.length < this.ends) this.targets = new Int32Array(Math.ceil(this.ends * 1.25));
    const targets = this.targets;
    for (let m = 0; m < n; m++) {
      const at = offsets[m];
      const k = offsets[m + 1] - at;
      if (k > this.row.length) this.row = new Int32Array(Math.max(k, this.row.length * 2));
      const row = this.row;
      view.connectionsOf(m, row);
      for (let i = 0; i < k; i++) targets[at + i] = row[i];
    }
  }
}

/** One step of spreading along the connections: out[v] = the sum of share[u] over v's connections u. */
export function gatherShares(offsets: Int32Array, targets: Int32Array, share: Float64Array, out: Float64Array): void {
  for (let v = 0; v < out.length; v++) {
    let t = 0;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) t += share[targets[e]];
    out[v] = t;
  }
}
