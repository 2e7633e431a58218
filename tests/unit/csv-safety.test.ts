import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../../src/export/csv-safety.js';

describe('neutraliseFormula', () => {
  it('puts an apostrophe before a cell a spreadsheet would run as a formula, spaces before it included', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '  =9', '\u00a0+1', ' @x']) expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it('leaves text alone, a formula character inside it included', () => {
    for (const cell of ['Ann Lee', 'A = B', "'=already guarded", 'x-1', '"=10', '', ' Ann']) expect(neutraliseFormula(cell)).toBe(cell);
  });
});
