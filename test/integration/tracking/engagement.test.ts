import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/platform/dynamodb/keys.js';
import { RecipientNotKnownYet, trackEngagementEvent } from '../../../shared/tracking/core/track-engagement.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { sesEvent, sesMail, storefront } from '../../helpers/events.js';

const dynamo = useLocalDynamo();
const click = { timestamp: '2026-03-14T16:21:03.377Z', link: 'https://shop.example/cart/cart_77' };

async function register(customerId: string, email: string): Promise<void> {
  await trackStorefrontEvent(
    dynamo().store,
    storefront('Customer Registered', { customerId, email, occurredAt: '2026-03-01T00:00:00Z' }),
  );
}

const emailTimeline = async (customerId: string) =>
  (await dynamo().reader.timeline(customerId, { channel: 'email', limit: 50 })).items;

async function scanAll(): Promise<Record<string, unknown>[]> {
  const { db, table } = dynamo();
  return (await db.send(new ScanCommand({ TableName: table }))).Items ?? [];
}

describe('SES engagement attribution', () => {
  it('attributes a click by the customerId tag the engine put on the message', async () => {
    const mail = sesMail({ messageId: 'msg-1', tags: { customerId: ['cus_tag'], workflowId: ['wf-cart'] } });
    const result = await trackEngagementEvent(dynamo().store, sesEvent('Email Clicked', mail, click));
    expect(result.customerId).toBe('cus_tag');
    expect(await emailTimeline('cus_tag')).toMatchObject([
      {
        type: 'Email Clicked',
        channel: 'email',
        source: 'aws.ses',
        occurredAt: '2026-03-14T16:21:03.377Z',
        data: { messageId: 'msg-1', link: click.link, workflowId: 'wf-cart' },
      },
    ]);
    expect((await dynamo().reader.customer('cus_tag'))?.lastActiveAt).toBe('2026-03-14T16:21:03.377Z');
  });

  it('attributes a click by the message record the sender wrote', async () => {
    const { db, table, store } = dynamo();
    await db.send(new PutCommand({ TableName: table, Item: { ...keys.message('msg-2'), customerId: 'cus_sent' } }));
    const mail = sesMail({ messageId: 'msg-2', destination: ['nobody-known@example.com'] });
    expect((await trackEngagementEvent(store, sesEvent('Email Clicked', mail, click))).customerId).toBe('cus_sent');
    expect(await emailTimeline('cus_sent')).toHaveLength(1);
  });

  it('attributes a click by the destination address when there is no tag and no record', async () => {
    await register('cus_addr', 'layla@example.com');
    const mail = sesMail({ messageId: 'msg-3', destination: ['Layla@Example.com'] });
    const result = await trackEngagementEvent(dynamo().store, sesEvent('Email Clicked', mail, click));
    expect(result.customerId).toBe('cus_addr');
    expect((await emailTimeline('cus_addr')).map((e) => e.type)).toEqual(['Email Clicked']);
  });

  it('prefers the tag over the message record, and the record over the address', async () => {
    const { db, table, store } = dynamo();
    await register('cus_addr', 'layla@example.com');
    await db.send(new PutCommand({ TableName: table, Item: { ...keys.message('msg-4'), customerId: 'cus_sent' } }));
    const byRecord = sesMail({ messageId: 'msg-4', destination: ['layla@example.com'] });
    expect((await trackEngagementEvent(store, sesEvent('Email Opened', byRecord))).customerId).toBe('cus_sent');
    const byTag = sesMail({
      messageId: 'msg-4',
      destination: ['layla@example.com'],
      tags: { customerId: ['cus_tag'] },
    });
    expect((await trackEngagementEvent(store, sesEvent('Email Opened', byTag))).customerId).toBe('cus_tag');
  });

  it('has a click for an address no customer has yet retried (the registration may be on its way), writing nothing', async () => {
    const mail = sesMail({ messageId: 'msg-5', destination: ['stranger@example.com'] });
    await expect(trackEngagementEvent(dynamo().store, sesEvent('Email Clicked', mail, click))).rejects.toThrow(
      RecipientNotKnownYet,
    );
    expect(await scanAll()).toEqual([]);
    // Once the registration is tracked, the retry puts the click on that customer's timeline.
    await trackStorefrontEvent(
      dynamo().store,
      storefront('Customer Registered', { customerId: 'cus_late', email: 'stranger@example.com' }),
    );
    const retried = await trackEngagementEvent(dynamo().store, sesEvent('Email Clicked', mail, click));
    expect(retried).toMatchObject({ customerId: 'cus_late' });
  });

  it('records nothing, without error, for a delivery to an address no customer has (not activity)', async () => {
    const mail = sesMail({ messageId: 'msg-5b', destination: ['stranger@example.com'] });
    const result = await trackEngagementEvent(dynamo().store, sesEvent('Email Delivered', mail, {}));
    expect(result).toEqual({ customerId: null, effects: 0 });
  });

  it('puts a redelivered notification on the timeline once', async () => {
    const mail = sesMail({ messageId: 'msg-6', tags: { customerId: ['cus_tag'] } });
    await trackEngagementEvent(dynamo().store, sesEvent('Email Clicked', mail, click));
    await trackEngagementEvent(dynamo().store, sesEvent('Email Clicked', mail, click));
    await trackEngagementEvent(
      dynamo().store,
      sesEvent('Email Clicked', mail, { ...click, link: 'https://shop.example/other' }),
    );
    expect((await emailTimeline('cus_tag')).map((e) => e.data.link)).toEqual([
      'https://shop.example/other',
      'https://shop.example/cart/cart_77',
    ]);
  });

  it('keeps a delivery on the timeline without making the customer active', async () => {
    const mail = sesMail({ messageId: 'msg-7', tags: { customerId: ['cus_tag'] } });
    await trackEngagementEvent(dynamo().store, sesEvent('Email Delivered', mail));
    expect((await emailTimeline('cus_tag')).map((e) => e.type)).toEqual(['Email Delivered']);
    expect(await dynamo().reader.customer('cus_tag')).toBeNull();
  });
});

