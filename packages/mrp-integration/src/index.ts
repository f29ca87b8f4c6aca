export { definePlmConfig, loadPlmConfig, plmConfigVariables } from './PlmConfig.js';
export type { PlmConfig, PlmConfigInput, PlmMode } from './PlmConfig.js';
export { PlmConfigError } from './PlmConfigError.js';
export type { PlmConfigProblem } from './PlmConfigError.js';
export { PlmSecret } from './PlmSecret.js';
export { PlmIntegrationError, plmIntegrationUserMessages } from './PlmIntegrationError.js';
export type { PlmIntegrationErrorCode, PlmIntegrationErrorInit } from './PlmIntegrationError.js';
export { toPlmIntegrationError } from './toPlmIntegrationError.js';
export type { ErrorMappingContext } from './toPlmIntegrationError.js';
export { createPlmIntegration } from './createPlmIntegration.js';
export type {
  PlmCacheEntry,
  PlmIntegration,
  PlmIntegrationOptions,
  PlmIntegrationStats,
  PlmOperatorAction,
  PlmUsageEvent,
  PlmUsageOptions,
  SetModeOptions,
  ShadowPlmReadOptions,
  ShadowRead,
  ShadowReadOf,
} from './createPlmIntegration.js';
export { createShadowComparison } from './createShadowComparison.js';
export type {
  ShadowComparison,
  ShadowComparisonOptions,
  ShadowHost,
  ShadowIgnoreContext,
  ShadowIgnoreRule,
  ShadowModelStats,
  ShadowNoiseOptions,
} from './createShadowComparison.js';
export { createMemoryShadowMismatchStore } from './ShadowMismatchStore.js';
export type {
  MemoryShadowMismatchStoreOptions,
  ShadowMismatchStore,
} from './ShadowMismatchStore.js';
export { ShadowOptionsError } from './ShadowOptionsError.js';
export type { AuditEvent, AuditListener, PlmResource } from './AuditEvent.js';
export type {
  PlmAlert,
  PlmAlertName,
  PlmAlertState,
  PlmCircuitTransition,
  PlmGuardEvidence,
  PlmGuardState,
  PlmGuardTrigger,
  PlmHealth,
  PlmHealthWindow,
  PlmRequestPoint,
  PlmRequestWindow,
} from './PlmHealth.js';
export type { PlmAlertThresholds, PlmHealthOptions } from './PlmHealthOptions.js';
export { createPlmHealthHandler } from './createPlmHealthHandler.js';
export type {
  PlmHealthAccess,
  PlmHealthHandler,
  PlmHealthHandlerOptions,
} from './createPlmHealthHandler.js';
export type { MaybePromise, MrpProductPort } from './MrpProductPort.js';
export type { PlmLogger } from './PlmLogger.js';
export type {
  FallbackReason,
  Provenance,
  ProvenanceCacheStatus,
  Provenanced,
} from './Provenance.js';
export type { PlmCaller, ReadContext } from './ReadContext.js';
export type {
  ShadowComparisonResults,
  ShadowDifference,
  ShadowMismatch,
  ShadowMismatchFilter,
  ShadowPathStats,
  ShadowSeverity,
  ShadowSkipReason,
  ShadowStats,
} from './ShadowResult.js';
export {
  buildWorkOrderSnapshot,
  replaySnapshot,
  verifySnapshot,
  workOrderSnapshotJsonSchema,
  workOrderSnapshotSchema,
} from './WorkOrderSnapshot.js';
export type {
  BuildWorkOrderSnapshotInput,
  SnapshotKeyOptions,
  SnapshotReplay,
  SnapshotVerification,
  WorkOrderSnapshot,
} from './WorkOrderSnapshot.js';
export { plmCacheCodec } from './plmCacheCodec.js';
export { createMemoryModeStore } from './createMemoryModeStore.js';
export { createRedisModeStore } from './createRedisModeStore.js';
export type { RedisModeStoreOptions } from './createRedisModeStore.js';
export type { PlmModeChange, PlmModeRecord, PlmModeStore } from './PlmModeStore.js';
export { PlmModeStoreError } from './PlmModeStoreError.js';
export { createCatalogWebhookHandler } from './createCatalogWebhookHandler.js';
export type {
  CatalogWebhookHandler,
  CatalogWebhookOptions,
} from './createCatalogWebhookHandler.js';
