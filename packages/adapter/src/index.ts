export type { BomSelection } from './BomSelection.js';
export {
  ContradictoryFeatureRulesError,
  type FeatureRuleConflict,
} from './ContradictoryFeatureRulesError.js';
export { IdTranslationError } from './IdTranslationError.js';
export {
  createIdTranslator,
  type IdKind,
  type IdTable,
  type IdTranslator,
  type IdTranslatorOptions,
} from './IdTranslator.js';
export { InvalidMrpTablesError, type MrpTablesIssue } from './InvalidMrpTablesError.js';
export { checkSelection } from './checkSelection.js';
export { InvalidSelectionError, type SelectionProblem } from './InvalidSelectionError.js';
export { InvalidUsageRecordError, type UsageRecordIssue } from './InvalidUsageRecordError.js';
export type { ExcludedItem, MappingOptions, MappingResult } from './MappingOptions.js';
export { mrpBomSchema, mrpBomTotalSchema, type MrpBom, type MrpBomTotal } from './MrpBom.js';
export { mrpBomLineSchema, type MrpBomLine } from './MrpBomLine.js';
export { mrpCatalogSchema, type MrpCatalog } from './MrpCatalog.js';
export {
  mrpFeatureSchema,
  mrpFeatureSummarySchema,
  mrpTrimAvailabilitySchema,
  type MrpFeature,
  type MrpFeatureSummary,
  type MrpTrimAvailability,
} from './MrpFeature.js';
export { mrpModelHeaderSchema, mrpModelSchema, type MrpModel } from './MrpModel.js';
export type {
  MrpAvailability,
  MrpBomLineRow,
  MrpBomRow,
  MrpConfigurableModel,
  MrpFeatureCondition,
  MrpFeatureRow,
  MrpIdTranslationRow,
  MrpModelRow,
  MrpModelStatus,
  MrpProductTables,
  MrpTrimRow,
} from './MrpProductTables.js';
export { mrpModelConfigSchema, type MrpModelConfig } from './MrpModelConfig.js';
export { mrpTrimSchema, type MrpTrim } from './MrpTrim.js';
export { mrpUnitSchema, type MrpUnit } from './MrpUnit.js';
export { mrpUsageRecordSchema, type MrpUsageRecord } from './MrpUsageRecord.js';
export type { ParseResult } from './ParseResult.js';
export { PlmContractError, type PlmContractIssue } from '@mrp-plm/contract';
export type { PlmPayload } from './PlmPayload.js';
export { RevisionNotEffectiveError } from './RevisionNotEffectiveError.js';
export { UnsupportedSchemaVersionError } from './UnsupportedSchemaVersionError.js';
export { checkSchemaVersion, SUPPORTED_SCHEMA_VERSION } from './checkSchemaVersion.js';
export { fieldMappings, type FieldMapping, type MrpDtoName } from './fieldMappings.js';
export { isEffective, modelStatus, notEffectiveReason } from './isEffective.js';
export { mapBom } from './mapBom.js';
export { mapCatalogPage } from './mapCatalogPage.js';
export { mapFeatureList } from './mapFeatureList.js';
export { mapModelConfig } from './mapModelConfig.js';
export { mapTrim } from './mapTrim.js';
export {
  mapUsageEvents,
  type UsageMappingOptions,
  type UsageMetricsPayload,
} from './mapUsageEvents.js';
export {
  idTablesFromRows,
  mrpFeaturesFromRows,
  mrpModelConfigFromRows,
  mrpModelFromRows,
  mrpTrimFromRow,
} from './mrpModelConfigFromRows.js';
export { normalizeQuantity } from './normalizeQuantity.js';
export {
  plmUsageDelivery,
  plmUsageErrorClassifier,
  type PlmUsageBatch,
  type PlmUsageKeepQueued,
  type PlmUsageDeliveryResponse,
  type PlmUsageEventResult,
  type PlmUsageMetricsClient,
} from './plmUsageDelivery.js';
export { plmUsageEventSchema, type PlmUsageEvent } from './plmUsageEventSchema.js';
export { parseCatalogPage } from './parseCatalogPage.js';
export { parseFeatureList } from './parseFeatureList.js';
export { parseModelConfig } from './parseModelConfig.js';
export { parseTrim } from './parseTrim.js';
export { renderMappingTable } from './renderMappingTable.js';
export { resolveMrpBom, type ResolveMrpBomOptions } from './resolveMrpBom.js';
export { unitConversions } from './unitConversions.js';
