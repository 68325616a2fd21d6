/** The time source every component reads. On AWS it is the system clock; locally the admin API can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that runs at real speed from an adjustable offset, or stands still when frozen (tests).
 * It only moves forward: setting it into the past is refused, because timers already fired cannot un-fire.
 */
export class ControllableClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | null;

  constructor(options: { start?: Date; frozen?: boolean } = {}) {
    const start = options.start?.getTime() ?? Date.now();
    this.frozenAt = options.frozen ? start : null;
    this.offsetMs = options.frozen ? 0 : start - Date.now();
  }

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  set(to: Date): Date {
    const current = this.now().getTime();
    if (to.getTime() < current)
      throw new RangeError(`the clock only moves forward: ${to.toISOString()} is in its past`);
    if (this.frozenAt !== null) this.frozenAt = to.getTime();
    else this.offsetMs += to.getTime() - current;
    return this.now();
  }
}
