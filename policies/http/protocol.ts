/**
 * The policy-service protocol (docs/http.md): the JSON both sides speak. A run is a session
 * (`POST /runs`) holding a policy and its restriction ladder; the client then posts events
 * (`POST /runs/{id}/events`), the last of each request answered, the ones before it
 * notifications. Names here are the wire names; the Policy interface keeps its integers.
 */
import type { PolicySpec } from '../definition';
import type { LadderParams } from '../ladder';
import { rowIndex, type Csr, type PlatformSnapshot } from '../platform/connection-graph';
import type { GroundTruth } from '../truth';
import { ALLOW, BLOCK, REQUIRE_EMAIL, type Channel, type ResponseKind, type Verdict } from '../policy';

/** 3: `join` events (an account joined the platform); 2: the platform snapshot instead of who knows whom. */
export const PROTOCOL_VERSION = 3;

export const VERDICTS = ['allow', 'require-email', 'block'] as const;
export type VerdictName = (typeof VERDICTS)[number];
export const CHANNELS = ['profile', 'import', 'email'] as const;
export type ChannelName = (typeof CHANNELS)[number];
export const KINDS = ['accept', 'ignore', 'idk', 'withdraw'] as const;
export type KindName = (typeof KINDS)[number];

/** Event types a service may declare it never restricts in, so a client may send them late. */
export const DEFERRABLE_TYPES = ['response', 'blocked'] as const;
export type DeferrableType = (typeof DEFERRABLE_TYPES)[number];

/** Indexed by the Policy interface's integer constants. */
export const verdictName = (v: Verdict): VerdictName => VERDICTS[v];
export const channelName = (c: Channel): ChannelName => CHANNELS[c];
export const kindName = (k: ResponseKind): KindName => KINDS[k];
export function verdictOf(name: unknown): Verdict | null {
  return name === 'allow' ? ALLOW : name === 'require-email' ? REQUIRE_EMAIL : name === 'block' ? BLOCK : null;
}

/** A CSR relation on the wire: base64 of the little-endian Int32 offsets and targets. */
export interface WireCsr {
  offsets: string;
  targets: string;
}

/**
 * What the platform holds when the run starts (a PlatformSnapshot): its connection graph,
 * uploaded address books and account facts. Never who knows whom: a service sees what the
 * platform sees, and learns of new connections from the accepted invitations.
 */
export interface WirePlatform {
  joinedAt: string;
  photo: string;
  connections: WireCsr;
  addressBooks: WireCsr;
  uploaded: string;
}

/** `POST /runs` body. */
export interface CreateRunRequest {
  protocol: number;
  members: number;
  /** Run length in minutes. */
  horizon: number;
  ladder: LadderParams;
  platform: WirePlatform;
  /** Ground truth (abusiveFrom, Int32 base64), a named channel that the registry hands to the oracle alone. */
  truth?: { abusiveFrom: string };
  /** A policy for this run; absent: the service's own. */
  policy?: PolicySpec;
}

/** Which optional Policy methods the session's policy has: the client mirrors them exactly. */
export interface Hooks {
  review: boolean;
  blocked: boolean;
  score: boolean;
}

/** `POST /runs` answer (201). */
export interface CreateRunResponse {
  id: string;
  policy: PolicySpec;
  hooks: Hooks;
  deferrable: DeferrableType[];
}

export type WireEvent =
  | { type: 'invite'; sender: number; recipient: number; time: number; channel: ChannelName; note: boolean }
  | { type: 'response'; sender: number; recipient: number; kind: KindName; time: number }
  | { type: 'blocked'; sender: number; recipient: number; time: number }
  | { type: 'review'; time: number }
  | { type: 'suspicious'; member: number; time: number }
  | { type: 'scores'; from: number; count: number }
  | { type: 'join'; member: number; time: number };

export interface Restriction {
  member: number;
  time: number;
}

/** `POST /runs/{id}/events` answer: the last event's answer and the restrictions it caused, in order. */
export interface EventsResponse {
  answer: VerdictName | boolean | WireScore[] | null;
  restricted: Restriction[];
}

/** A score: a JSON number, or "Infinity" / "-Infinity" / "NaN", which JSON cannot hold. */
export type WireScore = number | string;

