import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keepClockSaved, restoreClock, saveClock } from '../../infra/local/saved-clock.js';
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

  it('keeps its lead over real time, so a save taken before a crash is not behind the clock at the crash', () => {
    const dir = tempDir();
    const day = 24 * 3600 * 1000;
    const savedAt = Date.now() - 10 * 60 * 1000; // saved 10 minutes ago, 30 days ahead; then killed
    writeFileSync(
      join(dir, 'clock.json'),
      JSON.stringify({ now: new Date(savedAt + 30 * day).toISOString(), savedAt: new Date(savedAt).toISOString() }),
    );
    const before = Date.now();
    expect(restoreClock(dir).now().getTime()).toBeGreaterThanOrEqual(before + 30 * day);
  });

  it('resumes a file without savedAt (written before it existed) at its reading', () => {
    const dir = tempDir();
    const future = new Date(Date.now() + 60 * 24 * 3600 * 1000);
    writeFileSync(join(dir, 'clock.json'), JSON.stringify({ now: future.toISOString() }));
    expect(restoreClock(dir).now().getTime()).toBeGreaterThanOrEqual(future.getTime());
  });

  it('refuses an unreadable file rather than starting on real time behind the data', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'clock.json'), '{"now":');
    expect(() => restoreClock(dir)).toThrow(/clock\.json is not readable JSON/);
  });

  it('is saved when started, on each save() after a move, and once more on close', async () => {
    const dir = tempDir();
    const clock = new ControllableClock({ start: new Date('2030-01-01T00:00:00Z'), frozen: true });
    const saved = () => JSON.parse(readFileSync(join(dir, 'clock.json'), 'utf8')).now;
    const keeper = keepClockSaved(dir, clock, (error) => {
      throw error;
    });
    expect(saved()).toBe('2030-01-01T00:00:00.000Z');
    clock.set(new Date('2030-03-01T00:00:00Z'));
    keeper.save();
    expect(saved()).toBe('2030-03-01T00:00:00.000Z');
    clock.set(new Date('2030-04-01T00:00:00Z'));
    await keeper.close();
    expect(saved()).toBe('2030-04-01T00:00:00.000Z');
  });
});
