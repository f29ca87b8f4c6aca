/**
 * The contract's zod schemas, generated from `contracts/openapi/plm.v1.yaml`. They validate the JSON
 * as it arrives on the wire (timestamps as ISO strings); the client then converts timestamps to
 * `Date`. Re-exported by name so that consumers (the adapter, tests) never hand-copy a schema.
 *
 * @module
 */
export {
  zBom as bomSchema,
  zBomLine as bomLineSchema,
  zCatalogChangedEvent as catalogChangedEventSchema,
  zCatalogPage as catalogPageSchema,
  zFeature as featureSchema,
  zFeatureCondition as featureConditionSchema,
  zFeatureList as featureListSchema,
  zModelConfig as modelConfigSchema,
  zModelSummary as modelSummarySchema,
  zProblem as problemSchema,
  zRevision as revisionSchema,
  zTrim as trimSchema,
  zUsageEvent as usageEventSchema,
  zUsageMetricsBatch as usageMetricsBatchSchema,
  zUsageMetricsResult as usageMetricsResultSchema,
  zSchemaVersion as schemaVersionSchema,
} from './generated/zod.gen.js';
