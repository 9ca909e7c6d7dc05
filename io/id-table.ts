/**
 * IdTable: a file's member ids, of any form, to dense ids 0..n-1. While a file is read, whole-number
 * ids (SNAP's) are not looked up at all: the edge list holds the numbers themselves and the table
 * only marks them seen in a bitmap. Looking each one up in an index as it came cost two cache
 * misses a line (over 40% of a 35M-edge import); at the end (finish) the seen numbers get dense ids
 * in ascending order, in one sequential pass, and the list's pairs are renamed in one more (none at
 * all when the ids are already 0..n-1). The first id that is not a whole number, or too large,
 * turns the table into a Map of strings: the numbers seen so far get their dense ids then (as their
 * text), and later ids follow in order of first appearance.
 */
import { InputError } from '../sim/errors';
import type { EdgeList } from './edge-list';

/** Whole-number ids above this go to the Map: an index array this long is 512 MiB. */
const MAX_INDEXED_ID = 1 << 27;
/** Most members a file may hold (the scenario schema's population limit). */
export const MAX_MEMBERS = 50_000_000;

export class IdTable {
  /** While reading in numeric mode: bit v set once whole number v has been seen. */
  private seen: Int32Array | null = new Int32Array(1024);
  /** One more than the largest whole number seen. */
  private bound = 0;
  /** Once finished (numeric mode): dense id + 1 by original id (0: not seen). */
  private index: Int32Array | null = null;
  /** Once finished (numeric mode): original id by dense id. */
  private numeric: Int32Array | null = null;
  /** String mode. */
  private map: Map<string, number> | null = null;
  private names: string[] | null = null;
  /** Members (known once finished). */
  size = 0;

  /** `list`: where the ids read are put, to be renamed to dense ids by finish(); none for a table that is only looked up. */
  constructor(
    private readonly what: string,
    private readonly list: EdgeList | null = null,
  ) {}

  /** Adds the edge a b to the list: a = textA[a0, a1), b = textB[b0, b1) (a substring is made only for an id that is not a whole number). */
  addEdge(textA: string, a0: number, a1: number, textB: string, b0: number, b1: number): void {
    const reading = this.seen !== null;
    let a = this.intern(textA, a0, a1);
    const b = this.intern(textB, b0, b1);
    // b turned the table into strings: a was returned as a raw number, and has its dense id only now.
    if (reading && this.seen === null) a = this.intern(textA, a0, a1);
    this.list!.add(a, b);
  }

  /** The id to store in the list for text[start, end) (dense only after finish()). */
  private intern(text: string, start: number, end: number): number {
    if (this.seen !== null) {
      const v = wholeNumber(text, start, end);
      if (v >= 0 && v < MAX_INDEXED_ID) {
        if (v >>> 5 >= this.seen.length) this.seen = grow(this.seen, (v >>> 5) + 1);
        this.seen[v >>> 5] |= 1 << (v & 31);
        if (v >= this.bound) this.bound = v + 1;
        return v;
      }
      this.toStrings();
    }
    const id = text.slice(start, end);
    const d = this.map!.get(id);
    if (d !== undefined) return d;
    if (this.size >= MAX_MEMBERS) this.tooMany();
    this.map!.set(id, this.size);
    this.names!.push(id);
    return this.size++;
  }

  /** Gives the members read their dense ids, in the table and in the list's pairs. */
  finish(): void {
    if (this.seen === null) return;
    this.number();
    const list = this.list;
    // Ids already 0..n-1 are their own dense ids: nothing to rename.
    if (list !== null && this.size !== this.bound) list.rename(this.index!);
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

  /** Dense ids for the whole numbers seen, in ascending order. */
  private number(): void {
    const seen = this.seen!;
    let n = 0;
    for (let w = 0; w < seen.length; w++) n += popcount(seen[w]);
    if (n > MAX_MEMBERS) this.tooMany();
    const index = new Int32Array(this.bound);
    const numeric = new Int32Array(n);
    let d = 0;
    for (let v = 0; v < this.bound; v++) {
      if (seen[v >>> 5] & (1 << (v & 31))) {
        numeric[d] = v;
        index[v] = ++d;
      }
    }
    this.seen = null;
    this.index = index;
    this.numeric = numeric;
    this.size = n;
  }

  private toStrings(): void {
    this.number();
    // The pairs read so far hold whole numbers: they get their dense ids now, as later ones will from the map.
    if (this.list !== null && this.size !== this.bound) this.list.rename(this.index!);
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

  private tooMany(): never {
    throw new InputError(`${this.what}: more than ${MAX_MEMBERS.toLocaleString('en-US')} members; invitesim runs at most that many (use a sample of the graph)`);
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

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function grow(a: Int32Array, min: number): Int32Array {
  const b = new Int32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}
