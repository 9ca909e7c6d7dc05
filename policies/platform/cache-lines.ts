/**
 * Buffers that start on a cache line, for per-member records of a line or a fraction of one:
 * a record that straddles two lines costs two misses where it could cost one. A large
 * ArrayBuffer comes from malloc, which (glibc, at these sizes) puts it 16 bytes past a page
 * boundary, so that every 64-byte record straddles, and every other 32-byte one; a
 * WebAssembly.Memory's buffer starts on a 64 KiB page. Zeroed, as any new buffer.
 */

const WASM_PAGE = 65536;
/** The most pages a (32-bit) WebAssembly.Memory may have: 4 GiB. */
const MAX_PAGES = 65536;

/** The one piece of the WebAssembly API used here (the project's lib is ES2022, without its types). */
declare const WebAssembly: { Memory: new (size: { initial: number; maximum: number }) => { buffer: ArrayBuffer } };

/**
 * A zeroed buffer of at least `bytes` whose byte 0 starts a cache line. Past 4 GiB (a
 * WebAssembly.Memory's limit) it is an ordinary buffer: slower by the straddled lines, not wrong.
 */
export function cacheLineBuffer(bytes: number): ArrayBuffer {
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
  return pages > MAX_PAGES ? new ArrayBuffer(bytes) : new WebAssembly.Memory({ initial: pages, maximum: pages }).buffer;
}

/** `length` zeroed int32s starting on a cache line (cacheLineBuffer). */
export function cacheLineInt32s(length: number): Int32Array {
  return new Int32Array(cacheLineBuffer(length * 4), 0, length);
}
