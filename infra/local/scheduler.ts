const maxStops = 100_000;

/** A job the local scheduler runs, standing in for an EventBridge Scheduler schedule on AWS. */
export interface ScheduledJob {
  readonly name: string;
  run(now: Date): Promise<unknown>;
  /**
   * The earliest time after `after` the job has work, if it can tell: lets a clock jump stop at every due time on
   * the way (work already due but failing does not stall it).
   */
  nextDueAt?(after: Date): Promise<string | null>;
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

  /**
   * Moves `clock` to `to` the way time would pass: stopping at each time a job has work due (oldest first) and
   * running the jobs there, so a birthday or a reminder on the way fires at its own time, not at the end.
   */
  async advanceTo(to: Date, clock: { set(at: Date): Date }, afterEachRun: () => Promise<void>): Promise<void> {
    for (let stops = 0; stops < maxStops; stops++) {
      const now = this.now();
      const dues = await Promise.all(this.jobs.map((job) => job.nextDueAt?.(now) ?? Promise.resolve(null)));
      const next = dues.filter((d): d is string => d !== null && new Date(d) > now).sort()[0];
      if (next === undefined || new Date(next) >= to) break;
      clock.set(new Date(next));
      await this.runDue();
      await afterEachRun();
    }
    clock.set(to);
    await this.runDue();
    await afterEachRun();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
