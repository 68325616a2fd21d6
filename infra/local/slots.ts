/**
 * At most `size` tasks at once, the others waiting in order: the local stand-in for a function's concurrency limit.
 * Unbounded, a 10,000-event burst started every handler at once; dynalite (one process) then answered each request so
 * late that the SDK aborted them, and valid events were parked.
 */
export class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
