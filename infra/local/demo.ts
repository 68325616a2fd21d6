import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { sesExamples, storefrontExamples } from '../../shared/schemas/examples.js';
import type { LocalEngine } from './engine.js';

const shop = 'shop.example';

/** Seeds a few customers through the real SDK and the local bus, exactly as a storefront would. */
export async function seedDemo(engine: LocalEngine): Promise<{ customers: string[]; events: number }> {
  const client = new EventBridgeClient({
    endpoint: engine.endpoints.eventBridge,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const ex = storefrontExamples;
  const darius = {
    customerId: 'cus_1002',
    email: 'darius@example.com',
    firstName: 'Darius',
    locale: 'fa-IR',
    timezone: 'Asia/Tehran',
    consents: { email: true, sms: false },
  };
  const emma = { customerId: 'cus_1003', email: 'emma@example.com', firstName: 'Emma', locale: 'en-GB' };
  const entries: PutEventsRequestEntry[] = [
    entry('Customer Registered', ex['Customer Registered']),
    entry('Product Viewed', ex['Product Viewed']),
    entry('Cart Updated', ex['Cart Updated']),
    entry('Order Completed', ex['Order Completed']),
    entry('Customer Registered', darius),
    entry('Cart Updated', { ...ex['Cart Updated'], customerId: darius.customerId, cartId: 'cart_88', currency: 'IRR' }),
    entry('Customer Registered', { ...emma, consents: { email: true } }),
  ];
  const ses = { Source: 'aws.ses', DetailType: 'Email Clicked', Detail: JSON.stringify(sesExamples['Email Clicked']) };
  for (let i = 0; i < entries.length; i += 10) {
    await client.send(new PutEventsCommand({ Entries: entries.slice(i, i + 10) }));
  }
  await client.send(new PutEventsCommand({ Entries: [{ ...ses, EventBusName: 'default' }] }));
  client.destroy();
  await engine.bus.settle();
  return { customers: ['cus_1001', darius.customerId, emma.customerId], events: entries.length + 1 };
}

function entry(detailType: string, detail: object): PutEventsRequestEntry {
  return { EventBusName: 'rekindle', Source: shop, DetailType: detailType, Detail: JSON.stringify(detail) };
}
