/**
 * readEventLog: a platform event log (docs/log-format.md) into typed-array columns, checked row
 * by row: invitesim's own (`run --events`) or a user's, in Parquet (hyparquet) or CSV (plain or
 * gzip). A user's log needs only time, kind, member and other; the rest has defaults. Every
 * problem is an InputError naming the file, the row, the field and the fix, so nothing is
 * replayed from a log that is not whole.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hyparquet } from './parquet';
import { InputError } from '../sim/errors';
import { CHANNELS, COLUMNS, K, KINDS, LOG_SCHEMA_VERSION, VERDICTS, type LogMeta } from './log-schema';
import { checkReadable, excerpt, forEachLine, splitCsv } from './lines';

/** A log's rows as columns. Flags: bits 0-1 channel, bit 2 note, bit 3 delivered, bit 4 photo; verdict 255 when not given. */
export interface EventLog {
  file: string;
  rows: number;
  time: Int32Array;
  kind: Uint8Array;
  member: Int32Array;
  other: Int32Array;
  flags: Uint8Array;
  verdict: Uint8Array;
  /** joined_at of member rows (their time when not given); 0 elsewhere. */
  joinedAt: Int32Array;
  /** Members: the file's metadata, or one more than the largest id. */
  members: number;
  /** Minutes covered: the metadata's, or one past the last event. */
  horizon: number;
  meta: Partial<LogMeta>;
  /** The columns the file has (a user's log may lack the optional ones, whose defaults then apply). */
  columns: string[];
}

export const F_NOTE = 4;
export const F_DELIVERED = 8;
export const F_PHOTO = 16;

const START_KINDS = new Set([K.member, K.connection, K.address_book]);

class Columns {
  time = new Int32Array(1 << 16);
  kind = new Uint8Array(1 << 16);
  member = new Int32Array(1 << 16);
  other = new Int32Array(1 << 16);
  flags = new Uint8Array(1 << 16);
  verdict = new Uint8Array(1 << 16);
  joinedAt = new Int32Array(1 << 16);
  n = 0;
  /** Last time of an event row, for the order check. */
  last = 0;
  maxId = -1;
  /** The file's column names. */
  present: string[] = [];

  constructor(private readonly file: string) {}

  /** Adds one row given as text or values by column name; `where` says which row for messages. */
  add(get: (name: string) => unknown, where: string): void {
    if (this.n === this.time.length) this.grow();
    const i = this.n;
    const kindName = get('kind');
    const kind = typeof kindName === 'string' ? (KINDS as readonly string[]).indexOf(kindName.trim()) : -1;
    if (kind < 0) throw this.bad(where, 'kind', `${excerpt(String(kindName ?? ''))} is not an event kind; use one of ${KINDS.join(', ')}`);
    const time = this.int(get('time'), where, 'time', false);
    const member = this.int(get('member'), where, 'member', false);
    const other = this.int(get('other'), where, 'other', true);
    if (member < 0) throw this.bad(where, 'member', `${member} is not a member id; ids are whole numbers ≥ 0`);
    const needsOther = kind !== K.member && kind !== K.address_book && kind < K.restrict;
    if (needsOther && other < 0) throw this.bad(where, 'other', `a ${KINDS[kind]} row needs the other member's id`);
    if (!START_KINDS.has(kind) || time > 0) {
      if (time < this.last) throw this.bad(where, 'time', `${time} comes before the previous event's ${this.last}; rows must be in time order (sort the log by time, keeping the order within a minute)`);
      this.last = time;
    }
    if (time < 0) throw this.bad(where, 'time', `${time} is negative; times are minutes from the start of the log (an account's earlier join goes in joined_at)`);
    let flags = 0;
    let verdict = 255;
    if (kind === K.invite) {
      const ch = get('channel');
      const c = ch === null || ch === undefined || ch === '' ? 0 : (CHANNELS as readonly string[]).indexOf(String(ch));
      if (c < 0) throw this.bad(where, 'channel', `${excerpt(String(ch))} is not a channel; use one of ${CHANNELS.join(', ')}`);
      flags = c | (this.bool(get('note'), where, 'note', false) ? F_NOTE : 0) | (this.bool(get('delivered'), where, 'delivered', true) ? F_DELIVERED : 0);
      const v = get('verdict');
      if (v !== null && v !== undefined && v !== '') {
        verdict = (VERDICTS as readonly string[]).indexOf(String(v));
        if (verdict < 0) throw this.bad(where, 'verdict', `${excerpt(String(v))} is not a verdict; use one of ${VERDICTS.join(', ')}`);
      }
    }
    let joinedAt = 0;
    if (kind === K.member) {
      flags = this.bool(get('photo'), where, 'photo', false) ? F_PHOTO : 0;
      const j = get('joined_at');
      joinedAt = j === null || j === undefined || j === '' ? time : this.int(j, where, 'joined_at', false, true);
    }
    this.time[i] = time;
    this.kind[i] = kind;
    this.member[i] = member;
    this.other[i] = other;
    this.flags[i] = flags;
    this.verdict[i] = verdict;
    this.joinedAt[i] = joinedAt;
    this.maxId = Math.max(this.maxId, member, other);
    this.n++;
  }

