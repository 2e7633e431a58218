/**
 * The fuzz cases (bench/lib/soak-fuzz.ts) as the importer now reads them:
 * a file that is not valid UTF-8 is read as windows-1252 when it is plausibly
 * that (src/import/encoding.ts). One fixed case changes outcome: in
 * invalid-utf8-deep, 0xFF sits alone in ASCII text, so it is windows-1252's
 * "ÿ" and the line "AÿB" is refused as a one-field row instead of as bad
 * bytes. It must still be refused, as that row, decoded exactly.
 */
import type { FuzzCase } from '../../bench/lib/soak-fuzz.js';
import type { ImportSummary } from '../../src/import/types.js';

function readAsWindows1252(s: ImportSummary): string | null {
  if (s.files[0]?.encoding !== 'windows-1252') return `expected the file decoded as windows-1252, got ${s.files[0]?.encoding}`;
  const ragged = s.issues.find((i) => i.value === 'A\u00ffB' && /^row has 1 field but the header has/.test(i.message));
  return ragged ? null : `expected the row "A\u00ffB" refused as one field, got: ${s.issues.slice(0, 3).map((i) => `${i.line}:${i.column} ${i.message}`).join(' | ') || 'none'}`;
}

export function withEncodingFallback(cases: FuzzCase[]): FuzzCase[] {
  return cases.map((c) => (c.kind === 'invalid-utf8-deep' ? { ...c, check: readAsWindows1252 } : c));
}
