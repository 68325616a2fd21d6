import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, order, registered } from './observe.js';

// Issue 13: the nightly segments on the local engine's clock. Two buyers; once the engine's night passes 01:00 UTC
// the profiles carry their ABC class (900 of 1,000: A; the last 10%: B), and no RFM class (too few buyers).
const start = '2026-11-02T10:00:00.000Z';

describe('nightly segments on the local engine', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(registered('cus_big', start), registered('cus_small', start));
    await o.send(order('cus_big', 'ord_big', start, 900), order('cus_small', 'ord_small', start, 100));
  });
  afterAll(async () => h?.stop());

  it('classifies nobody before the night, then ranks the buyers once the clock passes 01:00 UTC', async () => {
    expect((await o.customer('cus_big')) as unknown).toMatchObject({ segments: { rfm: null, abc: null } });
    await o.clockTo('2026-11-03T01:05:00.000Z');
    expect((await o.customer('cus_big')) as unknown).toMatchObject({ segments: { rfm: null, abc: 'A' } });
    expect((await o.customer('cus_small')) as unknown).toMatchObject({ segments: { rfm: null, abc: 'B' } });
  });
});
