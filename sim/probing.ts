/**
 * Probing: how an adaptive attacker's operator learns a volume cap it cannot see. The
 * operator runs a fleet of accounts (one archetype) and a rule borrowed from congestion
 * control (additive increase, multiplicative decrease: Jacobson 1988): while none of its
 * accounts is caught, the fleet's weekly level rises by `step` a day; when one is caught, the
 * level where it was caught becomes the ceiling, the level drops to `backoff` x ceiling and
 * never again climbs past `memory` x ceiling. Only `scoutShare` of the accounts probe at the
 * level; the rest keep `memory` x the level (and under the ceiling), a margin the scouts have
 * already tried, so the fleet pays for what it learns with its scouts (operators of bulk fake accounts work
 * fleets this way: Thomas et al., "Trafficking Fraudulent Accounts", USENIX Security 2013).
 * Each account counts its sends over a rolling 7 days (daily buckets), as a weekly cap counts.
 *
 * A second mode, for rules on the accept rate (acceptance-ratio, Yang et al. 2011): with
 * `acceptTarget` above 0, an account whose answered invitations are accepted less than that
 * share of the time sends its next invitations where they are accepted, to friends of friends
 * (connections of whoever accepted it, who see a mutual connection) or, with none, to fleet
 * mates, which the operator has accept (sim/agents.ts), until its rate is back above the
 * target. The operator is taken to see every answer (the rate a detector computes), the
 * attacker's best case. Mixing in accepted invitations to lift the accept rate is the
 * collusion of Yang et al. and the evasion Cao et al. (Rejecto, ICDCS 2015) build against;
 * befriending the friends of those who accepted is the socialbots' own tactic (Boshmaf et al.,
 * ACSAC 2011).
 */
import { ARCHETYPES, type ArchetypeParams } from './config';
import type { Members } from './members';
import { MINUTES_PER_DAY } from '../policies/policy';

const DAYS = 7;

export class Probing {
  private readonly level = new Float64Array(ARCHETYPES.length);
  private readonly ceiling = new Float64Array(ARCHETYPES.length).fill(Infinity);
  private readonly day = new Int32Array(ARCHETYPES.length);
  private readonly rule: Array<NonNullable<ArchetypeParams['adaptive']> | null>;
  /** Each probing account's slot (-1: not an adaptive account). */
  private readonly slotOf: Int32Array;
  private readonly buckets: Uint16Array;
  private readonly newest: Int32Array;
  private readonly strikesSeen: Uint8Array;
  private readonly scout: Uint8Array;
  /** Each account's answered invitations and those accepted (for `acceptTarget`). */
  private readonly answers: Uint32Array;
  private readonly accepts: Uint32Array;

  constructor(members: Members, n: number, params: ArchetypeParams[]) {
    this.rule = params.map((p) => p.adaptive);
    this.rule.forEach((r, a) => (this.level[a] = r ? r.startWeekly : 0));
    this.slotOf = new Int32Array(n).fill(-1);
    const perArchetype = new Int32Array(ARCHETYPES.length);
    let slots = 0;
    for (let m = 0; m < n; m++) {
      const a = members.archetype(m);
      if (this.rule[a]) (this.slotOf[m] = slots++), perArchetype[a]++;
    }
    this.buckets = new Uint16Array(slots * DAYS);
    this.newest = new Int32Array(slots);
    this.strikesSeen = new Uint8Array(slots);
    this.scout = new Uint8Array(slots);
    this.answers = new Uint32Array(slots);
    this.accepts = new Uint32Array(slots);
    const scouts = perArchetype.map((count, a) => Math.ceil(count * (this.rule[a]?.scoutShare ?? 0)));
    for (let m = 0; m < n; m++) {
      const a = members.archetype(m);
      if (this.slotOf[m] >= 0 && scouts[a]-- > 0) this.scout[this.slotOf[m]] = 1;
    }
  }

  /** Whether m's archetype probes. */
  probes(a: number): boolean {
    return this.rule[a] !== null;
  }

  /** The account sees its own restrictions (the email prompt): a new strike teaches the fleet its ceiling. */
  observe(m: number, a: number, t: number, strikes: number): void {
    const s = this.slotOf[m];
    this.advance(a, t);
    this.roll(s, t);
    if (strikes <= this.strikesSeen[s]) return;
    this.strikesSeen[s] = strikes;
    const r = this.rule[a]!;
    this.ceiling[a] = Math.min(this.ceiling[a], Math.max(1, this.sent(s)));
    this.level[a] = Math.min(this.level[a], r.backoff * this.ceiling[a]);
  }

  /** Whether m may send now under the fleet's level; counts the send if so. */
  allow(m: number, a: number): boolean {
    const s = this.slotOf[m];
    const r = this.rule[a]!;
    const limit = this.scout[s] ? this.level[a] : r.memory * Math.min(this.level[a], this.ceiling[a]);
    if (this.sent(s) >= limit) return false;
    this.buckets[s * DAYS + (this.newest[s] % DAYS)]++;
    return true;
  }

  /** An invitation m sent was answered (accepted, ignored or IDK; withdrawals are no answer). */
  answered(m: number, accepted: boolean): void {
    const s = this.slotOf[m];
    this.answers[s]++;
    if (accepted) this.accepts[s]++;
  }

  /** Whether m's archetype keeps an accept-rate target and m's answered invitations are accepted less than it. */
  belowTarget(m: number, a: number): boolean {
    const target = this.rule[a]?.acceptTarget ?? 0;
    if (target === 0) return false;
    const s = this.slotOf[m];
    return this.answers[s] > 0 && this.accepts[s] < target * this.answers[s];
  }

  /** Additive increase, a step a simulated day, up to memory x ceiling. */
  private advance(a: number, t: number): void {
    const today = Math.floor(t / MINUTES_PER_DAY);
    const r = this.rule[a]!;
    for (; this.day[a] < today; this.day[a]++) this.level[a] = Math.min(this.level[a] + r.step, r.memory * this.ceiling[a]);
  }

  /** Moves the account's buckets to today's, emptying the days in between. */
  private roll(s: number, t: number): void {
    const today = Math.floor(t / MINUTES_PER_DAY);
    for (let d = this.newest[s] + 1; d <= today && d <= this.newest[s] + DAYS; d++) this.buckets[s * DAYS + (d % DAYS)] = 0;
    if (today > this.newest[s]) this.newest[s] = today;
  }

  /** Sends over the rolling 7 days. */
  private sent(s: number): number {
    let n = 0;
    for (let k = 0; k < DAYS; k++) n += this.buckets[s * DAYS + k];
    return n;
  }
}
