import { describe, expect, it } from 'vitest';
import type { IdentityKind, TrackingOp } from '../../../shared/tracking/core/model.js';
import { type EngagementFact, planEngagementEvent } from '../../../shared/tracking/core/plan-engagement.js';
import { trackEngagementEvent } from '../../../shared/tracking/core/track-engagement.js';
import { sesEvent, sesMail } from '../../helpers/events.js';

const at = '2026-03-14T16:21:03.377Z';

const fact = (type: EngagementFact['type'], overrides: Partial<EngagementFact> = {}): EngagementFact => ({
  type,
  messageId: 'msg-1',
  occurredAt: at,
  customerId: 'cus_1',
  suppress: [],
  ...overrides,
});

const kinds = (ops: TrackingOp[]): string[] => ops.map((op) => op.kind);

/** Records what tracking applies; knows one customer by message id. */
class RecordingStore {
  readonly applied: TrackingOp[] = [];
  async customerIdByIdentity(_kind: IdentityKind, _value: string): Promise<string | null> {
    return null;
  }
  async customerIdByMessageId(messageId: string): Promise<string | null> {
    return messageId === 'msg-known' ? 'cus_1' : null;
  }
  async erasedAt(_customerId: string): Promise<string | null> {
    return null;
  }
  async apply(op: TrackingOp): Promise<void> {
    this.applied.push(op);
  }
  suppressed(): string[] {
    return this.applied.flatMap((op) => (op.kind === 'suppress' ? [`${op.reason}:${op.address}`] : []));
  }
}

describe('planEngagementEvent', () => {
  it('counts an open and a click as the customer being active', () => {
    expect(kinds(planEngagementEvent(fact('Email Opened')))).toEqual(['timeline', 'activity', 'messageEvent']);
    expect(kinds(planEngagementEvent(fact('Email Clicked', { link: 'https://shop.example/x' })))).toEqual([
      'timeline',
      'activity',
      'messageEvent',
    ]);
  });

  it('does not count a delivery, a bounce or a complaint as activity', () => {
    for (const type of ['Email Delivered', 'Email Bounced', 'Email Complaint Received'] as const) {
      expect(kinds(planEngagementEvent(fact(type))), type).toEqual(['timeline', 'messageEvent']);
    }
  });

  it('suppresses the given addresses as a bounce, or as a complaint for a complaint', () => {
    const bounce = planEngagementEvent(fact('Email Bounced', { suppress: ['a@example.com', 'b@example.com'] }));
    expect(bounce.filter((op) => op.kind === 'suppress')).toEqual([
      { kind: 'suppress', address: 'a@example.com', reason: 'bounce', at },
      { kind: 'suppress', address: 'b@example.com', reason: 'bounce', at },
    ]);
    const complaint = planEngagementEvent(fact('Email Complaint Received', { suppress: ['a@example.com'] }));
    expect(complaint.find((op) => op.kind === 'suppress')).toMatchObject({ reason: 'complaint' });
  });

  it('still suppresses when the message cannot be tied to a customer, and plans nothing else', () => {
    const ops = planEngagementEvent(fact('Email Bounced', { customerId: null, suppress: ['a@example.com'] }));
    expect(kinds(ops)).toEqual(['suppress']);
    expect(planEngagementEvent(fact('Email Clicked', { customerId: null }))).toEqual([]);
  });

  it('keys the timeline so a redelivered notification collides and two clicked links do not', () => {
    const key = (f: EngagementFact): string | undefined =>
      planEngagementEvent(f).flatMap((op) => (op.kind === 'timeline' ? [op.entry.key] : []))[0];
    const a = key(fact('Email Clicked', { link: 'https://shop.example/a' }));
    expect(a).toBeDefined();
    expect(key(fact('Email Clicked', { link: 'https://shop.example/a' }))).toBe(a);
    expect(key(fact('Email Clicked', { link: 'https://shop.example/b' }))).not.toBe(a);
    expect(key(fact('Email Opened'))).not.toBe(key(fact('Email Clicked')));
  });

  it("appends the event to the message's own record, keyed like its timeline entry", () => {
    const ops = planEngagementEvent(fact('Email Clicked', { link: 'https://shop.example/a' }));
    const timelineKey = ops.flatMap((op) => (op.kind === 'timeline' ? [op.entry.key] : []))[0];
    expect(ops.find((op) => op.kind === 'messageEvent')).toEqual({
      kind: 'messageEvent',
      messageId: 'msg-1',
      event: { key: timelineKey, status: 'clicked', at, detail: 'https://shop.example/a' },
    });
    const bounce = planEngagementEvent(fact('Email Bounced', { bounceType: 'Transient' }));
    expect(bounce.find((op) => op.kind === 'messageEvent')).toMatchObject({
      event: { status: 'bounced', detail: 'Transient' },
    });
  });

  it('carries the link, bounce type and workflow tags to the email timeline', () => {
    const [timeline] = planEngagementEvent(
      fact('Email Clicked', { link: 'https://shop.example/a', workflowId: 'wf-cart', stepId: 'step-2' }),
    );
    expect(timeline).toMatchObject({
      kind: 'timeline',
      entry: {
        channel: 'email',
        source: 'aws.ses',
        type: 'Email Clicked',
        data: { messageId: 'msg-1', link: 'https://shop.example/a', workflowId: 'wf-cart', stepId: 'step-2' },
      },
    });
  });
});

