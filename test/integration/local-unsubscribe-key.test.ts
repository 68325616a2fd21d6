import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localUnsubscribeKeys } from '../../infra/local/unsubscribe.js';

describe('the local engine unsubscribe key', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekindle-key-'));
    dirs.push(dir);
    return join(dir, '.rekindle');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is generated once into <dataDir>/unsubscribe.key (owner-only) and read back on the next start', () => {
    const dir = dataDir();
    const [first] = localUnsubscribeKeys({ dataDir: dir });
    const file = join(dir, 'unsubscribe.key');
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(Buffer.from(first ?? []));
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(localUnsubscribeKeys({ dataDir: dir })).toEqual([first]);
  });

  it('with --memory: a fresh key each start, nothing written', () => {
    const dir = dataDir();
    const [a] = localUnsubscribeKeys({ dataDir: dir, memory: true });
    const [b] = localUnsubscribeKeys({ dataDir: dir, memory: true });
    expect(a).not.toEqual(b);
    expect(() => statSync(dir)).toThrow();
  });

  it('a file that is not a key list stops the engine, naming the file', () => {
    const dir = dataDir();
    localUnsubscribeKeys({ dataDir: dir });
    writeFileSync(join(dir, 'unsubscribe.key'), 'c2hvcnQ=\n');
    expect(() => localUnsubscribeKeys({ dataDir: dir })).toThrow(/unsubscribe\.key: the key is 5 bytes/);
  });
});
