import { describe, expect, it } from 'vitest';
import { productionSlug } from '../../src/domain/slugs.js';
import { airDateParser, cleanName, optionalText, parseAirDate, parseOrdinal, stripFormulaGuard } from '../../src/import/values.js';

describe('parseOrdinal (season and episode numbers)', () => {
  it.each([
    ['1', 1],
    ['01', 1],
    [' 12 ', 12],
    ['3.0', 3],
    ['3,0', 3], // a spreadsheet on a locale with decimal commas
    ['3,00', 3],
    ['S02', 2],
    ['s2', 2],
    ['Season 4', 4],
    ['Series 2', 2], // British listings
    ['No. 7', 7],
    ['#5', 5],
    ['E05', 5],
    ['Ep. 5', 5],
    ['episode 10', 10],
    ['0', 0],
  ])('reads %j as %i', (cell, expected) => {
    expect(parseOrdinal(cell, 'season')).toEqual({ ok: true, value: expected });
  });

  it.each(['one', '1.5', '-1', '1a', '4b', 'S1E2', '1234567', '1,5', '1,000', 'II', '##5', 'No 5a'])('rejects %j, naming the value and the expected form', (cell) => {
    const season = parseOrdinal(cell, 'season');
    expect(season.ok).toBe(false);
    if (season.ok) return;
    expect(season.message).toContain(`season number "${cell}"`);
    expect(season.message).toMatch(/expected e\.g\. 1, 01 or S01/);
    const episode = parseOrdinal(cell, 'episode');
    expect(!episode.ok && episode.message).toMatch(/^episode number .* or E01$/);
  });

  it('says an empty number is empty rather than malformed', () => {
    const r = parseOrdinal('  ', 'episode');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe('episode number is empty; expected a whole number such as 1');
  });
});

describe('parseAirDate', () => {
  it.each([
    ['2015-11-20', '2015-11-20'],
    ['2015-1-2', '2015-01-02'],
    ['2015/11/20', '2015-11-20'],
    ['2015.11.20', '2015-11-20'],
    ['2015-11-20T21:00:00Z', '2015-11-20'],
    ['2015-11-20 21:00', '2015-11-20'],
    ['November 20, 2015', '2015-11-20'],
    ['Nov 20 2015', '2015-11-20'],
    ['Nov. 20, 2015', '2015-11-20'],
    ['Sept. 5, 2016', '2016-09-05'],
    ['November 20th, 2015', '2015-11-20'],
    ['20 November 2015', '2015-11-20'],
    ['1st March 2020', '2020-03-01'],
    ['November 20, 2015 (2015-11-20)', '2015-11-20'],
    // reference pages' footnote marks
    ['March 2, 2015[1]', '2015-03-02'],
    ['March 2, 2015 (2015-03-02)[5]', '2015-03-02'],
    ['2 March 2015†', '2015-03-02'],
    // not announced yet: no date
    ['TBA', null],
    ['TBD', null],
    ['N/A', null],
    ['-', null],
    ['20/11/2015', '2015-11-20'],
    ['11/20/2015', '2015-11-20'],
    ['20.11.2015', '2015-11-20'],
    ['05/05/2017', '2017-05-05'],
    ['2016-02-29', '2016-02-29'],
  ])('reads %j as %s', (cell, iso) => {
    expect(parseAirDate(cell)).toEqual({ ok: true, value: iso });
  });

  it('treats a blank cell as no date', () => {
    expect(parseAirDate('')).toEqual({ ok: true, value: null });
    expect(parseAirDate('   ')).toEqual({ ok: true, value: null });
  });

  it('refuses to guess an ambiguous day/month order', () => {
    const r = parseAirDate('03/04/2017');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe(
      'air date "03/04/2017" is ambiguous (day/month or month/day?); write it as YYYY-MM-DD, or give the sheet\'s date order: mdy if it means March 4, dmy if it means 3 April',
    );
  });

  it.each(['2015-02-30', '2015-13-01', '31/02/2015', 'February 30, 2015', '2017-02-29'])('rejects the impossible date %j', (cell) => {
    const r = parseAirDate(cell);
    expect(!r.ok && r.message).toBe(`air date "${cell}" is not a valid calendar date`);
  });

  it.each(['soon', 'Smarch 3, 2015', '20/11/15', '2015'])('rejects %j, naming the forms it reads', (cell) => {
    const r = parseAirDate(cell);
    expect(!r.ok && r.message).toBe(`air date "${cell}" is not a date CrewCount reads; expected YYYY-MM-DD or e.g. "November 20, 2015"`);
  });
});

