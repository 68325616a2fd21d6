import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreClock, saveClock } from '../../infra/local/saved-clock.js';
import { ControllableClock } from '../../shared/platform/clock.js';

describe('the persisted local clock', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekindle-clock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('resumes where an advanced clock stopped, so time never runs back behind the data', () => {
    const dir = tempDir();
    const future = new Date(Date.now() + 60 * 24 * 3600 * 1000);
    saveClock(dir, new ControllableClock({ start: future, frozen: true }));
    expect(restoreClock(dir).now().getTime()).toBeGreaterThanOrEqual(future.getTime());
  });

  it('runs on real time when nothing was saved or the saved time has passed', () => {
    const dir = tempDir();
    expect(Math.abs(restoreClock(dir).now().getTime() - Date.now())).toBeLessThan(60_000);
    saveClock(dir, new ControllableClock({ start: new Date('2020-01-01T00:00:00Z'), frozen: true }));
    expect(restoreClock(dir).now().getTime()).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
  });
});
