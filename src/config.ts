/**
 * Every setting CrewCount reads, in one place: a default, an environment
 * variable and a one-line description each. Command-line flags (such as
 * --db) override the environment; nothing else reads process.env.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { ValidationError } from './domain/errors.js';

/** The checkout's root (holds package.json), whether running from src/ or dist/src/. */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}

export interface Setting<T> {
  env: string;
  description: string;
  default: T;
}

export const SETTINGS = {
  databaseUrl: {
    env: 'DATABASE_URL',
    description: 'SQLite file path (or :memory:) or postgres:// URL of the database',
    default: path.join(PROJECT_ROOT, 'data', 'crewcount.sqlite'),
  },
  port: { env: 'PORT', description: 'HTTP port for `crewcount serve`', default: 3000 },
  host: { env: 'HOST', description: 'Interface `crewcount serve` listens on', default: '127.0.0.1' },
  token: {
    env: 'CREWCOUNT_TOKEN',
    description: 'Bearer token that write endpoints require; unset disables them',
    default: undefined as string | undefined,
  },
  maxUploadMb: {
    env: 'CREWCOUNT_MAX_UPLOAD_MB',
    description: 'Largest accepted upload, in megabytes',
    default: 50,
  },
} satisfies Record<string, Setting<unknown>>;

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  token: string | undefined;
  maxUploadMb: number;
}

function positiveInt(name: string, raw: string): number {
  // Digits only: Number() would also take 0x10 or 1e3.
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  // A ValidationError: the CLI prints it as one line, not a stack trace.
  if (!Number.isInteger(n) || n <= 0) throw new ValidationError(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** A TCP port to listen on: 1 to 65535. */
export function parsePort(name: string, raw: string): number {
  const n = positiveInt(name, raw);
  if (n > 65535) throw new ValidationError(`${name} must be a port number from 1 to 65535, got "${raw}"`);
  return n;
}

/** Resolve the configuration: explicit overrides, then the environment, then defaults. */
export function loadConfig(
  overrides: Partial<Config> = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const pick = (key: keyof typeof SETTINGS): string | undefined => {
    const v = env[SETTINGS[key].env];
    return v === undefined || v === '' ? undefined : v;
  };
  const port = pick('port');
  const maxUpload = pick('maxUploadMb');
  return {
    databaseUrl: overrides.databaseUrl ?? pick('databaseUrl') ?? SETTINGS.databaseUrl.default,
    port: overrides.port ?? (port ? parsePort('PORT', port) : SETTINGS.port.default),
    host: overrides.host ?? pick('host') ?? SETTINGS.host.default,
    token: overrides.token ?? pick('token') ?? SETTINGS.token.default,
    maxUploadMb:
      overrides.maxUploadMb ??
      (maxUpload ? positiveInt('CREWCOUNT_MAX_UPLOAD_MB', maxUpload) : SETTINGS.maxUploadMb.default),
  };
}
