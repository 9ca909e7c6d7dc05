/**
 * The event log's encoder: a worker thread of its own that turns full row buffers into the file
 * (io/event-log-sinks.ts), so that the simulating thread only fills buffers. EventLogWriter
 * starts it and speaks to it over `port`, and waits on `signal` (io/event-log-signal.ts).
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
import { SIGNAL } from './event-log-signal';

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
  wake(SIGNAL.replies);
}

function wake(slot: number): void {
  Atomics.add(signal, slot, 1);
  Atomics.notify(signal, SIGNAL.replies);
}

let uncaught: string | null = null;
process.on('uncaughtExceptionMonitor', (e) => {
  uncaught = e instanceof Error ? e.message : String(e);
});
// Runs however the thread ends: after its last word, on an uncaught exception (which it passes
// on) or process.exit; not when it runs out of memory, which the writer's silence limit covers.
// The writer would otherwise wait for a reply that cannot come.
process.on('exit', () => {
  if (uncaught !== null) port.postMessage({ error: `its encoder thread failed: ${uncaught}` } satisfies FromEncoder);
  wake(SIGNAL.exited);
});

let sink: Sink | null = null;
let failed = false;

function fail(e: unknown): void {
  failed = true;
  reply({ error: e instanceof Error ? e.message : String(e) });
}

/** The file's sink, beating once per buffer written so a long opening shows progress. */
function beatingSink(inner: Sink): Sink {
  return {
    write(rows, n) {
      inner.write(rows, n);
      Atomics.add(signal, SIGNAL.beats, 1);
    },
    finish: () => inner.finish(),
  };
}

try {
  sink = beatingSink(openSink(file, format, meta));
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
  // Not one of the writer's messages: a bug on its side, which must not pass for an end.
  if (!('end' in m)) throw new Error(`the event log's encoder got a message it does not know: ${JSON.stringify(Object.keys(m))}`);
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
