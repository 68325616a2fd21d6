/** A job the local scheduler runs, standing in for an EventBridge Scheduler schedule on AWS. */
export interface ScheduledJob {
  readonly name: string;
  run(now: Date): Promise<unknown>;
}

/**
 * Runs the jobs on the engine's clock: every `intervalMs` of real time, and at once whenever the clock is moved,
 * so advancing the clock by 60 days fires what came due in those days. Runs never overlap.
 */
export class LocalScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly now: () => Date,
    private readonly onError: (job: string, error: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.runDue(), intervalMs);
    this.timer.unref();
  }

  /** Runs every job once at the clock's current time, after any run in progress. */
  runDue(): Promise<void> {
    this.running = this.running.then(async () => {
      const now = this.now();
      for (const job of this.jobs) {
        try {
          await job.run(now);
        } catch (error) {
          this.onError(job.name, error);
        }
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
