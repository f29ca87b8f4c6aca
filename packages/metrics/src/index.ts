export { createUsageMetrics } from './createUsageMetrics.js';
export type { DeadLetter, StopOptions, TickResult, UsageMetrics } from './UsageMetrics.js';
export type {
  EventIdOption,
  UsageMetricsBaseOptions,
  UsageMetricsOptions,
} from './UsageMetricsOptions.js';
export type {
  DeliverFunction,
  DeliverOptions,
  DeliveryResponse,
  UsageBatch,
  UsageEventResult,
} from './DeliverFunction.js';
export { classifyDeliveryError, describeDeliveryError } from './classifyDeliveryError.js';
export type { DeliveryErrorClass } from './classifyDeliveryError.js';
export type { DeliveryProblem, DeliveryProblemError } from './DeliveryProblem.js';
export { createMemoryOutboxStore } from './createMemoryOutboxStore.js';
export { createSqliteOutboxStore } from './createSqliteOutboxStore.js';
export type { SqliteOutboxStoreOptions } from './createSqliteOutboxStore.js';
export type { SqliteDatabase, SqliteStatement, SqliteTransaction } from './SqliteDatabase.js';
export { postgresMigrationSql } from './postgresMigrationSql.js';
export { createPostgresOutboxStore } from './createPostgresOutboxStore.js';
export type { PostgresOutboxStoreOptions } from './createPostgresOutboxStore.js';
export type {
  PostgresPool,
  PostgresPoolClient,
  PostgresQueryResult,
  PostgresTransaction,
} from './PostgresPool.js';
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
  OutboxStore,
} from './OutboxStore.js';
export type { UsageMetricsEvent, UsageMetricsListener } from './UsageMetricsEvent.js';
export type { UsageMetricsStats } from './UsageMetricsStats.js';
export { AsyncValidatorError } from './AsyncValidatorError.js';
export { BacklogFullError } from './BacklogFullError.js';
export { DeliveryAbortedError } from './DeliveryAbortedError.js';
export { DeliveryTimeoutError } from './DeliveryTimeoutError.js';
export { InvalidUsageEventError } from './InvalidUsageEventError.js';
export type { UsageEventIssue } from './InvalidUsageEventError.js';
export { MalformedDeliveryResponseError } from './MalformedDeliveryResponseError.js';
export { MissingPeerDependencyError } from './MissingPeerDependencyError.js';
export { OutboxStoreError } from './OutboxStoreError.js';
export { StoreClosedError } from './StoreClosedError.js';
export { TransactionNotSupportedError } from './TransactionNotSupportedError.js';
