import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { type LoyaltyProgramInput, parseLoyaltyProgram } from '../../../shared/loyalty/core/program.js';
import { ValidationError } from '../../../shared/platform/errors.js';
import {
  generateProgramSchema,
  generateSchemas,
  programSchemaPath,
  repositoryRoot,
} from '../../../shared/schemas/generate.js';
import { shippedJson } from './helpers.js';

/** The issues parsing `json` raises, as `path: message` lines. */
function issues(adjust: (p: LoyaltyProgramInput & Record<string, unknown>) => void): string[] {
  const json = shippedJson();
  adjust(json);
  try {
    parseLoyaltyProgram(json);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('the loyalty program file', () => {
  it('ships a valid program, with its $schema key', () => {
    const program = parseLoyaltyProgram(shippedJson());
    expect(program.$schema).toBe('../schemas/loyalty-program.schema.json');
    expect(program.tiers?.levels.map((l) => l.id)).toEqual(['bronze', 'silver', 'gold']);
  });

  it('fills defaults for what a small program leaves out', () => {
    const program = parseLoyaltyProgram({
      currency: 'EUR',
      earn: { pointsPerUnit: 1 },
      redemption: { minimum: 100, step: 100, pointValue: 0.01, couponExpiry: 'P30D', couponPrefix: 'SHOP' },
    });
    expect(program.earn).toEqual({ pointsPerUnit: 1, rounding: 'floor', categoryMultipliers: {}, promotions: [] });
    expect(program.bonuses).toEqual({ signup: 0, birthday: 0, nthOrder: [] });
    expect(program.pending).toBe('P0D');
    expect(program.expiry).toBeUndefined();
    expect(program.tiers).toBeUndefined();
  });

  it.each<[string, (p: LoyaltyProgramInput & Record<string, unknown>) => void, string]>([
    [
      'tiers out of order',
      (p) => p.tiers?.levels.reverse(),
      'tiers.levels[0].threshold: the first (entry) level must have threshold 0',
    ],
    [
      'tiers not ascending',
      (p) => {
        const gold = p.tiers?.levels[2];
        if (gold) gold.threshold = 1000;
      },
      'tiers.levels[2].threshold: must be greater than the threshold of "silver" (1000): list levels from lowest to highest',
    ],
    [
      'duplicate tier ids',
      (p) => p.tiers?.levels.push({ id: 'gold', threshold: 9000 }),
      'tiers.levels[3].id: duplicate id "gold"',
    ],
    [
      'a promotion that ends before it starts',
      (p) => {
        const promo = p.earn.promotions?.[0];
        if (promo) promo.to = '2027-01-01T00:00:00Z';
      },
      'earn.promotions[0].to: must be after from',
    ],
    [
      'a minimum that is not a multiple of step',
      (p) => (p.redemption.minimum = 550),
      'redemption.minimum: must be a multiple of step (100)',
    ],
    [
      'a bad duration',
      (p) => (p.pending = '14 days'),
      'pending: must be an ISO-8601 duration such as P14D, P12M or PT12H',
    ],
    [
      'a zero window',
      (p) => {
        if (p.tiers) p.tiers.window = 'P0D';
      },
      'tiers.window: must be longer than zero',
    ],
    [
      'fractional bonus points',
      (p) => (p.bonuses = { signup: 10.5 }),
      'bonuses.signup: must be a whole number of points',
    ],
    [
      'a duplicate nth-order bonus',
      (p) => p.bonuses?.nthOrder?.push({ n: 5, points: 1 }),
      'bonuses.nthOrder[2].n: duplicate n "5"',
    ],
    [
      'a lower-case coupon prefix',
      (p) => (p.redemption.couponPrefix = 'rk'),
      'redemption.couponPrefix: must be 1-10 upper-case letters or digits, e.g. RK',
    ],
    [
      'a zero multiplier',
      (p) => (p.earn.categoryMultipliers = { Fragrance: 0 }),
      'earn.categoryMultipliers.Fragrance: must be greater than 0',
    ],
    [
      'a misspelt key',
      (p) => (p.expiry = { after: 'P12M', remindBefor: 'P30D' } as never),
      'expiry: Unrecognized key: "remindBefor"',
    ],
  ])('rejects %s, naming the path', (_name, adjust, expected) => {
    expect(issues(adjust)).toContain(expected);
  });
});

describe('schemas/loyalty-program.schema.json', () => {
  const ajv = new Ajv2020({ allErrors: true, strictTypes: true });
  addFormats.default(ajv);
  const committed = readFileSync(join(repositoryRoot, programSchemaPath), 'utf8');
  const validate = ajv.compile(JSON.parse(committed));

  it('is up to date (run `npm run schemas` after changing the zod schema)', () => {
    expect(committed).toBe(generateProgramSchema());
    expect(generateSchemas().get(programSchemaPath)).toBe(committed);
  });

  it('accepts the shipped program and a minimal one', () => {
    expect(validate(shippedJson()), JSON.stringify(validate.errors)).toBe(true);
    const minimal = {
      currency: 'EUR',
      earn: { pointsPerUnit: 1 },
      redemption: { minimum: 100, step: 100, pointValue: 0.01, couponExpiry: 'P30D', couponPrefix: 'SHOP' },
    };
    expect(validate(minimal), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what an editor can catch: unknown keys, bad durations, bad enums', () => {
    const json = shippedJson();
    expect(validate({ ...json, extra: true })).toBe(false);
    expect(validate({ ...json, pending: '14 days' })).toBe(false);
    expect(validate({ ...json, earn: { ...json.earn, rounding: 'up' } })).toBe(false);
  });
});
