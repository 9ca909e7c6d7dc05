/**
 * FeatureAccumulator: every member's feature vector (features/schema.ts), kept up to date from
 * the events a policy hears and read from the platform view. One class for both uses: the
 * `model` policy feeds it inside a run, and `invitesim features` feeds it from a log through a
 * backtest's replay, so the vectors a model saw in a run and the exported ones cannot differ.
 *
 * Counts live in typed arrays over member ids and the last invitees in a ring per member, so an
 * event costs a few array writes and nothing is allocated; what depends on the graph as it is
 * now (degree, clustering among recent invitees) is read when a vector is written.
 * Imports only policies/: it sees what a policy sees.
 */
import { NOT_JOINED, type PlatformView } from '../policies/platform-view';
import { ACCEPT, IDK, IGNORE, MINUTES_PER_DAY, WITHDRAW, type ResponseKind } from '../policies/policy';
import { RollingCounter } from '../policies/rolling';

/** Recent invitees kept per member for invitee_clustering (28 pairs: cheap enough to read for 100,000 members at once). */
export const RECENT_INVITEES = 8;
/** Mutual connections of a pair are counted up to this (invitee_mutual_mean). */
export const MUTUAL_CAP = 10;

export class FeatureAccumulator {
  private readonly day: RollingCounter;
  private readonly week: RollingCounter;
  private readonly invites: Uint32Array;
  private readonly strangers: Uint32Array;
  private readonly accepts: Uint32Array;
  private readonly ignores: Uint32Array;
  private readonly idks: Uint32Array;
  private readonly withdrawals: Uint32Array;
  private readonly inmails: Uint32Array;
  private readonly mutualSum: Float64Array;
  /** The last RECENT_INVITEES recipients of each member; slot = attempt number modulo its size. */
  private readonly recent: Int32Array;
  /** Of the last attempt onInvite saw: whether its recipient was a stranger, and the pair's mutual connections (capped). */
  lastStranger = false;
  lastMutual = 0;

  constructor(private readonly view: PlatformView) {
    const n = view.members;
    this.day = new RollingCounter(n, MINUTES_PER_DAY, 24);
    this.week = new RollingCounter(n, 7 * MINUTES_PER_DAY, 28);
    this.invites = new Uint32Array(n);
    this.strangers = new Uint32Array(n);
    this.accepts = new Uint32Array(n);
    this.ignores = new Uint32Array(n);
    this.idks = new Uint32Array(n);
    this.withdrawals = new Uint32Array(n);
    this.inmails = new Uint32Array(n);
    this.mutualSum = new Float64Array(n);
    this.recent = new Int32Array(n * RECENT_INVITEES);
  }

  /** An invitation attempt, read against the platform as it is at the attempt (before any answer). */
  onInvite(sender: number, recipient: number, now: number): void {
    const view = this.view;
    const mutual = view.mutualConnections(sender, recipient, MUTUAL_CAP);
    const stranger = mutual === 0 && !view.inAddressBook(sender, recipient) && !view.inAddressBook(recipient, sender);
    this.lastStranger = stranger;
    this.lastMutual = mutual;
    this.day.add(sender, now);
    this.week.add(sender, now);
    const k = this.invites[sender]++;
    if (stranger) this.strangers[sender]++;
    this.mutualSum[sender] += mutual;
    this.recent[sender * RECENT_INVITEES + (k % RECENT_INVITEES)] = recipient;
  }

  onResponse(sender: number, kind: ResponseKind): void {
    if (kind === ACCEPT) this.accepts[sender]++;
    else if (kind === IGNORE) this.ignores[sender]++;
    else if (kind === IDK) this.idks[sender]++;
    else if (kind === WITHDRAW) this.withdrawals[sender]++;
  }

  onInmail(sender: number): void {
    this.inmails[sender]++;
  }

  /** Whether the member's account exists on the platform at this minute (a vector is written only for those). */
  joined(member: number): boolean {
    return this.view.joinedAt(member) !== NOT_JOINED;
  }

  /**
   * Writes the member's FEATURE_COUNT features as of `now` into out[at ..], in the documented
   * order. Reads only; the windows move to `now`, which changes no later reading.
   */
  write(member: number, now: number, out: Float32Array, at: number): void {
    const view = this.view;
    const invites = this.invites[member];
    const accepts = this.accepts[member];
    const ignores = this.ignores[member];
    const idks = this.idks[member];
    const answered = accepts + ignores + idks;
    const joinedAt = view.joinedAt(member);
    out[at] = this.day.count(member, now);
    out[at + 1] = this.week.count(member, now);
    out[at + 2] = invites;
    out[at + 3] = invites === 0 ? 0 : this.strangers[member] / invites;
    out[at + 4] = answered;
    out[at + 5] = answered === 0 ? 0 : accepts / answered;
    out[at + 6] = answered === 0 ? 0 : ignores / answered;
    out[at + 7] = answered === 0 ? 0 : idks / answered;
    out[at + 8] = accepts;
    out[at + 9] = ignores;
    out[at + 10] = idks;
    out[at + 11] = this.withdrawals[member];
    out[at + 12] = this.inmails[member];
    out[at + 13] = joinedAt === NOT_JOINED ? 0 : (now - joinedAt) / MINUTES_PER_DAY;
    out[at + 14] = view.hasPhoto(member) ? 1 : 0;
    out[at + 15] = view.connectionCount(member);
    out[at + 16] = this.clustering(member, invites);
    out[at + 17] = invites === 0 ? 0 : this.mutualSum[member] / invites;
  }

  /** Connected pairs among the distinct recent invitees, over those pairs (0 with none). */
  private clustering(member: number, invites: number): number {
    const size = Math.min(invites, RECENT_INVITEES);
    if (size < 2) return 0;
    const base = member * RECENT_INVITEES;
    const r = this.recent;
    const view = this.view;
    let pairs = 0;
    let linked = 0;
    for (let i = 1; i < size; i++) {
      const a = r[base + i];
      for (let j = 0; j < i; j++) {
        const b = r[base + j];
        if (a === b) continue;
        pairs++;
        if (view.connected(a, b)) linked++;
      }
    }
    return pairs === 0 ? 0 : linked / pairs;
  }
}
