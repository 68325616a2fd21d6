import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { sesExamples, storefrontExamples } from '../shared/schemas/examples.js';
import type { LineItem } from '../shared/schemas/storefront-events.js';

/**
 * Bench events: the documented examples with every id varied per customer, so each event does real work
 * (new profiles, carts, orders, timeline entries) instead of being recognised as a duplicate.
 */

export const shopSource = 'shop.example';

/** One customer of the bench: `group` keeps the customers of different phases apart. */
export interface BenchCustomer {
  readonly customerId: string;
  readonly anonymousId: string;
  readonly email: string;
  readonly phone: string;
  readonly cartId: string;
  readonly orderId: string;
  readonly messageId: string;
  /** Start of the customer's story; each step happens minutes later. */
  readonly startMs: number;
  /** Position in its group: picks products, so customers differ. */
  readonly seed: number;
}

export function customers(group: string, count: number): BenchCustomer[] {
  const base = Date.parse('2026-03-01T08:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const n = `${group}${String(i + 1).padStart(4, '0')}`;
    return {
      customerId: `cus_${n}`,
      anonymousId: `anon_${n}`,
      email: `${n}@example.com`,
      phone: `+9665${String(10_000_000 + i * 7919).slice(-8)}`,
      cartId: `cart_${n}`,
      orderId: `ord_${n}`,
      messageId: `0102018e3c5a7b21-${n}-000000`,
      startMs: base + i * 37 * 60_000,
      seed: i,
    };
  });
}

const catalog: readonly LineItem[] = Array.from({ length: 24 }, (_, i) => ({
  productId: `prod_${String(i + 1).padStart(3, '0')}`,
  name: `Product ${i + 1}`,
  price: 19 + ((i * 37) % 300),
  quantity: 1 + (i % 3),
  url: `https://shop.example/products/p${i + 1}`,
  image: `https://shop.example/images/p${i + 1}.jpg`,
  category: ['Fragrance', 'Incense', 'Gifts'][i % 3] ?? 'Gifts',
}));

/** 2 × 400 SAR outside the bonus category: 800 points, enough for a redemption (minimum 500) after one order. */
export const giftBoxes: readonly LineItem[] = [
  { productId: 'prod_gift_box', name: 'Gift box', price: 400, quantity: 2, category: 'Gifts' },
];

const fallbackItem: LineItem = { productId: 'prod_000', name: 'Product 0', price: 1, quantity: 1 };
const item = (n: number): LineItem => catalog[n % catalog.length] ?? fallbackItem;

function cartItems(c: BenchCustomer, step: number): LineItem[] {
  const seed = c.seed + step;
  return [item(seed), item(seed * 7 + 3)].slice(0, 1 + (step % 2));
}

const totalOf = (items: readonly LineItem[]): number =>
  items.reduce((sum, i) => sum + Math.round(i.price * 100) * i.quantity, 0) / 100;

const at = (c: BenchCustomer, minutes: number): string => new Date(c.startMs + minutes * 60_000).toISOString();

function storefront(detailType: string, detail: object): PutEventsRequestEntry {
  return { EventBusName: 'rekindle', Source: shopSource, DetailType: detailType, Detail: JSON.stringify(detail) };
}

function ses(detailType: string, detail: object): PutEventsRequestEntry {
  return { EventBusName: 'default', Source: 'aws.ses', DetailType: detailType, Detail: JSON.stringify(detail) };
}

function mail(c: BenchCustomer) {
  const ex = sesExamples['Email Opened'].mail;
  const to = { name: 'To', value: c.email };
  const from = { name: 'From', value: ex.source };
  return {
    ...ex,
    messageId: c.messageId,
    destination: [c.email],
    headers: [from, to, { name: 'Subject', value: 'Your cart is waiting' }],
    commonHeaders: { from: [ex.source], to: [c.email], messageId: c.messageId, subject: 'Your cart is waiting' },
    tags: { ...ex.tags, customerId: [c.customerId] },
  };
}

