import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, toCsv } from '../../shared/platform/csv.js';

describe('CSV (RFC 4180)', () => {
  it('quotes a field holding a comma, a quote or a line break, doubling the quotes; leaves others bare', () => {
    expect(csvField('Haddad, Layla')).toBe('"Haddad, Layla"');
    expect(csvField('Sam "the regular" Lee')).toBe('"Sam ""the regular"" Lee"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('ليلى حداد')).toBe('ليلى حداد');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('ends every record, the header too, in CRLF', () => {
    expect(
      toCsv(
        ['id', 'name'],
        [
          ['c1', 'Ann'],
          ['c2', null],
        ],
      ),
    ).toBe('id,name\r\nc1,Ann\r\nc2,\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not numbers', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+1 555')).toBe("'+1 555");
  });

  it('names with commas, quotes, line breaks and Arabic or Persian text read back exactly', () => {
    const names = ['Haddad, Layla', 'O"Brien', 'ليلى "الحداد"، الرياض', 'مریم\r\nرضایی', '', ' padded '];
    expect(
      parseCsv(
        toCsv(
          ['name'],
          names.map((n) => [n]),
        ),
      ),
    ).toEqual([['name'], ...names.map((n) => [n])]);
  });

  it('any text that does not start like a formula round-trips through toCsv and parseCsv', () => {
    const text = fc.string({ unit: 'grapheme' }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 2, maxLength: 4 }), { maxLength: 5 }), (rows) => {
        const width = rows[0]?.length ?? 2;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const header = Array.from({ length: width }, (_, i) => `c${i}`);
        expect(parseCsv(toCsv(header, table))).toEqual([header, ...table]);
      }),
    );
  });

  it('refuses a quoted field that is never closed', () => {
    expect(() => parseCsv('a,"b\r\n')).toThrow(/not closed/);
  });
});
