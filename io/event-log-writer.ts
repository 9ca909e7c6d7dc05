/**
 * EventLogWriter: the platform's event log of one run (`run --events`), streamed to a Parquet
 * file (hyparquet-writer: pure JavaScript, writes row groups incrementally) or to gzip CSV. Rows
 * are kept in typed-array buffers, so logging an event allocates nothing; a full buffer goes to
 * the encoder worker (io/event-log-encoder.ts), which writes it while the run goes on. At most
 * BUFFERS buffers exist: when all are with the encoder, the run waits for one to come back, so
 * memory stays bounded whatever the run's length. The encoder writes the buffers in the order
 * they were filled, so the file's bytes depend on the rows alone, not on either thread's pace.
 * The file is written under a temporary name and renamed when complete: a log that exists is
 * whole; a failure to write it fails the run and leaves no file.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { compiledWorker } from '../runner/compiled-worker';
import { ROWS, RowBuffer, type LogFormat } from './event-log-sinks';
import type { EncoderData, FromEncoder, ToEncoder } from './event-log-encoder';
import { commitTemp, dropTemp, tempPathOf } from './temp-file';
import type { PlatformLog } from '../sim/platform-log';
import type { PlatformSnapshot } from '../policies/platform/connection-graph';
import { FREE, PERMANENT } from '../policies/ladder';
import type { Channel, ResponseKind, Verdict } from '../policies/policy';
import { K, type LogMeta } from './log-schema';

export type { LogFormat } from './event-log-sinks';

/** Buffers in all: one filling, the rest with the encoder or back from it; the run waits only when the encoder is this far behind (at the start, while it writes the opening rows). */
const BUFFERS = 4;
/** ACCEPT, IGNORE, IDK, WITHDRAW (policies/policy.ts) to row kinds. */
const ANSWER_KIND = [K.accept, K.ignore, K.idk, K.withdraw];

export class EventLogWriter implements PlatformLog {
  /** The buffer being filled; full ones are with the encoder or in `free`, back from it. */
  private rows: RowBuffer;
  private readonly free: RowBuffer[] = [];
  private buffers = 1;
  private n = 0;
  private readonly port: MessagePort;
  /** Bumped by the encoder after each reply (event-log-encoder.ts). */
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  /** What the encoder could not write, once it said so. */
  private failure: string | null = null;
  private ended = false;
  /** Members joining after the start, in order of join minute, and the next one to log. */
  private joinOrder: Int32Array = new Int32Array(0);
  private joinAt: Int32Array = new Int32Array(0);
  private photo: Uint8Array = new Uint8Array(0);
  private nextJoin = 0;

  constructor(
    private readonly file: string,
    format: LogFormat,
    meta: LogMeta,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: EncoderData = { file: tempPathOf(file), format, meta, port: port2, signal: this.signal };
    const encoder = new Worker(compiledWorker(__dirname, 'the event log', 'event-log-encoder'), { workerData, transferList: [port2] });
    // It ends by itself once the file is closed; it must never keep a process alive.
    encoder.unref();
    this.rows = this.fresh(new RowBuffer());
  }

  /**
   * The platform when the run opens: members who have joined, connections, address books (the
   * encoder writes those rows, io/event-log-opening.ts). The accounts that join later
   * (`joinedAt`: every account's join minute, which the engine knows and the snapshot does not)
   * are logged as they join.
   */
  start(s: PlatformSnapshot, joinedAt: Int32Array): void {
    this.throwFailure();
    this.port.postMessage({ opening: { snapshot: s, joinedAt } } satisfies ToEncoder);
    const later: number[] = [];
    for (let m = 0; m < s.members; m++) if (joinedAt[m] > 0) later.push(m);
    later.sort((a, b) => joinedAt[a] - joinedAt[b] || a - b);
    this.joinOrder = Int32Array.from(later);
    this.joinAt = joinedAt;
    this.photo = s.photo;
  }

  minute(t: number): void {
    const order = this.joinOrder;
    while (this.nextJoin < order.length && this.joinAt[order[this.nextJoin]] <= t) {
      const m = order[this.nextJoin++];
      this.member(t, m, this.joinAt[m], this.photo[m] === 1);
    }
  }

