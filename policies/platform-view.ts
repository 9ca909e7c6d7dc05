/**
 * PlatformView: everything a restriction policy may know of the world, which is what a real
 * platform records and nothing more:
 * - the connection graph: connections members had when the run started plus every accepted
 *   invitation, as it happens (degree, "are a and b connected", mutual connections, iteration);
 * - uploaded address books: which members' email addresses a member uploaded (how a platform
 *   knows "you know this person's email");
 * - account facts: when each account joined, whether it has a profile photo;
 * - and, through the Policy callbacks, the invitation events themselves.
 * Who knows whom, who knows whose email, archetypes and labels are the simulator's truth and
 * never appear here: whatever a real platform could not compute, no policy can compute. The
 * engine implements this view over its own state; `serve` implements it from an uploaded
 * PlatformSnapshot (policies/platform/connection-graph.ts) updated by the accept events.
 */
import type { PlatformSnapshot } from './platform/connection-graph';

export interface PlatformView {
  /** Member ids are 0 .. members-1. */
  readonly members: number;
  /**
   * Minute the account joined the platform (negative: before the run started), or NOT_JOINED for
   * an account that has not joined yet: a platform does not know who will sign up.
   */
  joinedAt(member: number): number;
  hasPhoto(member: number): boolean;
  /** The member's connections now. */
  connectionCount(member: number): number;
  connected(a: number, b: number): boolean;
  /** Connections a and b share, counted up to `cap`. */
  mutualConnections(a: number, b: number, cap: number): number;
  /**
   * Writes the member's connections into `out` (at most out.length of them, in no promised
   * order) and returns how many it has, so a caller whose buffer was short can grow it.
   */
  connectionsOf(member: number, out: Int32Array): number;
  /** Whether the member ever uploaded an address book. */
  uploadedAddressBook(member: number): boolean;
  /** Whether `owner` uploaded an address book holding `member`'s email address. */
  inAddressBook(owner: number, member: number): boolean;
  /** Everything above as plain arrays, as of now: what a policy service is sent when a run opens. */
  snapshot(): PlatformSnapshot;
}

/** joinedAt of an account that has not joined yet (later than any minute, so "oldest first" never picks it). */
export const NOT_JOINED = 2147483647;

/** LinkedIn's documented limit on a member's connections. */
export const CONNECTION_CAP = 30_000;
