/**
 * PendingJoins: the accounts not on the platform when a run opened, for the client to tell a
 * service of each (a `join` event) once the view shows it joined. The view never says who will
 * sign up, so each pending account is looked at again, once a minute of the run at most, until
 * it has joined.
 */
import { NOT_JOINED, type PlatformView } from '../platform-view';

export class PendingJoins {
  /** [0, count) are still not on the platform. */
  private readonly pending: Int32Array;
  private count = 0;
  /** The latest minute looked at. */
  private seenAt = -1;

  constructor(private readonly view: PlatformView) {
    this.pending = new Int32Array(view.members);
    for (let m = 0; m < view.members; m++) if (view.joinedAt(m) === NOT_JOINED) this.pending[this.count++] = m;
  }

  /**
   * Calls `join(member, minute)` for each pending account the view shows joined by `now`, in
   * order of their minutes (then ids), and forgets them. Each minute is later than any `now`
   * asked before (the account was not on the platform then) and no later than this one, so
   * events sent in the order asked never go back in time.
   */
  due(now: number, join: (member: number, minute: number) => void): void {
    if (now <= this.seenAt || this.count === 0) return;
    this.seenAt = now;
    const joined: number[] = [];
    const p = this.pending;
    for (let k = 0; k < this.count; ) {
      // A join later than `now` (the view's clock ahead of the call) waits its turn.
      const j = this.view.joinedAt(p[k]);
      if (j === NOT_JOINED || j > now) k++;
      else {
        joined.push(p[k]);
        p[k] = p[--this.count];
      }
    }
    joined.sort((a, b) => this.view.joinedAt(a) - this.view.joinedAt(b) || a - b);
    for (const m of joined) join(m, this.view.joinedAt(m));
  }
}
