export { createUsageMetrics } from './createUsageMetrics.js';
export type { DeadLetter, StopOptions, TickResult, UsageMetrics } from './UsageMetrics.js';
export type { UsageMetricsOptions } from './UsageMetricsOptions.js';
export { usageEventSchema } from './UsageEvent.js';
export type { UsageEvent, UsageEventType } from './UsageEvent.js';
export type {
  DeliverFunction,
  DeliverOptions,
  DeliveryResponse,
  UsageBatch,
  UsageEventResult,
} from './DeliverFunction.js';
export { classifyDeliveryError, describeDeliveryError } from './classifyDeliveryError.js';
export type { DeliveryErrorClass } from './classifyDeliveryError.js';
export { systemClock } from './Clock.js';
export type { Clock } from './Clock.js';
export { memoryStore } from './memoryStore.js';
export { sqliteStore } from './sqliteStore.js';
export type { SqliteDatabase, SqliteStoreOptions } from './sqliteStore.js';
export { postgresMigrationSql } from './postgresMigrationSql.js';
export { postgresStore } from './postgresStore.js';
export type { PostgresStoreOptions, PostgresTransaction } from './postgresStore.js';
export type {
  BatchOutcome,
  ClaimedBatch,
  ClaimRequest,
  ClaimResult,
  DeadLetterEntry,
  DeadLetterFilter,
  DeadLetterRecord,
  OutboxCounts,
  OutboxRecord,
  RetryRequest,
  UsageMetricsStore,
} from './UsageMetricsStore.js';
export type { UsageMetricsEvent, UsageMetricsListener } from './UsageMetricsEvent.js';
export type { UsageMetricsStats } from './UsageMetricsStats.js';
export { BacklogFullError } from './BacklogFullError.js';
export { DeliveryAbortedError } from './DeliveryAbortedError.js';
export { DeliveryTimeoutError } from './DeliveryTimeoutError.js';
export { InvalidUsageEventError } from './InvalidUsageEventError.js';
export type { UsageEventIssue } from './InvalidUsageEventError.js';
export { MalformedDeliveryResponseError } from './MalformedDeliveryResponseError.js';
export { OutboxStoreError } from './OutboxStoreError.js';
export { StoreClosedError } from './StoreClosedError.js';
export { TransactionNotSupportedError } from './TransactionNotSupportedError.js';
