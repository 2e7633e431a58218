/**
 * Air dates that were stored without a word and moved a season's year (and
 * so its baseline): what a spreadsheet shows for an empty date cell, a year
 * no episode can have, a reference page's two dates that disagree (finding 7).
 */
import { describe, expect, it } from 'vitest';
import { AIR_YEARS_AHEAD, airDateParser, EARLIEST_AIR_YEAR, parseAirDate } from '../../src/import/values.js';

const message = (cell: string, order?: 'mdy' | 'dmy'): string | false => {
  const r = airDateParser(order)(cell);
  return !r.ok && r.message;
};

describe('the date a spreadsheet shows for an empty or zero cell', () => {
  it.each(['1899-12-30', '1899-12-31', '1900-01-00', '1900-01-01', '1904-01-01', 'December 30, 1899', '30 December 1899', '30/12/1899', '1899/12/30', '1900-01-01T00:00:00'])(
    'refuses %j, saying what it is',
    (cell) => {
      expect(message(cell)).toBe(
        `air date "${cell}" is the date a spreadsheet shows for an empty or zero date cell (1899-12-30, 1899-12-31, 1900-01-00, 1900-01-01 or 1904-01-01), not an air date; leave the cell blank if the date is not known`,
      );
    },
  );

  it('refuses it whatever date order the sheet gives', () => {
    expect(message('12/30/1899', 'mdy')).toMatch(/is the date a spreadsheet shows for an empty or zero date cell/);
    expect(message('01/01/1900', 'dmy')).toMatch(/is the date a spreadsheet shows for an empty or zero date cell/);
  });

  it('takes the days beside them', () => {
    expect(parseAirDate('1900-01-02')).toEqual({ ok: true, value: '1900-01-02' });
    expect(parseAirDate('1899-12-29')).toEqual({ ok: true, value: '1899-12-29' });
  });
});

describe('years no episode or film can have', () => {
  const latest = new Date().getUTCFullYear() + AIR_YEARS_AHEAD;

  it('refuses a date before 1888', () => {
    expect(EARLIEST_AIR_YEAR).toBe(1888);
    for (const cell of ['1887-12-31', '0001-01-01', 'March 2, 1066'])
      expect(message(cell)).toBe(`air date "${cell}" is before 1888, older than any film; check the year`);
    expect(parseAirDate('1888-10-14')).toEqual({ ok: true, value: '1888-10-14' });
  });

  it(`refuses a date more than ${AIR_YEARS_AHEAD} years ahead, 9999-12-31 among them`, () => {
    for (const cell of ['9999-12-31', `${latest + 1}-01-01`, `January 1, ${latest + 1}`])
      expect(message(cell)).toBe(`air date "${cell}" is after ${latest}, more than ${AIR_YEARS_AHEAD} years from now; check the year`);
    expect(parseAirDate(`${latest}-12-31`)).toEqual({ ok: true, value: `${latest}-12-31` });
  });
});

describe('a reference page’s date with the ISO date beside it', () => {
  it('refuses two different dates instead of keeping the one in brackets', () => {
    expect(message('March 2, 2018 (2018-03-09)')).toBe('air date "March 2, 2018 (2018-03-09)" gives two different dates, 2018-03-02 and 2018-03-09; keep the right one');
    expect(message('13/02/2018 (2018-02-14)')).toMatch(/gives two different dates, 2018-02-13 and 2018-02-14/);
  });

  it('takes the two when they agree, or when only the ISO date settles the day', () => {
    expect(parseAirDate('March 2, 2018 (2018-03-02)')).toEqual({ ok: true, value: '2018-03-02' });
    expect(parseAirDate('2 March 2018 (2018-03-02)[a]')).toEqual({ ok: true, value: '2018-03-02' });
    expect(parseAirDate('03/04/2018 (2018-04-03)')).toEqual({ ok: true, value: '2018-04-03' }); // ambiguous alone
    expect(parseAirDate('(2018-03-02)')).toEqual({ ok: true, value: '2018-03-02' });
  });

  it('checks the ISO date as any other', () => {
    expect(message('December 30, 1899 (1899-12-30)')).toMatch(/is the date a spreadsheet shows/);
    expect(message('March 2, 2018 (2018-02-30)')).toBe('air date "March 2, 2018 (2018-02-30)" is not a valid calendar date');
  });
});
