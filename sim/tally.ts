/**
 * Tally: the counters a run keeps as it goes, in flat typed arrays: invitation outcomes by
 * sender archetype, a daily timeline, and honest accept rates by relation (calibration).
 */
import { ARCHETYPES } from './config';
import type { Ladder } from '../policies/ladder';

/** Per-archetype counter columns. */
export const A_ATTEMPTED = 0;
export const A_BLOCKED = 1;
export const A_DELIVERED = 2;
export const A_ACCEPTED = 3;
export const A_IGNORED = 4;
export const A_IDK = 5;
export const A_WITHDRAWN = 6;
export const A_ABUSIVE_DELIVERED = 7;
export const A_HONEST_BLOCKED = 8;
/** Sends the member set out to make, once it had someone to invite: attempted + suppressed + InMails. */
export const A_INTENDED = 9;
/** Sends a restricted member could not make: it had no address to type and no InMail credit. */
export const A_SUPPRESSED = 10;
export const A_HONEST_SUPPRESSED = 11;
export const A_INMAILS = 12;
export const A_HONEST_INMAILS = 13;
/** Connections made by accepted invitations, and those of them with an abusive end. */
export const A_CONNECTIONS = 14;
export const A_ABUSIVE_CONNECTIONS = 15;
/** Minutes honest members spent restricted within the horizon. */
export const A_HONEST_RESTRICTED_MINUTES = 16;
export const A_FIELDS = 17;

/** Invitations count toward the calibrated accept rates only if sent this long before the horizon, so nearly all have been answered. */
export const CALIBRATION_MIN_AGE_DAYS = 14;

/** Relations with a published accept rate to calibrate against: contact, friend of friend, stranger. */
const CALIBRATED_RELATIONS = 3;

/** Timeline columns, in TimelineColumns order after `day`. */
export const TIMELINE_COLUMNS = [
  'attempted',
  'blocked',
  'delivered',
  'accepted',
  'ignored',
  'idk',
  'withdrawn',
  'restrictionsStarted',
  'restrictionsLifted',
] as const;
const T_FIELDS = TIMELINE_COLUMNS.length;
const T_STARTED = 7;
const T_LIFTED = 8;

export class Tally {
  readonly byArchetype = new Float64Array(ARCHETYPES.length * A_FIELDS);
  readonly timeline: Float64Array;
  /** [relation * 2] honest delivered, [relation * 2 + 1] honest accepted: contacts, friends of friends, strangers (the published rates; acquaintances, relation 3, have none). */
  readonly calibration = new Float64Array(6);
  private day = 0;
  private started = 0;
  private lifted = 0;

  constructor(readonly days: number) {
    this.timeline = new Float64Array(days * T_FIELDS);
  }

  /** Closes the previous day's restriction counts and moves to `day`. */
  startDay(day: number, ladder: Ladder): void {
    if (day > 0) this.closeDay(ladder);
    this.day = day;
  }

  endRun(ladder: Ladder): void {
    this.closeDay(ladder);
  }

  attempt(archetype: number, abusive: boolean, delivered: boolean): void {
    const base = archetype * A_FIELDS;
    this.byArchetype[base + A_ATTEMPTED]++;
    const d = this.day * T_FIELDS;
    this.timeline[d]++;
    if (delivered) {
      this.byArchetype[base + A_DELIVERED]++;
      if (abusive) this.byArchetype[base + A_ABUSIVE_DELIVERED]++;
      this.timeline[d + 2]++;
    } else {
      this.byArchetype[base + A_BLOCKED]++;
      if (!abusive) this.byArchetype[base + A_HONEST_BLOCKED]++;
      this.timeline[d + 1]++;
    }
  }

  /** A delivered invitation; `calibrated` when it was sent early enough to count toward the accept rates. */
  delivered(relation: number, honest: boolean, calibrated: boolean): void {
    if (honest && calibrated && relation < CALIBRATED_RELATIONS) this.calibration[relation * 2]++;
  }

  /** A delivered invitation reached `status` (1 accepted .. 4 withdrawn). */
  resolved(archetype: number, status: number, relation: number, honest: boolean, calibrated: boolean): void {
    this.byArchetype[archetype * A_FIELDS + A_DELIVERED + status]++;
    this.timeline[this.day * T_FIELDS + 2 + status]++;
    if (honest && calibrated && status === 1 && relation < CALIBRATED_RELATIONS) this.calibration[relation * 2 + 1]++;
  }

  /** Adds to an archetype's counter, and to its honest twin when the sender was honest. */
  count(archetype: number, field: number, honestField: number, honest: boolean): void {
    const base = archetype * A_FIELDS;
    this.byArchetype[base + field]++;
    if (honest && honestField >= 0) this.byArchetype[base + honestField]++;
  }

  add(archetype: number, field: number, amount: number): void {
    this.byArchetype[archetype * A_FIELDS + field] += amount;
  }

  private closeDay(ladder: Ladder): void {
    const d = this.day * T_FIELDS;
    this.timeline[d + T_STARTED] = ladder.restrictionsStarted - this.started;
    this.timeline[d + T_LIFTED] = ladder.restrictionsLifted - this.lifted;
    this.started = ladder.restrictionsStarted;
    this.lifted = ladder.restrictionsLifted;
  }
}
