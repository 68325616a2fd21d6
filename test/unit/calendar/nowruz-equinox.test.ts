import { describe, expect, it } from 'vitest';
import { fromCalendarDate } from '../../../shared/platform/calendar/convert.js';

/**
 * ICU's Persian calendar is arithmetic (a 33-year leap cycle); Iran's official calendar is astronomical: the year
 * starts on the day of the March equinox if it happens before noon Tehran time (UTC+03:30), else the next day.
 * This checks one against the other with the March equinox from Meeus, Astronomical Algorithms (2nd ed.), ch. 27
 * (mean equinox from table 27.B, periodic terms from table 27.C; within about a minute for 1951-2050) and a ΔT
 * estimate. Years whose equinox falls within 5 minutes of noon would be undecidable and are reported separately.
 */
const periodicTerms = [
  [485, 324.96, 1934.136],
  [203, 337.23, 32964.467],
  [199, 342.08, 20.186],
  [182, 27.85, 445267.112],
  [156, 73.14, 45036.886],
  [136, 171.52, 22518.443],
  [77, 222.54, 65928.934],
  [74, 296.72, 3034.906],
  [70, 243.58, 9037.513],
  [58, 119.81, 33718.147],
  [52, 297.17, 150.678],
  [50, 21.02, 2281.226],
  [45, 247.54, 29929.562],
  [44, 325.15, 31555.956],
  [29, 60.93, 4443.417],
  [18, 155.12, 67555.328],
  [17, 288.79, 4562.452],
  [16, 198.04, 62894.029],
  [14, 199.76, 31436.921],
  [12, 95.39, 14577.848],
  [12, 287.11, 31931.756],
  [12, 320.81, 34777.259],
  [9, 227.73, 1222.114],
  [8, 15.45, 16859.074],
] as const;

const rad = Math.PI / 180;

/** The March equinox of `year` as Unix ms (UT). */
function marchEquinox(year: number): number {
  const y = (year - 2000) / 1000;
  const jde0 = 2451623.80984 + 365242.37404 * y + 0.05169 * y ** 2 - 0.00411 * y ** 3 - 0.00057 * y ** 4;
  const t = (jde0 - 2451545) / 36525;
  const w = (35999.373 * t - 2.47) * rad;
  const dl = 1 + 0.0334 * Math.cos(w) + 0.0007 * Math.cos(2 * w);
  const s = periodicTerms.reduce((sum, [a, b, c]) => sum + a * Math.cos((b + c * t) * rad), 0);
  const jde = jde0 + (0.00001 * s) / dl;
  const deltaT = 62.92 + 0.32217 * (year - 2000) + 0.005589 * (year - 2000) ** 2; // seconds (Espenak & Meeus)
  return (jde - deltaT / 86400 - 2440587.5) * 86_400_000;
}

describe('Nowruz', () => {
  it('matches the astronomical rule (equinox before noon in Tehran) for every year 2000-2100', () => {
    const disagreements: string[] = [];
    const tooClose: number[] = [];
    for (let year = 2000; year <= 2100; year++) {
      const tehran = new Date(marchEquinox(year) + 3.5 * 3_600_000);
      const minutesFromNoon = tehran.getUTCHours() * 60 + tehran.getUTCMinutes() - 12 * 60;
      if (Math.abs(minutesFromNoon) < 5) tooClose.push(year);
      const day = Date.UTC(year, tehran.getUTCMonth(), tehran.getUTCDate() + (minutesFromNoon >= 0 ? 1 : 0));
      const expected = new Date(day).toISOString().slice(0, 10);
      const actual = fromCalendarDate('persian', year - 621, 1, 1);
      if (actual !== expected) disagreements.push(`${year - 621}: ICU ${actual}, equinox rule ${expected}`);
    }
    expect(tooClose).toEqual([]);
    expect(disagreements).toEqual([]);
  });

  it('computes the equinox itself correctly (USNO: 2025-03-20 09:01 UTC, 2000-03-20 07:35 UTC)', () => {
    expect(Math.abs(marchEquinox(2025) - Date.UTC(2025, 2, 20, 9, 1))).toBeLessThan(2 * 60_000);
    expect(Math.abs(marchEquinox(2000) - Date.UTC(2000, 2, 20, 7, 35))).toBeLessThan(2 * 60_000);
  });
});
