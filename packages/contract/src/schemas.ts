/**
 * The contract's zod schemas, generated from `contracts/openapi/plm.v1.yaml` (src/generated), under
 * stable names. They validate the JSON as it is on the wire: timestamps are ISO 8601 strings, and
 * each schema's `z.output` is exactly the exported type of the same name (a type test checks it).
 *
 * @module
 */
import type * as z from 'zod';
import { zBom, zBomLine, zModelConfig, zProblem } from './generated/zod.gen.js';

export {
  zRequestId as requestIdSchema,
  zSchemaVersion as schemaVersionSchema,
  zEntityTag as entityTagSchema,
  zRetryAfter as retryAfterSchema,
  zIdempotencyKey as idempotencyKeySchema,
  zModelId as modelIdSchema,
  zTrimId as trimIdSchema,
  zFeatureId as featureIdSchema,
  zBomId as bomIdSchema,
  zLifecycleState as lifecycleStateSchema,
  zRevision as revisionSchema,
  zExternalIds as externalIdsSchema,
  zMoney as moneySchema,
  zTrimCode as trimCodeSchema,
  zFeatureCode as featureCodeSchema,
  zTrimSummary as trimSummarySchema,
  zFeatureSummary as featureSummarySchema,
  zModelSummary as modelSummarySchema,
  zCatalogPage as catalogPageSchema,
  zTrim as trimSchema,
  zAvailability as availabilitySchema,
  zFeatureAvailability as featureAvailabilitySchema,
  zFeatureRule as featureRuleSchema,
  zFeature as featureSchema,
  zFeatureList as featureListSchema,
  zFeatureCondition as featureConditionSchema,
  zUnitOfMeasure as unitOfMeasureSchema,
  zUsageEventType as usageEventTypeSchema,
  zUsageEvent as usageEventSchema,
  zUsageMetricsBatch as usageMetricsBatchSchema,
  zUsageEventResult as usageEventResultSchema,
  zUsageMetricsResult as usageMetricsResultSchema,
  zCatalogChangedEvent as catalogChangedEventSchema,
  zErrorCode as errorCodeSchema,
  zValidationError as validationErrorSchema,
  zOAuthErrorCode as oauthErrorCodeSchema,
  zOAuthError as oauthErrorSchema,
  zScope as scopeSchema,
  zTokenRequest as tokenRequestSchema,
  zTokenResponse as tokenResponseSchema,
  zXRequestId as xRequestIdSchema,
  zIfNoneMatch as ifNoneMatchSchema,
  zCursor as cursorSchema,
  zLimit as limitSchema,
  zUpdatedSince as updatedSinceSchema,
  zModelIdPath as modelIdPathSchema,
  zTrimIdPath as trimIdPathSchema,
  zModelIdQuery as modelIdQuerySchema,
  zTrimIdQuery as trimIdQuerySchema,
  zIdempotencyKeyHeader as idempotencyKeyHeaderSchema,
  zPlmSignature as plmSignatureSchema,
  zPlmWebhookId as plmWebhookIdSchema,
  zRequestTokenBody as requestTokenBodySchema,
  zRequestTokenHeaders as requestTokenHeadersSchema,
  zRequestTokenResponse as requestTokenResponseSchema,
  zGetCatalogHeaders as getCatalogHeadersSchema,
  zGetCatalogQuery as getCatalogQuerySchema,
  zGetCatalogResponse as getCatalogResponseSchema,
  zGetModelConfigHeaders as getModelConfigHeadersSchema,
  zGetModelConfigPath as getModelConfigPathSchema,
  zGetTrimHeaders as getTrimHeadersSchema,
  zGetTrimPath as getTrimPathSchema,
  zGetTrimResponse as getTrimResponseSchema,
  zListFeaturesHeaders as listFeaturesHeadersSchema,
  zListFeaturesQuery as listFeaturesQuerySchema,
  zListFeaturesResponse as listFeaturesResponseSchema,
  zSubmitUsageMetricsBody as submitUsageMetricsBodySchema,
  zSubmitUsageMetricsHeaders as submitUsageMetricsHeadersSchema,
  zSubmitUsageMetricsResponse as submitUsageMetricsResponseSchema,
} from './generated/zod.gen.js';

/*
 * Corrections to the generated schemas' static types (their runtime schemas are the generated ones,
 * unchanged). @hey-api/openapi-ts 0.98 types the recursive `children` of a BOM line as
 * `z.lazy((): any => zBomLine)`, so `z.output` would say `any[]`; the types below derive the same
 * object from the generated shape, with `children` typed recursively. `schemaTypes.test-d.ts`
 * checks that the result equals the generated `BomLine`, `Bom` and `ModelConfig`.
 */
type BomLineShape = Omit<typeof zBomLine.shape, 'children'> & {
  children: z.ZodOptional<z.ZodArray<z.ZodType<BomLineOutput, BomLineOutput>>>;
};
/** `z.output` of {@link bomLineSchema}: a BOM line whose `children` are BOM lines. */
export interface BomLineOutput extends z.output<
  z.ZodObject<Omit<typeof zBomLine.shape, 'children'>>
> {
  children?: BomLineOutput[] | undefined;
}
// Only the static type changes (see above); the value is the generated schema.
export const bomLineSchema = zBomLine as unknown as z.ZodObject<BomLineShape>;
type BomShape = Omit<typeof zBom.shape, 'lines'> & { lines: z.ZodArray<typeof bomLineSchema> };
// Only the static type changes (see above); the value is the generated schema.
export const bomSchema = zBom as unknown as z.ZodObject<BomShape>;
type ModelConfigShape = Omit<typeof zModelConfig.shape, 'boms'> & {
  boms: z.ZodArray<typeof bomSchema>;
};
// Only the static type changes (see above); the value is the generated schema.
export const modelConfigSchema = zModelConfig as unknown as z.ZodObject<ModelConfigShape>;
/** The response of `getModelConfig`: a {@link modelConfigSchema}. */
export const getModelConfigResponseSchema = modelConfigSchema;

/**
 * A problem (RFC 9457). The contract allows extension members (`additionalProperties: true`), so
 * unlike the generated schema, which would strip them, this one keeps them, as the type says.
 */
export const problemSchema = zProblem.loose();