  private int(v: unknown, where: string, field: string, optional: boolean, negativeOk = false): number {
    if (v === null || v === undefined || v === '') {
      if (optional) return -1;
      throw this.bad(where, field, 'is missing; every row needs it');
    }
    const x = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number(String(v).trim());
    if (!Number.isInteger(x) || x > 2147483647 || x < -2147483648 || (!negativeOk && !optional && x < 0 && field !== 'time')) {
      throw this.bad(where, field, `${excerpt(String(v))} is not a whole number${negativeOk ? '' : ' ≥ 0'}`);
    }
    return x;
  }

  private bool(v: unknown, where: string, field: string, dflt: boolean): boolean {
    if (v === null || v === undefined || v === '') return dflt;
    if (v === true || v === 'true' || v === '1' || v === 1) return true;
    if (v === false || v === 'false' || v === '0' || v === 0) return false;
    throw this.bad(where, field, `${excerpt(String(v))} is not true or false`);
  }

  bad(where: string, field: string, why: string): InputError {
    return new InputError(`${this.file} ${where}: ${field} ${why}`);
  }

  private grow(): void {
    const g = <T extends Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.time = g(this.time);
    this.kind = g(this.kind);
    this.member = g(this.member);
    this.other = g(this.other);
    this.flags = g(this.flags);
    this.verdict = g(this.verdict);
    this.joinedAt = g(this.joinedAt);
  }
}

/** Rows read from a Parquet file at a time. */
const PARQUET_BATCH = 1 << 17;

async function readParquet(file: string, cols: Columns): Promise<Partial<LogMeta>> {
  const hp = hyparquet();
  let buffer: unknown;
  let md: Awaited<ReturnType<ReturnType<typeof hyparquet>['parquetMetadataAsync']>>;
  try {
    buffer = await hp.asyncBufferFromFile(file);
    md = await hp.parquetMetadataAsync(buffer);
  } catch (e) {
    throw new InputError(`${file}: not a readable Parquet file (${(e as Error).message}); it may be truncated: write it again`);
  }
  const names = new Set(md.schema.map((s) => s.name));
  checkColumns(file, names);
  cols.present = [...names];
  const meta = parseMeta(file, md.key_value_metadata?.find((kv) => kv.key === 'invitesim.log')?.value);
  const rows = Number(md.num_rows);
  const columns = COLUMNS.map((c) => c.name).filter((n) => names.has(n));
  for (let start = 0; start < rows; start += PARQUET_BATCH) {
    let batch: Array<Record<string, unknown>>;
    try {
      batch = await hp.parquetReadObjects({ file: buffer, columns, rowStart: start, rowEnd: Math.min(rows, start + PARQUET_BATCH) });
    } catch (e) {
      throw new InputError(`${file}: rows from ${start + 1} cannot be read (${(e as Error).message}); the file may be truncated or damaged: write it again`);
    }
    batch.forEach((r, k) => cols.add((name) => r[name], `row ${start + k + 1}`));
  }
  return meta;
}

