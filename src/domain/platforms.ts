import { looseKey } from './text.js';

/** Distribution platforms as the baselines split them. */
export const PLATFORM_KINDS = ['broadcast', 'cable', 'streaming'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

/** Networks and services by platform kind (US, as the reports count them). Extend as sheets need. */
const NETWORKS: Record<PlatformKind, string[]> = {
  broadcast: ['broadcast', 'abc', 'cbs', 'nbc', 'fox', 'the cw', 'cw', 'pbs'],
  cable: ['cable', 'hbo', 'showtime', 'fx', 'fxx', 'amc', 'own', 'usa', 'usa network', 'tnt', 'tbs', 'starz', 'bravo', 'syfy', 'freeform', 'lifetime', 'bet'],
  streaming: ['streaming', 'netflix', 'hulu', 'amazon', 'prime video', 'amazon prime video', 'apple tv+', 'apple tv plus', 'disney+', 'disney plus', 'max', 'hbo max', 'peacock', 'paramount+'],
};
const byKey = new Map<string, PlatformKind>();
for (const kind of PLATFORM_KINDS) for (const n of NETWORKS[kind]) byKey.set(looseKey(n), kind);

/** Platform kind of a production's network or service, when CrewCount knows it. */
export function platformKind(platform: string | null | undefined): PlatformKind | undefined {
  return platform ? byKey.get(looseKey(platform)) : undefined;
}

/**
 * Platform kinds a baseline row covers: "" means the report does not split by
 * platform, i.e. all of them.
 */
export function coveredKinds(baselinePlatform: string): Set<PlatformKind> {
  if (baselinePlatform.trim() === '') return new Set(PLATFORM_KINDS);
  const kinds = baselinePlatform
    .split(',')
    .map((p) => platformKind(p.trim()))
    .filter((k): k is PlatformKind => k !== undefined);
  return new Set(kinds);
}
