import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ControllableClock } from '../../shared/platform/clock.js';

const savedClock = z.object({ now: z.string(), savedAt: z.string().optional() });

/**
 * A persisted engine keeps its clock: after `POST /clock {"advance":"P60D"}` and a restart, time does not run back
 * behind the data (timers already fired stay fired). Stored as `<dataDir>/clock.json`: the clock's reading and the
 * real time it was taken at. The restored clock keeps the same lead over real time, so time that passed while the
 * engine was down counts, and a clock saved a moment before a crash is not behind where it was at the crash.
 */
export function restoreClock(dataDir: string): ControllableClock {
  const file = join(dataDir, 'clock.json');
  const saved = existsSync(file) ? savedClock.safeParse(readJson(file)) : undefined;
  const now = Date.parse(saved?.data?.now ?? '');
  if (!Number.isFinite(now)) return new ControllableClock();
  // A file from before `savedAt` was written: resume at its reading, as the engine used to.
  const savedAt = Date.parse(saved?.data?.savedAt ?? '') || Date.now();
  const lead = now - savedAt;
  return new ControllableClock(lead > 0 ? { start: new Date(Date.now() + lead) } : {});
}

/** Writes the clock atomically (temp file, fsync, rename): a crash mid-save leaves the previous save, never a torn one. */
export function saveClock(dataDir: string, clock: ControllableClock): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'clock.json');
  const tmp = `${file}.tmp`;
  const text = `${JSON.stringify({ now: clock.now().toISOString(), savedAt: new Date().toISOString() })}\n`;
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export interface ClockKeeper {
  /** Saves now (call after every move of the clock). */
  save(): void;
  /** Stops the periodic save and saves a last time. */
  close(): Promise<void>;
}

/**
 * Keeps `<dataDir>/clock.json` current while the engine runs: the caller saves after each move, and a periodic save
 * catches any other (a direct `clock.set`), so a SIGKILL loses at most `intervalMs` of a move nobody saved.
 */
export function keepClockSaved(
  dataDir: string,
  clock: ControllableClock,
  onError: (error: unknown) => void,
  intervalMs = 2000,
): ClockKeeper {
  const save = (): void => {
    try {
      saveClock(dataDir, clock);
    } catch (error) {
      onError(error);
    }
  };
  save();
  const timer = setInterval(save, intervalMs);
  timer.unref();
  return {
    save,
    close: async () => {
      clearInterval(timer);
      save();
    },
  };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    // Starting on real time instead would move the clock back behind the data: stop and say which file.
    throw new Error(`${file} is not readable JSON; fix or delete it to restart the clock`, { cause: error });
  }
}
