import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControllableClock } from '../../shared/platform/clock.js';

/**
 * A persisted engine keeps its clock: after `POST /clock {"advance":"P60D"}` and a restart, time does not run back
 * behind the data (timers already fired stay fired). Stored as `<dataDir>/clock.json`.
 */
export function restoreClock(dataDir: string): ControllableClock {
  const file = join(dataDir, 'clock.json');
  const saved = existsSync(file) ? Date.parse(String(JSON.parse(readFileSync(file, 'utf8')).now)) : Number.NaN;
  return new ControllableClock(Number.isFinite(saved) && saved > Date.now() ? { start: new Date(saved) } : {});
}

export function saveClock(dataDir: string, clock: ControllableClock): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'clock.json'), `${JSON.stringify({ now: clock.now().toISOString() })}\n`);
}
