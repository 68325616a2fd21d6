import { describe, expect, it } from 'vitest';
import { repliesFromSns } from '../../../shared/messaging/adapters/inbound-replies.js';
import {
  handleReply,
  type InboundReply,
  type OptOutStore,
  stopKeyword,
} from '../../../shared/messaging/core/opt-out.js';

const sns = (message: object, timestamp = '2026-11-02T21:15:00.000Z') => ({
  Records: [
    { EventSource: 'aws:sns', Sns: { MessageId: 'm-1', Timestamp: timestamp, Message: JSON.stringify(message) } },
  ],
});

describe('opt-out keywords', () => {
  it.each([
    'STOP',
    'stop',
    '  Stop. ',
    'Stop!',
    'CANCEL',
    'end',
    'OptOut',
    'quit',
    'REMOVE',
    'unsubscribe',
    'ARRET',
    'arrêt',
    'إيقاف',
    'ايقاف',
    'الغاء',
    'إلغاء',
  ])('%j opts out', (body) => {
    expect(stopKeyword(body)).not.toBeNull();
  });

  it.each(['Please stop sending', 'STOP IT', 'stopped', 'YES', '', 'START'])('%j does not', (body) => {
    expect(stopKeyword(body)).toBeNull();
  });
});

describe('a reply', () => {
  const calls: string[] = [];
  const store = (known: string | null): OptOutStore => ({
    customerByPhone: async (phone) => {
      calls.push(`lookup ${phone}`);
      return known;
    },
    revokeConsent: async (customerId, channel) => {
      calls.push(`revoke ${customerId} ${channel}`);
    },
    suppress: async (phone, channel, reason) => {
      calls.push(`suppress ${phone} ${channel} (${reason})`);
    },
  });
  const reply = (body: string): InboundReply => ({
    channel: 'sms',
    from: '+966501234567',
    body,
    at: '2026-11-02T21:15:00.000Z',
    id: 'in-1',
  });

  it('STOP suppresses the number on its channel and revokes that consent of the customer who has it', async () => {
    calls.length = 0;
    expect(await handleReply(store('cus_1'), reply('Stop'))).toEqual({
      optedOut: true,
      keyword: 'STOP',
      customerId: 'cus_1',
    });
    expect(calls).toEqual([
      'suppress +966501234567 sms (replied STOP by sms)',
      'lookup +966501234567',
      'revoke cus_1 sms',
    ]);
  });

  it('suppresses a number no customer has yet; anything else changes nothing', async () => {
    calls.length = 0;
    expect(await handleReply(store(null), reply('ARRÊT'))).toMatchObject({ optedOut: true, customerId: null });
    expect(await handleReply(store('cus_1'), reply('Thanks!'))).toEqual({ optedOut: false });
    expect(calls).toEqual(['suppress +966501234567 sms (replied ARRET by sms)', 'lookup +966501234567']);
  });
});

describe('inbound notifications from SNS', () => {
  it('read End User Messaging SMS two-way payloads', () => {
    const event = sns({
      originationNumber: '+966501234567',
      destinationNumber: '+15550100000',
      messageKeyword: 'STOP',
      messageBody: 'STOP',
      inboundMessageId: 'cae173d2',
      previousPublishedMessageId: 'wJalrXUtnFEMI',
    });
    expect(repliesFromSns(event)).toEqual([
      { channel: 'sms', from: '+966501234567', body: 'STOP', at: '2026-11-02T21:15:00.000Z', id: 'cae173d2' },
    ]);
  });

  it('read WhatsApp texts and quick-reply buttons from End User Messaging Social events, numbers in E.164', () => {
    const entry = {
      id: 'waba',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            messages: [
              { from: '966501234567', id: 'wamid.1', timestamp: '1793654100', type: 'text', text: { body: 'stop' } },
              {
                from: '966501234567',
                id: 'wamid.2',
                timestamp: '1793654160',
                type: 'button',
                button: { text: 'Stop' },
              },
              { from: '966501234567', id: 'wamid.3', timestamp: '1793654160', type: 'image' },
            ],
          },
        },
      ],
    };
    expect(repliesFromSns(sns({ context: {}, whatsAppWebhookEntry: JSON.stringify(entry) }))).toEqual([
      { channel: 'whatsapp', from: '+966501234567', body: 'stop', at: '2026-11-02T21:15:00.000Z', id: 'wamid.1' },
      { channel: 'whatsapp', from: '+966501234567', body: 'Stop', at: '2026-11-02T21:16:00.000Z', id: 'wamid.2' },
    ]);
  });

  it('leave out what is not a reply (delivery statuses), and refuse what is not SNS', () => {
    const statuses = { changes: [{ field: 'messages', value: { statuses: [{ id: 'wamid.1', status: 'read' }] } }] };
    expect(repliesFromSns(sns({ whatsAppWebhookEntry: JSON.stringify(statuses) }))).toEqual([]);
    expect(repliesFromSns(sns({ hello: 'world' }))).toEqual([]);
    expect(() => repliesFromSns({ detail: {} })).toThrow();
  });
});
