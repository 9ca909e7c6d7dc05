/**
 * Engine: the closed loop. Members send invitations, the policy rules on each attempt,
 * recipients answer later (or never), senders withdraw, the ladder restricts and lifts.
 * State lives in typed arrays over integer ids (members as packed records, see members.ts);
 * events are int32 payloads (id << 2 | kind) with two data words in a calendar queue, so
 * the loop allocates nothing per event.
 *
 * The engine owns the truth (who knows whom, whose email, labels) and publishes what a
 * platform would record into the PlatformView (`platform`): connections as invitations are
 * accepted, before the policy hears of the answer. Policies get that view and nothing else.
 */
import type { SimConfig } from './config';
import type { KnowsGraph } from './graph';
import type { Population } from './population';
import type { Rng } from './rng';
import { EventQueue } from './queue';
import { ACQUAINTANCE, Agents, CONTACT, FOF, NO_ANSWER, STRANGER, WHEN_CONTINUE, WHEN_EMAIL_ONLY, WHEN_QUIT, WHEN_SLOW, WHEN_WAIT, type Mode } from './agents';
import { EnginePlatform, PolicyView } from './platform';
import { Probing } from './probing';
import { ARCHETYPES } from './config';
import { PENDING, PairTable } from './pair-table';
import { edgeIndex } from './graph';
import type { GroundTruth } from '../policies/truth';
import { Ladder, RESTRICTED } from '../policies/ladder';
import {
  ACCEPT,
  ALLOW,
  BLOCK,
  CHANNEL_EMAIL,
  CHANNEL_IMPORT,
  CHANNEL_PROFILE,
  IGNORE,
  MINUTES_PER_DAY,
  REQUIRE_EMAIL,
  WITHDRAW,
  type Channel,
  type Policy,
  type PolicyContext,
  type ResponseKind,
  type Verdict,
} from '../policies/policy';
import {
  A_ABUSIVE_CONNECTIONS,
  A_CONNECTIONS,
  A_HONEST_INMAILS,
  A_HONEST_RESTRICTED_MINUTES,
  A_HONEST_SUPPRESSED,
  A_INMAILS,
  A_INTENDED,
  A_SUPPRESSED,
  CALIBRATION_MIN_AGE_DAYS,
  Tally,
} from './tally';
import { MemberCounts } from './member-counts';
import type { PlatformLog } from './platform-log';
import { Pairs, answerOf, isCalibrated, isHonest, packInvitation, packSender, recipientOf, relationOf, senderArchetypeOf, senderOf } from './invitations';

const SEND = 0;
const RESPONSE = 1;
const WITHDRAWAL = 2;
const LIFT_CHECK = 3;

/** The tally counts outcomes as 1 + the answer (accepted 1, ignored 2, IDK 3) and withdrawn 4. */
const WITHDRAWN = 4;
/** Targets a sender draws before it gives up a send for want of anyone it may invite. */
const TARGET_TRIES = 4;
/** Events whose first reads are issued together before any of them is handled (Engine.warm). */
const WARM_AHEAD = 64;
/** InMail credits renew every 30 days. */
const INMAIL_MONTH = 30 * MINUTES_PER_DAY;

export class Engine {
  readonly horizon: number;
  readonly queue: EventQueue;
  readonly ladder: Ladder;
  readonly tally: Tally;
  /** Outcomes by sending member: only when asked for (`run --members`), else null. */
  readonly memberCounts: MemberCounts | null;
  private readonly agents: Agents;
  /** The probing attackers' fleets and their rolling weekly counts. */
  private readonly probing: Probing;
  private readonly pairs: Pairs;
  /** The platform's record: connections, address books, account facts (what policies see, through `view`). */
  readonly platform: EnginePlatform;
  /** The platform as a policy gets it: the PlatformView's methods alone. */
  private readonly view: PolicyView;
  /** Pairs a sender may not invite now: pending, paused after a withdrawal or decline, or connected without knowing each other. */
  private readonly barred: PairTable;
  /** InMail credits used per member: month (high byte) and count (low byte). */
  private readonly inmailUsed: Uint16Array;
  private readonly calibratedBefore: number;
  private readonly withdrawPause: number;
  private readonly ignorePause: number;
  private policy: Policy | null = null;
  /** The policy, if it can warm a member's state (Policy.warm). */
  private warmer: Policy | null = null;
  /** The xor of every value `warm` read: kept so that the compiler cannot drop the reads. */
  private warmed = 0;
  /** The policy, if it wants to hear of attempts that were not delivered. */
  private blockedListener: Policy | null = null;
  events = 0;
  /** The platform's event log (`run --events`), or null. */
  log: PlatformLog | null = null;

