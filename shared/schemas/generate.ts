import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as z from 'zod';
import { loyaltyProgram } from '../loyalty/core/program.js';
import { routes } from '../platform/routing.js';
import { workflowDefinition } from '../workflow/core/schema/workflow.js';
import { rekindleExamples, sesExamples, storefrontExamples } from './examples.js';
import { type LifecycleDetailType, lifecycleEventSchemas, lifecycleExamples } from './lifecycle-events.js';
import { type PurgeDetailType, purgeEventSchemas, purgeExamples } from './purge-events.js';
import { type RekindleDetailType, rekindleEventSchemas } from './rekindle-events.js';
import { type SesDetailType, sesEventSchemas } from './ses-events.js';
import { type StorefrontDetailType, storefrontEventSchemas } from './storefront-events.js';

/**
 * Writes the published JSON Schemas of every event's `detail` to `schemas/events/` (`npm run schemas`).
 *
 * The events Rekindle consumes (storefront, SES) are generated with `io: 'input'`: they describe what a sender may
 * put on the bus, i.e. what our parsers accept. For storefront events that matters: zod strips unknown keys instead
 * of rejecting them, so the output schema (`additionalProperties: false`) would reject events that Rekindle in fact
 * accepts. Rekindle's own events are generated with `io: 'output'`: Rekindle produces them, so the schema describes
 * what a consumer receives (their objects are strict, so both would give the same schema today; `output` stays right
 * should a schema ever get a default or a transform).
 * What zod checks in code (refinements) has no JSON Schema form and is added here by hand, or listed in the README.
 */

export const schemaDir = 'schemas/events';
/** Base of each schema's `$id`; a URN until the schemas are served from a public URL. */
export const schemaIdBase = 'urn:rekindle:schemas:events:';

const jsonSchemaDialect = 'https://json-schema.org/draft/2020-12/schema';

/** zod's `customerId or anonymousId is required` refinement, as JSON Schema. */
export const someoneRequired = [{ required: ['customerId'] }, { required: ['anonymousId'] }];

const storefrontDescriptions: Record<StorefrontDetailType, string> = {
  'Customer Registered': 'A customer created an account. Creates the profile; later events merge into it.',
  'Customer Updated': 'A customer changed profile fields or marketing consent. Only the fields sent are updated.',
  'Product Viewed': 'A visitor or customer viewed a product page. Feeds browse-abandonment flows and segments.',
  'Cart Updated':
    'The full current content of a cart after any change (add, remove, quantity). Feeds cart-abandonment flows.',
  'Checkout Started': 'A visitor or customer began checkout for a cart.',
  'Order Completed': 'An order was placed. Updates lifetime stats and ends any abandonment flow for its cart.',
  'Order Refunded': 'All or part of an order was refunded. Send one event per refund.',
};

const sesDescriptions: Record<SesDetailType, string> = {
  'Email Sent': 'SES accepted the send request and will try to deliver the email.',
  'Email Delivered': "SES delivered the email to the recipient's mail server.",
  'Email Opened': 'The recipient opened the email (open tracking).',
  'Email Clicked': 'The recipient clicked a link in the email (click tracking).',
  'Email Bounced': "The recipient's mail server rejected the email permanently, or SES gave up retrying.",
  'Email Complaint Received': 'The recipient marked the email as spam.',
  'Email Delivery Delayed': 'The email could not be delivered yet; SES keeps trying until expirationTime.',
  'Email Rejected': 'SES found a virus in the email and did not send it.',
  'Email Rendering Failed': 'SES could not render the email template and did not send it.',
};

const sesNote =
  ' Published by Amazon SES (source "aws.ses") on the default event bus; only the fields Rekindle reads are ' +
  'required, all other fields AWS sends are allowed.';

const rekindleDescriptions: Record<RekindleDetailType, string> = {
  'Points Awarded':
    'Points were credited: earned by an order (pending until the return window ends), a bonus (signup, birthday, ' +
    'nth order) or redeemed points given back after a refund.',
  'Points Redeemed': 'The customer spent points on a single-use coupon code.',
  'Points Reversed':
    'Points an order earned were taken back because the order was (partly) refunded, or an nth-order bonus moved to an earlier order.',
  'Points Expiring':
    "Some of the customer's points will expire at expiresAt unless spent first (sent once per lot, the program's " +
    'remindBefore ahead). Use it for an expiry reminder.',
  'Points Expired': 'Points expired unspent.',
  'Tier Changed': 'The customer moved to another tier: up as soon as a threshold is reached, down at a review.',
};

