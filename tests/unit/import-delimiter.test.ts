import { describe, expect, it } from 'vitest';
import { delimiterName, detectDelimiter } from '../../src/import/delimiter.js';

describe('detectDelimiter', () => {
  it('finds comma, semicolon, tab and pipe header lines', () => {
    expect(detectDelimiter('series,season,episode,role,person')).toBe(',');
    expect(detectDelimiter('Series;Season;Episode;Role;Person')).toBe(';');
    expect(detectDelimiter('Series\tSeason\tEpisode\tRole\tPerson')).toBe('\t');
    expect(detectDelimiter('series|season|episode|role|person')).toBe('|');
  });

  it('picks the candidate that occurs most often', () => {
    expect(detectDelimiter('Series;Season;Episode;Role, or job;Person')).toBe(';');
    expect(detectDelimiter('a\tb\tc,d')).toBe('\t');
  });

  it('does not count delimiters inside double quotes', () => {
    expect(detectDelimiter('"series,title";"season,number";episode')).toBe(';');
    expect(detectDelimiter('"a;b;c;d",e,f')).toBe(',');
  });

  it('ignores a trailing carriage return', () => {
    expect(detectDelimiter('series;season;episode\r')).toBe(';');
  });

  it('falls back to comma on a tie or a single column', () => {
    expect(detectDelimiter('series')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
    expect(detectDelimiter('a,b;c')).toBe(',');
  });
});

describe('delimiterName', () => {
  it('names delimiters for the summary', () => {
    expect(delimiterName(',')).toBe('comma');
    expect(delimiterName(';')).toBe('semicolon');
    expect(delimiterName('\t')).toBe('tab');
    expect(delimiterName('|')).toBe('pipe');
    expect(delimiterName(':')).toBe('":"');
  });
});
