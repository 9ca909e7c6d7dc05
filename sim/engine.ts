/**
 * Engine: the closed loop. Members send invitations, the policy rules on each attempt,
 * recipients answer later (or never), senders withdraw, the ladder restricts and lifts.
 * State lives in typed arrays over integer ids (members as packed records, see members.ts);
 * events are int32 payloads (id << 2 | kind) with two data words in a calendar queue, so
 * the loop allocates nothing per event.
 */
import type { SimConfig } from './config';
import type { KnowsGraph } from './graph';
import type { Population } from './population';
import type { Rng } from './rng';
import { EventQueue } from './queue';
import { Agents, CONTACT, NO_ANSWER, WHEN_EMAIL_ONLY, WHEN_QUIT, WHEN_SLOW, WHEN_WAIT, type Mode } from './agents';
import { Ladder } from '../policies/ladder';
import {
  ACCEPT,
  ALLOW,
  BLOCK,
  CHANNEL_IMPORT,
  CHANNEL_PROFILE,
  MINUTES_PER_DAY,
  REQUIRE_EMAIL,
  WITHDRAW,
  type Policy,
  type PolicyContext,
  type ResponseKind,
  type Verdict,
} from '../policies/policy';
import { Tally } from './tally';
import { MemberCounts } from './member-counts';
import { Pairs, answerOf, isHonest, packInvitation, packSender, recipientOf, relationOf, senderArchetypeOf, senderOf } from './invitations';

const SEND = 0;
const RESPONSE = 1;
const WITHDRAWAL = 2;
const LIFT_CHECK = 3;

/** The tally counts outcomes as 1 + the answer (accepted 1, ignored 2, IDK 3) and withdrawn 4. */
const WITHDRAWN = 4;

