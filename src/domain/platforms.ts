import { looseKey } from './text.js';

/** Distribution platforms as the baselines split them. */
export const PLATFORM_KINDS = ['broadcast', 'cable', 'streaming'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

/**
 * Networks and services by platform kind (US, as the reports count them);
 * each kind's own name stands for the whole kind. Extend as sheets need.
 */
const NETWORKS: Record<PlatformKind, string[]> = {
  broadcast: ['broadcast', 'abc', 'cbs', 'nbc', 'fox', 'the cw', 'cw', 'pbs'],
  cable: ['cable', 'hbo', 'showtime', 'fx', 'fxx', 'amc', 'own', 'usa', 'usa network', 'tnt', 'tbs', 'starz', 'bravo', 'syfy', 'freeform', 'lifetime', 'bet'],
  streaming: ['streaming', 'netflix', 'hulu', 'amazon', 'prime video', 'amazon prime video', 'apple tv+', 'apple tv plus', 'disney+', 'disney plus', 'max', 'hbo max', 'peacock', 'paramount+'],
};
/** Other names of one network or service: a report naming "Amazon" measured a show on "Prime Video". */
const SAME_SERVICE: Record<string, string> = {
  cw: 'the cw',
  'usa network': 'usa',
  'prime video': 'amazon',
  'amazon prime video': 'amazon',
  'apple tv plus': 'apple tv+',
  'disney plus': 'disney+',
  'hbo max': 'max', // renamed Max in 2023
};

/** A known platform: its kind, and the network or service when one is named rather than the kind itself ("streaming"). */
export interface KnownPlatform {
  kind: PlatformKind;
  service?: string;
}

const byKey = new Map<string, KnownPlatform>();
for (const kind of PLATFORM_KINDS) {
  for (const n of NETWORKS[kind]) byKey.set(looseKey(n), n === kind ? { kind } : { kind, service: looseKey(SAME_SERVICE[n] ?? n) });
}

/** A production's network or service as CrewCount knows it; undefined when it does not. */
export function knownPlatform(platform: string | null | undefined): KnownPlatform | undefined {
  return platform ? byKey.get(looseKey(platform)) : undefined;
}

/** Platform kind of a production's network or service, when CrewCount knows it. */
export function platformKind(platform: string | null | undefined): PlatformKind | undefined {
  return knownPlatform(platform)?.kind;
}

/**
 * What a baseline row measures. A report that names a kind ("streaming")
 * measured all of it; one that names services of a kind ("Netflix") measured
 * those and no other of that kind.
 */
export interface PlatformCoverage {
  /** Kinds measured whole. */
  kinds: Set<PlatformKind>;
  /** Services measured, of kinds not measured whole. */
  services: Set<string>;
  /** The kinds those services belong to: measured in part. */
  partKinds: Set<PlatformKind>;
}

/** What a baseline row's platform list covers: "" means the report does not split by platform, i.e. all of them. */
export function platformCoverage(baselinePlatform: string): PlatformCoverage {
  if (baselinePlatform.trim() === '') return { kinds: new Set(PLATFORM_KINDS), services: new Set(), partKinds: new Set() };
  const named = baselinePlatform
    .split(',')
    .map((p) => knownPlatform(p.trim()))
    .filter((p): p is KnownPlatform => p !== undefined);
  const kinds = new Set(named.filter((p) => p.service === undefined).map((p) => p.kind));
  // a service of a kind also named whole adds nothing: the kind covers it
  const parts = named.filter((p) => p.service !== undefined && !kinds.has(p.kind));
  return { kinds, services: new Set(parts.map((p) => p.service!)), partKinds: new Set(parts.map((p) => p.kind)) };
}

export const coversEveryPlatform = (c: PlatformCoverage): boolean => c.kinds.size === PLATFORM_KINDS.length;

/**
 * Whether a baseline row measures a production's platform: its whole kind,
 * or its very service. A production on a kind alone ("streaming"), service
 * unnamed, is not known to be on a service the row names; one whose platform
 * is unknown is measured only by a row covering every platform.
 */
export function coversPlatform(c: PlatformCoverage, platform: KnownPlatform | undefined): boolean {
  if (platform === undefined) return coversEveryPlatform(c);
  return c.kinds.has(platform.kind) || (platform.service !== undefined && c.services.has(platform.service));
}
