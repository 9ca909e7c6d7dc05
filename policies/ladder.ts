/**
 * Ladder: the restriction ladder of the help page, shared by every policy. A restricted
 * member must type the recipient's email for every invitation; a restriction lifts after a
 * cool-down once the policy no longer finds the member suspicious; the restriction that
 * brings a member to `strikesToPermanent` strikes is permanent.
 */
import { MINUTES_PER_HOUR, type Policy } from './policy';

export interface LadderParams {
  /** Hours after a restriction starts before it may lift. */
  coolDownHours: number;
  /** Hours between later lift checks while the policy still finds the member suspicious. */
  recheckHours: number;
  /** The restriction that makes this many strikes is permanent. */
  strikesToPermanent: number;
}

export const FREE = 0;
export const RESTRICTED = 1;
export const PERMANENT = 2;

/** Called when a temporary restriction starts, with the minute of its first lift check. */
export type LiftScheduler = (member: number, at: number) => void;

/**
 * What a policy may see and do with the ladder. Ladder implements it; combinators hand their
 * children an implementation whose restrict() is a vote the combinator counts.
 */
export interface RestrictionLadder {
  readonly state: Uint8Array;
  readonly strikes: Uint8Array;
  readonly since: Int32Array;
  readonly firstAt: Int32Array;
  isRestricted(member: number): boolean;
  /**
   * True while a restrict() call for the member would change nothing: it is restricted, or,
   * for a child of all-of, the child's vote already stands. A policy may skip re-checking
   * its rule for a flagged member.
   */
  flagged(member: number): boolean;
  /** Restricts a free member; returns false if it already was (or, for a child of all-of, if its vote did not complete a restriction). */
  restrict(member: number, now: number): boolean;
}

export class Ladder implements RestrictionLadder {
  /** FREE, RESTRICTED or PERMANENT, by member. */
  readonly state: Uint8Array;
  readonly strikes: Uint8Array;
  /** Minute the current restriction started (-1: never restricted). */
  readonly since: Int32Array;
  /** Minute of the member's first restriction (-1: never). */
  readonly firstAt: Int32Array;
  restrictionsStarted = 0;
  restrictionsLifted = 0;
  permanentRestrictions = 0;
  private readonly coolDown: number;
  private readonly recheck: number;
  /** Told of each change of a member's state (restricted, permanent, lifted): the platform's event log listens here. */
  onChange: ((member: number, state: number, now: number) => void) | null = null;

  constructor(
    members: number,
    readonly params: LadderParams,
    private readonly scheduleLiftCheck: LiftScheduler,
  ) {
    this.state = new Uint8Array(members);
    this.strikes = new Uint8Array(members);
    this.since = new Int32Array(members).fill(-1);
    this.firstAt = new Int32Array(members).fill(-1);
    this.coolDown = Math.max(1, Math.round(params.coolDownHours * MINUTES_PER_HOUR));
    this.recheck = Math.max(1, Math.round(params.recheckHours * MINUTES_PER_HOUR));
  }

  isRestricted(member: number): boolean {
    return this.state[member] !== FREE;
  }

  /** Restricting a restricted member changes nothing; a free one it restricts. */
  flagged(member: number): boolean {
    return this.isRestricted(member);
  }

  /** Restricts a free member; returns false if it already was. */
  restrict(member: number, now: number): boolean {
    if (this.state[member] !== FREE) return false;
    const strikes = Math.min(255, this.strikes[member] + 1);
    this.strikes[member] = strikes;
    this.since[member] = now;
    if (this.firstAt[member] < 0) this.firstAt[member] = now;
    this.restrictionsStarted++;
    if (strikes >= this.params.strikesToPermanent) {
      this.state[member] = PERMANENT;
      this.permanentRestrictions++;
    } else {
      this.state[member] = RESTRICTED;
      this.scheduleLiftCheck(member, now + this.coolDown);
    }
    this.onChange?.(member, this.state[member], now);
    return true;
  }

  /**
   * A scheduled lift check: lifts the restriction if the cool-down has passed and the member
   * no longer looks suspicious, else schedules another check. Returns true if it lifted.
   */
  check(member: number, now: number, policy: Pick<Policy, 'suspicious'>): boolean {
    if (this.state[member] !== RESTRICTED) return false;
    if (now - this.since[member] >= this.coolDown && !policy.suspicious(member, now)) {
      this.state[member] = FREE;
      this.restrictionsLifted++;
      this.onChange?.(member, FREE, now);
      return true;
    }
    this.scheduleLiftCheck(member, now + this.recheck);
    return false;
  }
}
