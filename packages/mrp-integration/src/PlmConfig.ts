import { z } from 'zod';
import { PlmConfigError, type PlmConfigProblem } from './PlmConfigError.js';
import { PlmSecret } from './PlmSecret.js';

/** Where product data comes from: MRP only, MRP with a PLM read on the side, or PLM first. */
export type PlmMode = 'disabled' | 'shadow' | 'enabled';

/**
 * The typed, frozen PLM configuration: the plan's `PLM_CONFIG` object plus the connection and
 * tuning settings. Build it with {@link loadPlmConfig} (environment) or {@link definePlmConfig}
 * (object form); both validate with the same rules. Secrets are {@link PlmSecret}s.
 */
export interface PlmConfig {
  /** @default 'disabled' */
  readonly mode: PlmMode;
  /** Serve MRP data when PLM fails and no cached PLM answer is left. @default true */
  readonly fallbackEnabled: boolean;
  /** @default true */
  readonly cacheEnabled: boolean;
  /** Fresh lifetime of a cached PLM answer, seconds (300–900). @default 600 */
  readonly cacheTTL: number;
  /** Seconds after `cacheTTL` during which a stale answer is served while it reloads. @default 60 */
  readonly cacheStaleWhileRevalidate: number;
  /** Seconds after `cacheTTL` during which a stale answer is served when PLM fails. @default 86400 */
  readonly cacheStaleIfError: number;
  /** Failures within the window that open the circuit. @default 5 */
  readonly circuitBreakerThreshold: number;
  /** The breaker's failure window, seconds. @default 30 */
  readonly circuitBreakerWindow: number;
  /** How long the circuit stays open before a half-open probe, seconds. @default 30 */
  readonly circuitBreakerOpen: number;
  /** MRP model ids PLM is primary for in `enabled` mode; empty means all. @default [] */
  readonly enabledForModels: readonly string[];
  /** PLM base URL; required in `shadow` and `enabled`. @default undefined */
  readonly baseUrl: string | undefined;
  /** OAuth token URL. @default `${baseUrl}/oauth/token` (the SDK's default) */
  readonly tokenUrl: string | undefined;
  /** OAuth client id; required in `shadow` and `enabled`. @default undefined */
  readonly clientId: string | undefined;
  /** OAuth client secret; required in `shadow` and `enabled`. @default undefined */
  readonly clientSecret: PlmSecret | undefined;
  /** Per-attempt timeout of one PLM request, milliseconds. @default 2000 */
  readonly timeoutMs: number;
  /** Maximum concurrent PLM requests of this instance. @default 8 */
  readonly maxConcurrent: number;
  /** Attempts per idempotent PLM read (1 = no retry). @default 3 */
  readonly retryMaxAttempts: number;
  /** Share of models read from PLM as well in `shadow` mode (0–1). @default 0.1 */
  readonly shadowSampleRate: number;
  /** Secret of PLM's signed `catalog.changed` webhook. @default undefined */
  readonly webhookSecret: PlmSecret | undefined;
  /** SQLite file of the usage-metrics outbox when the host passes no store. @default 'plm-usage-outbox.sqlite' */
  readonly usageOutboxPath: string;
  /**
   * Migration guard: step `enabled` down to `shadow` by itself when a rollback trigger of the plan
   * holds (error rate, p95 latency, critical shadow diffs), until an operator resets it.
   * @default false
   */
  readonly autoRollback: boolean;
  /** Guard trigger: last-minute error rate above this ratio, sustained (0–1). @default 0.1 */
  readonly autoRollbackErrorRate: number;
  /** How long the error rate must stay above `autoRollbackErrorRate`, seconds. @default 900 */
  readonly autoRollbackSustain: number;
  /** Guard trigger: 5-minute p95 latency of PLM calls above this, milliseconds. @default 2000 */
  readonly autoRollbackP95Ms: number;
  /** Guard trigger: any critical shadow difference since the guard was armed. @default true */
  readonly autoRollbackOnCriticalDiffs: boolean;
  /** Let the guard also step `shadow` down to `disabled`. @default false */
  readonly autoRollbackToDisabled: boolean;
}

/** The object form accepted by {@link definePlmConfig}: every key optional, secrets as strings. */
export type PlmConfigInput = {
  readonly [K in keyof PlmConfig]?: PlmConfig[K] extends PlmSecret | undefined
    ? string | PlmSecret | undefined
    : PlmConfig[K] extends readonly string[]
      ? readonly string[]
      : PlmConfig[K];
};

type Key = keyof PlmConfig;

interface Field {
  readonly env: string;
  readonly key: Key;
  readonly allowed: string;
  readonly secret?: true;
  readonly default: string;
  /** Parses the environment string. */
  readonly fromEnv: z.ZodType;
  /** Checks the object-form value. */
  readonly fromObject: z.ZodType;
  readonly defaultValue: unknown;
}

