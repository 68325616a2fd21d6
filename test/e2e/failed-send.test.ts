import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyShippedWorkflows } from '../helpers/shipped-workflows.js';
import { type EngineHarness, startHarness } from './local-engine.js';
import { type EnrollmentView, type MessageView, observe, registered, type WorkflowStats } from './observe.js';

// A welcome whose MJML breaks only for customers named Layla: the reload check renders it for a sample customer and
// lets it run, so the send is where the mistake shows. It must show as a failure everywhere a marketer looks.
const start = '2026-11-02T10:00:00.000Z';

describe('a send that cannot render, on the whole engine', () => {
  let dir: string;
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;

  beforeAll(async () => {
    // The shipped welcome series and its templates, from a copy (never the marketer's folder).
    dir = copyShippedWorkflows({ ids: ['welcome-series'] });
    const welcome = join(dir, 'templates', 'welcome', 'en.mjml');
    writeFileSync(
      welcome,
      readFileSync(welcome, 'utf8').replace(
        '<mj-column>',
        '<mj-column>{% if customer.firstName == "Layla" %}<mj-texty>VIP</mj-texty>{% endif %}',
      ),
    );
    h = await startHarness(new Date(start), { workflowsDir: dir });
    o = observe(h);
    await o.send(registered('cus_layla', start), registered('cus_sam', start, { firstName: 'Sam' }));
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the message as failed with the file and line, and sends nothing', async () => {
    const [message] = await o.messages('cus_layla', 'welcome-series');
    expect(message).toMatchObject({ step: 'welcome', status: 'failed', providerMessageId: null });
    expect(message?.history).toEqual([
      { status: 'failed', at: start, detail: expect.stringMatching(/^welcome\/en\.mjml: line \d+ <mj-texty>: /) },
    ]);
    expect(await o.emailsTo('cus_layla@example.com')).toEqual([]);
    expect(await o.messages('cus_sam', 'welcome-series')).toMatchObject([{ step: 'welcome', status: 'sent' }]);
  });

  it('shows the step as failed on the enrollment, not sent', async () => {
    const enrollment: EnrollmentView | undefined = await o.enrollment('cus_layla', 'welcome-series');
    expect(enrollment?.history.find((e) => e.step === 'welcome')?.outcome).toMatch(
      /^failed: welcome\/en\.mjml: line \d+ <mj-texty>/,
    );
    const other = await o.enrollment('cus_sam', 'welcome-series');
    expect(other?.history.find((e) => e.step === 'welcome')?.outcome).toBe('sent');
  });

  it('counts it as failed in the workflow’s stats, by step', async () => {
    const stats = (await o.stats('welcome-series')) as WorkflowStats & { failed: number; failedSteps: object };
    expect(stats).toMatchObject({ entered: 2, failed: 1, failedSteps: { welcome: 1 } });
  });

  it('lists it in GET /problems, the one place to look', async () => {
    const { status, body } = await h.get('/problems');
    expect(status).toBe(200);
    const items = (body as { items: (MessageView & { customerId: string })[] }).items;
    expect(items.map((m) => [m.customerId, m.step, m.status])).toEqual([['cus_layla', 'welcome', 'failed']]);
  });
});
