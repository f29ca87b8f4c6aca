import { createIdTranslator, idTablesFromRows } from '@mrp-plm/adapter';
import {
  createCatalogWebhookHandler,
  createPlmIntegration,
  createRedisModeStore,
  createShadowComparison,
  plmCacheCodec,
  type PlmCacheEntry,
  type PlmIntegration,
  type PlmIntegrationOptions,
  type PlmModeStore,
  type ShadowComparison,
} from '@mrp-plm/mrp-integration';
import { createRedisCacheStore, type Clock, type RedisCacheStore } from '@mrp-plm/resilience';
import { Redis } from 'ioredis';
import type { Hono } from 'hono';
import pino, { type Logger } from 'pino';
import type { HostConfig } from './HostConfig.js';
import { openHostDatabase, type HostDatabase } from './db/openHostDatabase.js';
import { createApp, type HostEnv } from './http/createApp.js';
import { auditRecordOf, writeAudit } from './services/AuditLog.js';
import { DEMO_USERS, seedProductsAndUsers } from './services/DemoData.js';
import {
  createDeprecatedProductService,
  type DeprecatedProductService,
} from './services/DeprecatedProducts.js';
import {
  createMrpProductPort,
  productTablesSeeded,
  readIdTranslation,
  readModelRows,
} from './services/ProductTables.js';
import { createUserService, type UserService } from './services/Users.js';
import { createWorkOrderService, type WorkOrderService } from './services/WorkOrders.js';

/** Options of {@link createHost}. */
export interface HostOptions {
  readonly config: HostConfig;
  /** @default a pino JSON logger on stdout at `config.logLevel`, secrets redacted */
  readonly logger?: Logger | undefined;
  /** Wall-clock time of records (work orders, audit, sessions). @default () => new Date() */
  readonly now?: (() => Date) | undefined;
  /** The integration's clock (timeouts, breaker, cache). @default resilience's systemClock */
  readonly clock?: Clock | undefined;
  /** Seed product tables, demo users and work orders when the database is empty. @default true */
  readonly seedIfEmpty?: boolean | undefined;
  /** mrp-integration's shadow hook, called besides the shadow comparison. @default undefined */
  readonly onShadowRead?: PlmIntegrationOptions['onShadowRead'];
  /**
   * The shadow comparison fed by `shadow` mode (its results are on `/admin/plm-health`), or
   * `false` for none.
   * @default createShadowComparison over the host's product tables (BOMs compared too)
   */
  readonly shadow?: ShadowComparison | false | undefined;
  /** How often `/admin/plm-health` refreshes in the browser, ms. @default 5000 */
  readonly healthRefreshMs?: number | undefined;
}

/** A running host (without its HTTP listener; see `startHostServer`). */
export interface Host {
  readonly config: HostConfig;
  readonly database: HostDatabase;
  readonly integration: PlmIntegration;
  /** The shadow comparison, unless `shadow: false` was given. */
  readonly shadow: ShadowComparison | undefined;
  readonly users: UserService;
  readonly workOrders: WorkOrderService;
  readonly deprecatedProducts: DeprecatedProductService;
  readonly app: Hono<HostEnv>;
  readonly logger: Logger;
  /** Requests being handled now. */
  readonly inFlight: { count: number };
  /** Whether this start seeded the database. */
  readonly seeded: boolean;
  /**
   * Drains: waits for the audit writes of integration events, closes the integration (drains
   * the usage outbox within its bound), then the database. Idempotent.
   */
  close(): Promise<void>;
}

/** Paths pino removes from every log line: passwords, tokens, cookies, secrets. */
export const REDACTED_LOG_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'csrfToken',
  '*.csrfToken',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  'cookie',
  '*.cookie',
  'clientSecret',
  '*.clientSecret',
  'webhookSecret',
  '*.webhookSecret',
  'url',
  'database.url',
];

/** The host's default logger: pino JSON with {@link REDACTED_LOG_PATHS} removed. */
export function createHostLogger(level: HostConfig['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'mrp-host' },
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
  });
}

const DEMO_ORDERS = 4;

