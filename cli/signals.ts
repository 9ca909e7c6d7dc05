/**
 * Stopping on Ctrl-C or SIGTERM: while a command runs its tasks, either signal aborts them
 * (finished runs are kept) and is remembered, so the command writes partial reports and
 * exits 130 / 143.
 */
export class StopOnSignals {
  private readonly controller = new AbortController();
  private caught: NodeJS.Signals | null = null;
  private readonly onSignal = (s: NodeJS.Signals) => {
    this.caught ??= s;
    this.controller.abort();
  };

  constructor() {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The first signal caught, or null. */
  get stoppedBy(): NodeJS.Signals | null {
    return this.caught;
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}