export function encodeScore(x: number): WireScore {
  return Number.isFinite(x) ? x : String(x);
}

export function decodeScore(x: unknown): number | null {
  if (typeof x === 'number') return x;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  if (x === 'NaN') return NaN;
  return null;
}

/** Event JSON built by hand: the closed loop sends one per policy call, so it skips JSON.stringify's object walk. */
export function inviteJson(sender: number, recipient: number, time: number, channel: Channel, note: boolean): string {
  return `{"type":"invite","sender":${sender},"recipient":${recipient},"time":${time},"channel":"${CHANNELS[channel]}","note":${note}}`;
}

export function responseJson(sender: number, recipient: number, kind: ResponseKind, time: number): string {
  return `{"type":"response","sender":${sender},"recipient":${recipient},"kind":"${KINDS[kind]}","time":${time}}`;
}

export function blockedJson(sender: number, recipient: number, time: number): string {
  return `{"type":"blocked","sender":${sender},"recipient":${recipient},"time":${time}}`;
}

export function reviewJson(time: number): string {
  return `{"type":"review","time":${time}}`;
}

export function suspiciousJson(member: number, time: number): string {
  return `{"type":"suspicious","member":${member},"time":${time}}`;
}

export function scoresJson(from: number, count: number): string {
  return `{"type":"scores","from":${from},"count":${count}}`;
}

export function joinJson(member: number, time: number): string {
  return `{"type":"join","member":${member},"time":${time}}`;
}

/**
 * `{"seq":n,"events":[…]}` from event JSON texts. `seq` numbers a run's events requests
 * (1, 2, …) so a service can tell a resend from a new request (the closed loop and `load` both
 * send it); a request without it is applied without that check.
 */
export function eventsBody(events: readonly string[], seq?: number): string {
  return seq === undefined ? `{"events":[${events.join(',')}]}` : `{"seq":${seq},"events":[${events.join(',')}]}`;
}

type IntArray = Int32Array | Uint8Array;

function toBase64(a: IntArray): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** Typed arrays are little-endian on every platform Node runs on, which is what the wire says. */
function fromBase64<T extends IntArray>(text: unknown, make: (buf: ArrayBuffer) => T, bytesPer: number, what: string): T {
  if (typeof text !== 'string') throw new ProtocolError(`${what} must be a base64 string`);
  const b = Buffer.from(text, 'base64');
  if (b.byteLength % bytesPer !== 0) throw new ProtocolError(`${what} must hold a whole number of ${bytesPer}-byte values`);
  // A copy: Buffer slices share a pooled ArrayBuffer, and typed arrays need aligned offsets.
  const copy = new ArrayBuffer(b.byteLength);
  new Uint8Array(copy).set(b);
  return make(copy);
}

const encodeCsr = (c: Csr): WireCsr => ({ offsets: toBase64(c.offsets), targets: toBase64(c.targets) });

export function encodePlatform(p: PlatformSnapshot): WirePlatform {
  return {
    joinedAt: toBase64(p.joinedAt),
    photo: toBase64(p.photo),
    connections: encodeCsr(p.connections),
    addressBooks: encodeCsr(p.addressBooks),
    uploaded: toBase64(p.uploaded),
  };
}

/** Decodes a CSR with `members` rows, each sorted with no repeats and no self-loop, ids in range. */
function decodeCsr(w: unknown, members: number, what: string): Csr {
  if (w === null || typeof w !== 'object') throw new ProtocolError(`${what} must be an object {offsets, targets}`);
  const o = w as Record<string, unknown>;
  const offsets = fromBase64(o.offsets, (b) => new Int32Array(b), 4, `${what}.offsets`);
  const targets = fromBase64(o.targets, (b) => new Int32Array(b), 4, `${what}.targets`);
  if (offsets.length !== members + 1) throw new ProtocolError(`${what}.offsets must hold members + 1 (${members + 1}) values`);
  if (offsets[0] !== 0 || offsets[members] !== targets.length) throw new ProtocolError(`${what}.offsets must start at 0 and end at the length of ${what}.targets`);
  for (let m = 0; m < members; m++) {
    if (offsets[m + 1] < offsets[m]) throw new ProtocolError(`${what}.offsets must be nondecreasing`);
    for (let e = offsets[m]; e < offsets[m + 1]; e++) {
      const x = targets[e];
      if (x < 0 || x >= members || x === m) throw new ProtocolError(`${what}.targets must be ids of other members (row ${m} holds ${x})`);
      if (e > offsets[m] && x <= targets[e - 1]) throw new ProtocolError(`${what}: row ${m} must be sorted with no repeats`);
    }
  }
  return { offsets, targets };
}

