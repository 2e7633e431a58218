/**
 * A season's platform, as every query reads it: the season's own, else its
 * production's (the first one a sheet gave; see the season-platform
 * migration). SQL over the aliases `s` (seasons) and `p` (productions).
 */
export const SEASON_PLATFORM_SQL = 'coalesce(s.platform, p.platform)';
