import {
  loadPlmConfig,
  PlmConfigError,
  type PlmConfig,
  type PlmConfigProblem,
} from '@mrp-plm/mrp-integration';
import { HostConfigError } from './HostConfigError.js';

/** The host's settings: its own (port, database, sunset, seed) and the PLM integration's. */
export interface HostConfig {
  /** TCP port of the HTTP server. @default 3000 */
  readonly port: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly bindHost: string;
  /**
   * The storage engine: PostgreSQL when `DATABASE_URL` is set, else an embedded SQLite file.
   * @default { engine: 'sqlite', path: './var/mrp.sqlite' }
   */
  readonly database: DatabaseSettings;
  /** When the deprecated `/api/products/*` API was deprecated (RFC 9745). @default 2026-01-13T00:00:00Z */
  readonly deprecatedApiDeprecation: Date;
  /** When the deprecated `/api/products/*` API stops answering (410 Gone). @default 2027-06-30T00:00:00Z */
  readonly deprecatedApiSunset: Date;
  /** How long a login lasts, seconds. @default 28800 (8 h) */
  readonly sessionTtlSeconds: number;
  /** Fixture seed, model count and drift the product tables are seeded with (same as plm-mock's). */
  readonly seed: { readonly seed: number; readonly models: number; readonly drift: number };
  /**
   * Where several instances share state: with `REDIS_URL`, the PLM cache (resilience's Redis
   * store with `plmCacheCodec`, so a `catalog.changed` webhook received by one instance
   * invalidates every instance's cache) and the run-time PLM mode (`createRedisModeStore`, so a
   * mode change made on one instance reaches all). `PLM_CACHE_STORE=memory` keeps the cache per
   * instance while the mode is still shared.
   * @default { engine: 'none' } (per-instance cache and mode)
   */
  readonly shared: SharedStateSettings;
  /** pino level. @default 'info' */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The PLM integration's settings (`PLM_*`). */
  readonly plm: PlmConfig;
}

/** Where the host keeps its data. */
export type DatabaseSettings =
  | { readonly engine: 'sqlite'; readonly path: string }
  | {
      readonly engine: 'postgres';
      /** Connection string; contains a password, so it is never printed. */
      readonly url: string;
      /** Schema holding every table of the host (created if missing). @default 'public' */
      readonly schema: string;
    };

/** Where instances share their PLM cache and mode. */
export type SharedStateSettings =
  | { readonly engine: 'none' }
  | {
      readonly engine: 'redis';
      /** Connection string; may contain a password, so it is never printed. */
      readonly url: string;
      /** Prefix of every key and channel; instances sharing state use the same one. @default 'mrp-host' */
      readonly namespace: string;
      /** Whether the PLM cache lives in Redis (`PLM_CACHE_STORE`). @default 'redis' */
      readonly cacheStore: 'redis' | 'memory';
    };

/** The host's own environment variables (the `PLM_*` ones are mrp-integration's). */
export const hostConfigVariables = [
  { variable: 'PORT', key: 'port', allowed: 'an integer from 0 to 65535', default: '3000' },
  { variable: 'HOST', key: 'bindHost', allowed: 'an interface address', default: '127.0.0.1' },
  {
    variable: 'DATABASE_URL',
    key: 'database.url',
    allowed: 'a postgres:// or postgresql:// URL (unset: embedded SQLite)',
    default: '',
  },
  {
    variable: 'MRP_DB_SCHEMA',
    key: 'database.schema',
    allowed: 'letters, digits and _ (PostgreSQL only)',
    default: 'public',
  },
  {
    variable: 'MRP_SQLITE_PATH',
    key: 'database.path',
    allowed: 'a file path',
    default: './var/mrp.sqlite',
  },
  {
    variable: 'REDIS_URL',
    key: 'shared.url',
    allowed: 'a redis:// or rediss:// URL (unset: cache and mode per instance)',
    default: '',
  },
  {
    variable: 'MRP_REDIS_NAMESPACE',
    key: 'shared.namespace',
    allowed: 'letters, digits and . _ : - (1 to 64)',
    default: 'mrp-host',
  },
  {
    variable: 'PLM_CACHE_STORE',
    key: 'shared.cacheStore',
    allowed: 'redis or memory (redis needs REDIS_URL)',
    default: 'redis',
  },
  {
    variable: 'MRP_PRODUCTS_API_SUNSET',
    key: 'deprecatedApiSunset',
    allowed: 'an ISO-8601 date or date-time',
    default: '2027-06-30T00:00:00Z',
  },
  {
    variable: 'MRP_PRODUCTS_API_DEPRECATION',
    key: 'deprecatedApiDeprecation',
    allowed: 'an ISO-8601 date or date-time',
    default: '2026-01-13T00:00:00Z',
  },
  {
    variable: 'MRP_SESSION_TTL',
    key: 'sessionTtlSeconds',
    allowed: 'an integer from 60 to 604800 (seconds)',
    default: '28800',
  },
  { variable: 'MRP_SEED', key: 'seed.seed', allowed: 'an integer from 0 to 2^31-1', default: '1' },
  {
    variable: 'MRP_SEED_MODELS',
    key: 'seed.models',
    allowed: 'an integer from 1 to 5000',
    default: '50',
  },
  {
    variable: 'MRP_SEED_DRIFT',
    key: 'seed.drift',
    allowed: 'a number from 0 to 1 (share of models that differ between MRP and PLM)',
    default: '0.1',
  },
  {
    variable: 'LOG_LEVEL',
    key: 'logLevel',
    allowed: 'fatal, error, warn, info, debug, trace or silent',
    default: 'info',
  },
] as const;