/** Decodes and checks a platform snapshot so a bad upload is a 400, never a crash later. */
export function decodePlatform(w: unknown, members: number): PlatformSnapshot {
  if (w === null || typeof w !== 'object') throw new ProtocolError('platform must be an object {joinedAt, photo, connections, addressBooks, uploaded}');
  const o = w as Record<string, unknown>;
  const joinedAt = fromBase64(o.joinedAt, (b) => new Int32Array(b), 4, 'platform.joinedAt');
  const photo = fromBase64(o.photo, (b) => new Uint8Array(b), 1, 'platform.photo');
  const uploaded = fromBase64(o.uploaded, (b) => new Uint8Array(b), 1, 'platform.uploaded');
  for (const [a, name] of [[joinedAt, 'joinedAt'], [photo, 'photo'], [uploaded, 'uploaded']] as const) {
    if (a.length !== members) throw new ProtocolError(`platform.${name} must hold one value per member (${members})`);
  }
  const connections = decodeCsr(o.connections, members, 'platform.connections');
  for (let m = 0; m < members; m++) {
    for (let e = connections.offsets[m]; e < connections.offsets[m + 1]; e++) {
      if (rowIndex(connections, connections.targets[e], m) < 0) throw new ProtocolError(`platform.connections must be symmetric (${m} lists ${connections.targets[e]}, not the reverse)`);
    }
  }
  return { members, joinedAt, photo, connections, addressBooks: decodeCsr(o.addressBooks, members, 'platform.addressBooks'), uploaded };
}


export function encodeTruth(abusiveFrom: Int32Array): { abusiveFrom: string } {
  return { abusiveFrom: toBase64(abusiveFrom) };
}

/** What a service needs to open a run: the run's size, its ladder and what the platform holds at the start. */
export interface RunWorld {
  members: number;
  horizon: number;
  ladder: LadderParams;
  platform: PlatformSnapshot;
  truth?: GroundTruth;
}

export function createRunRequest(world: RunWorld, policy?: PolicySpec): CreateRunRequest {
  return {
    protocol: PROTOCOL_VERSION,
    members: world.members,
    horizon: world.horizon,
    ladder: world.ladder,
    platform: encodePlatform(world.platform),
    ...(world.truth ? { truth: encodeTruth(world.truth.abusiveFrom) } : {}),
    ...(policy ? { policy } : {}),
  };
}

/** Checks a `POST /runs` answer's shape; returns what is wrong, or null. */
export function createdRunProblem(run: unknown): string | null {
  const r = run as Partial<CreateRunResponse> | null;
  const h = r?.hooks;
  if (typeof r?.id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(r.id)) return 'its id must be 1 to 64 letters, digits or dashes';
  if (!h || typeof h.review !== 'boolean' || typeof h.blocked !== 'boolean' || typeof h.score !== 'boolean') return 'hooks must be {review, blocked, score} booleans';
  if (!Array.isArray(r.deferrable) || !r.deferrable.every((t) => (DEFERRABLE_TYPES as readonly string[]).includes(t))) return `deferrable must list some of ${DEFERRABLE_TYPES.join(', ')}`;
  return null;
}

export function decodeTruth(w: unknown, members: number): GroundTruth | undefined {
  if (w === undefined) return undefined;
  if (w === null || typeof w !== 'object') throw new ProtocolError('truth must be an object {abusiveFrom}');
  const abusiveFrom = fromBase64((w as Record<string, unknown>).abusiveFrom, (b) => new Int32Array(b), 4, 'truth.abusiveFrom');
  if (abusiveFrom.length !== members) throw new ProtocolError('truth.abusiveFrom must hold one value per member');
  return { abusiveFrom };
}

/** A request the protocol does not allow; the server answers it with 400 and this message. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
