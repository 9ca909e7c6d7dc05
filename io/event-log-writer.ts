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
import { SIGNAL } from './event-log-signal';
import { commitTemp, dropTemp, tempPathOf } from './temp-file';
import type { PlatformLog } from '../sim/platform-log';
import type { PlatformSnapshot } from '../policies/platform/connection-graph';
import { FREE, PERMANENT } from '../policies/ladder';
import type { Channel, ResponseKind, Verdict } from '../policies/policy';
import { K, type LogMeta } from './log-schema';

export type { LogFormat } from './event-log-sinks';

/**
 * How long the writer waits for the encoder without a sign of progress before calling it dead.
 * The encoder beats once per buffer it writes (about 0.1 s each), so only a thread that is gone
 * (out of memory, which skips its exit hook) or stuck stays silent this long.
 */
const SILENCE_MS = 120_000;
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
  /** The encoder's signals (io/event-log-signal.ts). */
  private readonly signal = new Int32Array(new SharedArrayBuffer(4 * SIGNAL.length));
  private beatsSeen = 0;
  /** The encoder has ended without its last word, or was given up on: nothing more will come from it. */
  private gone = false;
  /** What the encoder could not write, once it said so. */
  private failure: string | null = null;
  private ended = false;
  /** Members joining after the start, in order of join minute, and the next one to log. */
  private joinOrder: Int32Array = new Int32Array(0);
  private joinAt: Int32Array = new Int32Array(0);
  private photo: Uint8Array = new Uint8Array(0);
  private nextJoin = 0;

  private readonly encoder: Worker;

  /** `silenceMs`: how long a wait may go without a sign of the encoder before it is called dead (SILENCE_MS; shorter in tests). */
  constructor(
    private readonly file: string,
    format: LogFormat,
    meta: LogMeta,
    private readonly silenceMs = SILENCE_MS,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: EncoderData = { file: tempPathOf(file), format, meta, port: port2, signal: this.signal };
    this.encoder = new Worker(compiledWorker(__dirname, 'the event log', 'event-log-encoder'), { workerData, transferList: [port2] });
    // It ends by itself once the file is closed; it must never keep a process alive.
    this.encoder.unref();
    // How it ended reaches the writer through `signal`; unheard, the Worker's 'error' event would crash the process.
    this.encoder.on('error', () => {});
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
    while (this.take(false) === 'rows');
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
    for (let r = this.take(true); r !== 'closed' && r !== 'gone'; r = this.take(true));
    this.port.close();
  }

  /**
   * Takes the encoder's next reply, if it has one (with `wait`, waits for it): a buffer back goes
   * to `free`, an error to `failure`. Returns what it took, or null; 'gone' (with `failure` set)
   * once the encoder has ended without a last word or has gone silent.
   */
  private take(wait: boolean): Reply | null {
    if (this.gone) return 'gone';
    for (;;) {
      const seen = Atomics.load(this.signal, SIGNAL.replies);
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
      if (Atomics.load(this.signal, SIGNAL.exited) === 1) return this.lost('its encoder thread ended unexpectedly');
      if (wait && this.silent(seen)) {
        // Stuck rather than gone, perhaps: it must not go on holding a core and the file.
        void this.encoder.terminate();
        return this.lost(`its encoder thread gave no sign of progress for ${this.silenceMs / 1000} s`);
      }
      if (!wait) return null;
    }
  }

  private lost(why: string): 'gone' {
    this.gone = true;
    this.failure ??= why;
    return 'gone';
  }

  /** Waits for a reply; true if none came and the encoder has not beaten since the last such wait. */
  private silent(seen: number): boolean {
    if (Atomics.wait(this.signal, SIGNAL.replies, seen, this.silenceMs) !== 'timed-out') return false;
    const beats = Atomics.load(this.signal, SIGNAL.beats);
    if (beats !== this.beatsSeen) {
      this.beatsSeen = beats;
      return false;
    }
    return true;
  }

  /** Throws what the encoder could not write, once it has said so. */
  private throwFailure(): void {
    if (this.failure !== null) throw new Error(`writing the event log ${this.file}: ${this.failure}`);
  }
}

type Reply = 'rows' | 'closed' | 'error' | 'gone';
