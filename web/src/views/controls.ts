/**
 * The controls: production, season, unit, minimum evidence, role. Every
 * change becomes a new URL and history entry; a run of arrow keys on the
 * Count radios (which choose as they move, as radios do) makes one entry.
 */
import type { Production } from '../api';
import { onChosen } from '../choose';
import { h } from '../dom';
import { roleLabel, seasonLabel, UNITS } from '../format';
import { evidenceField } from '../provenance';
import { copyText } from '../publish';
import { linkedSeason, navigate, type ViewState } from '../state';

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { attrs: { for: id } }, label), control);
}

function select(id: string, options: Array<[string, string]>, value: string, onChange: (v: string) => void, prompt?: HTMLOptionElement): HTMLSelectElement {
  const el = h('select', { attrs: { id } }, prompt, ...options.map(([v, text]) => h('option', { attrs: { value: v } }, text)));
  el.value = value;
  onChosen(el, onChange); // not on every arrow key: each choice is a page load and a history entry
  return el;
}

/** Keys with which a radio group moves its choice. */
const RADIO_MOVES = /^Arrow(Up|Down|Left|Right)$/u;

function unitChoice(state: ViewState): HTMLElement {
  let keyed = false; // the change comes from an arrow key, not a click or Space
  const group = h('div', { class: 'segmented' },
    ...UNITS.map(({ unit, label }) => {
      const input = h('input', {
        attrs: { type: 'radio', name: 'unit', id: `ctl-unit-${unit}`, value: unit, checked: unit === state.unit },
        on: { change: () => navigate({ ...state, unit }, { from: input.id, coalesce: keyed ? 'unit-arrows' : undefined }) },
      });
      return h('label', { attrs: { for: input.id } }, input, h('span', {}, label));
    }),
  );
  group.addEventListener('keydown', (e) => (keyed = RADIO_MOVES.test(e.key)));
  group.addEventListener('pointerdown', () => (keyed = false));
  return h('fieldset', { class: 'field unit-choice' }, h('legend', {}, 'Count'), group);
}

/**
 * A link naming a production we do not hold selects this prompt: the menu
 * then shows no production as chosen, and every pick in it (the overview
 * too) counts as a choice.
 */
function unheldPrompt(state: ViewState, productions: Production[]): HTMLOptionElement | undefined {
  if (!state.production || productions.some((p) => p.slug === state.production)) return undefined;
  return h('option', { attrs: { value: state.production, disabled: true } }, 'Choose a production');
}

export interface ControlsData {
  productions: Production[];
  seasons?: Array<{ season: number; year: number | null }>;
  roles?: string[];
}

export function controls(state: ViewState, data: ControlsData): HTMLElement {
  const production = select(
    'ctl-production',
    [['', 'All productions (overview)'], ...data.productions.map((p): [string, string] => [p.slug, p.title])],
    state.production ?? '',
    (slug) => navigate({ ...state, production: slug || null, season: null }, { from: 'ctl-production' }),
    unheldPrompt(state, data.productions),
  );
  const fields: HTMLElement[] = [field('ctl-production', 'Production', production)];
  if (state.production && data.seasons) {
    const kind = data.productions.find((p) => p.slug === state.production)?.kind ?? 'tv';
    const seasons = data.seasons.map((s): [string, string] => [String(s.season), seasonLabel(s.season, s.year, kind)]);
    // no season in the state: the latest (a film's one, which its links leave out)
    const shown = state.season ?? data.seasons.at(-1)?.season;
    fields.push(field('ctl-season', 'Season', select('ctl-season', seasons, String(shown ?? ''), (v) => navigate({ ...state, season: linkedSeason(kind, Number(v)) }, { from: 'ctl-season' }))));
  }
  fields.push(unitChoice(state));
  fields.push(evidenceField(state.evidence, (evidence) => navigate({ ...state, evidence }, { from: 'ctl-evidence' })));
  if (state.production && data.roles) {
    const roles = data.roles.map((r): [string, string] => [r, roleLabel(r)]);
    fields.push(field('ctl-role', 'Role (trend, credits)', select('ctl-role', roles, state.role, (role) => navigate({ ...state, role }, { from: 'ctl-role' }))));
  }
  const copied = h('span', { class: 'copied', attrs: { role: 'status' } });
  const copy = h(
    'button',
    {
      class: 'button',
      attrs: { type: 'button', id: 'ctl-copy-link' },
      on: { click: () => void copyText(location.href).then((ok) => (copied.textContent = ok ? 'Link copied.' : 'Copy the address bar: it holds this view.')) },
    },
    'Copy link to this view',
  );
  return h('form', { class: 'control-form', on: { submit: (e) => e.preventDefault() } }, ...fields, h('div', { class: 'field link-field' }, copy, copied));
}
