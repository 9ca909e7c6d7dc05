/**
 * InvitationLog: the answered invitations a graph detector has seen, as three parallel typed
 * arrays (sender, recipient, accepted), plus invitations sent per member. The batch reads the
 * log whole; recording an answer writes three slots and, rarely, doubles the arrays, so the
 * per-event cost is constant and allocates nothing in steady state.
 */
import { ACCEPT, WITHDRAW, type ResponseKind } from '../../policy';

export class InvitationLog {
  /** Invitation attempts per member (onInvite). */
  readonly sent: Uint32Array;
  senders: Int32Array;
  recipients: Int32Array;
  /** 1: accepted; 0: ignored or answered "I don't know" (a rejection). */
  accepted: Uint8Array;
  /** Answers logged. */
  length = 0;

  constructor(members: number, expected = Math.max(1024, members * 2)) {
    this.sent = new Uint32Array(members);
    this.senders = new Int32Array(expected);
    this.recipients = new Int32Array(expected);
    this.accepted = new Uint8Array(expected);
  }

  invited(sender: number): void {
    this.sent[sender]++;
  }

  /** Records an answer; a withdrawal is nobody's vote and is not kept. */
  answered(sender: number, recipient: number, kind: ResponseKind): void {
    if (kind === WITHDRAW) return;
    if (this.length === this.senders.length) this.grow();
    const i = this.length++;
    this.senders[i] = sender;
    this.recipients[i] = recipient;
    this.accepted[i] = kind === ACCEPT ? 1 : 0;
  }

  private grow(): void {
    const size = this.senders.length * 2;
    const s = new Int32Array(size);
    s.set(this.senders);
    const r = new Int32Array(size);
    r.set(this.recipients);
    const a = new Uint8Array(size);
    a.set(this.accepted);
    this.senders = s;
    this.recipients = r;
    this.accepted = a;
  }
}
