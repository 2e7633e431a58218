/** How a production is named in URLs and exports, and identified across imports. */
import { createHash } from 'node:crypto';
import { cleanText, memoise, slugify } from './text.js';

/**
 * The production's slug, which identifies it across imports. Letters of
 * other scripts cannot be spelled in a slug, so they are represented by a
 * short hash of them (lower-cased, so stable across imports): a title with no
 * Latin letters or digits (a Japanese title, say) becomes "production-" and
 * the hash, one that mixes scripts gets it as a suffix; otherwise "東京 2" and
 * "大阪 2" would both slug to "2" and their credits merge into one production.
 */
export const productionSlug: (title: string) => string = memoise(productionSlugUncached);

function productionSlugUncached(title: string): string {
  const slug = slugify(title);
  // The letters and digits the slug cannot spell: those of other scripts, case-folded.
  const unspelled = cleanText(title)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]|[\p{Script=Latin}0-9]/gu, '');
  if (unspelled === '' && slug !== '') return slug;
  const hash = createHash('sha256')
    .update(unspelled || title)
    .digest('hex')
    .slice(0, 8);
  return slug === '' ? `production-${hash}` : `${slug}-${hash}`;
}