export class Engine {
  readonly horizon: number;
  readonly queue: EventQueue;
  readonly ladder: Ladder;
  readonly tally: Tally;
  /** Outcomes by sending member: only when asked for (`run --members`), else null. */
  readonly memberCounts: MemberCounts | null;
  private readonly agents: Agents;
  /** Sends in each adaptive attacker's current 7-day window. */
  private readonly windowSends: Uint16Array;
  private readonly pairs: Pairs;
  private policy: Policy | null = null;
  /** The policy, if it wants to hear of attempts that were not delivered. */
  private blockedListener: Policy | null = null;
  events = 0;

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
    this.windowSends = new Uint16Array(n);
    for (let m = 0; m < graph.real; m++) pop.members.setCursor(m, rng.int(1 << 30));
    this.agents = new Agents(cfg, graph, pop, rng);
    this.pairs = new Pairs(Math.max(1024, n >> 2));
  }

  /** What a policy may see and use. */
  policyContext(): PolicyContext {
    return { members: this.pop.n, horizon: this.horizon, ladder: this.ladder, graph: this.graph, truth: { abusiveFrom: this.pop.abusiveFrom } };
  }

  /** Runs the closed loop to the horizon. */
  run(policy: Policy): void {
    this.policy = policy;
    this.blockedListener = policy.onBlocked ? policy : null;
    const { pop, queue } = this;
    const members = pop.members;
    for (let m = 0; m < pop.n; m++) {
      const a = members.archetype(m);
      if (this.agents.importSize[a] > 0) {
        members.setBurstLeft(m, Math.round(this.agents.importSize[a] * this.rng.spread(0.5)));
        queue.push(members.activeAt(m), m << 2);
      } else this.scheduleSend(m, members.activeAt(m));
    }
    const reviewEvery = Math.max(1, this.cfg.reviewEveryMinutes);
    const review = policy.review ? policy : null;
    for (let t = 0; t < this.horizon; t++) {
      queue.now = t;
      if (t % MINUTES_PER_DAY === 0) this.tally.startDay(t / MINUTES_PER_DAY, this.ladder);
      if (review && t % reviewEvery === 0) review.review!(t);
      for (let ev = queue.popNow(); ev >= 0; ev = queue.popNow()) {
        this.events++;
        const id = ev >>> 2;
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
            this.ladder.check(id, t, policy);
            break;
        }
      }
    }
    this.tally.endRun(this.ladder);
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
    const a = members.archetype(m);
    const abusive = this.abusiveAt(m, t);
    // Only taken-over accounts have a distinct abusive mode; for others both modes are the same figures.
    const mode: Mode = abusive ? agents.takeoverMode : agents.honestMode;
    const burst = members.burstLeft(m);
    const imported = burst > 0;
    if (imported) members.setBurstLeft(m, burst - 1);
    this.scheduleSend(m, t, mode);

    let targetChosen = false;
    if (ladder.isRestricted(m)) {
      // Before a takeover the account behaves like its honest owner.
      const when = abusive || members.abusiveFrom(m) < 0 ? agents.whenRestricted[a] : WHEN_EMAIL_ONLY;
      if (when === WHEN_QUIT && abusive) {
        members.setQuit(m);
        return;
      }
      if (when === WHEN_WAIT) return;
      if (when === WHEN_SLOW && !this.rng.chance(agents.slowFactor[a])) return;
      if (when === WHEN_EMAIL_ONLY && !imported) {
        if (!agents.pickEmailContact(m)) return;
        targetChosen = true;
      }
    }
    if (agents.weeklyBudget[a] > 0 && !this.withinBudget(m, a, t)) return;
    if (!targetChosen) agents.pickTarget(m, mode);

    const recipient = agents.target;
    const channel = imported ? CHANNEL_IMPORT : CHANNEL_PROFILE;
    const note = channel === CHANNEL_PROFILE && this.rng.chance(mode.note[a]);
    let verdict: Verdict = this.policy!.onInvite(m, recipient, t, channel, note);
    if (verdict === ALLOW && ladder.isRestricted(m)) verdict = REQUIRE_EMAIL;
    if (abusive && members.firstAbuseAt(m) < 0) members.setFirstAbuseAt(m, t);
    // Under REQUIRE_EMAIL the invitation goes by typed email if the sender has the address.
    const delivered = verdict !== BLOCK && (verdict !== REQUIRE_EMAIL || agents.knowsTargetEmail(m, imported));
    this.tally.attempt(a, abusive, delivered);
    this.memberCounts?.attempt(m, delivered);
    if (!delivered) {
      this.blockedListener?.onBlocked!(m, recipient, t);
      return;
    }
    this.deliver(m, recipient, t, note, abusive);
  }

  private deliver(m: number, recipient: number, t: number, note: boolean, abusive: boolean): void {
    const { agents, queue } = this;
    const relation = agents.relation;
    const answer = agents.planResponse(m, recipient, note);
    this.tally.delivered(relation, !abusive);
    const a = this.pop.members.archetype(m);
    const w = agents.withdrawRate[a];
    const withdraws = w > 0 && this.rng.chance(relation === CONTACT ? w * 0.1 : w);
    const answers = answer !== NO_ANSWER;
    if (!answers && !withdraws) return; // stays pending to the end: nothing will read it again
    // Payload: pair slot + 1 (0: a single event) and the kind.
    const pair = answers && withdraws ? (this.pairs.open() + 1) << 2 : 0;
    const sender = packSender(m, a);
    const packed = packInvitation(recipient, answer, relation, !abusive);
    if (answers) queue.push(t + agents.delay, pair | RESPONSE, sender, packed);
    if (withdraws) queue.push(t + agents.withdrawAfter[a], pair | WITHDRAWAL, sender, packed);
  }

  /** An answer or a withdrawal fires: the first of an invitation's events settles it. */
  private settle(pair: number, packedSender: number, packed: number, withdrawal: boolean, t: number): void {
    if (pair > 0 && !this.pairs.claim(pair - 1)) return;
    const sender = senderOf(packedSender);
    const recipient = recipientOf(packed);
    const answer = answerOf(packed);
    const status = withdrawal ? WITHDRAWN : 1 + answer;
    this.tally.resolved(senderArchetypeOf(packedSender), status, relationOf(packed), isHonest(packed));
    this.memberCounts?.resolved(sender, status);
    // The accepted pair is now connected; fake accounts reach friends of friends through it (real members through whom they know).
    if (!withdrawal && answer === ACCEPT && sender >= this.pop.real) this.pop.members.setLastAcceptor(sender, recipient);
    this.policy!.onResponse(sender, recipient, withdrawal ? WITHDRAW : (answer as ResponseKind), t);
  }

  /** Adaptive attackers keep each 7-day window under a budget that shrinks with every strike. */
  private withinBudget(m: number, a: number, t: number): boolean {
    const members = this.pop.members;
    if (t - members.windowStart(m) >= 7 * MINUTES_PER_DAY) {
      members.setWindowStart(m, t);
      this.windowSends[m] = 0;
    }
    const budget = this.agents.weeklyBudget[a] * Math.pow(this.agents.backoff[a], this.ladder.strikes[m]);
    if (this.windowSends[m] >= budget) return false;
    this.windowSends[m]++;
    return true;
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
