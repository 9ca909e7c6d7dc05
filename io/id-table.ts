/**
 * IdTable: a file's member ids, of any form, to dense ids 0..n-1 in order of first appearance.
 * Whole-number ids (SNAP's) are kept in typed arrays, indexed by the id itself while they stay
 * below a bound, so a graph of millions of members costs a few bytes an id rather than a Map
 * entry and a string each; the first id that is not a whole number turns the table into a
 * Map of strings (the numeric ids so far carried over as their text).
 */
import { InputError } from '../sim/errors';

/** Whole-number ids above this go to the Map: an index array this long is 512 MiB. */
const MAX_INDEXED_ID = 1 << 27;
/** Most members a file may hold (the scenario schema's population limit). */
export const MAX_MEMBERS = 50_000_000;

export class IdTable {
  /** Numeric mode: dense id + 1 by original id (0: not seen). */
  private index: Int32Array | null = new Int32Array(1024);
  /** Numeric mode: original id by dense id. */
  private numeric: Float64Array | null = new Float64Array(1024);
  /** String mode. */
  private map: Map<string, number> | null = null;
  private names: string[] | null = null;
  size = 0;

  constructor(private readonly what: string) {}

  /** The dense id of `id`, adding it if new. */
  intern(id: string): number {
    if (this.index !== null) {
      const v = wholeNumber(id);
      if (v >= 0 && v < MAX_INDEXED_ID) {
        if (v >= this.index.length) this.index = grow(this.index, v + 1);
        const d = this.index[v];
        if (d > 0) return d - 1;
        this.index[v] = this.add() + 1;
        this.numeric![this.size - 1] = v;
        return this.size - 1;
      }
      this.toStrings();
    }
    const d = this.map!.get(id);
    if (d !== undefined) return d;
    this.map!.set(id, this.add());
    this.names!.push(id);
    return this.size - 1;
  }

  /** intern(text.slice(start, end)), without making the substring when the id is a whole number the index holds. */
  internSpan(text: string, start: number, end: number): number {
    if (this.index !== null) {
      const v = wholeNumber(text, start, end);
      if (v >= 0 && v < this.index.length) {
        const d = this.index[v];
        if (d > 0) return d - 1;
      }
    }
    return this.intern(text.slice(start, end));
  }

  /** The dense id of `id`, or -1 if the file had no such member. */
  lookup(id: string): number {
    if (this.index !== null) {
      const v = wholeNumber(id);
      return v >= 0 && v < this.index.length ? this.index[v] - 1 : -1;
    }
    return this.map!.get(id) ?? -1;
  }

  /** The original id of dense id d, as text. */
  name(d: number): string {
    return this.numeric !== null ? String(this.numeric[d]) : this.names![d];
  }

  private add(): number {
    if (this.size >= MAX_MEMBERS) throw new InputError(`${this.what}: more than ${MAX_MEMBERS.toLocaleString('en-US')} members; invitesim runs at most that many (use a sample of the graph)`);
    if (this.numeric !== null && this.size >= this.numeric.length) this.numeric = growF(this.numeric, this.size + 1);
    return this.size++;
  }

  private toStrings(): void {
    this.map = new Map();
    this.names = [];
    for (let d = 0; d < this.size; d++) {
      const s = String(this.numeric![d]);
      this.map.set(s, d);
      this.names.push(s);
    }
    this.index = null;
    this.numeric = null;
  }
}

/** The value of a canonical whole number ("17", not "017", "1e3" or "-2") in s[start, end), else -1. */
function wholeNumber(s: string, start = 0, end = s.length): number {
  const n = end - start;
  if (n === 0 || n > 9 || (n > 1 && s.charCodeAt(start) === 48)) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function grow(a: Int32Array, min: number): Int32Array {
  const b = new Int32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

function growF(a: Float64Array, min: number): Float64Array {
  const b = new Float64Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}
