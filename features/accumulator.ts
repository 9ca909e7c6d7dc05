/**
 * FeatureAccumulator: every member's feature vector (features/schema.ts), kept up to date from
 * the events a policy hears and read from the platform view. One class for both uses: the
 * `model` policy feeds it inside a run, and `invitesim features` feeds it from a log through a
 * backtest's replay, so the vectors a model saw in a run and the exported ones cannot differ.
 *
 * Counts and the last invitees live in one typed record per member (see RING), so an
 * event costs a few array writes and nothing is allocated; what depends on the graph as it is
 * now (degree, clustering among recent invitees) is read when a vector is written.
 * Imports only policies/: it sees what a policy sees.
 */
import { NOT_JOINED, type PlatformView } from '../policies/platform-view';
import { ACCEPT, IDK, IGNORE, MINUTES_PER_DAY, WITHDRAW, type ResponseKind } from '../policies/policy';
import { RollingCounter } from '../policies/rolling';
import { cacheLineBuffer } from '../policies/platform/cache-lines';

/** Recent invitees kept per member for invitee_clustering (28 pairs: cheap enough to read for 100,000 members at once). */
export const RECENT_INVITEES = 8;
/** Mutual connections of a pair are counted up to this (invitee_mutual_mean). */
export const MUTUAL_CAP = 10;

/**
 * A member's counts, the sum of its mutual counts and its recent invitees share one 64-byte
 * record (an event reads and writes a random sender's, so eight arrays cost eight cache
 * misses where one record costs one or two). In 32-bit words: the counts below, the sum as a
 * float64 in words 6-7, the ring from word RING.
 */
const INVITES = 0;
const STRANGERS = 1;
const ACCEPTS = 2;
const IGNORES = 3;
const IDKS = 4;
const WITHDRAWALS = 5;
/** The float64 index of the mutual sum within a record. */
const MUTUAL_SUM = 3;
const RING = 8;
const WORDS = RING + RECENT_INVITEES;

export class FeatureAccumulator {
  private readonly day: RollingCounter;
  private readonly week: RollingCounter;
  /** The records' counts. */
  private readonly counts: Uint32Array;
  /** The same records as float64s, for the mutual sum. */
  private readonly sums: Float64Array;
  /** The same records as int32s: the ring of the last RECENT_INVITEES recipients; slot = attempt number modulo its size. */
  private readonly recent: Int32Array;
  /** Apart from the records: only InMail events touch it. */
  private readonly inmails: Uint32Array;
  /** Of the last attempt onInvite saw: whether its recipient was a stranger, and the pair's mutual connections (capped). */
  lastStranger = false;
  lastMutual = 0;

  constructor(private readonly view: PlatformView) {
    const n = view.members;
    // No peaks: a vector reads the counts only, and without them the week's 28 buckets fit a line.
    this.day = new RollingCounter(n, MINUTES_PER_DAY, 24, false);
    this.week = new RollingCounter(n, 7 * MINUTES_PER_DAY, 28, false);
    // On cache lines: a record that straddled two would cost two misses.
    const records = cacheLineBuffer(n * WORDS * 4);
    this.counts = new Uint32Array(records, 0, n * WORDS);
    this.sums = new Float64Array(records, 0, (n * WORDS) / 2);
    this.recent = new Int32Array(records, 0, n * WORDS);
    this.inmails = new Uint32Array(n);
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
    const r = sender * WORDS;
    const k = this.counts[r + INVITES]++;
    if (stranger) this.counts[r + STRANGERS]++;
    this.sums[(r >>> 1) + MUTUAL_SUM] += mutual;
    this.recent[r + RING + (k % RECENT_INVITEES)] = recipient;
  }

  onResponse(sender: number, kind: ResponseKind): void {
    const r = sender * WORDS;
    if (kind === ACCEPT) this.counts[r + ACCEPTS]++;
    else if (kind === IGNORE) this.counts[r + IGNORES]++;
    else if (kind === IDK) this.counts[r + IDKS]++;
    else if (kind === WITHDRAW) this.counts[r + WITHDRAWALS]++;
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
    const r = member * WORDS;
    const c = this.counts;
    const invites = c[r + INVITES];
    const accepts = c[r + ACCEPTS];
    const ignores = c[r + IGNORES];
    const idks = c[r + IDKS];
    const answered = accepts + ignores + idks;
    const joinedAt = view.joinedAt(member);
    out[at] = this.day.count(member, now);
    out[at + 1] = this.week.count(member, now);
    out[at + 2] = invites;
    out[at + 3] = invites === 0 ? 0 : c[r + STRANGERS] / invites;
    out[at + 4] = answered;
    out[at + 5] = answered === 0 ? 0 : accepts / answered;
    out[at + 6] = answered === 0 ? 0 : ignores / answered;
    out[at + 7] = answered === 0 ? 0 : idks / answered;
    out[at + 8] = accepts;
    out[at + 9] = ignores;
    out[at + 10] = idks;
    out[at + 11] = c[r + WITHDRAWALS];
    out[at + 12] = this.inmails[member];
    out[at + 13] = joinedAt === NOT_JOINED ? 0 : (now - joinedAt) / MINUTES_PER_DAY;
    out[at + 14] = view.hasPhoto(member) ? 1 : 0;
    out[at + 15] = view.connectionCount(member);
    out[at + 16] = this.clustering(member, invites);
    out[at + 17] = invites === 0 ? 0 : this.sums[(r >>> 1) + MUTUAL_SUM] / invites;
  }

  /** Connected pairs among the distinct recent invitees, over those pairs (0 with none). */
  private clustering(member: number, invites: number): number {
    const size = Math.min(invites, RECENT_INVITEES);
    if (size < 2) return 0;
    const base = member * WORDS + RING;
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
