/**
 * CircuitBreaker: stops a run from waiting on a service that has stopped answering. After
 * `failures` failed requests in a row it opens: requests are not made and their answers fall
 * back at once. Every `probeMs` while open, one request goes through (half-open): a success
 * closes it, a failure keeps it open for another interval. So a hung service costs a run
 * about `failures` timeouts plus one timeout per probe interval, not a timeout per decision.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openSince: number | null = null;
  private lastProbe = 0;
  /** Times it opened. */
  opened = 0;

  constructor(
    readonly failures: number,
    readonly probeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a request may be made now: closed, or open and due a probe (which this call takes). */
  allow(): boolean {
    if (this.openSince === null) return true;
    const t = this.now();
    if (t - this.lastProbe < this.probeMs) return false;
    this.lastProbe = t;
    return true;
  }

  succeeded(): void {
    this.consecutive = 0;
    this.openSince = null;
  }

  failed(): void {
    this.consecutive++;
    if (this.openSince === null && this.consecutive >= this.failures) {
      this.openSince = this.lastProbe = this.now();
      this.opened++;
    }
  }

  get isOpen(): boolean {
    return this.openSince !== null;
  }
}