  invite(t: number, sender: number, recipient: number, channel: Channel, note: boolean, verdict: Verdict, delivered: boolean): void {
    const i = this.push(t, K.invite, sender, recipient);
    this.rows.channel[i] = channel;
    this.rows.note[i] = note ? 1 : 0;
    this.rows.verdict[i] = verdict;
    this.rows.delivered[i] = delivered ? 1 : 0;
  }

  inmail(t: number, sender: number, recipient: number): void {
    this.push(t, K.inmail, sender, recipient);
  }

  answer(t: number, sender: number, recipient: number, kind: ResponseKind): void {
    this.push(t, ANSWER_KIND[kind], sender, recipient);
  }

  check(t: number, member: number): void {
    this.push(t, K.lift_check, member, -1);
  }

  /** The ladder's listener (Ladder.onChange). */
  readonly ladder = (member: number, state: number, now: number): void => {
    this.push(now, state === FREE ? K.lift : state === PERMANENT ? K.permanent : K.restrict, member, -1);
  };

  /** Writes what is buffered and renames the file into place; if the file could not be written, drops it and throws. */
  close(): void {
    try {
      this.flush();
      this.end('close');
      this.throwFailure();
    } catch (e) {
      this.abandon();
      throw e;
    }
    commitTemp(this.file);
  }

  /** Drops the unfinished file (a run that failed). */
  abandon(): void {
    dropTemp(this.file, () => this.end('abandon'));
  }

  private member(t: number, m: number, joinedAt: number, photo: boolean): void {
    const i = this.push(t, K.member, m, -1);
    this.rows.photo[i] = photo ? 1 : 0;
    this.rows.joinedAt[i] = joinedAt;
  }

  private push(t: number, kind: number, member: number, other: number): number {
    if (this.n === ROWS) this.flush();
    const r = this.rows;
    const i = this.n++;
    r.time[i] = t;
    r.kind[i] = kind;
    r.member[i] = member;
    r.other[i] = other;
    return i;
  }

  /** Hands the filled buffer to the encoder and takes an empty one, waiting for one when all are out. */
  private flush(): void {
    if (this.n === 0) return;
    this.throwFailure();
    this.port.postMessage({ rows: this.rows.bytes, n: this.n } satisfies ToEncoder, [this.rows.bytes]);
    this.n = 0;
    while (this.take(false));
    if (this.free.length === 0 && this.buffers < BUFFERS) {
      this.buffers++;
      this.free.push(new RowBuffer());
    }
    while (this.free.length === 0) {
      this.throwFailure();
      this.take(true);
    }
    this.rows = this.fresh(this.free.pop()!);
  }

  private fresh(rows: RowBuffer): RowBuffer {
    rows.clearOptional();
    return rows;
  }

  /** Tells the encoder to finish (or drop) the file and waits until it has; once only. */
  private end(how: 'close' | 'abandon'): void {
    if (this.ended) return;
    this.ended = true;
    this.port.postMessage({ end: how } satisfies ToEncoder);
    while (this.take(true) !== 'closed');
    this.port.close();
  }

  /**
   * Takes the encoder's next reply, if it has one (with `wait`, waits for it): a buffer back goes
   * to `free`, an error to `failure`. Returns what it took, or null.
   */
  private take(wait: boolean): Reply | null {
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const got = receiveMessageOnPort(this.port);
      if (got) {
        const m = got.message as FromEncoder;
        if ('rows' in m) {
          this.free.push(new RowBuffer(m.rows));
          return 'rows';
        }
        if ('closed' in m) return 'closed';
        this.failure = m.error;
        return 'error';
      }
      if (!wait) return null;
      Atomics.wait(this.signal, 0, seen);
    }
  }

  /** Throws what the encoder could not write, once it has said so. */
  private throwFailure(): void {
    if (this.failure !== null) throw new Error(`writing the event log ${this.file}: ${this.failure}`);
  }
}

type Reply = 'rows' | 'closed' | 'error';
