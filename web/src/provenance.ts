/**
 * The evidence behind the genders: the "Minimum evidence" control, and the
 * provenance mix beside each share ("13 known: 10 press pronouns, 3 public
 * statement"), so a reader sees how much a figure rests on inference.
 */
import type { StatsRow } from './api';
import type { EvidenceLevel } from '../../src/domain/gender-sources.js';
import { onChosen } from './choose';
import { h } from './dom';
import { count } from './format';

export type { EvidenceLevel };

/** The levels a reader can ask for, strongest last; '' is no minimum. */
export const EVIDENCE_CHOICES: ReadonlyArray<[EvidenceLevel | '', string]> = [
  ['', 'Any recorded gender'],
  ['name-inferred', 'Inferred from a name, or better'],
  ['press-pronouns', 'Press pronouns, or better'],
  ['public-statement', 'The person’s public statement, or better'],
  ['self-identified', 'Self-identified only'],
];

const LEVELS: readonly string[] = EVIDENCE_CHOICES.map(([v]) => v).filter((v) => v !== '');

/** A min_evidence URL parameter, or null when absent or not a level. */
export function readEvidence(value: string | null): EvidenceLevel | null {
  return value !== null && LEVELS.includes(value) ? (value as EvidenceLevel) : null;
}

const EVIDENCE_NOUN: Record<EvidenceLevel, string> = {
  'self-identified': 'self-identification',
  'public-statement': 'the person’s own public statement',
  'press-pronouns': 'pronouns or gendered words in the press',
  'name-inferred': 'inference from a name',
};

/** For subtitles and captions: what the minimum did to the counts. */
export function evidencePhrase(level: EvidenceLevel | null): string {
  return level === null ? '' : ` Genders resting on weaker evidence than ${EVIDENCE_NOUN[level]} are counted as unknown.`;
}

/** The control: a select kept in the URL as min_evidence. */
export function evidenceField(value: EvidenceLevel | null, onChange: (level: EvidenceLevel | null) => void): HTMLElement {
  const select = h('select', { attrs: { id: 'ctl-evidence' } }, ...EVIDENCE_CHOICES.map(([v, text]) => h('option', { attrs: { value: v } }, text)));
  select.value = value ?? '';
  onChosen(select, (v) => onChange(readEvidence(v)));
  return h('div', { class: 'field' }, h('label', { attrs: { for: 'ctl-evidence' } }, 'Minimum evidence'), select);
}

const MIX: ReadonlyArray<[keyof StatsRow, string]> = [
  ['evidence_self_identified', 'self-identified'],
  ['evidence_public_statement', 'public statement'],
  ['evidence_press_pronouns', 'press pronouns'],
  ['evidence_name_inferred', 'inferred from a name'],
  ['evidence_unrecorded', 'no recorded source'],
];

/** "13 known: 10 press pronouns, 3 public statement"; "none of known gender". */
export function provenanceText(r: StatsRow): string {
  if (r.known === 0) return 'none of known gender';
  const parts = MIX.filter(([field]) => (r[field] as number) > 0).map(([field, label]) => `${count(r[field] as number)} ${label}`);
  return `${count(r.known)} known: ${parts.join(', ')}`;
}

/** The table cell with the provenance mix, its amounts also as data attributes for tests and scrapers. */
export function provenanceCell(r: StatsRow): HTMLTableCellElement {
  const attrs: Record<string, string> = { 'data-provenance': '' };
  for (const [field] of MIX) attrs[`data-${field.replace(/_/g, '-')}`] = String(r[field]);
  return h('td', { class: 'text provenance', attrs }, provenanceText(r));
}
