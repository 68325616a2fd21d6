import { addDays, isoDate } from '../../../platform/calendar/convert.js';
import { localTimeToInstant } from '../../../platform/calendar/local-time.js';
import { nextOccasion } from '../../../platform/calendar/occasion-dates.js';
import type { Calendar } from '../../../platform/calendar/occasions.js';
import type { Workflow } from '../schema/workflow.js';
import { zoneOrUtc } from './timing.js';
import type { Profile } from './types.js';

type DateTrigger = Extract<Workflow['trigger'], { date: unknown }>['date'];

export interface DateOccurrence {
  /** The instant it fires: the trigger's local time on that day in the customer's time zone. */
  readonly at: string;
  /** The day (`YYYY-MM-DD`, the customer's calendar): the business key of this occurrence. */
  readonly day: string;
}

/**
 * The first time strictly after `after` a date trigger fires for this customer, or null when it never will (no
 * birthday on the profile, a fixed date gone by). Birthdays on 29 February fall on the 28th in other years.
 */
export function nextDateOccurrence(trigger: DateTrigger, profile: Profile, after: string): DateOccurrence | null {
  const zone = zoneOrUtc(profile.timezone);
  const at = (day: string): DateOccurrence => ({ at: localTimeToInstant(day, trigger.localTime, zone), day });
  const firstAfter = (days: readonly string[]) => days.map(at).find((o) => o.at > after) ?? null;
  const year = Number(after.slice(0, 4));
  const years = [year - 1, year, year + 1, year + 2];
  const yearly = (monthDay: string) => firstAfter(years.map((y) => onMonthDay(y, monthDay)));

  if ('birthday' in trigger) return profile.birthday ? yearly(profile.birthday.slice(-5)) : null;
  if ('anniversary' in trigger) {
    const registered = profile.registeredAt;
    if (!registered) return null;
    // The first anniversary is a year after sign-up, never the day itself.
    const signedUp = Number(registered.slice(0, 4));
    return firstAfter(years.filter((y) => y > signedUp).map((y) => onMonthDay(y, registered.slice(5, 10))));
  }
  if ('fixed' in trigger) return firstAfter([trigger.fixed]);
  if ('recurring' in trigger) return yearly(trigger.recurring.slice(2));
  const { calendar, name, offsetDays } = trigger.occasion;
  // From the day before `after` (a customer far east of UTC may still be before the local time on that day).
  let from = addDays(after.slice(0, 10), -2);
  for (let i = 0; i < 3; i++) {
    const day = nextOccasion<Calendar>(calendar, name, from, offsetDays);
    const occurrence = at(day);
    if (occurrence.at > after) return occurrence;
    from = day;
  }
  return null;
}

/** `YYYY-MM-DD` of `MM-DD` in `year`; 02-29 becomes 02-28 when the year has none. */
function onMonthDay(year: number, monthDay: string): string {
  const [month = 1, day = 1] = monthDay.split('-').map(Number);
  const leapless = month === 2 && day === 29 && new Date(Date.UTC(year, 1, 29)).getUTCMonth() !== 1;
  return isoDate(Date.UTC(year, month - 1, leapless ? 28 : day) / 86_400_000);
}
