import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../../shared/schemas/generate.js';
import { rekindle } from '../../helpers/cli.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { cart } from './events.js';
import { cartRecovery, executorFixture } from './harness.js';

const fixture = useLocalDynamo();

describe('rekindle list', () => {
  it('prints each published version with the report, and flags files not deployed yet', async () => {
    const f = fixture();
    await executorFixture(f, [cartRecovery()]);
    const x = await executorFixture(f, [cartRecovery({ version: 2 })]);
    await x.deliver(cart('cus_1', 'cart_1'));
    const run = await rekindle(
      ['list', '--endpoint', f.url, '--table', f.table, '--dir', 'test/fixtures/workflows/valid'],
      repositoryRoot,
    );
    // It says which table it read; this one was made by the test, not by an engine, so it carries no marker.
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^rekindle list: table "${f.table}" at ${f.url}; no local engine answered`)),
      `rekindle list: warning: table "${f.table}" has no Rekindle marker`,
      '',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('cart-recovery  v1, v2  active  "Cart recovery"');
    expect(run.stdout).toContain('entered 1, converted 0, active 1');
    expect(run.stdout).toMatch(
      /abandoned-cart {2}test\/fixtures\/workflows\/valid\/abandoned-cart\.workflow\.json \(v2\): not deployed yet/,
    );
  });

  it('says where it looked when the table cannot be read', async () => {
    const run = await rekindle(['list', '--endpoint', fixture().url, '--table', 'no-such-table']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot read table "no-such-table" at http:\/\/127\.0\.0\.1:\d+/);
  });
});