/** Every kind of event the bench sends, each a function of the customer (and a step, for repeated kinds). */
export const make = {
  productViewedAnonymous: (c: BenchCustomer, step = 0) =>
    storefront('Product Viewed', {
      anonymousId: c.anonymousId,
      occurredAt: at(c, step),
      product: { ...productOf(item(c.seed + step)), currency: 'SAR' },
    }),
  customerRegistered: (c: BenchCustomer) =>
    storefront('Customer Registered', {
      ...storefrontExamples['Customer Registered'],
      customerId: c.customerId,
      anonymousId: c.anonymousId,
      eventId: `evt_reg_${c.customerId}`,
      occurredAt: at(c, 5),
      email: c.email,
      phone: c.phone,
    }),
  customerUpdated: (c: BenchCustomer) =>
    storefront('Customer Updated', {
      ...storefrontExamples['Customer Updated'],
      customerId: c.customerId,
      occurredAt: at(c, 8),
    }),
  productViewed: (c: BenchCustomer, step = 0) =>
    storefront('Product Viewed', {
      customerId: c.customerId,
      occurredAt: at(c, 10 + step),
      product: { ...productOf(item(c.seed * 5 + step)), currency: 'SAR' },
    }),
  /** A view four days into the story: the day after the refund, the customer's last event. */
  productViewedNextDay: (c: BenchCustomer, step = 0) =>
    storefront('Product Viewed', {
      customerId: c.customerId,
      occurredAt: at(c, 60 * 24 * 4 + step),
      product: { ...productOf(item(c.seed * 3 + step)), currency: 'SAR' },
    }),
  cartUpdated: (c: BenchCustomer, step = 0) => {
    const items = cartItems(c, step);
    return storefront('Cart Updated', {
      customerId: c.customerId,
      occurredAt: at(c, 20 + step),
      cartId: c.cartId,
      items,
      currency: 'SAR',
      total: totalOf(items),
      email: c.email,
    });
  },
  checkoutStarted: (c: BenchCustomer) =>
    storefront('Checkout Started', {
      customerId: c.customerId,
      occurredAt: at(c, 25),
      cartId: c.cartId,
      total: totalOf(cartItems(c, 1)),
      currency: 'SAR',
      email: c.email,
    }),
  orderCompleted: (c: BenchCustomer) => {
    const items = cartItems(c, 1);
    return storefront('Order Completed', {
      customerId: c.customerId,
      occurredAt: at(c, 30),
      eventId: `evt_order_${c.orderId}`,
      orderId: c.orderId,
      cartId: c.cartId,
      total: totalOf(items),
      currency: 'SAR',
      items,
    });
  },
  /**
   * The customer's order number `n`, at `occurredAt` (the loyalty scenarios place orders in time: lots expire a
   * year after their order). `items`: the customer's cart unless given.
   */
  orderAt: (c: BenchCustomer, n: number, occurredAt: string, items: readonly LineItem[] = cartItems(c, n)) =>
    storefront('Order Completed', {
      customerId: c.customerId,
      occurredAt,
      eventId: `evt_order_${c.orderId}_${n}`,
      orderId: `${c.orderId}_${n}`,
      cartId: c.cartId,
      total: totalOf(items),
      currency: 'SAR',
      items,
    }),
  orderRefunded: (c: BenchCustomer) => {
    const [first] = cartItems(c, 1);
    return storefront('Order Refunded', {
      customerId: c.customerId,
      occurredAt: at(c, 60 * 24 * 3),
      orderId: c.orderId,
      refundId: `ref_${c.orderId}`,
      amount: first?.price ?? 1,
      currency: 'SAR',
      items: first ? [{ productId: first.productId, quantity: 1 }] : [],
    });
  },
  emailDelivered: (c: BenchCustomer) => {
    const ex = sesExamples['Email Delivered'];
    return ses('Email Delivered', {
      ...ex,
      mail: mail(c),
      delivery: { ...ex.delivery, timestamp: at(c, 40), recipients: [c.email] },
    });
  },
  emailOpened: (c: BenchCustomer) => {
    const ex = sesExamples['Email Opened'];
    return ses('Email Opened', { ...ex, mail: mail(c), open: { ...ex.open, timestamp: at(c, 45) } });
  },
  emailClicked: (c: BenchCustomer) => {
    const ex = sesExamples['Email Clicked'];
    return ses('Email Clicked', {
      ...ex,
      mail: mail(c),
      click: { ...ex.click, timestamp: at(c, 46), link: `https://shop.example/cart/${c.cartId}` },
    });
  },
  emailBounced: (c: BenchCustomer) => {
    const ex = sesExamples['Email Bounced'];
    const [recipient] = ex.bounce.bouncedRecipients;
    return ses('Email Bounced', {
      ...ex,
      mail: mail(c),
      bounce: {
        ...ex.bounce,
        timestamp: at(c, 41),
        bouncedRecipients: recipient ? [{ ...recipient, emailAddress: c.email }] : [],
      },
    });
  },
  emailComplaintReceived: (c: BenchCustomer) => {
    const ex = sesExamples['Email Complaint Received'];
    return ses('Email Complaint Received', {
      ...ex,
      mail: mail(c),
      complaint: { ...ex.complaint, timestamp: at(c, 50), complainedRecipients: [{ emailAddress: c.email }] },
    });
  },
  /**
   * Matches no route: the baseline of the PutEvents path alone. On the default bus under an AWS-like source that no
   * rule takes (storefront sources there, and unknown detail-types on the rekindle bus, now go to tracking).
   */
  unrouted: (c: BenchCustomer) => ({
    ...storefront('Page Scrolled', { customerId: c.customerId, occurredAt: at(c, 1) }),
    EventBusName: 'default',
    Source: 'aws.bench',
  }),
} as const;

function productOf(i: LineItem) {
  return { productId: i.productId, name: i.name, price: i.price, url: i.url, image: i.image, category: i.category };
}

/**
 * A realistic session per customer, 10 events: an anonymous view, registration (which ties the visitor),
 * three more views, two cart updates, an order, then the reminder email opened and clicked.
 * Sent step by step across all customers, so a customer's events arrive in order but interleaved with others'.
 */
export function mixedStories(group: readonly BenchCustomer[]): PutEventsRequestEntry[] {
  const steps: ((c: BenchCustomer) => PutEventsRequestEntry)[] = [
    (c) => make.productViewedAnonymous(c, 0),
    make.customerRegistered,
    (c) => make.productViewed(c, 0),
    (c) => make.productViewed(c, 1),
    (c) => make.cartUpdated(c, 0),
    (c) => make.productViewed(c, 2),
    (c) => make.cartUpdated(c, 1),
    make.orderCompleted,
    make.emailOpened,
    make.emailClicked,
  ];
  return steps.flatMap((step) => group.map(step));
}

export const eventsPerStory = 10;