describe('cell cleaning', () => {
  it('strips exactly the apostrophe a spreadsheet puts before a formula-like cell', () => {
    expect(stripFormulaGuard("'=Sam")).toBe('=Sam');
    expect(stripFormulaGuard("'+1 Crew")).toBe('+1 Crew');
    expect(stripFormulaGuard("'-Dash")).toBe('-Dash');
    expect(stripFormulaGuard("'@handle")).toBe('@handle');
    expect(stripFormulaGuard("'Brien")).toBe("'Brien");
    expect(stripFormulaGuard("O'Brien")).toBe("O'Brien");
  });

  it('cleans names: guard stripped, trimmed, inner whitespace collapsed, NFC', () => {
    expect(cleanName("  Ana \t  Ruiz ")).toBe('Ana Ruiz');
    expect(cleanName("'=Sam Equals")).toBe('=Sam Equals');
    expect(cleanName('Zoe\u0308')).toBe('Zo\u00eb');
    expect(cleanName('Ana\u00a0Ruiz')).toBe('Ana Ruiz');
  });

  it('turns blank optional text into null and absent columns into null', () => {
    expect(optionalText(undefined)).toBeNull();
    expect(optionalText('   ')).toBeNull();
    expect(optionalText('  OWN  ')).toBe('OWN');
  });
});

describe('productionSlug', () => {
  it.each([
    ["Marvel's Jessica Jones", 'marvels-jessica-jones'],
    ['Marvel’s Jessica Jones', 'marvels-jessica-jones'],
    ['Queen Sugar', 'queen-sugar'],
    ['Café Olé', 'cafe-ole'],
    ['Élite', 'elite'],
    ['Shōgun', 'shogun'],
    ['Die Straße', 'die-strasse'],
    ['Łódź Stories', 'lodz-stories'],
    ['Ærø', 'aero'],
    ['1899', '1899'],
    ['  Spaced   Out!  ', 'spaced-out'],
  ])('slugs %j as %s', (title, slug) => {
    expect(productionSlug(title)).toBe(slug);
  });

  it('gives titles without Latin letters a stable hashed slug', () => {
    const slug = productionSlug('東京ラブストーリー');
    expect(slug).toMatch(/^production-[0-9a-f]{8}$/);
    expect(productionSlug('東京ラブストーリー')).toBe(slug);
    expect(productionSlug('東京 ラブストーリー')).toBe(slug);
    expect(productionSlug('大阪ラブストーリー')).not.toBe(slug);
  });

  it('keeps titles apart whose only difference is in another script', () => {
    const tokyo = productionSlug('東京 2');
    const osaka = productionSlug('大阪 2');
    expect(tokyo).toMatch(/^2-[0-9a-f]{8}$/);
    expect(osaka).toMatch(/^2-[0-9a-f]{8}$/);
    expect(tokyo).not.toBe(osaka);
  });

  it('is case-insensitive in every script, so re-imports find the same production', () => {
    expect(productionSlug('TOKYO 東京')).toBe(productionSlug('Tokyo 東京'));
    expect(productionSlug('ΨΥΧΉ')).toBe(productionSlug('Ψυχή'));
  });
});

describe('airDateParser with the date order given', () => {
  it.each([
    ['mdy', '3/8/2018', '2018-03-08'],
    ['mdy', '03-08-2018', '2018-03-08'],
    ['mdy', '12/31/2018', '2018-12-31'],
    ['dmy', '3/8/2018', '2018-08-03'],
    ['dmy', '31.12.2018', '2018-12-31'],
    ['dmy', '2018-03-08', '2018-03-08'], // ISO dates do not depend on the order
    ['mdy', '8 March 2018', '2018-03-08'],
  ] as const)('%s reads %s as %s', (order, cell, iso) => {
    expect(airDateParser(order)(cell)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['mdy', '31/12/2018', 'month/day/year'],
    ['dmy', '12/31/2018', 'day/month/year'],
    ['dmy', '31/2/2018', 'day/month/year'],
  ] as const)('%s refuses %s', (order, cell, written) => {
    const r = airDateParser(order)(cell);
    expect(!r.ok && r.message).toBe(`air date "${cell}" is not a valid ${written} date (the date order given for the sheet is ${order})`);
  });

  it('without an order is the plain parser', () => {
    expect(airDateParser(undefined)).toBe(parseAirDate);
  });
});
