/**
 * PlatformLog: what the engine tells the platform's event log as a run goes (`run --events`).
 * Only what the platform itself records: attempts with the policy's verdict and whether they
 * went out, answers as the platform saw them, InMails, joins, the restriction ladder's lift
 * checks. Never who knows whom, intent or labels: those go to the separate labels file.
 * Restriction starts and lifts come from the ladder (Ladder.onChange); connections at the
 * start, address books and account facts from the PlatformView's snapshot.
 */
import type { Channel, ResponseKind, Verdict } from '../policies/policy';

export interface PlatformLog {
  /** An attempt and the verdict the sender met (ALLOW turned REQUIRE_EMAIL while restricted), and whether it was delivered. */
  invite(t: number, sender: number, recipient: number, channel: Channel, note: boolean, verdict: Verdict, delivered: boolean): void;
  /** A restricted sender without the address wrote an InMail instead. */
  inmail(t: number, sender: number, recipient: number): void;
  /** A delivered invitation was answered or withdrawn (an accept the connection cap refused is an ignore). */
  answer(t: number, sender: number, recipient: number, kind: ResponseKind): void;
  /** The ladder looked at a restricted member's lift (whether or not it lifted): its place fixes the replay's order. */
  check(t: number, member: number): void;
  /** Minute t begins (before its events): the log writes the joins of that minute here. */
  minute(t: number): void;
}
