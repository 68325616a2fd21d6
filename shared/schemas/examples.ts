import { createHash } from 'node:crypto';
import type { RekindleDetail, RekindleDetailType } from './rekindle-events.js';
import type { SesDetail, SesDetailType } from './ses-events.js';
import type { LineItem, StorefrontDetail, StorefrontDetailType } from './storefront-events.js';

/**
 * One realistic `detail` per event: published in the JSON Schemas (`examples`), used by tests and local demos.
 * The story: Layla browses an oud, leaves it in her cart, gets a reminder email, clicks it and orders.
 */

const customerId = 'cus_1001';
const anonymousId = 'anon_5f2c9e7a';
const email = 'layla@example.com';

const oud: LineItem = {
  productId: 'prod_oud_royal_50',
  name: 'Oud Royal Eau de Parfum 50 ml',
  price: 349,
  quantity: 1,
  url: 'https://shop.example/products/oud-royal-50',
  image: 'https://shop.example/images/oud-royal-50.jpg',
  category: 'Fragrance',
};

const bakhoor: LineItem = {
  productId: 'prod_bakhoor_musk',
  name: 'Musk Bakhoor 40 g',
  price: 89,
  quantity: 2,
  url: 'https://shop.example/products/bakhoor-musk',
  image: 'https://shop.example/images/bakhoor-musk.jpg',
  category: 'Incense',
};

/** 349 + 2 × 89 */
const cartTotal = 527;

export const storefrontExamples: { readonly [T in StorefrontDetailType]: StorefrontDetail<T> } = {
  'Customer Registered': {
    customerId,
    anonymousId,
    occurredAt: '2026-03-01T12:04:37Z',
    eventId: 'evt_reg_cus_1001',
    email,
    phone: '+966501234567',
    firstName: 'Layla',
    lastName: 'Al-Harbi',
    locale: 'ar-SA',
    timezone: 'Asia/Riyadh',
    birthday: '--09-23',
    consents: { email: true, sms: false, whatsapp: true },
    attributes: { city: 'Riyadh', signupSource: 'checkout' },
  },
  'Customer Updated': {
    customerId,
    occurredAt: '2026-03-10T18:22:05Z',
    consents: { sms: true },
    attributes: { loyaltyTier: 'silver', favouriteCategory: 'Fragrance' },
  },
  'Product Viewed': {
    customerId,
    anonymousId,
    occurredAt: '2026-03-13T19:40:02Z',
    product: {
      productId: oud.productId,
      name: oud.name,
      price: oud.price,
      currency: 'SAR',
      url: 'https://shop.example/products/oud-royal-50',
      image: 'https://shop.example/images/oud-royal-50.jpg',
      category: 'Fragrance',
    },
  },
  'Cart Updated': {
    customerId,
    occurredAt: '2026-03-13T19:42:10Z',
    cartId: 'cart_77',
    items: [oud, bakhoor],
    currency: 'SAR',
    total: cartTotal,
    email,
  },
  'Checkout Started': {
    customerId,
    occurredAt: '2026-03-13T19:44:31Z',
    cartId: 'cart_77',
    total: cartTotal,
    currency: 'SAR',
    email,
  },
  'Order Completed': {
    customerId,
    occurredAt: '2026-03-14T16:25:47Z',
    eventId: 'evt_order_ord_5001',
    orderId: 'ord_5001',
    cartId: 'cart_77',
    total: cartTotal,
    currency: 'SAR',
    items: [oud, bakhoor],
  },
  'Order Refunded': {
    customerId,
    occurredAt: '2026-03-20T10:05:00Z',
    orderId: 'ord_5001',
    refundId: 'ref_9001',
    amount: 89,
    currency: 'SAR',
    items: [{ productId: bakhoor.productId, quantity: 1 }],
  },
};

// The mail object every SES event carries, shaped like the example records in the SES Developer Guide
// ("Examples of event data that Amazon SES publishes to Amazon SNS"): here, the cart reminder sent to Layla.
const messageId = '0102018e3c5a7b21-7f3e9c1d-2b4a-4e8f-9a6d-5c1b3e7f9d20-000000';
const from = 'Shop Example <hello@shop.example>';
const subject = 'سلتك بانتظارك';
const mail = {
  timestamp: '2026-03-14T16:00:00.123Z',
  source: from,
  sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/shop.example',
  sendingAccountId: '123456789012',
  messageId,
  destination: [email],
  headersTruncated: false,
  headers: [
    { name: 'From', value: from },
    { name: 'To', value: email },
    { name: 'Subject', value: subject },
    { name: 'MIME-Version', value: '1.0' },
    { name: 'Content-Type', value: 'multipart/alternative; boundary="----=_Part_1_1710432000123"' },
  ],
  commonHeaders: { from: [from], to: [email], messageId, subject },
  tags: {
    'ses:configuration-set': ['rekindle'],
    'ses:source-ip': ['192.0.2.10'],
    'ses:from-domain': ['shop.example'],
    'ses:caller-identity': ['rekindle-send'],
    'ses:outgoing-ip': ['198.51.100.25'],
    customerId: [customerId],
    campaign: ['cart-reminder'],
  },
};