  constructor(
    private readonly cfg: SimConfig,
    readonly graph: KnowsGraph,
    readonly pop: Population,
    private readonly rng: Rng,
    countMembers = false,
  ) {
    const n = pop.n;
    this.horizon = cfg.days * MINUTES_PER_DAY;
    this.queue = new EventQueue(this.horizon, Math.max(1024, n * 2));
    this.ladder = new Ladder(n, cfg.ladder, (member, at) => this.queue.push(at, (member << 2) | LIFT_CHECK));
    this.tally = new Tally(cfg.days);
    this.memberCounts = countMembers ? new MemberCounts(n) : null;
    this.probing = new Probing(pop.members, n, ARCHETYPES.map((name) => cfg.archetypes[name]));
    for (let m = 0; m < graph.real; m++) pop.members.setCursor(m, rng.int(1 << 30));
    this.barred = new PairTable(Math.max(1024, n));
    this.platform = new EnginePlatform(graph, pop.members, pop.joinedAt, pop.uploaded, cfg.network.connectionCap, this.barred);
    this.view = new PolicyView(this.platform);
    this.agents = new Agents(cfg, graph, pop, rng, this.platform, this.probing);
    this.pairs = new Pairs(Math.max(1024, n >> 2));
    this.inmailUsed = new Uint16Array(n);
    this.calibratedBefore = this.horizon - CALIBRATION_MIN_AGE_DAYS * MINUTES_PER_DAY;
    this.withdrawPause = Math.round(cfg.invitations.reinviteAfterWithdrawDays * MINUTES_PER_DAY);
    this.ignorePause = Math.round(cfg.invitations.reinviteAfterIgnoreDays * MINUTES_PER_DAY);
  }

  /** What a policy may see and use: the platform's view, never the truth. */
  policyContext(): PolicyContext {
    return { members: this.pop.n, horizon: this.horizon, ladder: this.ladder, view: this.view };
  }

  /**
   * Bytes the connection graph costs: the platform's (counts, edge bits, lists, filters) and
   * the pair table's share for its connection entries. Pending and paused invitations, account
   * facts and the queue are not connection state. On the engine, not the view: the share
   * counts connections between people who do not know each other, which policies may not learn.
   */
  connectionStateBytes(): number {
    return this.platform.connectionBytes() + this.barred.connectedBytes();
  }

  /** Connections recorded in the pair table: between people who do not know each other. */
  nonContactConnections(): number {
    return this.barred.connectedEntries();
  }

  /** Ground truth, for the oracle alone. */
  truth(): GroundTruth {
    return { abusiveFrom: this.pop.abusiveFrom };
  }

  /** Runs the closed loop to the horizon. */
  run(policy: Policy): void {
    this.policy = policy;
    this.blockedListener = policy.onBlocked ? policy : null;
    this.warmer = policy.warm ? policy : null;
    const { pop, queue } = this;
    const members = pop.members;
    for (let m = 0; m < pop.n; m++) {
      const a = members.archetype(m);
      if (this.agents.importSize[a] > 0) {
        members.setBurstLeft(m, Math.round(this.agents.importSize[a] * this.rng.spread(0.5)));
        // The import walks the address book from its first entry (Agents.nextBookEntry).
        members.setCursor(m, 0);
        queue.push(members.activeAt(m), m << 2);
      } else this.scheduleSend(m, members.activeAt(m));
    }
    const reviewEvery = Math.max(1, this.cfg.reviewEveryMinutes);
    const review = policy.review ? policy : null;
    const log = this.log;
    for (let t = 0; t < this.horizon; t++) {
      queue.now = t;
      // Accounts joining at t are on the platform from t on, before anything else happens in the minute.
      this.platform.now = t;
      log?.minute(t);
      if (t % MINUTES_PER_DAY === 0) this.tally.startDay(t / MINUTES_PER_DAY, this.ladder);
      if (review && t % reviewEvery === 0) review.review!(t);
      // A chunk at a time: read ahead for the next WARM_AHEAD events (warm), then handle them.
      for (let more = true; more; ) {
        this.warmed ^= queue.peekNow(this.warm, WARM_AHEAD);
        for (let k = 0; k < WARM_AHEAD && (more = this.handle(queue.popNow(), t)); k++);
      }
    }
    for (let m = 0; m < pop.n; m++) if (this.ladder.isRestricted(m)) this.restrictionEnded(m, this.horizon);
    this.tally.endRun(this.ladder);
  }