const lifecycleDescriptions: Record<LifecycleDetailType, string> = {
  'Customer Became Inactive':
    'The customer has had no activity for `days` days (basis activity: a threshold of INACTIVITY_DAYS, default 30, ' +
    '60 and 90) or no order (basis purchase: NO_PURCHASE_DAYS, default 90 and 180), announced by the daily ' +
    'inactivity sweep once per crossing. Workflows enter it with a segment trigger {"inactiveDays": N} or ' +
    '{"noPurchaseDays": N}.',
};

const purgeDescriptions: Record<PurgeDetailType, string> = {
  'Customer Purge Requested':
    'Asks for a customer to be erased: published by a workflow purge step; consumed by the purge function. The ' +
    'customer is erased once however often it is asked.',
  'Customer Purged':
    'A customer was erased: profile, contact data, identities, timeline, carts, enrollments and messages are gone; ' +
    'a suppression by hash of each address and the pseudonymised order and ledger rows remain. Carries the audit ' +
    'record: who asked, when, why, and the counts.',
};

/** The `Source` of every event Rekindle publishes (shared/platform/eventbridge/publisher.ts). */
const rekindleSource = 'rekindle';

const rekindleNote =
  ' Published by Rekindle (source "rekindle") on the Rekindle bus; eventId is the same for every delivery of the ' +
  'event, so consumers must dedupe on it.';

interface EventEntry {
  readonly detailType: string;
  readonly file: string;
  readonly schema: z.ZodType;
  readonly example: unknown;
  readonly description: string;
  readonly requiresSomeone: boolean;
  /** `input` for events Rekindle consumes (what it accepts), `output` for the events it produces. */
  readonly io: 'input' | 'output';
  /** Where the event is published: `rekindle` (our bus: storefronts and Rekindle) or `default` (AWS services). */
  readonly bus: 'rekindle' | 'default';
  /** Fallback for the `source` pattern when no route consumes the detail-type. */
  readonly defaultSource: readonly unknown[] | undefined;
}