export const sesExamples: { readonly [T in SesDetailType]: SesDetail<T> } = {
  'Email Sent': { eventType: 'Send', mail, send: {} },
  'Email Delivered': {
    eventType: 'Delivery',
    mail,
    delivery: {
      timestamp: '2026-03-14T16:00:01.512Z',
      processingTimeMillis: 1389,
      recipients: [email],
      smtpResponse: '250 2.0.0 OK  1710432001 a640c23a62f3a-a46a3e1b2c9si123456.42 - gsmtp',
      reportingMTA: 'a8-31.smtp-out.eu-west-1.amazonses.com',
    },
  },
  'Email Opened': {
    eventType: 'Open',
    mail,
    open: {
      ipAddress: '203.0.113.45',
      timestamp: '2026-03-14T16:20:44.018Z',
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
    },
  },
  'Email Clicked': {
    eventType: 'Click',
    mail,
    click: {
      ipAddress: '203.0.113.45',
      link: 'https://shop.example/cart/cart_77',
      linkTags: { cta: ['view-cart'] },
      timestamp: '2026-03-14T16:21:03.377Z',
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1',
    },
  },
  'Email Bounced': {
    eventType: 'Bounce',
    mail,
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [
        { emailAddress: email, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
      ],
      timestamp: '2026-03-14T16:00:02.208Z',
      feedbackId: '0102018e3c5a8f4d-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-000000',
      reportingMTA: 'dsn; a8-31.smtp-out.eu-west-1.amazonses.com',
    },
  },
  'Email Complaint Received': {
    eventType: 'Complaint',
    mail,
    complaint: {
      complainedRecipients: [{ emailAddress: email }],
      timestamp: '2026-03-14T18:41:09.000Z',
      feedbackId: '0102018e3cee21a9-9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a-000000',
      complaintSubType: null,
      userAgent: 'Mail.Example Feedback Loop 1.0',
      complaintFeedbackType: 'abuse',
      arrivalDate: '2026-03-14T18:40:55.000Z',
    },
  },
  'Email Delivery Delayed': {
    eventType: 'DeliveryDelay',
    mail,
    deliveryDelay: {
      timestamp: '2026-03-14T16:10:00.095Z',
      delayType: 'TransientCommunicationFailure',
      expirationTime: '2026-03-15T04:00:00.123Z',
      delayedRecipients: [
        { emailAddress: email, status: '4.4.1', diagnosticCode: 'smtp; 421 4.4.1 Unable to connect to remote host' },
      ],
    },
  },
  'Email Rejected': { eventType: 'Reject', mail, reject: { reason: 'Bad content' } },
  'Email Rendering Failed': {
    eventType: 'Rendering Failure',
    mail,
    failure: {
      errorMessage: "Attribute 'cartUrl' is not present in the rendering data.",
      templateName: 'cart-reminder-ar',
    },
  },
};

// Rekindle's own events for the same story, exactly as the loyalty domain emits them under workflows/loyalty.json (a
// unit test replays the story through `postToBook` and compares): Layla signs up (100 points), orders ord_5001 (876
// points: the oud earns double as Fragrance), returns one bakhoor (ref_9001: 148 points back), redeems 500 points for a
// 25 SAR coupon, reaches silver with her next order, is reminded 30 days before her points of March 2026 expire
// (ord_5001's, spendable from the midnight after its 14-day return window, with the sign-up and first-order bonuses:
// all expire on 2027-04-01, the start of the month after they turn 12 months old), and lets them expire. Each eventId
// is the hash of the customer and the posting's key, stable for redeliveries.
export const rekindleExamples: { readonly [T in RekindleDetailType]: RekindleDetail<T> } = {
  'Points Awarded': {
    customerId,
    eventId: '906356f7aba3c0ca7a2dcc5566741aad',
    occurredAt: '2026-03-14T16:25:47.000Z',
    points: 876,
    reason: 'order',
    orderId: 'ord_5001',
    availableAt: '2026-03-29T00:00:00.000Z',
    expiresAt: '2027-04-01T00:00:00.000Z',
  },
  'Points Redeemed': {
    customerId,
    eventId: '817490046f83f93d2bf35a6887ac334f',
    occurredAt: '2026-04-02T09:15:12.000Z',
    points: 500,
    code: 'RK-H5FGXSKCSD',
    value: 25,
    currency: 'SAR',
    expiresAt: '2026-07-01T09:15:12.000Z',
  },
  'Points Reversed': {
    customerId,
    eventId: 'b6405af996807912f8b6ab4f018ad39c',
    occurredAt: '2026-03-20T10:05:00.000Z',
    points: 148,
    orderId: 'ord_5001',
    refundId: 'ref_9001',
  },
  'Points Expiring': {
    customerId,
    eventId: '080b8524ea6d7d7229f7fea68f198b5b',
    occurredAt: '2027-03-02T16:30:00.000Z',
    points: 378,
    expiresAt: '2027-04-01T00:00:00.000Z',
  },
  'Points Expired': {
    customerId,
    eventId: '7fe42fd0ea5a526bd5137a11b0dda635',
    occurredAt: '2027-04-01T00:00:00.000Z',
    points: 378,
  },
  'Tier Changed': {
    customerId,
    eventId: 'e8d4daf68b524346d527a29e291bf782',
    occurredAt: '2026-06-02T20:11:09.000Z',
    from: 'bronze',
    to: 'silver',
    direction: 'up',
  },
};

/** A full EventBridge event as a Lambda target receives it. */
export interface ExampleEvent<D> {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: D;
}

/** Wraps an example detail in an EventBridge envelope; the id is derived from the content, so it is stable. */
export function exampleEnvelope<D>(
  source: string,
  detailType: string,
  detail: D,
  time = '2026-03-14T16:30:00Z',
): ExampleEvent<D> {
  const hex = createHash('sha256')
    .update(JSON.stringify([source, detailType, detail, time]))
    .digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source,
    account: '123456789012',
    time,
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}