describe('SES suppression', () => {
  const address = 'Layla@Example.com';

  async function suppression(of: string): Promise<Record<string, unknown> | undefined> {
    const { db, table } = dynamo();
    return (await db.send(new GetCommand({ TableName: table, Key: keys.suppression(of) }))).Item;
  }

  it('suppresses a hard-bounced address under its hash, without storing the address', async () => {
    const mail = sesMail({ messageId: 'msg-8', destination: [address] });
    await trackEngagementEvent(
      dynamo().store,
      sesEvent('Email Bounced', mail, { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: address }] }),
    );
    const item = await suppression('layla@example.com');
    expect(item).toMatchObject({ reason: 'bounce', at: '2026-03-14T16:00:02.208Z' });
    const stored = JSON.stringify(await scanAll()).toLowerCase();
    expect(stored).not.toContain('layla@example.com');
  });

  it('suppresses a complainant, for an unknown recipient too', async () => {
    const mail = sesMail({ messageId: 'msg-9', destination: [address] });
    const result = await trackEngagementEvent(
      dynamo().store,
      sesEvent('Email Complaint Received', mail, { complainedRecipients: [{ emailAddress: address }] }),
    );
    expect(result.customerId).toBeNull();
    expect(await suppression(address)).toMatchObject({ reason: 'complaint', at: '2026-03-14T18:41:09.000Z' });
    expect(JSON.stringify(await scanAll()).toLowerCase()).not.toContain('layla@example.com');
  });

  it('keeps the first reason when an address bounces after a complaint', async () => {
    const mail = sesMail({ messageId: 'msg-10', destination: [address] });
    await trackEngagementEvent(
      dynamo().store,
      sesEvent('Email Complaint Received', mail, { complainedRecipients: [{ emailAddress: address }] }),
    );
    await trackEngagementEvent(
      dynamo().store,
      sesEvent('Email Bounced', mail, { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: address }] }),
    );
    expect(await suppression(address)).toMatchObject({ reason: 'complaint' });
  });

  it('does not suppress a soft-bounced address', async () => {
    const mail = sesMail({ messageId: 'msg-11', destination: [address], tags: { customerId: ['cus_tag'] } });
    await trackEngagementEvent(
      dynamo().store,
      sesEvent('Email Bounced', mail, { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: address }] }),
    );
    expect(await suppression(address)).toBeUndefined();
    expect((await emailTimeline('cus_tag')).map((e) => e.data.bounceType)).toEqual(['Transient']);
  });
});
