/**
 * RunSession: one simulation run as the reference server holds it: the policy, its own
 * restriction ladder (the client mirrors every restriction it reports) and the batch rule.
 * Events are validated as a whole before any is applied, so a rejected request changes nothing.
 */
import type { PolicySpec } from '../definition';
import type { LadderParams } from '../ladder';
import { ConnectionGraph, type PlatformSnapshot } from '../platform/connection-graph';
import type { GroundTruth } from '../truth';
import { Ladder } from '../ladder';
import { ACCEPT, type Channel, type Policy, type PolicyContext, type ResponseKind } from '../policy';
import { NOT_JOINED } from '../platform-view';
import {
  CHANNELS,
  KINDS,
  ProtocolError,
  encodeScore,
  verdictName,
  type DeferrableType,
  type EventsResponse,
  type Hooks,
  type Restriction,
} from './protocol';

/** A ladder that remembers the restrictions started since the last take(). */
class ReportingLadder extends Ladder {
  private log: Restriction[] = [];

  restrict(member: number, now: number): boolean {
    const started = super.restrict(member, now);
    if (started) this.log.push({ member, time: now });
    return started;
  }

  take(): Restriction[] {
    const out = this.log;
    this.log = [];
    return out;
  }
}

/** A parsed event: type code, then up to four integer fields (positional, as the Policy takes them). */
const INVITE = 0;
const RESPONSE = 1;
const BLOCKED = 2;
const REVIEW = 3;
const SUSPICIOUS = 4;
const SCORES = 5;
const JOIN = 6;
const TYPES = ['invite', 'response', 'blocked', 'review', 'suspicious', 'scores', 'join'];

/** Most scores one request may ask for, so an answer stays a few MB. */
export const MAX_SCORES = 1 << 16;

interface Parsed {
  type: number;
  a: number;
  b: number;
  c: number;
  t: number;
}

export interface SessionWorld {
  members: number;
  horizon: number;
  ladder: LadderParams;
  platform: PlatformSnapshot;
  truth?: GroundTruth;
}

export class RunSession {
  readonly hooks: Hooks;
  readonly deferrable: DeferrableType[];
  /** Set when a policy call threw or a held-back event restricted: the session's state is no longer the client's. */
  broken: string | null = null;
  lastUsed: number;
  private readonly ladder: ReportingLadder;
  private readonly policy: Policy;
  /** The platform as this service sees it: the uploaded snapshot, plus each accepted invitation. */
  private readonly view: ConnectionGraph;
  private readonly members: number;
  private readonly horizon: number;
  private readonly deferMask: number;
  /** The latest minute an applied event carried: a run's events never go back in time. */
  private latest = 0;
  /**
   * The last applied request's sequence number and its answer. A client resends a request
   * whose answer it lost (the connection closed first) with the same number; applying it
   * again would count its events twice, so it gets this answer back instead.
   */
  private lastSeq = 0;
  private lastAnswer: EventsResponse | null = null;

  constructor(
    readonly id: string,
    readonly spec: PolicySpec,
    world: SessionWorld,
    create: (spec: PolicySpec, ctx: PolicyContext, truth?: GroundTruth) => Policy,
    deferrable: DeferrableType[],
    now: number,
  ) {
    this.members = world.members;
    this.horizon = world.horizon;
    // Lift checks are the client's to schedule; the server only answers them.
    this.ladder = new ReportingLadder(world.members, world.ladder, () => {});
    this.view = new ConnectionGraph(world.platform);
    this.policy = create(spec, { members: world.members, horizon: world.horizon, ladder: this.ladder, view: this.view }, world.truth);
    this.hooks = { review: typeof this.policy.review === 'function', blocked: typeof this.policy.onBlocked === 'function', score: typeof this.policy.score === 'function' };
    this.deferrable = deferrable;
    // A join only updates the view (no policy call can restrict in it), so it may come anywhere in a request.
    this.deferMask = (deferrable.includes('response') ? 1 << RESPONSE : 0) | (deferrable.includes('blocked') ? 1 << BLOCKED : 0) | (1 << JOIN);
    this.lastUsed = now;
  }