  /**
   * Reads, for one of the next WARM_AHEAD events, the records its handling will read first: the
   * member's own record, restriction state and policy state; for an answer or withdrawal, both
   * ends' connection counts (an accept adds to them) and the pair's slot in the pair table as well. At
   * scale each is a cache miss: the arrays are far larger than the cache. Handled one by one, an event's misses
   * wait for the previous event's work; read for the next events first, from addresses that
   * do not depend on one another, they are in flight at once. A few dozen at a time, not a
   * whole minute's: at a million members a minute holds over a thousand events, and what was
   * read for the first would leave the cache before the last was handled. Reads only, so
   * results do not change.
   */
  private readonly warm = (ev: number, data0: number, data1: number): number => {
    const kind = ev & 3;
    if (kind === LIFT_CHECK) return 0;
    const m = kind === SEND ? ev >>> 2 : senderOf(data0);
    let x = this.pop.members.archetype(m) ^ this.ladder.state[m];
    if (this.warmer !== null) x ^= this.warmer.warm!(m);
    if (kind === SEND) return x ^ this.graph.offsets[m];
    const recipient = recipientOf(data1);
    return x ^ this.platform.count[m] ^ this.platform.count[recipient] ^ this.barred.warm(m, recipient);
  };

  /** Handles the event popNow returned at minute t; false if there was none (-1: the minute is done). */
  private handle(ev: number, t: number): boolean {
    if (ev < 0) return false;
    this.events++;
    const id = ev >>> 2;
    const queue = this.queue;
    switch (ev & 3) {
      case SEND:
        this.send(id, t);
        break;
      case RESPONSE:
        this.settle(id, queue.data0, queue.data1, false, t);
        break;
      case WITHDRAWAL:
        this.settle(id, queue.data0, queue.data1, true, t);
        break;
      case LIFT_CHECK:
        if (this.log !== null && this.ladder.state[id] === RESTRICTED) this.log.check(t, id);
        if (this.ladder.check(id, t, this.policy!)) this.restrictionEnded(id, t);
        break;
    }
    return true;
  }

  /**
   * Every restriction ends here once (lifted, or in force at the horizon), so this is where
   * it is judged against the truth in time: its minutes before the member's abusiveFrom are an
   * honest cost (all of them for an honest member; a takeover's owner until the takeover), and
   * the first one that started at or after abusiveFrom is the detection (Members.caughtAt).
   */
  private restrictionEnded(m: number, t: number): void {
    const members = this.pop.members;
    const from = this.pop.abusiveFrom[m];
    const since = this.ladder.since[m];
    const honestEnd = from < 0 ? t : Math.min(t, from);
    if (honestEnd > since) this.tally.add(members.archetype(m), A_HONEST_RESTRICTED_MINUTES, honestEnd - since);
    if (from >= 0 && since >= from && members.caughtAt(m) < 0) members.setCaughtAt(m, since);
  }

  /** Whether `m` is abusive at minute t (ground truth). */
  abusiveAt(m: number, t: number): boolean {
    const from = this.pop.members.abusiveFrom(m);
    return from >= 0 && t >= from;
  }

