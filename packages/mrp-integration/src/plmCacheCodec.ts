import { z } from 'zod';
import type { CacheCodec } from './internal/policy.js';
import type { PlmResource } from './AuditEvent.js';
import {
  mrpCatalogSchema,
  mrpFeatureSchema,
  mrpModelConfigSchema,
  mrpTrimSchema,
} from './internal/adapter.js';
import { sha256Of } from './internal/payloadHash.js';

const dataSchemas: Record<PlmResource, z.ZodType> = {
  modelConfig: mrpModelConfigSchema,
  catalog: mrpCatalogSchema,
  trim: mrpTrimSchema,
  features: z.array(mrpFeatureSchema),
};

const entrySchema = z.object({
  resource: z.enum(['modelConfig', 'catalog', 'trim', 'features']),
  payload: z.unknown(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  correlationId: z.string(),
  schemaVersion: z.string(),
  etag: z.string().optional(),
  revision: z.string().optional(),
  data: z.unknown(),
});

/**
 * The {@link CacheCodec} of the integration's cache entries ((`PlmCacheEntry`)) in a shared
 * store such as resilience's Redis store: JSON on the way in, and on the way out a check that the
 * text is still what the integration cached — the entry's fields, the MRP DTO against the
 * adapter's schema of its resource, and the raw PLM payload against its sha256 — so a value read
 * from Redis has the type the integration serves. Text that fails is refused (the store reports
 * it through `onError` and answers a miss, so PLM is read again).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createRedisCacheStore } from '@mrp-plm/resilience';
 * import { plmCacheCodec, type PlmCacheEntry } from '@mrp-plm/mrp-integration';
 *
 * const client = new Redis('redis://127.0.0.1:6379', { enableOfflineQueue: false });
 * const cacheStore = createRedisCacheStore<PlmCacheEntry>({
 *   client,
 *   namespace: 'mrp:plm',
 *   codec: plmCacheCodec,
 * });
 * ```
 */
export const plmCacheCodec: CacheCodec = {
  encode: (value) => JSON.stringify(value),
  decode(text) {
    const entry = entrySchema.parse(JSON.parse(text));
    if (sha256Of(entry.payload) !== entry.sha256) {
      throw new RangeError('cached PLM payload does not match its sha256');
    }
    dataSchemas[entry.resource].parse(entry.data);
    // `payload` and `data` are the decoded objects themselves (z.unknown keeps them), JSON-exact.
    return entry;
  },
};