describe('trackEngagementEvent suppression', () => {
  const mail = sesMail({ messageId: 'msg-known', destination: ['layla@example.com'] });

  it('does not suppress a soft (transient) bounce', async () => {
    const store = new RecordingStore();
    await trackEngagementEvent(store, sesEvent('Email Bounced', mail, { bounceType: 'Transient' }));
    expect(store.suppressed()).toEqual([]);
    expect(kinds(store.applied)).toEqual(['timeline', 'messageEvent']);
  });

  it('suppresses every recipient of a hard (permanent) bounce', async () => {
    const store = new RecordingStore();
    const bounced = [{ emailAddress: 'layla@example.com' }, { emailAddress: 'omar@example.com' }];
    await trackEngagementEvent(
      store,
      sesEvent('Email Bounced', mail, { bounceType: 'Permanent', bouncedRecipients: bounced }),
    );
    expect(store.suppressed()).toEqual(['bounce:layla@example.com', 'bounce:omar@example.com']);
  });

  it('suppresses the complainant, or every recipient when the ISP redacted it', async () => {
    const named = new RecordingStore();
    await trackEngagementEvent(
      named,
      sesEvent('Email Complaint Received', mail, { complainedRecipients: [{ emailAddress: 'layla@example.com' }] }),
    );
    expect(named.suppressed()).toEqual(['complaint:layla@example.com']);
    const redacted = new RecordingStore();
    const toTwo = sesMail({ messageId: 'msg-known', destination: ['a@example.com', 'b@example.com'] });
    await trackEngagementEvent(redacted, sesEvent('Email Complaint Received', toTwo, { complainedRecipients: [] }));
    expect(redacted.suppressed()).toEqual(['complaint:a@example.com', 'complaint:b@example.com']);
  });

  it('suppresses nothing on a delivery, an open or a click', async () => {
    const store = new RecordingStore();
    await trackEngagementEvent(store, sesEvent('Email Delivered', mail));
    await trackEngagementEvent(store, sesEvent('Email Opened', mail));
    await trackEngagementEvent(store, sesEvent('Email Clicked', mail));
    expect(store.suppressed()).toEqual([]);
    expect(kinds(store.applied)).toEqual([
      ...['timeline', 'messageEvent'],
      ...['timeline', 'activity', 'messageEvent'],
      ...['timeline', 'activity', 'messageEvent'],
    ]);
  });
});
