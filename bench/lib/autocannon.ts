/**
 * autocannon, typed: it ships no types, so the part of its API the
 * benchmarks and the soak use is declared here once.
 */
import { createRequire } from 'node:module';

export interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  total: number;
}

export interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  duration: number;
}

type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
