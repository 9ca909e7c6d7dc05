/**
 * The event log's encoder: a worker thread of its own that turns full row buffers into the file
 * (io/event-log-sinks.ts), so that the simulating thread only fills buffers. EventLogWriter
 * starts it and speaks to it over `port`; after each reply it bumps `signal[0]` and wakes the
 * writer, which waits on it synchronously (its run never yields to an event loop).
 *
 * To the encoder: { opening } (the platform at the start, first), { rows, n } (a full buffer,
 * transferred) and { end: 'close' | 'abandon' }.
 * From it: { rows } (the buffer back, for reuse), { error } (the file cannot be written: nothing
 * more is encoded) and { closed } (the file is finished, or dropped on abandon; its last word).
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { openSink, RowBuffer, type LogFormat, type Sink } from './event-log-sinks';
import type { LogMeta } from './log-schema';
import { writeOpening, type Opening } from './event-log-opening';

export interface EncoderData {
  file: string;
  format: LogFormat;
  meta: LogMeta;
  port: MessagePort;
  signal: Int32Array;
}

export type ToEncoder = { opening: Opening } | { rows: ArrayBuffer; n: number } | { end: 'close' | 'abandon' };
export type FromEncoder = { rows: ArrayBuffer } | { error: string } | { closed: true };

const { file, format, meta, port, signal } = workerData as EncoderData;

function reply(m: FromEncoder, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

let sink: Sink | null = null;
let failed = false;

function fail(e: unknown): void {
  failed = true;
  reply({ error: e instanceof Error ? e.message : String(e) });
}

try {
  sink = openSink(file, format, meta);
} catch (e) {
  fail(e);
}

port.on('message', (m: ToEncoder) => {
  if ('opening' in m) {
    if (failed) return;
    try {
      writeOpening(m.opening, sink!);
    } catch (e) {
      fail(e);
    }
    return;
  }
  if ('rows' in m) {
    if (failed) return;
    try {
      sink!.write(new RowBuffer(m.rows), m.n);
    } catch (e) {
      return fail(e);
    }
    return reply({ rows: m.rows }, [m.rows]);
  }
  if (sink) {
    try {
      sink.finish();
    } catch (e) {
      if (m.end === 'close' && !failed) fail(e);
    }
  }
  reply({ closed: true });
  port.close();
});