  /** Applies a request's events in order; answers the last. Throws ProtocolError for a bad request. */
  apply(raw: unknown): EventsResponse {
    if (this.broken) throw new SessionBroken(this.broken);
    const seq = this.sequence(raw);
    if (seq !== null && seq === this.lastSeq) return this.lastAnswer!;
    const events = this.parse(raw);
    const last = events.length - 1;
    let answer: EventsResponse['answer'] = null;
    for (let i = 0; i <= last; i++) {
      const e = events[i];
      const before = this.ladder.restrictionsStarted;
      try {
        answer = this.call(e);
      } catch (err) {
        this.broken = `the policy threw on events[${i}] (${TYPES[e.type]}): ${err instanceof Error ? err.message : String(err)}`;
        throw new SessionBroken(this.broken);
      }
      if (i < last && this.ladder.restrictionsStarted !== before) {
        this.broken = `events[${i}] (${TYPES[e.type]}) was sent late as a notification, but the policy restricted in it; this service wrongly declared ${TYPES[e.type]} events deferrable`;
        throw new SessionBroken(this.broken);
      }
    }
    this.latest = events.reduce((t, e) => (e.type === SCORES ? t : Math.max(t, e.t)), this.latest);
    const response = { answer, restricted: this.ladder.take() };
    if (seq !== null) {
      this.lastSeq = seq;
      this.lastAnswer = response;
    }
    return response;
  }