const bool = (env: string, key: Key, def: boolean): Field => ({
  env,
  key,
  allowed: '`true` or `false` (also `1`/`0`)',
  default: String(def),
  fromEnv: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
  fromObject: z.boolean(),
  defaultValue: def,
});

const int = (env: string, key: Key, min: number, max: number, def: number, unit: string): Field => {
  const range = z.number().int().min(min).max(max);
  return {
    env,
    key,
    allowed: `an integer from ${min} to ${max}${unit ? ` (${unit})` : ''}`,
    default: String(def),
    fromEnv: z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number)
      .pipe(range),
    fromObject: range,
    defaultValue: def,
  };
};

const ratio = (env: string, key: Key, def: number): Field => ({
  env,
  key,
  allowed: 'a number from 0 to 1',
  default: String(def),
  fromEnv: z
    .string()
    .regex(/^(0|1|0?\.\d+|1\.0*)$/)
    .transform(Number)
    .pipe(z.number().min(0).max(1)),
  fromObject: z.number().min(0).max(1),
  defaultValue: def,
});

const httpUrl = z
  .string()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol))
  .transform((v) => v.replace(/\/+$/, ''));

const url = (env: string, key: Key): Field => ({
  env,
  key,
  allowed: 'an absolute http(s) URL',
  default: '–',
  fromEnv: httpUrl,
  fromObject: httpUrl,
  defaultValue: undefined,
});

const secret = (env: string, key: Key): Field => {
  const value = z
    .union([z.string(), z.instanceof(PlmSecret)])
    .transform((v) => (typeof v === 'string' ? new PlmSecret(v) : v))
    .refine((v) => v.reveal().length > 0);
  return {
    env,
    key,
    secret: true,
    allowed: 'a non-empty string',
    default: '–',
    fromEnv: value,
    fromObject: value,
    defaultValue: undefined,
  };
};

/** An MRP model id in the allowlist (also checked on mode changes shared between instances). */
export const MODEL_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Every setting, in README order: one table drives parsing, errors and documentation. */
const fields: readonly Field[] = [
  {
    env: 'PLM_MODE',
    key: 'mode',
    allowed: '`disabled`, `shadow` or `enabled`',
    default: 'disabled',
    fromEnv: z.enum(['disabled', 'shadow', 'enabled']),
    fromObject: z.enum(['disabled', 'shadow', 'enabled']),
    defaultValue: 'disabled',
  },
  bool('PLM_FALLBACK_ENABLED', 'fallbackEnabled', true),
  bool('PLM_CACHE_ENABLED', 'cacheEnabled', true),
  int('PLM_CACHE_TTL', 'cacheTTL', 300, 900, 600, 'seconds'),
  int('PLM_CACHE_STALE_WHILE_REVALIDATE', 'cacheStaleWhileRevalidate', 0, 3_600, 60, 'seconds'),
  int('PLM_CACHE_STALE_IF_ERROR', 'cacheStaleIfError', 0, 604_800, 86_400, 'seconds'),
  int('PLM_CIRCUIT_BREAKER_THRESHOLD', 'circuitBreakerThreshold', 1, 1_000, 5, 'failures'),
  int('PLM_CIRCUIT_BREAKER_WINDOW', 'circuitBreakerWindow', 1, 3_600, 30, 'seconds'),
  int('PLM_CIRCUIT_BREAKER_OPEN', 'circuitBreakerOpen', 1, 3_600, 30, 'seconds'),
  {
    env: 'PLM_ENABLED_FOR_MODELS',
    key: 'enabledForModels',
    allowed:
      'a comma-separated list of MRP model ids ([A-Za-z0-9._:-], up to 64 characters); empty = all',
    default: '(empty: all)',
    fromEnv: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id.length > 0),
      )
      .pipe(z.array(z.string().regex(MODEL_ID))),
    fromObject: z.array(z.string().regex(MODEL_ID)),
    defaultValue: [],
  },
  url('PLM_BASE_URL', 'baseUrl'),
  url('PLM_TOKEN_URL', 'tokenUrl'),
  {
    env: 'PLM_CLIENT_ID',
    key: 'clientId',
    allowed: 'a non-empty string without whitespace',
    default: '–',
    fromEnv: z.string().regex(/^\S+$/),
    fromObject: z.string().regex(/^\S+$/),
    defaultValue: undefined,
  },
  secret('PLM_CLIENT_SECRET', 'clientSecret'),
  int('PLM_TIMEOUT_MS', 'timeoutMs', 50, 60_000, 2_000, 'milliseconds'),
  int('PLM_MAX_CONCURRENT', 'maxConcurrent', 1, 256, 8, 'requests'),
  int('PLM_RETRY_MAX_ATTEMPTS', 'retryMaxAttempts', 1, 10, 3, 'attempts'),
  ratio('PLM_SHADOW_SAMPLE_RATE', 'shadowSampleRate', 0.1),
  secret('PLM_WEBHOOK_SECRET', 'webhookSecret'),
  {
    env: 'PLM_USAGE_OUTBOX_PATH',
    key: 'usageOutboxPath',
    allowed: 'a file path (non-empty)',
    default: 'plm-usage-outbox.sqlite',
    fromEnv: z.string().min(1),
    fromObject: z.string().min(1),
    defaultValue: 'plm-usage-outbox.sqlite',
  },
  bool('PLM_AUTO_ROLLBACK', 'autoRollback', false),
  ratio('PLM_AUTO_ROLLBACK_ERROR_RATE', 'autoRollbackErrorRate', 0.1),
  int('PLM_AUTO_ROLLBACK_SUSTAIN', 'autoRollbackSustain', 60, 86_400, 900, 'seconds'),
  int('PLM_AUTO_ROLLBACK_P95_MS', 'autoRollbackP95Ms', 50, 600_000, 2_000, 'milliseconds'),
  bool('PLM_AUTO_ROLLBACK_CRITICAL_DIFFS', 'autoRollbackOnCriticalDiffs', true),
  bool('PLM_AUTO_ROLLBACK_TO_DISABLED', 'autoRollbackToDisabled', false),
];