type HostVariable = (typeof hostConfigVariables)[number]['variable'];

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads the host's settings and the PLM settings from the environment. Every invalid value, the
 * host's and PLM's, is reported at once in one {@link HostConfigError}; secret values (the
 * database URL, PLM secrets) are never part of it.
 *
 * @throws {HostConfigError} listing every problem.
 * @example
 * ```ts
 * const config = loadHostConfig({ PLM_MODE: 'disabled', PORT: '3000' });
 * console.log(config.database.engine); // sqlite
 * ```
 */
export function loadHostConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): HostConfig {
  const problems: PlmConfigProblem[] = [];
  const spec = (variable: HostVariable) =>
    hostConfigVariables.find((v) => v.variable === variable)!;
  const raw = (variable: HostVariable): string => {
    const value = env[variable];
    return value === undefined || value === '' ? spec(variable).default : value;
  };
  const bad = (variable: HostVariable, value: string | undefined): void => {
    const s = spec(variable);
    problems.push({ variable, key: s.key, value, allowed: s.allowed });
  };
  const int = (variable: HostVariable, min: number, max: number): number => {
    const text = raw(variable);
    const n = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || n < min || n > max) bad(variable, text);
    return n;
  };
  const port = int('PORT', 0, 65535);
  const bindHost = raw('HOST');
  const dbUrl = raw('DATABASE_URL');
  const schema = raw('MRP_DB_SCHEMA');
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) bad('MRP_DB_SCHEMA', schema);
  let database: DatabaseSettings = { engine: 'sqlite', path: raw('MRP_SQLITE_PATH') };
  if (dbUrl !== '') {
    // The URL holds a password: report that it is wrong, never what it is.
    if (!/^postgres(ql)?:\/\//.test(dbUrl)) bad('DATABASE_URL', '[redacted]');
    database = { engine: 'postgres', url: dbUrl, schema };
  }
  const redisUrl = raw('REDIS_URL');
  const namespace = raw('MRP_REDIS_NAMESPACE');
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(namespace)) bad('MRP_REDIS_NAMESPACE', namespace);
  const cacheStore = raw('PLM_CACHE_STORE');
  if (cacheStore !== 'redis' && cacheStore !== 'memory') bad('PLM_CACHE_STORE', cacheStore);
  let shared: SharedStateSettings = { engine: 'none' };
  if (redisUrl !== '') {
    // The URL may hold a password: report that it is wrong, never what it is.
    if (!/^rediss?:\/\//.test(redisUrl)) bad('REDIS_URL', '[redacted]');
    shared = {
      engine: 'redis',
      url: redisUrl,
      namespace,
      cacheStore: cacheStore === 'memory' ? 'memory' : 'redis',
    };
  } else if (env['PLM_CACHE_STORE'] === 'redis') {
    bad('PLM_CACHE_STORE', 'redis');
  }
  const date = (variable: 'MRP_PRODUCTS_API_SUNSET' | 'MRP_PRODUCTS_API_DEPRECATION'): Date => {
    const text = raw(variable);
    const value = new Date(text);
    if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(value.getTime())) bad(variable, text);
    return value;
  };
  const deprecation = date('MRP_PRODUCTS_API_DEPRECATION');
  const sunset = date('MRP_PRODUCTS_API_SUNSET');
  const sessionTtlSeconds = int('MRP_SESSION_TTL', 60, 604_800);
  const seed = int('MRP_SEED', 0, 2 ** 31 - 1);
  const models = int('MRP_SEED_MODELS', 1, 5000);
  const driftText = raw('MRP_SEED_DRIFT');
  const drift = Number(driftText);
  if (driftText.trim() === '' || !Number.isFinite(drift) || drift < 0 || drift > 1) {
    bad('MRP_SEED_DRIFT', driftText);
  }
  const level = raw('LOG_LEVEL');
  if (!(LEVELS as readonly string[]).includes(level)) bad('LOG_LEVEL', level);

  let plm: PlmConfig | undefined;
  try {
    plm = loadPlmConfig(env);
  } catch (error) {
    if (!(error instanceof PlmConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || plm === undefined) throw new HostConfigError(problems);
  return Object.freeze({
    port,
    bindHost,
    database,
    shared,
    deprecatedApiDeprecation: deprecation,
    deprecatedApiSunset: sunset,
    sessionTtlSeconds,
    seed: { seed, models, drift },
    logLevel: level as HostConfig['logLevel'],
    plm,
  });
}