  /**
   * The request's `seq`, or null without one. Numbers only grow: a request the server refused
   * (400) was not applied, so the client's next number may skip one; a number below the last
   * applied one is a request from the past, which no answer can be given for.
   */
  private sequence(raw: unknown): number | null {
    const seq = raw !== null && typeof raw === 'object' ? (raw as { seq?: unknown }).seq : undefined;
    if (seq === undefined) return null;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) throw new ProtocolError(`seq must be a positive integer (got ${JSON.stringify(seq)})`);
    if (seq < this.lastSeq) throw new ProtocolError(`seq ${seq} is below ${this.lastSeq}, the last this run applied: only the last request can be answered again`);
    return seq;
  }

  private call(e: Parsed): EventsResponse['answer'] {
    const p = this.policy;
    switch (e.type) {
      case INVITE:
        return verdictName(p.onInvite(e.a, e.b, e.t, e.c as Channel, e.c >= 4));
      case RESPONSE:
        // As in the engine, the connection exists before the policy hears of the answer.
        if (e.c === ACCEPT) this.view.connect(e.a, e.b);
        p.onResponse(e.a, e.b, e.c as ResponseKind, e.t);
        return null;
      case BLOCKED:
        p.onBlocked!(e.a, e.b, e.t);
        return null;
      case REVIEW:
        p.review!(e.t);
        return null;
      case SUSPICIOUS:
        return this.liftCheck(e.a, e.t);
      case JOIN:
        // The policy reads it from its view, as in process, where the engine's view shows the account from this minute.
        this.view.join(e.a, e.t);
        return null;
      default: {
        // scores
        const out = new Array(e.b);
        for (let k = 0; k < e.b; k++) out[k] = encodeScore(p.score!(e.a + k));
        return out;
      }
    }
  }

  /**
   * The client's ladder asks after a restriction's cool-down. The server runs its own ladder's
   * check, which asks the policy under the same rule; if it would not ask, the two ladders
   * disagree and the run can no longer be exact.
   */
  private liftCheck(member: number, now: number): boolean {
    let asked = false;
    let answer = false;
    this.ladder.check(member, now, {
      suspicious: (m, t) => {
        asked = true;
        answer = this.policy.suspicious(m, t);
        return answer;
      },
    });
    if (!asked) {
      this.broken = `suspicious(${member}) at minute ${now}: on this service member ${member} is not due a lift check (state ${this.ladder.state[member]}, restricted since minute ${this.ladder.since[member]}); client and service ladders disagree`;
      throw new SessionBroken(this.broken);
    }
    return answer;
  }

  private parse(raw: unknown): Parsed[] {
    if (raw === null || typeof raw !== 'object' || !Array.isArray((raw as { events?: unknown }).events)) {
      throw new ProtocolError('body must be {"events": [...]} with at least one event');
    }
    const list = (raw as { events: unknown[] }).events;
    if (list.length === 0) throw new ProtocolError('events must hold at least one event');
    const out: Parsed[] = new Array(list.length);
    let latest = this.latest;
    for (let i = 0; i < list.length; i++) {
      const e = this.parseEvent(list[i], `events[${i}]`);
      if (e.type !== SCORES) {
        if (e.t < latest) throw new ProtocolError(`events[${i}].time ${e.t} is before minute ${latest}, which this run has already seen: time cannot go backwards within a run`);
        latest = e.t;
      }
      if (i < list.length - 1 && ((1 << e.type) & this.deferMask) === 0) {
        throw new ProtocolError(
          `events[${i}] is ${TYPES[e.type]}: only the last event of a request is answered, and ${this.deferrable.length === 0 ? 'no events' : `only ${this.deferrable.join(' and ')} events`} may come before it on this run`,
        );
      }
      out[i] = e;
    }
    return out;
  }

  private parseEvent(raw: unknown, at: string): Parsed {
    if (raw === null || typeof raw !== 'object') throw new ProtocolError(`${at} must be an object with a "type"`);
    const e = raw as Record<string, unknown>;
    const type = TYPES.indexOf(e.type as string);
    if (type < 0) throw new ProtocolError(`${at}.type must be one of ${TYPES.join(', ')} (got ${JSON.stringify(e.type)})`);
    const member = (k: string) => this.int(e[k], `${at}.${k}`, 0, this.members - 1);
    const time = () => this.int(e.time, `${at}.time`, 0, this.horizon);
    switch (type) {
      case INVITE: {
        const channel = CHANNELS.indexOf(e.channel as (typeof CHANNELS)[number]);
        if (channel < 0) throw new ProtocolError(`${at}.channel must be one of ${CHANNELS.join(', ')}`);
        if (typeof e.note !== 'boolean') throw new ProtocolError(`${at}.note must be true or false`);
        // The note rides in bit 2 of the channel field.
        return { type, a: member('sender'), b: member('recipient'), c: channel | (e.note ? 4 : 0), t: time() };
      }
      case RESPONSE: {
        const kind = KINDS.indexOf(e.kind as (typeof KINDS)[number]);
        if (kind < 0) throw new ProtocolError(`${at}.kind must be one of ${KINDS.join(', ')}`);
        return { type, a: member('sender'), b: member('recipient'), c: kind, t: time() };
      }
      case BLOCKED:
        if (!this.hooks.blocked) throw new ProtocolError(`${at}: this run's policy takes no blocked events (hooks.blocked is false)`);
        return { type, a: member('sender'), b: member('recipient'), c: 0, t: time() };
      case REVIEW:
        if (!this.hooks.review) throw new ProtocolError(`${at}: this run's policy has no review (hooks.review is false)`);
        return { type, a: 0, b: 0, c: 0, t: time() };
      case SUSPICIOUS:
        return { type, a: member('member'), b: 0, c: 0, t: time() };
      case JOIN: {
        const m = member('member');
        const joined = this.view.joinedAt(m);
        if (joined !== NOT_JOINED) throw new ProtocolError(`${at}: member ${m} is already on the platform (joined at minute ${joined}); an account joins once`);
        return { type, a: m, b: 0, c: 0, t: time() };
      }
      default: {
        // scores
        if (!this.hooks.score) throw new ProtocolError(`${at}: this run's policy has no score (hooks.score is false)`);
        const from = this.int(e.from, `${at}.from`, 0, this.members);
        const count = this.int(e.count, `${at}.count`, 0, Math.min(MAX_SCORES, this.members - from));
        return { type, a: from, b: count, c: 0, t: 0 };
      }
    }
  }

  private int(v: unknown, at: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ProtocolError(`${at} must be an integer from ${min} to ${max} (got ${JSON.stringify(v)})`);
    }
    return v;
  }
}

/** The session can no longer answer exactly; the server answers 409 and keeps refusing. */
export class SessionBroken extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionBroken';
  }
}
