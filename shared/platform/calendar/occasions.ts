/**
 * Occasions a date-triggered workflow can name ("3 days before eid-al-fitr", "on nowruz"), per calendar.
 *
 * Every occasion is a civil day (midnight to midnight in the customer's zone); the Islamic day that starts at the
 * previous sunset and the "night of" Yalda are mapped to that civil day. The dates themselves are computed in
 * `occasion-dates.ts`:
 *
 * gregorian
 * - `new-year`: 1 January. `valentines`: 14 February. `christmas`: 25 December.
 * - `mothers-day-uk`: Mothering Sunday, the fourth Sunday of Lent = Easter Sunday (Gregorian computus) - 21 days.
 * - `black-friday`: the day after the fourth Thursday of November (US Thanksgiving).
 *
 * hijri (Umm al-Qura, the Saudi civil calendar as tabulated by ICU; see `convert.ts`). Religious observance in
 * Saudi Arabia and elsewhere follows moon sighting and can differ from the table by a day.
 * - `islamic-new-year`: 1 Muharram. `ashura`: 10 Muharram. `mawlid`: 12 Rabi al-Awwal.
 * - `ramadan-start`: 1 Ramadan. `eid-al-fitr`: 1 Shawwal. `arafah`: 9 Dhu al-Hijjah. `eid-al-adha`: 10 Dhu al-Hijjah.
 *
 * persian (Solar Hijri)
 * - `nowruz`: 1 Farvardin. `sizdah-bedar`: 13 Farvardin.
 * - `yalda`: the night between 30 Azar and 1 Dey; the occasion date is 30 Azar (the evening it starts).
 * - `chaharshanbe-suri`: celebrated on the evening of the last Tuesday before Nowruz (the eve of the last Wednesday
 *   strictly before 1 Farvardin); the occasion date is that Tuesday, as Iranian calendars list it. It falls in Esfand,
 *   so the chaharshanbe-suri of Persian year Y is the one before Nowruz Y+1.
 */
export const calendars = ['gregorian', 'hijri', 'persian'] as const;

export type Calendar = (typeof calendars)[number];

export const occasionIds = {
  gregorian: ['new-year', 'valentines', 'mothers-day-uk', 'black-friday', 'christmas'],
  hijri: ['islamic-new-year', 'ashura', 'mawlid', 'ramadan-start', 'eid-al-fitr', 'eid-al-adha', 'arafah'],
  persian: ['nowruz', 'sizdah-bedar', 'yalda', 'chaharshanbe-suri'],
} as const satisfies Record<Calendar, readonly string[]>;

/** An occasion of calendar `C` (of any calendar when `C` is left open); ids are unique across calendars. */
export type OccasionId<C extends Calendar = Calendar> = (typeof occasionIds)[C][number];

export const isCalendar = (value: string): value is Calendar => calendars.some((c) => c === value);

/** Whether `id` names an occasion of `calendar` (for input that has not been through a schema). */
export function isOccasionId<C extends Calendar>(calendar: C, id: string): id is OccasionId<C> {
  const ids: readonly string[] = occasionIds[calendar];
  return ids.includes(id);
}
