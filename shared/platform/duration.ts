/** ISO-8601 durations (`P3D`, `PT4H`, `P1Y2M`, `P2W`), applied in UTC: months and years follow the calendar. */
const pattern =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

/** Null when `text` is not an ISO-8601 duration. */
export function parseDuration(text: string): Duration | null {
  const m = pattern.exec(text);
  if (!m) return null;
  const n = (i: number): number => Number(m[i] ?? 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

export function addDuration(from: Date, d: Duration): Date {
  const t = new Date(from.getTime());
  const year = t.getUTCFullYear() + d.years;
  const month = t.getUTCMonth() + d.months;
  // 31 Jan + P1M is 28/29 Feb, not 3 Mar: clamp the day to the target month's length.
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  t.setUTCFullYear(year, month, Math.min(t.getUTCDate(), lastDay));
  const ms = ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
  return new Date(t.getTime() + ms);
}
