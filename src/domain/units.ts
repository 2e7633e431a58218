/**
 * Counting units. credit: every (episode, role, person) credit counts 1.
 * person: every distinct person in the role within the season counts 1.
 * episode: every episode with the role credited counts 1, split equally among
 * the people credited in that role for it (the DGA's unit).
 */
export const UNITS = ['credit', 'person', 'episode'] as const;
export type Unit = (typeof UNITS)[number];

export function isUnit(value: string): value is Unit {
  return (UNITS as readonly string[]).includes(value);
}
