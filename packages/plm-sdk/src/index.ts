export { createPlmClient } from './createPlmClient.js';
export { correlationIdFromTraceparent } from './correlationIdFromTraceparent.js';
export { isPlmError } from './PlmError.js';
export { PlmAbortError } from './PlmAbortError.js';
export { PlmClientOptionsError } from './PlmClientOptionsError.js';
export { PlmAuthError } from './PlmAuthError.js';
export { PlmContractError } from './PlmContractError.js';
export { PlmHttpError } from './PlmHttpError.js';
export { PlmNetworkError } from './PlmNetworkError.js';
export { PlmTimeoutError } from './PlmTimeoutError.js';
export type { PlmAbortErrorInit } from './PlmAbortError.js';
export type { PlmAuthErrorInit, PlmAuthFailure } from './PlmAuthError.js';
export type {
  GetCatalogParams,
  ListFeaturesParams,
  PlmAccessTokenAuth,
  PlmCallOptions,
  PlmClient,
  PlmClientCredentials,
  PlmClientOptions,
  SubmitUsageMetricsOptions,
} from './PlmClient.js';
export type { PlmClock } from './PlmClock.js';
export type { PlmContractErrorInit, PlmContractIssue } from './PlmContractError.js';
export type { PlmError } from './PlmError.js';
export type { PlmHttpErrorInit } from './PlmHttpError.js';
export type { PlmNetworkErrorInit } from './PlmNetworkError.js';
export type { PlmOperation } from './PlmOperation.js';
export type { PlmCatalogResponse, PlmResponse, PlmResponseMeta } from './PlmResponse.js';
export type { PlmTimeoutErrorInit } from './PlmTimeoutError.js';
export type {
  Availability,
  Bom,
  BomLine,
  CatalogChangedEvent,
  CatalogPage,
  ErrorCode,
  ExternalIds,
  Feature,
  FeatureAvailability,
  FeatureCondition,
  FeatureList,
  FeatureRule,
  FeatureSummary,
  LifecycleState,
  ModelConfig,
  ModelSummary,
  Money,
  Problem,
  Revision,
  Trim,
  TrimSummary,
  UnitOfMeasure,
  UsageEvent,
  UsageEventResult,
  UsageEventType,
  UsageMetricsBatch,
  UsageMetricsResult,
  ValidationError,
} from './generated/types.gen.js';
export {
  bomLineSchema,
  bomSchema,
  catalogChangedEventSchema,
  catalogPageSchema,
  featureConditionSchema,
  featureListSchema,
  featureSchema,
  modelConfigSchema,
  modelSummarySchema,
  problemSchema,
  revisionSchema,
  schemaVersionSchema,
  trimSchema,
  usageEventSchema,
  usageMetricsBatchSchema,
  usageMetricsResultSchema,
} from './schemas.js';
