export { AbortedError } from './AbortedError.js';
export { createCache } from './Cache.js';
export type {
  Cache,
  CacheEntryOptions,
  CacheOptions,
  CacheResult,
  CacheStatus,
  InvalidationEvent,
} from './Cache.js';
export { jsonCacheCodec } from './CacheCodec.js';
export type { CacheCodec } from './CacheCodec.js';
export type { CacheEntry, CacheStore, Invalidation } from './CacheStore.js';
export { CircuitOpenError } from './CircuitOpenError.js';
export { createCircuitBreaker, restoreCircuitBreaker } from './CircuitBreaker.js';
export type {
  CircuitBreaker,
  CircuitBreakerOptions,
  CircuitBreakerSnapshot,
  CircuitState,
  CircuitTransition,
} from './CircuitBreaker.js';
export { systemClock } from './Clock.js';
export type { Clock } from './Clock.js';
export { createTestClock } from './TestClock.js';
export type { TestClock, TestClockOptions } from './TestClock.js';
export type { FailureWindowState } from './FailureWindowState.js';
export { isRetryableError, isTransientError, retryAfterMsOf } from './isTransientError.js';
export { createLimiter } from './Limiter.js';
export type { Limiter, LimiterOptions, RateLimit } from './Limiter.js';
export { LimiterQueueFullError } from './LimiterQueueFullError.js';
export { createMemoryCacheStore } from './MemoryCacheStore.js';
export type { MemoryCacheStore, MemoryCacheStoreOptions } from './MemoryCacheStore.js';
export { createPolicy } from './Policy.js';
export type { Policy, PolicyCallOptions, PolicyOptions } from './Policy.js';
export { createRedisCacheStore } from './RedisCacheStore.js';
export type {
  RedisClientLike,
  RedisCacheStore,
  RedisCacheStoreOptions,
  RedisSubscriberLike,
} from './RedisCacheStore.js';
export type {
  ResilienceEvent,
  ResilienceEventListener,
  RetryStopReason,
  TransitionReason,
} from './ResilienceEvent.js';
export { createRetry } from './Retry.js';
export type { AttemptContext, Retry, RetryCallOptions } from './Retry.js';
export { createRetryBudget } from './RetryBudget.js';
export type { RetryBudget, RetryBudgetOptions } from './RetryBudget.js';
export { retryEffect } from './retryEffect.js';
export { computeRetryDelay } from './computeRetryDelay.js';
export { retrySchedule } from './retrySchedule.js';
export type { RetryOptions } from './retrySchedule.js';
export { createTimeout, timeoutEffect } from './Timeout.js';
export type { Timeout, TimeoutOptions } from './Timeout.js';
export { ResilienceTimeoutError } from './ResilienceTimeoutError.js';
export { UnreadableCacheEntryError } from './UnreadableCacheEntryError.js';