/** `Order Completed` → `order-completed`. */
export function kebab(detailType: string): string {
  return detailType
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function isKeyOf<T extends object>(object: T, key: PropertyKey): key is keyof T {
  return Object.hasOwn(object, key);
}

/** Storefront events first, then SES, then Rekindle's own (loyalty, lifecycle), each in the order of its map. */
function entries(): EventEntry[] {
  const storefront = Object.keys(storefrontEventSchemas)
    .filter((key) => isKeyOf(storefrontEventSchemas, key))
    .map(
      (detailType): EventEntry => ({
        detailType,
        file: `${kebab(detailType)}.schema.json`,
        schema: storefrontEventSchemas[detailType],
        example: storefrontExamples[detailType],
        description: storefrontDescriptions[detailType],
        requiresSomeone: true,
        io: 'input',
        bus: 'rekindle',
        defaultSource: undefined,
      }),
    );
  const ses = Object.keys(sesEventSchemas)
    .filter((key) => isKeyOf(sesEventSchemas, key))
    .map(
      (detailType): EventEntry => ({
        detailType,
        file: `ses-${kebab(detailType)}.schema.json`,
        schema: sesEventSchemas[detailType],
        example: sesExamples[detailType],
        description: sesDescriptions[detailType] + sesNote,
        requiresSomeone: false,
        io: 'input',
        bus: 'default',
        defaultSource: ['aws.ses'],
      }),
    );
  const rekindle = ownEntries(rekindleEventSchemas, rekindleExamples, rekindleDescriptions);
  const lifecycle = ownEntries(lifecycleEventSchemas, lifecycleExamples, lifecycleDescriptions);
  const purge = ownEntries(purgeEventSchemas, purgeExamples, purgeDescriptions);
  return [...storefront, ...ses, ...rekindle, ...lifecycle, ...purge];
}

/** Entries for the events Rekindle publishes itself, one per key of `schemas`. */
function ownEntries<T extends string>(
  schemas: Readonly<Record<T, z.ZodType>>,
  examples: Readonly<Record<T, unknown>>,
  descriptions: Readonly<Record<T, string>>,
): EventEntry[] {
  return Object.keys(schemas)
    .filter((key) => isKeyOf(schemas, key))
    .map(
      (detailType): EventEntry => ({
        detailType,
        file: `rekindle-${kebab(detailType)}.schema.json`,
        schema: schemas[detailType],
        example: examples[detailType],
        description: descriptions[detailType] + rekindleNote,
        requiresSomeone: false,
        io: 'output',
        bus: 'rekindle',
        defaultSource: undefined,
      }),
    );
}

const routePattern = z.looseObject({ source: z.array(z.json()), 'detail-type': z.array(z.string()) });

/** The `source` pattern of the route that consumes `entry`, so the index can't drift from shared/platform/routing.ts. */
function sourcePattern(entry: EventEntry): readonly unknown[] {
  // Rekindle's own events always carry its source, whichever route consumes them.
  if (entry.io === 'output') return [rekindleSource];
  for (const route of routes) {
    if (route.bus !== entry.bus) continue;
    const pattern = routePattern.safeParse(route.pattern);
    if (pattern.success && pattern.data['detail-type'].includes(entry.detailType)) return pattern.data.source;
  }
  if (entry.defaultSource) return entry.defaultSource;
  throw new Error(`No route on the ${entry.bus} bus consumes "${entry.detailType}"`);
}

function schemaDocument(entry: EventEntry): Record<string, unknown> {
  const generated = z.toJSONSchema(entry.schema, { target: 'draft-2020-12', io: entry.io });
  // zod's own $schema and (absent) top-level description are replaced by ours, placed first for readability.
  const { $schema: _dialect, description: _description, ...body } = generated;
  if (entry.requiresSomeone && 'anyOf' in body) throw new Error(`${entry.detailType}: unexpected top-level anyOf`);
  // Exercise the example through zod too: a schema that publishes an invalid example is a bug.
  entry.schema.parse(entry.example);
  return {
    $schema: jsonSchemaDialect,
    $id: `${schemaIdBase}${entry.file.replace(/\.schema\.json$/, '')}`,
    title: entry.detailType,
    description: entry.description,
    ...body,
    ...(entry.requiresSomeone ? { anyOf: someoneRequired } : {}),
    examples: [entry.example],
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Every file under `schemas/events/`: path (relative to the repository root) → content. Pure and deterministic. */
export function generateEventSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  const index: Record<string, unknown>[] = [];
  for (const entry of entries()) {
    files.set(`${schemaDir}/${entry.file}`, json(schemaDocument(entry)));
    index.push({ detailType: entry.detailType, source: sourcePattern(entry), bus: entry.bus, file: entry.file });
  }
  files.set(
    `${schemaDir}/index.json`,
    json({
      description:
        'JSON Schemas (draft 2020-12) of the detail of every event Rekindle consumes or publishes. ' +
        'source is the EventBridge pattern the event source must match (for the events Rekindle publishes, ' +
        'the source they carry); bus is where the event is put. ' +
        'Generated by `npm run schemas`; do not edit.',
      events: index,
    }),
  );
  return files;
}

/** The loyalty program file's JSON Schema, named by `"$schema"` in workflows/loyalty.json so editors check it. */
export const programSchemaPath = 'schemas/loyalty-program.schema.json';

export function generateProgramSchema(): string {
  const generated = z.toJSONSchema(loyaltyProgram, { target: 'draft-2020-12', io: 'input' });
  const { $schema: _dialect, description: _description, ...body } = generated;
  return json({
    $schema: jsonSchemaDialect,
    $id: 'urn:rekindle:schemas:loyalty-program',
    title: 'Rekindle loyalty program',
    description:
      'The loyalty program in workflows/loyalty.json: earning, bonuses, pending period, expiry, tiers and ' +
      'redemption. Rules that span fields (levels in ascending order, promotion from < to, minimum a multiple of ' +
      'step, unique ids) are checked when the program is loaded. Generated by `npm run schemas`.',
    ...body,
  });
}

/** The workflow files' JSON Schema, named by `"$schema"` in workflows/*.workflow.json so editors complete them. */
export const workflowSchemaPath = 'schemas/workflow.schema.json';

export function generateWorkflowSchema(): string {
  const generated = z.toJSONSchema(workflowDefinition, { target: 'draft-2020-12', io: 'input' });
  const { $schema: _dialect, description: _description, ...body } = generated;
  return json({
    $schema: jsonSchemaDialect,
    $id: 'urn:rekindle:schemas:workflow',
    title: 'Rekindle workflow',
    description:
      'A campaign workflow in workflows/<id>.workflow.json: trigger, goal, exit criteria, re-entry, caps and steps. ' +
      'Rules that span fields (every step reference names a step, every step is reachable, loops wait, templates ' +
      'exist, split weights add up to 100) are checked by `npx rekindle validate`. Generated by `npm run schemas`.',
    ...body,
  });
}

/** Every generated file: the event schemas, the loyalty program's schema and the workflow schema. */
export function generateSchemas(): Map<string, string> {
  const files = generateEventSchemas();
  files.set(programSchemaPath, generateProgramSchema());
  files.set(workflowSchemaPath, generateWorkflowSchema());
  return files;
}

/** Writes the files and deletes stale ones; returns the paths written. */
export function writeEventSchemas(repoRoot: string): string[] {
  const files = generateSchemas();
  const dir = join(repoRoot, schemaDir);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.json') && !files.has(`${schemaDir}/${name}`)) rmSync(join(dir, name));
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(join(repoRoot, path)), { recursive: true });
    writeFileSync(join(repoRoot, path), content);
  }
  return [...files.keys()];
}

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const path of writeEventSchemas(repositoryRoot)) console.log(`wrote ${path}`);
}
