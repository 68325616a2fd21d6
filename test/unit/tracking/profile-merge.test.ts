import { describe, expect, it } from 'vitest';
import type { ProfileChange } from '../../../shared/tracking/core/model.js';
import { type FieldTimes, mergeProfile } from '../../../shared/tracking/core/profile-merge.js';

interface Stored {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly times: FieldTimes;
}

const empty: Stored = { fields: {}, times: {} };

/** What the profile writer does with an update: set or remove attributes, keep the new field times. */
function applyChange(stored: Stored, change: ProfileChange): Stored {
  const update = mergeProfile(stored.times, change);
  if (update === null) return stored;
  const fields: Record<string, unknown> = { ...stored.fields };
  for (const [name, value] of Object.entries(update.set)) {
    if (value === null) delete fields[name];
    else fields[name] = value;
  }
  return { fields, times: update.fieldTimes };
}

const applyAll = (changes: readonly ProfileChange[]): Stored => changes.reduce(applyChange, empty);

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const t = (n: number): string => `2026-03-0${n}T10:00:00.000Z`;

describe('mergeProfile', () => {
  it('sets every given field and remembers when each was set', () => {
    const update = mergeProfile(
      {},
      { at: t(1), email: 'a@example.com', firstName: 'Layla', consents: { sms: false }, attributes: { tier: 'gold' } },
    );
    expect(update).toEqual({
      set: {
        email: 'a@example.com',
        firstName: 'Layla',
        'consent:sms': { granted: false, at: t(1), via: 'update' },
        'attr:tier': 'gold',
      },
      fieldTimes: { email: t(1), firstName: t(1), 'consent:sms': t(1), 'attr:tier': t(1) },
    });
  });

  it('converges on the same profile whatever order the same changes arrive in', () => {
    const changes: ProfileChange[] = [
      {
        at: t(1),
        registered: true,
        email: 'old@example.com',
        firstName: 'Layla',
        lastName: 'Harbi',
        consents: { email: true, sms: true },
        attributes: { city: 'Riyadh', tier: 'bronze' },
      },
      { at: t(3), email: 'new@example.com', consents: { sms: false }, attributes: { tier: 'silver' } },
      { at: t(2), lastName: 'Al-Harbi', locale: 'ar-SA', attributes: { city: 'Jeddah', tier: 'gold' } },
      { at: t(4), attributes: { city: null }, consents: { whatsapp: true } },
      { at: t(5), timezone: 'Asia/Riyadh', birthday: '--09-23' },
    ];
    const expected = applyAll(changes);
    expect(expected.fields).toEqual({
      email: 'new@example.com',
      firstName: 'Layla',
      lastName: 'Al-Harbi',
      locale: 'ar-SA',
      timezone: 'Asia/Riyadh',
      birthday: '--09-23',
      registeredAt: t(1),
      'consent:email': { granted: true, at: t(1), via: 'registration' },
      'consent:sms': { granted: false, at: t(3), via: 'update' },
      'consent:whatsapp': { granted: true, at: t(4), via: 'update' },
      'attr:tier': 'silver',
    });
    const orders = permutations(changes);
    expect(orders).toHaveLength(120);
    for (const order of orders) expect(applyAll(order)).toEqual(expected);
  });

  it('lets an older event fill gaps without undoing newer fields', () => {
    const newer = applyChange(empty, { at: t(5), firstName: 'Layla', consents: { email: false } });
    const update = mergeProfile(newer.times, {
      at: t(1),
      firstName: 'Old name',
      lastName: 'Al-Harbi',
      consents: { email: true, sms: true },
      registered: true,
    });
    expect(update?.set).toEqual({
      lastName: 'Al-Harbi',
      'consent:sms': { granted: true, at: t(1), via: 'registration' },
      registeredAt: t(1),
    });
    expect(update?.fieldTimes).toMatchObject({ firstName: t(5), 'consent:email': t(5), lastName: t(1) });
  });

  it('lets a consent withdrawal win a grant of the same second, in either arrival order', () => {
    const grant: ProfileChange = { at: t(2), consents: { email: true }, registered: true };
    const withdrawal: ProfileChange = { at: t(2), consents: { email: false } };
    for (const order of [
      [grant, withdrawal],
      [withdrawal, grant],
    ]) {
      expect(applyAll(order).fields['consent:email']).toMatchObject({ granted: false, at: t(2) });
    }
  });

  it('returns null for a duplicate of a change already applied', () => {
    const change: ProfileChange = { at: t(2), email: 'a@example.com', attributes: { tier: 'gold' } };
    const once = applyChange(empty, change);
    expect(mergeProfile(once.times, change)).toBeNull();
  });

  it('returns null for a change older than every field it touches', () => {
    const stored = applyChange(empty, { at: t(5), email: 'new@example.com', locale: 'en-GB' });
    expect(mergeProfile(stored.times, { at: t(3), email: 'old@example.com', locale: 'ar-SA' })).toBeNull();
  });

  it('returns null for a change that carries no field', () => {
    expect(mergeProfile({}, { at: t(1) })).toBeNull();
  });

  it('removes an attribute set to null', () => {
    const stored = applyChange(empty, { at: t(1), attributes: { city: 'Riyadh' } });
    expect(mergeProfile(stored.times, { at: t(2), attributes: { city: null } })?.set).toEqual({ 'attr:city': null });
  });

  it('keeps the first registration time when a later registration arrives after it', () => {
    const first = applyChange(empty, { at: t(1), registered: true });
    const both = applyChange(first, { at: t(3), registered: true });
    expect(both.fields.registeredAt).toBe(t(1));
  });

  it('keeps the first registration time when it arrives after a later registration', () => {
    const later = applyChange(empty, { at: t(3), registered: true });
    const both = applyChange(later, { at: t(1), registered: true });
    expect(both.fields.registeredAt).toBe(t(1));
  });

  it('does not set a registration time from an update', () => {
    expect(mergeProfile({}, { at: t(1), firstName: 'Layla', registered: false })?.set).toEqual({ firstName: 'Layla' });
  });
});
