/** Productions and their seasons, with episode and credit counts, for listings. */
import type { Knex } from 'knex';
import { SEASON_PLATFORM_SQL } from './season-platform.js';
import { byCodePoint } from './dialect.js';

export interface ProductionListing {
  slug: string;
  title: string;
  kind: 'tv' | 'film';
  platform: string | null;
  /** A film lists its one internal season with season null: it has no seasons (as its stats rows say). */
  /** `platform`: the season's own, else the production's. */
  seasons: Array<{ season: number | null; platform: string | null; episodes: number; credits: number; first_air_date: string | null }>;
}

export async function listProductions(db: Knex): Promise<ProductionListing[]> {
  const rows: Array<{
    slug: string;
    title: string;
    kind: 'tv' | 'film';
    platform: string | null;
    season: number;
    season_platform: string | null;
    episodes: number | string;
    credits: number | string;
    first_air_date: string | null;
  }> = await db('productions as p')
    .join('seasons as s', 's.production_id', 'p.id')
    // per season: episodes, first air date and credits (counted per episode on the credits' key),
    // without joining every credit row to its season
    .leftJoin(
      db('episodes as e')
        .select(
          'e.season_id',
          db.raw('count(*) as episodes'),
          db.raw('min(e.air_date) as first_air_date'),
          db.raw('sum((select count(*) from credits c where c.episode_id = e.id)) as credits'),
        )
        .groupBy('e.season_id')
        .as('k'),
      'k.season_id',
      's.id',
    )
    .select(
      'p.slug',
      'p.title',
      'p.kind',
      'p.platform',
      's.number as season',
      db.raw(`${SEASON_PLATFORM_SQL} as season_platform`),
      db.raw('coalesce(k.episodes, 0) as episodes'),
      db.raw('coalesce(k.credits, 0) as credits'),
      'k.first_air_date',
    )
    .orderByRaw(`${byCodePoint(db, 'p.title')}, s.number`);
  const out = new Map<string, ProductionListing>();
  for (const r of rows) {
    let p = out.get(r.slug);
    if (!p) out.set(r.slug, (p = { slug: r.slug, title: r.title, kind: r.kind, platform: r.platform, seasons: [] }));
    p.seasons.push({ season: r.kind === 'film' ? null : r.season, platform: r.season_platform, episodes: Number(r.episodes), credits: Number(r.credits), first_air_date: r.first_air_date });
  }
  return [...out.values()];
}
