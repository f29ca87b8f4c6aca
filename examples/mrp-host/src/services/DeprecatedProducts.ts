import {
  mrpFeaturesFromRows,
  mrpModelConfigFromRows,
  mrpModelFromRows,
  type MrpFeature,
  type MrpModel,
  type MrpModelConfig,
  type MrpTrim,
} from '@mrp-plm/adapter';
import type { PlmMode, MrpProductPort } from '@mrp-plm/mrp-integration';
import type { Kysely } from 'kysely';
import type { HostTables } from '../db/HostTables.js';
import { readModelRows } from './ProductTables.js';

/** The legacy product API's routes (the counter's keys). */
export type DeprecatedProductRoute = 'models' | 'model' | 'trim' | 'features';

/** Reads of the deprecated product API since the host started. */
export interface DeprecatedProductReads {
  /** Reads served, per route. */
  readonly served: Readonly<Record<DeprecatedProductRoute, number>>;
  /** Requests answered 410 Gone after the sunset date. */
  readonly gone: number;
  readonly total: number;
  /** ISO time of the last read served, or null. */
  readonly lastReadAt: string | null;
  readonly since: string;
}

/** What the deprecation headers say. */
export interface DeprecationPolicy {
  /** Whether the API carries deprecation headers now (from `shadow` mode on). */
  readonly deprecated: boolean;
  /** When it was deprecated (RFC 9745 `Deprecation`). */
  readonly deprecatedAt: Date;
  /** When it stops answering (RFC 8594 `Sunset`; 410 Gone afterwards). */
  readonly sunsetAt: Date;
  readonly gone: boolean;
}

/**
 * MRP's legacy product catalog API (`/api/products/*`) over the product tables — the API the
 * migration retires. It keeps answering in every mode until its sunset date, carries deprecation
 * headers from `shadow` on, and counts every read (the health page's "zero reads of deprecated
 * tables" check). The count lives in this process (reset on restart).
 */
export interface DeprecatedProductService {
  policy(mode: PlmMode): DeprecationPolicy;
  /** Counts one 410 answer. */
  countGone(): void;
  listModels(): Promise<MrpModel[]>;
  getModel(id: string): Promise<MrpModelConfig | undefined>;
  getTrim(id: string): Promise<MrpTrim | undefined>;
  /** `undefined` when the model is unknown. */
  listFeatures(modelId: string, trimId?: string): Promise<MrpFeature[] | undefined>;
  reads(): DeprecatedProductReads;
}

/**
 * @example
 * ```ts
 * const legacy = createDeprecatedProductService(database.db, port, {
 *   deprecatedAt: new Date('2026-01-13T00:00:00Z'),
 *   sunsetAt: new Date('2027-06-30T00:00:00Z'),
 * });
 * ```
 */
export function createDeprecatedProductService(
  db: Kysely<HostTables>,
  port: MrpProductPort,
  options: {
    readonly deprecatedAt: Date;
    readonly sunsetAt: Date;
    /** @default () => new Date() */
    readonly now?: (() => Date) | undefined;
  },
): DeprecatedProductService {
  const now = options.now ?? (() => new Date());
  const served: Record<DeprecatedProductRoute, number> = {
    models: 0,
    model: 0,
    trim: 0,
    features: 0,
  };
  let gone = 0;
  let lastReadAt: string | null = null;
  const since = now().toISOString();
  const count = (route: DeprecatedProductRoute) => {
    served[route] += 1;
    lastReadAt = now().toISOString();
  };
  return {
    policy(mode) {
      return {
        deprecated: mode !== 'disabled',
        deprecatedAt: options.deprecatedAt,
        sunsetAt: options.sunsetAt,
        gone: now().getTime() >= options.sunsetAt.getTime(),
      };
    },
    countGone() {
      gone += 1;
    },
    async listModels() {
      count('models');
      return (await readModelRows(db)).map(mrpModelFromRows);
    },
    async getModel(id) {
      count('model');
      const [row] = await readModelRows(db, [id]);
      return row === undefined ? undefined : mrpModelConfigFromRows(row);
    },
    async getTrim(id) {
      count('trim');
      return (await port.getTrim(id)) ?? undefined;
    },
    async listFeatures(modelId, trimId) {
      count('features');
      const [row] = await readModelRows(db, [modelId]);
      if (row === undefined) return undefined;
      return mrpFeaturesFromRows(row, trimId === undefined ? {} : { trimId });
    },
    reads() {
      const total = Object.values(served).reduce((a, b) => a + b, 0);
      return { served: { ...served }, gone, total, lastReadAt, since };
    },
  };
}