/**
 * Composes the host: opens and migrates the database, seeds it on first start, creates the PLM
 * integration over the host's product tables with the usage outbox in the same database, audits
 * the integration's events, and builds the services and the HTTP app.
 *
 * @example
 * ```ts
 * const host = await createHost({ config: loadHostConfig() });
 * const server = await startHostServer(host);
 * ```
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const { config } = options;
  const logger = options.logger ?? createHostLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  const database = await openHostDatabase(config.database);
  const shared = openSharedState(config, logger);
  try {
    // An instance that missed invalidations would serve stale PLM data: listen before serving.
    await shared?.ready();
    await database.migrate();
    const seeded = options.seedIfEmpty !== false && !(await productTablesSeeded(database.db));
    if (seeded) {
      const result = await seedProductsAndUsers(database, config.seed, now());
      logger.info({ models: result.models, drifted: result.drifted.length }, 'seeded the database');
    }
    const port = createMrpProductPort(database.db);
    const shadow =
      options.shadow === false
        ? undefined
        : (options.shadow ??
          createShadowComparison({
            mrpBoms: async (modelId) => (await readModelRows(database.db, [modelId]))[0],
          }));
    const integration = createPlmIntegration({
      config: config.plm,
      mrp: port,
      ids: createIdTranslator(idTablesFromRows(await readIdTranslation(database.db))),
      usage: { store: database.usageStore },
      logger: logger.child({ component: 'plm-integration' }),
      ...(shared?.cacheStore === undefined ? {} : { cacheStore: shared.cacheStore }),
      ...(shared === undefined ? {} : { modeStore: shared.modeStore }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.onShadowRead === undefined ? {} : { onShadowRead: options.onShadowRead }),
      ...(shadow === undefined ? {} : { shadow }),
    });
    // Opens the outbox now: its first use must not happen inside a work-order transaction.
    await integration.usageStats();
    const auditWrites = new Set<Promise<void>>();
    const unsubscribe = integration.subscribe((event) => {
      const write = writeAudit(database.db, auditRecordOf(event), new Date(event.at))
        .catch((error: unknown) => logger.error({ err: error }, 'audit write failed'))
        .finally(() => auditWrites.delete(write));
      auditWrites.add(write);
    });
    const users = createUserService(database.db, {
      sessionTtlSeconds: config.sessionTtlSeconds,
      now,
    });
    const workOrders = createWorkOrderService({ database, integration, now });
    const deprecatedProducts = createDeprecatedProductService(database.db, port, {
      deprecatedAt: config.deprecatedApiDeprecation,
      sunsetAt: config.deprecatedApiSunset,
      now,
    });
    if (seeded) await seedDemoWorkOrders(database, workOrders, users, logger);
    const inFlight = { count: 0 };
    const webhookSecret = config.plm.webhookSecret;
    const app = createApp({
      ...(webhookSecret === undefined
        ? {}
        : {
            catalogWebhook: createCatalogWebhookHandler(integration, {
              secret: webhookSecret,
              ...(options.clock === undefined ? {} : { clock: options.clock }),
            }),
          }),
      database,
      integration,
      users,
      workOrders,
      deprecatedProducts,
      logger,
      inFlight,
      ...(options.healthRefreshMs === undefined
        ? {}
        : { healthRefreshMs: options.healthRefreshMs }),
    });
    let closing: Promise<void> | undefined;
    return {
      config,
      database,
      integration,
      shadow,
      users,
      workOrders,
      deprecatedProducts,
      app,
      logger,
      inFlight,
      seeded,
      close() {
        closing ??= (async () => {
          await Promise.allSettled([...auditWrites]);
          unsubscribe();
          await shadow?.close();
          await integration.close();
          await Promise.allSettled([...auditWrites]);
          await shared?.close();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await shared?.close();
    await database.close();
    throw error;
  }
}

/** The Redis-backed cache and mode store of a host that shares them (`REDIS_URL`). */
interface SharedState {
  readonly cacheStore: RedisCacheStore<PlmCacheEntry> | undefined;
  readonly modeStore: PlmModeStore;
  /** Resolves once the cache's invalidation channel is subscribed. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

function openSharedState(config: HostConfig, logger: Logger): SharedState | undefined {
  const settings = config.shared;
  if (settings.engine === 'none') return undefined;
  // No offline queue: while Redis is away commands fail fast and the stores fall back (the
  // cache to its local layer, the mode to this instance's last known one).
  const client = new Redis(settings.url, { enableOfflineQueue: false, lazyConnect: false });
  const log = logger.child({ component: 'shared-state' });
  const onError = (error: unknown, operation: string) =>
    log.warn({ err: error, operation }, 'shared state (Redis) failed; serving locally');
  client.on('error', (error: unknown) => onError(error, 'connection'));
  const cacheStore =
    settings.cacheStore === 'redis'
      ? createRedisCacheStore<PlmCacheEntry>({
          client,
          namespace: `${settings.namespace}:plm-cache`,
          codec: plmCacheCodec,
          onError,
        })
      : undefined;
  const modeStore = createRedisModeStore({
    client,
    namespace: `${settings.namespace}:plm-mode`,
    onError,
  });
  let closing: Promise<void> | undefined;
  return {
    cacheStore,
    modeStore,
    ready: async () => {
      await cacheStore?.ready();
    },
    close() {
      closing ??= (async () => {
        await Promise.allSettled([modeStore.close(), cacheStore?.close?.()]);
        client.disconnect();
      })();
      return closing;
    },
  };
}

/**
 * A few demo work orders, created through the service like any other (so they carry real
 * snapshots and usage events): the first models' first trims, in both departments.
 */
async function seedDemoWorkOrders(
  database: HostDatabase,
  workOrders: WorkOrderService,
  users: UserService,
  logger: Logger,
): Promise<void> {
  const all = await users.list();
  const byName = (name: string) => all.find((u) => u.username === name)!;
  const creators = [byName('olga'), byName('otto')];
  const models = await readModelRows(database.db);
  let created = 0;
  for (let i = 0; i < models.length && created < DEMO_ORDERS; i++) {
    const model = models[i]!;
    const trim = model.trims[0];
    if (trim === undefined) continue;
    try {
      await workOrders.create(creators[created % 2]!, {
        modelId: model.id,
        trimId: trim.id,
        featureIds: [],
        quantity: 1 + created,
        dueDate: new Date(Date.UTC(2027, 0, 10 + created)).toISOString().slice(0, 10),
      });
      created++;
    } catch (error) {
      // A model whose standard features break its own rules cannot be ordered as is: skip it.
      logger.debug({ err: error, modelId: model.id }, 'demo work order skipped');
    }
  }
  logger.info({ workOrders: created, users: DEMO_USERS.length }, 'seeded demo work orders');
}