  private send(m: number, t: number): void {
    const { pop, agents, ladder } = this;
    const members = pop.members;
    if (members.quit(m)) return;
    if (members.takeImportEnded(m)) return this.scheduleSend(m, t);
    const a = members.archetype(m);
    const abusive = this.abusiveAt(m, t);
    // Only taken-over accounts have a distinct abusive mode; for others both modes are the same figures.
    const mode: Mode = abusive ? agents.takeoverMode : agents.honestMode;
    const burst = members.burstLeft(m);
    const imported = burst > 0;
    if (imported) members.setBurstLeft(m, burst - 1);
    this.scheduleSend(m, t, mode);

    const probes = this.probing.probes(a);
    if (probes) this.probing.observe(m, a, t, ladder.strikes[m]);
    const restricted = ladder.isRestricted(m);
    // Before a takeover the account behaves like its honest owner.
    const when = !restricted ? -1 : abusive || members.abusiveFrom(m) < 0 ? agents.whenRestricted[a] : WHEN_EMAIL_ONLY;
    if (when === WHEN_QUIT && abusive) {
      members.setQuit(m);
      return;
    }
    if (when === WHEN_WAIT) return;
    if (when === WHEN_SLOW && !this.rng.chance(agents.slowFactor[a])) return;
    if (probes && !this.probing.allow(m, a)) return;
    if (!this.pickAllowedTarget(m, mode, imported, t)) {
      // Nobody left in the address book: the import is over (else this send found only entries the platform refused).
      if (imported && agents.bookUsedUp(m)) members.endImport(m);
      return;
    }
    const honest = !abusive;
    this.tally.count(a, A_INTENDED, -1, honest);

    const recipient = agents.target;
    let channel: Channel = imported ? CHANNEL_IMPORT : CHANNEL_PROFILE;
    // Whether the sender was found to lack the address (so a REQUIRE_EMAIL does not ask again).
    let lacksEmail = false;
    if (when === WHEN_EMAIL_ONLY || when === WHEN_CONTINUE) {
      // A restricted member must type the address. The bulk import is closed to it (each
      // address would have to be typed); without the address, an InMail if it has credits.
      const typed = !imported && agents.knowsTargetEmail(m);
      if (typed) channel = CHANNEL_EMAIL;
      else if (this.useInmail(m, t)) {
        this.log?.inmail(t, m, recipient);
        this.policy!.onInmail?.(m, recipient, t);
        return this.tally.count(a, A_INMAILS, A_HONEST_INMAILS, honest);
      }
      else if (when === WHEN_EMAIL_ONLY) return this.tally.count(a, A_SUPPRESSED, A_HONEST_SUPPRESSED, honest);
      else lacksEmail = true;
    }
    const note = channel === CHANNEL_PROFILE && this.rng.chance(mode.note[a]);
    let verdict: Verdict = this.policy!.onInvite(m, recipient, t, channel, note);
    if (verdict === ALLOW && ladder.isRestricted(m)) verdict = REQUIRE_EMAIL;
    if (abusive && members.firstAbuseAt(m) < 0) members.setFirstAbuseAt(m, t);
    // Under REQUIRE_EMAIL the invitation goes if it carries the address (typed, or from an import) or the sender has it.
    const delivered = verdict !== BLOCK && (verdict !== REQUIRE_EMAIL || channel !== CHANNEL_PROFILE || (!lacksEmail && agents.knowsTargetEmail(m)));
    this.log?.invite(t, m, recipient, channel, note, verdict, delivered);
    this.tally.attempt(a, abusive, delivered);
    this.memberCounts?.attempt(m, delivered);
    if (!delivered) {
      this.blockedListener?.onBlocked!(m, recipient, t);
      return;
    }
    this.deliver(m, recipient, t, note, abusive);
  }

  /**
   * Draws whom m invites, redrawing when the platform would not let it: someone it is
   * connected to, has a pending invitation to or from, or paused after a withdrawal or
   * decline, or either side at the connection cap. An import takes the address book's next
   * entries the same way. False when every draw failed (no attempt is made).
   */
  private pickAllowedTarget(m: number, mode: Mode, imported: boolean, t: number): boolean {
    const agents = this.agents;
    const platform = this.platform;
    const barred = this.barred;
    const today = Math.floor(t / MINUTES_PER_DAY);
    for (let k = 0; k < TARGET_TRIES; k++) {
      if (imported) {
        if (!agents.nextBookEntry(m)) return false;
      } else agents.pickTarget(m, mode);
      const x = agents.target;
      if (x === m) continue;
      const e = agents.edge;
      if (e >= 0 && platform.edgeConnected(e)) continue;
      if (platform.atCap(m) || platform.atCap(x)) continue;
      // The pair table bars pending, paused and (for people who do not know each other) connected pairs.
      // The other way, a pending invitation bars it too (on a platform, m would be offered to accept it), as
      // does a connection recorded from x's invitation. Real members invite only real members (with two or
      // more of them), so a fake sender's real target has no entry towards it.
      const reverse = m < this.pop.real || x >= this.pop.real || this.pop.real < 2;
      if (barred.bars(m, x, today, reverse)) continue;
      return true;
    }
    return false;
  }

  /** Spends one of m's InMail credits for this month, if it has credits and any are left. */
  private useInmail(m: number, t: number): boolean {
    if (this.pop.inmail[m] === 0) return false;
    const month = Math.floor(t / INMAIL_MONTH) & 0xff;
    let used = this.inmailUsed[m];
    if (used >>> 8 !== month) used = month << 8;
    if ((used & 0xff) >= this.cfg.inmail.creditsPerMonth) return false;
    this.inmailUsed[m] = used + 1;
    return true;
  }