/** Settings PLM calls need; required only in the modes that call PLM. */
const connectionKeys: readonly Key[] = ['baseUrl', 'clientId', 'clientSecret'];

/** The documented settings (variable, key, default, allowed), e.g. for a host's own docs. */
export const plmConfigVariables: readonly {
  readonly variable: string;
  readonly key: string;
  readonly default: string;
  readonly allowed: string;
  readonly secret: boolean;
}[] = Object.freeze(
  fields.map((f) =>
    Object.freeze({
      variable: f.env,
      key: f.key,
      default: f.default,
      allowed: f.allowed,
      secret: f.secret === true,
    }),
  ),
);

function shown(field: Field, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (field.secret) return '[redacted]';
  if (typeof raw === 'string') return raw;
  try {
    return JSON.stringify(raw) ?? typeof raw;
  } catch {
    return typeof raw;
  }
}

function build(read: (field: Field) => { raw: unknown; schema: z.ZodType }): PlmConfig {
  const problems: PlmConfigProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const { raw, schema } = read(field);
    if (raw === undefined) {
      values[field.key] = field.defaultValue;
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) values[field.key] = parsed.data;
    else {
      problems.push({
        variable: field.env,
        key: field.key,
        value: shown(field, raw),
        allowed: field.allowed,
      });
    }
  }
  const mode = values['mode'];
  if (mode === 'shadow' || mode === 'enabled') {
    for (const key of connectionKeys) {
      const field = fields.find((f) => f.key === key)!;
      const failed = problems.some((p) => p.key === key);
      if (values[key] === undefined && !failed) {
        problems.push({
          variable: field.env,
          key,
          value: undefined,
          allowed: `${field.allowed}; required when PLM_MODE is ${mode}`,
        });
      }
    }
  }
  if (problems.length > 0) throw new PlmConfigError(problems);
  const enabledForModels = values['enabledForModels'] as readonly string[];
  values['enabledForModels'] = Object.freeze([...enabledForModels]);
  return Object.freeze(values) as unknown as PlmConfig;
}

/**
 * Parses the `PLM_*` environment variables into a frozen {@link PlmConfig}. An empty variable
 * counts as unset. Connection settings are required only when `PLM_MODE` is `shadow` or
 * `enabled`.
 *
 * @throws {PlmConfigError} listing every invalid or missing variable at once.
 * @example
 * ```ts
 * import { loadPlmConfig } from '@mrp-plm/mrp-integration';
 *
 * const config = loadPlmConfig({ PLM_MODE: 'disabled' });
 * config.mode; // 'disabled'
 * ```
 */
export function loadPlmConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): PlmConfig {
  return build((field) => {
    const raw = env[field.env];
    const given = raw === undefined || raw.trim() === '' ? undefined : raw.trim();
    return { raw: given, schema: field.fromEnv };
  });
}

/**
 * Builds a frozen {@link PlmConfig} from the plan's `PLM_CONFIG` object form, with the defaults
 * and rules of {@link loadPlmConfig}.
 *
 * @throws {PlmConfigError} listing every invalid or missing setting at once.
 * @example
 * ```ts
 * import { definePlmConfig } from '@mrp-plm/mrp-integration';
 *
 * const config = definePlmConfig({
 *   mode: 'enabled',
 *   enabledForModels: ['MRP-M-0001'],
 *   baseUrl: 'http://127.0.0.1:4010',
 *   clientId: 'mrp-app',
 *   clientSecret: 'mrp-secret',
 * });
 * config.cacheTTL; // 600
 * ```
 */
export function definePlmConfig(input: PlmConfigInput): PlmConfig {
  const object = input as Readonly<Record<string, unknown>>;
  return build((field) => ({ raw: object[field.key], schema: field.fromObject }));
}
