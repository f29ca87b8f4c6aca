export { startPlmMock } from './startPlmMock.js';
export type { MockClock, PlmMock, PlmMockOptions } from './startPlmMock.js';

export { Faults } from './Faults.js';
export type { FaultRequest, FaultSelection } from './Faults.js';
export type {
  ActiveFault,
  ConnectionResetFault,
  DropResponseFault,
  ErrorFault,
  ExpireTokensFault,
  Fault,
  FlapFieldFault,
  FaultScope,
  LatencyDistribution,
  LatencyFault,
  MaintenanceFault,
  MalformedBodyFault,
  OutageFault,
  RateLimitFault,
  RetryAfterFormat,
  RevokeTokensFault,
  TruncatedBodyFault,
} from './Fault.js';

export { generateFixtures } from './generateFixtures.js';
export { toModelSummary } from './toModelSummary.js';
export type { DriftOption, Fixtures, GenerateFixturesOptions } from './generateFixtures.js';
export { DRIFT_KINDS } from './DriftRecord.js';
export type { DriftKind, DriftRecord } from './DriftRecord.js';
// MRP's product-table shapes are the adapter's (their one owner); the MRP-side fixtures use them.
export type {
  MrpAvailability,
  MrpBomLineRow,
  MrpBomRow,
  MrpFeatureCondition,
  MrpFeatureRow,
  MrpIdTranslationRow,
  MrpModelRow,
  MrpModelStatus,
  MrpProductTables,
  MrpTrimRow,
} from '@mrp-plm/adapter';
export type {
  IdTranslationEntry,
  MrpBom,
  MrpBomLine,
  MrpFeature,
  MrpModel,
  MrpProductData,
  MrpTrim,
} from './MrpProductData.js';

export { validateContractSchema, validateResponse } from './validateResponse.js';
export type { ContractViolation } from './validateResponse.js';
export { contractOperations, contractVersion } from './contractOperations.js';
export type { ContractOperation } from './contractOperations.js';

export { PROVIDER_STATES } from './ProviderState.js';
export type {
  ProviderStateAction,
  ProviderStateInfo,
  ProviderStateParams,
  ProviderStateResult,
} from './ProviderState.js';

export { signWebhook } from './signWebhook.js';
export type { CatalogChangeResult, WebhookDelivery } from './CatalogChangeResult.js';
export type { MockStats } from './MockStats.js';
export type {
  UsageEvent,
  UsageEventLog,
  UsageEventRecord,
  UsageEventResult,
} from './UsageEventRecord.js';

export { ContractLoadError } from './ContractLoadError.js';
export { InvalidFaultError } from './InvalidFaultError.js';
export { UnknownProviderStateError } from './UnknownProviderStateError.js';