async function readCsv(file: string, cols: Columns): Promise<Partial<LogMeta>> {
  let header: string[] | null = null;
  let meta: Partial<LogMeta> = {};
  await forEachLine(file, 'log', (line, lineNo) => {
    if (line.trim() === '') return;
    if (header === null && line.startsWith('# invitesim.log ')) {
      meta = parseMeta(file, line.slice('# invitesim.log '.length));
      return;
    }
    if (line.startsWith('#')) return;
    const f = splitCsv(line);
    if (f === null) throw new InputError(`${file} line ${lineNo}: a quote is not closed in ${excerpt(line)}`);
    if (header === null) {
      header = f.map((h) => h.trim());
      checkColumns(file, new Set(header));
      cols.present = header;
      return;
    }
    if (f.length !== header.length) throw new InputError(`${file} line ${lineNo}: ${f.length} fields where the header has ${header.length} (${excerpt(line)}); fix the line`);
    const h = header;
    cols.add((name) => {
      const k = h.indexOf(name);
      return k < 0 ? undefined : f[k];
    }, `line ${lineNo}`);
  });
  if (header === null) throw new InputError(`${file}: empty; a log needs a header line (${COLUMNS.filter((c) => c.required).map((c) => c.name).join(',')},…) and a row an event`);
  return meta;
}

function checkColumns(file: string, names: Set<string>): void {
  const missing = COLUMNS.filter((c) => (c.required || c.name === 'other') && !names.has(c.name)).map((c) => c.name);
  if (missing.length > 0) throw new InputError(`${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; a log needs time, kind, member and other (docs/log-format.md)`);
}

function parseMeta(file: string, text: string | undefined): Partial<LogMeta> {
  if (text === undefined) return {};
  let meta: Partial<LogMeta>;
  try {
    meta = JSON.parse(text);
  } catch {
    throw new InputError(`${file}: its invitesim.log metadata is not JSON; remove it or write the log again`);
  }
  if (meta.schemaVersion !== undefined && meta.schemaVersion > LOG_SCHEMA_VERSION) {
    throw new InputError(`${file}: log schema version ${meta.schemaVersion} is newer than this invitesim reads (${LOG_SCHEMA_VERSION}); upgrade invitesim`);
  }
  return meta;
}

/** Whether the file is Parquet (by its magic bytes, whatever its name). */
function isParquet(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    return fs.readSync(fd, b, 0, 4, 0) === 4 && b.toString('latin1') === 'PAR1';
  } finally {
    fs.closeSync(fd);
  }
}

export async function readEventLog(file: string): Promise<EventLog> {
  checkReadable(file, 'log', '');
  const rel = path.relative(process.cwd(), file);
  const shown = rel === '' || rel.startsWith('..') ? file : rel;
  const cols = new Columns(shown);
  const meta = isParquet(file) ? await readParquet(file, cols) : await readCsv(file, cols);
  if (cols.n === 0) throw new InputError(`${shown}: no rows; a log needs at least one event`);
  const members = meta.members ?? cols.maxId + 1;
  if (cols.maxId >= members) {
    const i = [...cols.member.subarray(0, cols.n)].findIndex((m, k) => m >= members || cols.other[k] >= members);
    throw cols.bad(`row ${i + 1}`, 'member', `id ${Math.max(cols.member[i], cols.other[i])} is outside the log's ${members} members (ids 0..${members - 1}); fix the id or the metadata's members`);
  }
  const horizon = meta.horizon ?? cols.last + 1;
  if (cols.last >= horizon) throw cols.bad(`row ${cols.n}`, 'time', `${cols.last} is past the log's horizon of ${horizon} minutes`);
  const n = cols.n;
  return {
    file: shown,
    rows: n,
    time: cols.time.subarray(0, n),
    kind: cols.kind.subarray(0, n),
    member: cols.member.subarray(0, n),
    other: cols.other.subarray(0, n),
    flags: cols.flags.subarray(0, n),
    verdict: cols.verdict.subarray(0, n),
    joinedAt: cols.joinedAt.subarray(0, n),
    members,
    horizon,
    meta,
    columns: cols.present,
  };
}
