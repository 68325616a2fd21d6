import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyShippedWorkflows, marketerWorkflows, shippedWorkflows } from '../helpers/shipped-workflows.js';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, order, registered } from './observe.js';

// A marketer adds a valid workflow to their folder: 100 points for every order. The tests must not see it: they run
// a copy of the shipped files, named one by one. (Before, the engine under test read the folder itself, and the
// loyalty e2e failed with 1126 points where it expected 1026.)
const start = '2026-11-01T09:00:00.000Z';
const postPurchase = {
  id: 'post-purchase-points',
  version: 1,
  name: 'Post-purchase points',
  priority: 5,
  trigger: { event: { detailType: 'Order Completed' } },
  reentry: { policy: 'always' },
  start: 'thanks',
  steps: {
    thanks: { type: 'awardPoints', points: 100, reason: 'Thank you for your order', next: 'done' },
    done: { type: 'exit' },
  },
};
/** What a copy holds: the named workflow files, and beside them only the shop-wide files and the templates. */
function expectOnlyShipped(folder: string): void {
  const entries = readdirSync(folder);
  const workflowFiles = entries.filter((f) => f.endsWith('.workflow.json')).sort();
  expect(workflowFiles).toEqual(shippedWorkflows.map((id) => `${id}.workflow.json`));
  const others = entries.filter((f) => !f.endsWith('.workflow.json'));
  expect(others).toContain('loyalty.json');
  for (const other of others) expect(['loyalty.json', 'currencies.json', 'templates']).toContain(other);
}

/** A marketer's folder: the repository's, plus the new workflow. */
function marketerFolderWithNewWorkflow(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'rekindle-marketer-')), 'workflows');
  cpSync(marketerWorkflows, folder, { recursive: true });
  writeFileSync(join(folder, `${postPurchase.id}.workflow.json`), JSON.stringify(postPurchase, null, 2));
  return folder;
}

async function pointsAfterOneOrder(h: EngineHarness): Promise<number> {
  const o = observe(h);
  await o.send(registered('cus_marketer', start));
  await o.send(order('cus_marketer', 'ord_marketer', start, 100));
  return (await o.ledger('cus_marketer')).reduce((sum, entry) => sum + entry.points, 0);
}

describe("the marketer's workflows/ folder and npm test", () => {
  const engines: EngineHarness[] = [];
  afterAll(async () => {
    for (const h of engines) await h.stop();
  });
  const started = async (...args: Parameters<typeof startHarness>) => {
    const h = await startHarness(...args);
    engines.push(h);
    return h;
  };

  it("the test engine runs a copy holding only the named shipped files, not the marketer's folder", async () => {
    const h = await started(new Date(start));
    expect(h.workflowsDir.startsWith(marketerWorkflows)).toBe(false);
    expectOnlyShipped(h.workflowsDir);
    expect(h.engine.workflows.map((w) => w.id).sort()).toEqual([...shippedWorkflows]);
  });

  it("a valid new workflow in the marketer's folder changes what an engine over that folder does, not the tests", async () => {
    const marketer = marketerFolderWithNewWorkflow();
    const copy = copyShippedWorkflows({ from: marketer });
    expectOnlyShipped(copy);

    const [overCopy, overFolder] = await Promise.all([
      started(new Date(start), { workflowsDir: copy }),
      started(new Date(start), { workflowsDir: marketer }),
    ]);
    const [tested, marketers] = await Promise.all([pointsAfterOneOrder(overCopy), pointsAfterOneOrder(overFolder)]);
    // The engine over the folder itself awards the new workflow's 100 points: what broke the loyalty e2e before.
    expect(marketers - tested).toBe(100);
    expect(overFolder.engine.workflows.map((w) => w.id)).toContain(postPurchase.id);
    expect(overCopy.engine.workflows.map((w) => w.id)).not.toContain(postPurchase.id);
  });
});
