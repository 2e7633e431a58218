import { describe, expect, it } from 'vitest';
import { detectDelimiterInSample, separatorLine } from '../../src/import/delimiter-sample.js';

describe('detectDelimiterInSample', () => {
  it('takes the header line\'s most frequent delimiter when the records agree', () => {
    expect(detectDelimiterInSample('series;season;episode;role;person\nA;1;1;director;Ana\n')).toBe(';');
    expect(detectDelimiterInSample('series,season,episode\n"A; B",1,1\n')).toBe(',');
    expect(detectDelimiterInSample('series\tseason\tepisode\nA\t1\t1\n')).toBe('\t');
  });

  it('reads the header alone when it is all there is', () => {
    expect(detectDelimiterInSample('series;season;episode')).toBe(';');
    // A tie with nothing after the header to break it: the old preference for commas.
    expect(detectDelimiterInSample('Serie;Folge;Name (Nachname, Vorname, Zusatz)\n')).toBe(',');
  });

  it('lets the records decide when commas in column names tie with the semicolons', () => {
    const sample = 'Serie;Folge;Name (Nachname, Vorname, Zusatz)\nA;1;"Ruiz, Ana"\n\r\nB;2;Chen\n;;\nC;3;Ö';
    expect(detectDelimiterInSample(sample)).toBe(';');
  });

  it('keeps the header\'s choice when no other candidate fits the records either', () => {
    // Ragged records under every candidate: the old rule stands.
    expect(detectDelimiterInSample('a,b;c,d\n1,2\n3;4;5\n')).toBe(',');
  });

  it('follows quoted fields across lines', () => {
    expect(detectDelimiterInSample('series;note, remark, comment\nA;"line one,\nline two, three"\nB;x\n')).toBe(';');
  });

  it('reads the header, not the empty rows a spreadsheet left above it', () => {
    expect(detectDelimiterInSample('\nseries;season;episode\nA;1;1\n')).toBe(';');
    expect(detectDelimiterInSample(',,,\r\n;;\r\n  \r\nseries\tseason\tepisode\r\n')).toBe('\t');
  });
});

describe('detectDelimiterInSample above the header', () => {
  it('looks past a title or note that splits like no record below it', () => {
    expect(detectDelimiterInSample('Crew of season 2\nseries;season;episode\nA;1;1\nB;1;2\n')).toBe(';');
    // A title holding a comma in a semicolon sheet: its comma must not decide.
    expect(detectDelimiterInSample('Northern Line, season 2 (source: end credits)\n\nseries;season;episode\nA;1;1\n')).toBe(';');
    expect(detectDelimiterInSample('Title\nNote\nseries\tseason\tepisode\nA\t1\t1\n')).toBe('\t');
  });
});

describe("separatorLine (Excel's sep= line)", () => {
  it.each([
    ['sep=;\nseries;season\n', ';', 6],
    ['SEP=,\r\nseries,season\n', ',', 7],
    ['"sep=;";;;\nseries;season\n', ';', 11],
    ['sep=\t\t\t\nseries\tseason\n', '\t', 8],
    ['sep=|', '|', 5],
  ])('reads %j', (text, delimiter, length) => {
    expect(separatorLine(text)).toEqual({ delimiter, length });
  });

  it.each([['series,season\n'], ['sep=;x\nseries;season\n'], ['sep=\nseries\n'], [' sep=;\n'], ['sep=;,\n'], ['sep="\n'], ['sep=a\n'], ['sep= \n']])('finds none in %j', (text) => {
    expect(separatorLine(text)).toBeNull();
  });
});