  private deliver(m: number, recipient: number, t: number, note: boolean, abusive: boolean): void {
    const { agents, queue } = this;
    const relation = agents.relation;
    const answer = agents.planResponse(m, recipient, note);
    const calibrated = t <= this.calibratedBefore;
    this.tally.delivered(relation, !abusive, calibrated);
    this.barred.set(m, recipient, PENDING, t);
    const a = this.pop.members.archetype(m);
    // Senders withdraw what they fear will come back "I don't know": invitations to strangers and acquaintances, less often to friends of friends.
    const w = relation === STRANGER || relation === ACQUAINTANCE ? agents.withdrawRate[a] : relation === FOF ? agents.withdrawRate[a] * 0.5 : 0;
    const withdraws = w > 0 && this.rng.chance(w);
    const answers = answer !== NO_ANSWER;
    if (!answers && !withdraws) return; // stays pending to the end: nothing will read it again
    // Payload: pair slot + 1 (0: a single event) and the kind.
    const pair = answers && withdraws ? (this.pairs.open() + 1) << 2 : 0;
    const sender = packSender(m, a);
    const packed = packInvitation(recipient, answer, relation, !abusive, calibrated);
    if (answers) queue.push(t + agents.delay, pair | RESPONSE, sender, packed);
    if (withdraws) queue.push(t + agents.withdrawAfter[a], pair | WITHDRAWAL, sender, packed);
  }

  /** An answer or a withdrawal fires: the first of an invitation's events settles it. */
  private settle(pair: number, packedSender: number, packed: number, withdrawal: boolean, t: number): void {
    if (pair > 0 && !this.pairs.claim(pair - 1)) return;
    const sender = senderOf(packedSender);
    const recipient = recipientOf(packed);
    const relation = relationOf(packed);
    const honest = isHonest(packed);
    let answer = answerOf(packed);
    const platform = this.platform;
    // The platform refuses a connection past the cap; the invitation counts as ignored.
    if (!withdrawal && answer === ACCEPT && (platform.atCap(sender) || platform.atCap(recipient))) answer = IGNORE;
    const status = withdrawal ? WITHDRAWN : 1 + answer;
    const a = senderArchetypeOf(packedSender);
    this.tally.resolved(a, status, relation, honest, isCalibrated(packed));
    if (!withdrawal && this.probing.probes(a)) this.probing.answered(sender, answer === ACCEPT);
    this.memberCounts?.resolved(sender, status);
    if (!withdrawal && answer === ACCEPT) {
      const e = relation === CONTACT ? edgeIndex(this.graph, sender, recipient) : -1;
      // Acquaintances' connection is their edge's bit, so the pair is freed; anyone else's is the pair's entry (connect sets it).
      if (e >= 0) this.barred.set(sender, recipient, 0, t);
      // The connection exists before the policy hears of the answer, as on a platform.
      platform.connect(sender, recipient, e, t);
      this.tally.count(a, A_CONNECTIONS, -1, false);
      // A foothold: an abusive account connected to one that is not (ring and fleet mates connecting is no reach).
      if (!honest !== this.abusiveAt(recipient, t)) this.tally.count(a, A_ABUSIVE_CONNECTIONS, -1, false);
      // Fake accounts reach friends of friends through whoever accepted them.
      if (sender >= this.pop.real) this.pop.members.setLastAcceptor(sender, recipient);
    } else this.barred.set(sender, recipient, t + (withdrawal ? this.withdrawPause : this.ignorePause), t);
    const kind = withdrawal ? WITHDRAW : (answer as ResponseKind);
    this.log?.answer(t, sender, recipient, kind);
    this.policy!.onResponse(sender, recipient, kind, t);
  }

  /** Schedules m's next send: a burst goes minute by minute, else an exponential gap at the member's rate. */
  private scheduleSend(m: number, from: number, mode: Mode = this.agents.honestMode): void {
    const members = this.pop.members;
    if (members.burstLeft(m) > 0) {
      this.queue.push(from + 1, m << 2);
      return;
    }
    const rate = members.rate(m) * mode.rateFactor[members.archetype(m)];
    const takeoverAt = members.abusiveFrom(m);
    const pendingTakeover = takeoverAt > from && takeoverAt > members.activeAt(m);
    if (rate <= 0 && !pendingTakeover) return;
    let at = rate > 0 ? from + 1 + Math.floor(this.rng.exp(MINUTES_PER_DAY / rate)) : this.horizon;
    // A takeover changes the rate at once: the owner's next send waits no longer than it.
    if (pendingTakeover && at > takeoverAt) at = takeoverAt;
    this.queue.push(at, m << 2);
  }
}
