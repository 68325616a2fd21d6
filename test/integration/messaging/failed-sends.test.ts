import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createAdminApi, handleAdminRequest } from '../../../shared/admin/admin.js';
import type { SendRequest } from '../../../shared/messaging/core/ports.js';
import { keys } from '../../../shared/platform/dynamodb/keys.js';
import type { StoredEnrollment } from '../../../shared/workflow/core/executor/ports.js';
import { DynamoEnrollmentStore } from '../../../shared/workflow/store/enrollment-store.js';
import { DynamoWorkflowStore } from '../../../shared/workflow/store/workflow-store.js';
import { copyShippedWorkflows } from '../../helpers/shipped-workflows.js';
import { registerCustomer, sendRequest, useMessaging } from './harness.js';

// The shipped templates, plus one whose MJML breaks only for some customers: `rekindle validate` renders it for a
// sample customer and passes it, so a send is where the mistake shows.
const templatesDir = join(mkdtempSync(join(tmpdir(), 'rekindle-failed-sends-')), 'templates');
cpSync(join(copyShippedWorkflows(), 'templates'), templatesDir, { recursive: true });
mkdirSync(join(templatesDir, 'vip-offer'));
writeFileSync(
  join(templatesDir, 'vip-offer', 'en.mjml'),
  `<mjml>
  <mj-head><mj-title>An offer for you</mj-title></mj-head>
  <mj-body>
    <mj-section>
      <mj-column>
        {% if customer.firstName == "Layla" %}<mj-texty>Hello Layla</mj-texty>{% endif %}
        <mj-text>Hello <a href="{{ unsubscribeUrl }}">unsubscribe</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
);

// And an SMS that breaks the same way, sent after quiet hours by the held-message sweep.
writeFileSync(
  join(templatesDir, 'vip-offer', 'en.sms.txt'),
  '{% if customer.firstName == "Layla" %}{{ "2026-01-01" | local_date: "tiny" }}{% endif %} Reply STOP to opt out.',
);

const refusedForGood = '+966500000777';
const messaging = useMessaging({
  templatesDir,
  // A refusal no wait can change (End User Messaging's answer to a number it will never text).
  refuseSms: ({ to }) =>
    to === refusedForGood
      ? { status: 400, type: 'ValidationException', message: 'The destination phone number is not valid' }
      : undefined,
});

const layla = { customerId: 'cus_1', email: 'layla@example.com', firstName: 'Layla', consents: { email: true } };

describe('a send that cannot happen is a recorded failure', () => {
  it('a template that does not render for this customer: failed with file and line, listed in /problems', async () => {
    const { dynamo, messaging: m, emailsTo } = messaging();
    await registerCustomer(dynamo, layla);
    const request = sendRequest({ template: 'vip-offer' });

    const outcome = await m.messenger.submit(request);
    expect(outcome).toMatchObject({ status: 'failed' });
    if (outcome.status !== 'failed') throw new Error('not failed');
    expect(outcome.reason).toBe(
      "vip-offer/en.mjml: line 6 <mj-texty>: Element mj-texty doesn't exist or is not registered",
    );
    const [record] = (await m.messages.messages('cus_1', 10)).items;
    expect(record).toMatchObject({ status: 'failed', step: 'email-1', template: 'vip-offer', providerMessageId: null });
    expect(record?.history).toEqual([{ status: 'failed', at: request.at, detail: outcome.reason }]);
    expect(await emailsTo('layla@example.com')).toEqual([]);
    // Never sent twice, never "sent": the same step again is a duplicate.
    expect(await m.messenger.submit(request)).toEqual({ status: 'duplicate' });

    const api = createAdminApi({ customers: dynamo.reader, parked: dynamo.parked, messages: m.messages });
    const problems = await handleAdminRequest(api, {
      method: 'GET',
      path: '/problems',
      query: new URLSearchParams(),
      body: undefined,
    });
    expect(problems).toMatchObject({
      status: 200,
      body: {
        items: [{ customerId: 'cus_1', step: 'email-1', status: 'failed', history: [{ detail: outcome.reason }] }],
      },
    });
  });

  it('a text the provider refuses for good: failed with the provider’s reason, not released for a retry', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    await registerCustomer(dynamo, { customerId: 'cus_2', phone: refusedForGood, consents: { sms: true } });
    const request = sendRequest({ customerId: 'cus_2', channel: 'sms', template: 'cart-reminder' });

    const outcome = await m.messenger.submit(request);
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringContaining('ValidationException') });
    const [record] = (await m.messages.messages('cus_2', 10)).items;
    expect(record).toMatchObject({ status: 'failed', channel: 'sms' });
    expect(record?.history.at(-1)).toMatchObject({ status: 'failed', detail: expect.stringContaining('not valid') });
    expect(await m.messenger.submit(request)).toEqual({ status: 'duplicate' });
    expect(sms.messages().filter((t) => t.to === refusedForGood)).toEqual([]);
    expect((await m.messages.problems(10)).map((p) => p.customerId)).toEqual(['cus_2']);
  });
});

describe('the problems of a purged customer', () => {
  it('list nothing, and leave not even their id behind once read', async () => {
    const { dynamo, messaging: m } = messaging();
    await registerCustomer(dynamo, { ...layla, customerId: 'cus_gone' });
    const request = sendRequest({ customerId: 'cus_gone', template: 'vip-offer' });
    expect(await m.messenger.submit(request)).toMatchObject({ status: 'failed' });
    expect(await m.messages.problems(10)).toHaveLength(1);

    // What a purge does to the customer's own items: their message record goes.
    const record = keys.messageRecord('cus_gone', request.idempotencyKey);
    await dynamo.db.send(new DeleteCommand({ TableName: dynamo.table, Key: record }));
    expect(await m.messages.problems(10)).toEqual([]);
    const left = await dynamo.db.send(
      new QueryCommand({
        TableName: dynamo.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'PROBLEMS' },
      }),
    );
    expect(left.Items).toEqual([]);
  });
});

describe('a held message that cannot render when its window opens', () => {
  it('is recorded as failed by the sweep, with the reason, counted in the report and listed in /problems', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    const phone = '+966500000888';
    await registerCustomer(dynamo, { ...layla, customerId: 'cus_3', phone, consents: { sms: true } });
    // 23:00 in Riyadh: held until 08:00 there (05:00 UTC).
    const night = sendRequest({
      customerId: 'cus_3',
      channel: 'sms',
      template: 'vip-offer',
      at: '2026-03-14T20:00:00.000Z',
    });
    const enrollments = new DynamoEnrollmentStore(dynamo.db, dynamo.table);
    const ref = { customerId: 'cus_3', enrollmentId: night.enrollmentId };
    await enrollments.commit(enrollmentAt(night), 0, null);
    expect(await m.messenger.submit(night)).toMatchObject({ status: 'scheduled' });

    await m.held.sendDue('2026-03-15T05:00:00.000Z');
    const [record] = (await m.messages.messages('cus_3', 10)).items;
    expect(record).toMatchObject({ status: 'failed' });
    expect(record?.history.at(-1)).toMatchObject({
      status: 'failed',
      at: '2026-03-15T05:00:00.000Z',
      detail: expect.stringContaining('vip-offer/en.sms.txt: local_date: the style must be'),
    });
    expect(sms.messages().filter((t) => t.to === phone)).toEqual([]);
    expect((await m.messages.problems(10)).map((p) => p.customerId)).toEqual(['cus_3']);
    // Not due again: the sweep does not try it every run.
    expect(await m.held.sendDue('2026-03-15T06:00:00.000Z')).toMatchObject({ due: 0 });
    // The workflow's report counts it, as the executor counts a send that fails at once.
    const counts = await new DynamoWorkflowStore(dynamo.db, dynamo.table).read('abandoned-cart');
    expect(counts).toEqual({ 2: { failed: 1, 'failed:email-1': 1 } });
    // And the enrollment's step says so, where it said "sent" when the message was handed over.
    const stored = await enrollments.load(ref);
    expect(stored?.enrollment.history).toEqual([
      { step: 'email-1', at: night.at, outcome: expect.stringMatching(/^failed: vip-offer\/en\.sms\.txt/) },
    ]);
    expect(stored?.revision).toBe(2);
  });
});

describe('a message in another language than the customer’s says so', () => {
  it('records the fallback when an Arabic customer gets the English template, and nothing for English', async () => {
    const { dynamo, messaging: m } = messaging();
    await registerCustomer(dynamo, { ...layla, customerId: 'cus_ar', email: 'ar@example.com', locale: 'ar-SA' });
    await registerCustomer(dynamo, { ...layla, customerId: 'cus_en', email: 'en@example.com', locale: 'en-GB' });
    // points-expiring is written in English only.
    const step = (customerId: string) =>
      sendRequest({ customerId, enrollmentId: `points-expiring#${customerId}#-`, template: 'points-expiring' });

    expect(await m.messenger.submit(step('cus_ar'))).toMatchObject({ status: 'sent' });
    expect(await m.messenger.submit(step('cus_en'))).toMatchObject({ status: 'sent' });
    const [arabic] = (await m.messages.messages('cus_ar', 10)).items;
    expect(arabic).toMatchObject({ locale: 'en', localeFallback: { customerLocale: 'ar-SA', templateLocale: 'en' } });
    const [english] = (await m.messages.messages('cus_en', 10)).items;
    expect(english).toMatchObject({ locale: 'en', localeFallback: null });
  });
});

/** The enrollment whose send step handed over `request` (committed, its outbox done), as the executor leaves it. */
function enrollmentAt(request: SendRequest): StoredEnrollment {
  return {
    revision: 1,
    outbox: { actions: [], counts: {} },
    applied: [],
    enrollment: {
      id: request.enrollmentId,
      workflowId: request.workflow.id,
      version: request.workflow.version,
      customerId: request.customerId,
      key: request.key,
      enrolledAt: request.at,
      status: 'active',
      step: request.step,
      wake: null,
      waitingFor: null,
      goalDeadline: null,
      history: [{ step: request.step, at: request.at, outcome: 'sent' }],
      visits: { [request.step]: 1 },
      exitReason: null,
      endedAt: null,
    },
  };
}
