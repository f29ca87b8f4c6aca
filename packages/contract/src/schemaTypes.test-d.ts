import { describe, expectTypeOf, test } from 'vitest';
import type * as z from 'zod';
import type * as C from './index.js';

/*
 * Hardening #14: every exported type is exactly the `z.output` of its exported schema (dates are
 * ISO strings; optional properties agree under `exactOptionalPropertyTypes`). The request parts of an
 * operation (`…Query`, `…Headers`, `…Path`, `…Body`) are what a caller sends, so there the type is
 * the schema's `z.input` (`limit` has a default: optional to send, always present once parsed).
 * `schemaTypes.test.ts` checks that every generated schema has its line here.
 */
describe('z.output of every response-side schema equals its exported type', () => {
  test('RequestId', () => {
    expectTypeOf<z.output<typeof C.requestIdSchema>>().toEqualTypeOf<C.RequestId>();
  });
  test('SchemaVersion', () => {
    expectTypeOf<z.output<typeof C.schemaVersionSchema>>().toEqualTypeOf<C.SchemaVersion>();
  });
  test('EntityTag', () => {
    expectTypeOf<z.output<typeof C.entityTagSchema>>().toEqualTypeOf<C.EntityTag>();
  });
  test('RetryAfter', () => {
    expectTypeOf<z.output<typeof C.retryAfterSchema>>().toEqualTypeOf<C.RetryAfter>();
  });
  test('IdempotencyKey', () => {
    expectTypeOf<z.output<typeof C.idempotencyKeySchema>>().toEqualTypeOf<C.IdempotencyKey>();
  });
  test('ModelId', () => {
    expectTypeOf<z.output<typeof C.modelIdSchema>>().toEqualTypeOf<C.ModelId>();
  });
  test('TrimId', () => {
    expectTypeOf<z.output<typeof C.trimIdSchema>>().toEqualTypeOf<C.TrimId>();
  });
  test('FeatureId', () => {
    expectTypeOf<z.output<typeof C.featureIdSchema>>().toEqualTypeOf<C.FeatureId>();
  });
  test('BomId', () => {
    expectTypeOf<z.output<typeof C.bomIdSchema>>().toEqualTypeOf<C.BomId>();
  });
  test('LifecycleState', () => {
    expectTypeOf<z.output<typeof C.lifecycleStateSchema>>().toEqualTypeOf<C.LifecycleState>();
  });
  test('Revision', () => {
    expectTypeOf<z.output<typeof C.revisionSchema>>().toEqualTypeOf<C.Revision>();
  });
  test('ExternalIds', () => {
    expectTypeOf<z.output<typeof C.externalIdsSchema>>().toEqualTypeOf<C.ExternalIds>();
  });
  test('Money', () => {
    expectTypeOf<z.output<typeof C.moneySchema>>().toEqualTypeOf<C.Money>();
  });
  test('TrimCode', () => {
    expectTypeOf<z.output<typeof C.trimCodeSchema>>().toEqualTypeOf<C.TrimCode>();
  });
  test('FeatureCode', () => {
    expectTypeOf<z.output<typeof C.featureCodeSchema>>().toEqualTypeOf<C.FeatureCode>();
  });
  test('TrimSummary', () => {
    expectTypeOf<z.output<typeof C.trimSummarySchema>>().toEqualTypeOf<C.TrimSummary>();
  });
  test('FeatureSummary', () => {
    expectTypeOf<z.output<typeof C.featureSummarySchema>>().toEqualTypeOf<C.FeatureSummary>();
  });
  test('ModelSummary', () => {
    expectTypeOf<z.output<typeof C.modelSummarySchema>>().toEqualTypeOf<C.ModelSummary>();
  });
  test('CatalogPage', () => {
    expectTypeOf<z.output<typeof C.catalogPageSchema>>().toEqualTypeOf<C.CatalogPage>();
  });
  test('Trim', () => {
    expectTypeOf<z.output<typeof C.trimSchema>>().toEqualTypeOf<C.Trim>();
  });
  test('Availability', () => {
    expectTypeOf<z.output<typeof C.availabilitySchema>>().toEqualTypeOf<C.Availability>();
  });
  test('FeatureAvailability', () => {
    expectTypeOf<
      z.output<typeof C.featureAvailabilitySchema>
    >().toEqualTypeOf<C.FeatureAvailability>();
  });
  test('FeatureRule', () => {
    expectTypeOf<z.output<typeof C.featureRuleSchema>>().toEqualTypeOf<C.FeatureRule>();
  });
  test('Feature', () => {
    expectTypeOf<z.output<typeof C.featureSchema>>().toEqualTypeOf<C.Feature>();
  });
  test('FeatureList', () => {
    expectTypeOf<z.output<typeof C.featureListSchema>>().toEqualTypeOf<C.FeatureList>();
  });
  test('FeatureCondition', () => {
    expectTypeOf<z.output<typeof C.featureConditionSchema>>().toEqualTypeOf<C.FeatureCondition>();
  });
  test('UnitOfMeasure', () => {
    expectTypeOf<z.output<typeof C.unitOfMeasureSchema>>().toEqualTypeOf<C.UnitOfMeasure>();
  });
  test('BomLine', () => {
    expectTypeOf<z.output<typeof C.bomLineSchema>>().toEqualTypeOf<C.BomLine>();
  });
  test('Bom', () => {
    expectTypeOf<z.output<typeof C.bomSchema>>().toEqualTypeOf<C.Bom>();
  });
  test('ModelConfig', () => {
    expectTypeOf<z.output<typeof C.modelConfigSchema>>().toEqualTypeOf<C.ModelConfig>();
  });
  test('UsageEventType', () => {
    expectTypeOf<z.output<typeof C.usageEventTypeSchema>>().toEqualTypeOf<C.UsageEventType>();
  });
  test('UsageEvent', () => {
    expectTypeOf<z.output<typeof C.usageEventSchema>>().toEqualTypeOf<C.UsageEvent>();
  });
  test('UsageMetricsBatch', () => {
    expectTypeOf<z.output<typeof C.usageMetricsBatchSchema>>().toEqualTypeOf<C.UsageMetricsBatch>();
  });
  test('UsageEventResult', () => {
    expectTypeOf<z.output<typeof C.usageEventResultSchema>>().toEqualTypeOf<C.UsageEventResult>();
  });
  test('UsageMetricsResult', () => {
    expectTypeOf<
      z.output<typeof C.usageMetricsResultSchema>
    >().toEqualTypeOf<C.UsageMetricsResult>();
  });
  test('CatalogChangedEvent', () => {
    expectTypeOf<
      z.output<typeof C.catalogChangedEventSchema>
    >().toEqualTypeOf<C.CatalogChangedEvent>();
  });
  test('ErrorCode', () => {
    expectTypeOf<z.output<typeof C.errorCodeSchema>>().toEqualTypeOf<C.ErrorCode>();
  });
  test('ValidationError', () => {
    expectTypeOf<z.output<typeof C.validationErrorSchema>>().toEqualTypeOf<C.ValidationError>();
  });
  test('Problem', () => {
    expectTypeOf<z.output<typeof C.problemSchema>>().toEqualTypeOf<C.Problem>();
  });
  test('OAuthErrorCode', () => {
    expectTypeOf<z.output<typeof C.oauthErrorCodeSchema>>().toEqualTypeOf<C.OAuthErrorCode>();
  });
  test('OAuthError', () => {
    expectTypeOf<z.output<typeof C.oauthErrorSchema>>().toEqualTypeOf<C.OAuthError>();
  });
  test('Scope', () => {
    expectTypeOf<z.output<typeof C.scopeSchema>>().toEqualTypeOf<C.Scope>();
  });
  test('TokenRequest', () => {
    expectTypeOf<z.output<typeof C.tokenRequestSchema>>().toEqualTypeOf<C.TokenRequest>();
  });
  test('TokenResponse', () => {
    expectTypeOf<z.output<typeof C.tokenResponseSchema>>().toEqualTypeOf<C.TokenResponse>();
  });
  test('XRequestId', () => {
    expectTypeOf<z.output<typeof C.xRequestIdSchema>>().toEqualTypeOf<C.XRequestId>();
  });
  test('IfNoneMatch', () => {
    expectTypeOf<z.output<typeof C.ifNoneMatchSchema>>().toEqualTypeOf<C.IfNoneMatch>();
  });
  test('Cursor', () => {
    expectTypeOf<z.output<typeof C.cursorSchema>>().toEqualTypeOf<C.Cursor>();
  });
  test('Limit', () => {
    expectTypeOf<z.output<typeof C.limitSchema>>().toEqualTypeOf<C.Limit>();
  });
  test('UpdatedSince', () => {
    expectTypeOf<z.output<typeof C.updatedSinceSchema>>().toEqualTypeOf<C.UpdatedSince>();
  });
  test('ModelIdPath', () => {
    expectTypeOf<z.output<typeof C.modelIdPathSchema>>().toEqualTypeOf<C.ModelIdPath>();
  });
  test('TrimIdPath', () => {
    expectTypeOf<z.output<typeof C.trimIdPathSchema>>().toEqualTypeOf<C.TrimIdPath>();
  });
  test('ModelIdQuery', () => {
    expectTypeOf<z.output<typeof C.modelIdQuerySchema>>().toEqualTypeOf<C.ModelIdQuery>();
  });
  test('TrimIdQuery', () => {
    expectTypeOf<z.output<typeof C.trimIdQuerySchema>>().toEqualTypeOf<C.TrimIdQuery>();
  });
  test('IdempotencyKeyHeader', () => {
    expectTypeOf<
      z.output<typeof C.idempotencyKeyHeaderSchema>
    >().toEqualTypeOf<C.IdempotencyKeyHeader>();
  });
  test('PlmSignature', () => {
    expectTypeOf<z.output<typeof C.plmSignatureSchema>>().toEqualTypeOf<C.PlmSignature>();
  });
  test('PlmWebhookId', () => {
    expectTypeOf<z.output<typeof C.plmWebhookIdSchema>>().toEqualTypeOf<C.PlmWebhookId>();
  });
  test('RequestTokenResponse', () => {
    expectTypeOf<
      z.output<typeof C.requestTokenResponseSchema>
    >().toEqualTypeOf<C.RequestTokenResponse>();
  });
  test('GetCatalogResponse', () => {
    expectTypeOf<
      z.output<typeof C.getCatalogResponseSchema>
    >().toEqualTypeOf<C.GetCatalogResponse>();
  });
  test('GetModelConfigResponse', () => {
    expectTypeOf<
      z.output<typeof C.getModelConfigResponseSchema>
    >().toEqualTypeOf<C.GetModelConfigResponse>();
  });
  test('GetTrimResponse', () => {
    expectTypeOf<z.output<typeof C.getTrimResponseSchema>>().toEqualTypeOf<C.GetTrimResponse>();
  });
  test('ListFeaturesResponse', () => {
    expectTypeOf<
      z.output<typeof C.listFeaturesResponseSchema>
    >().toEqualTypeOf<C.ListFeaturesResponse>();
  });
  test('SubmitUsageMetricsResponse', () => {
    expectTypeOf<
      z.output<typeof C.submitUsageMetricsResponseSchema>
    >().toEqualTypeOf<C.SubmitUsageMetricsResponse>();
  });
});

describe('z.input of every request part equals the type a caller passes', () => {
  test('RequestTokenBody', () => {
    expectTypeOf<z.input<typeof C.requestTokenBodySchema>>().toEqualTypeOf<
      C.RequestTokenData['body']
    >();
  });
  test('RequestTokenHeaders', () => {
    expectTypeOf<z.input<typeof C.requestTokenHeadersSchema>>().toEqualTypeOf<
      NonNullable<C.RequestTokenData['headers']>
    >();
  });
  test('GetCatalogHeaders', () => {
    expectTypeOf<z.input<typeof C.getCatalogHeadersSchema>>().toEqualTypeOf<
      NonNullable<C.GetCatalogData['headers']>
    >();
  });
  test('GetCatalogQuery', () => {
    expectTypeOf<z.input<typeof C.getCatalogQuerySchema>>().toEqualTypeOf<
      NonNullable<C.GetCatalogData['query']>
    >();
  });
  test('GetModelConfigHeaders', () => {
    expectTypeOf<z.input<typeof C.getModelConfigHeadersSchema>>().toEqualTypeOf<
      NonNullable<C.GetModelConfigData['headers']>
    >();
  });
  test('GetModelConfigPath', () => {
    expectTypeOf<z.input<typeof C.getModelConfigPathSchema>>().toEqualTypeOf<
      C.GetModelConfigData['path']
    >();
  });
  test('GetTrimHeaders', () => {
    expectTypeOf<z.input<typeof C.getTrimHeadersSchema>>().toEqualTypeOf<
      NonNullable<C.GetTrimData['headers']>
    >();
  });
  test('GetTrimPath', () => {
    expectTypeOf<z.input<typeof C.getTrimPathSchema>>().toEqualTypeOf<C.GetTrimData['path']>();
  });
  test('ListFeaturesHeaders', () => {
    expectTypeOf<z.input<typeof C.listFeaturesHeadersSchema>>().toEqualTypeOf<
      NonNullable<C.ListFeaturesData['headers']>
    >();
  });
  test('ListFeaturesQuery', () => {
    expectTypeOf<z.input<typeof C.listFeaturesQuerySchema>>().toEqualTypeOf<
      C.ListFeaturesData['query']
    >();
  });
  test('SubmitUsageMetricsBody', () => {
    expectTypeOf<z.input<typeof C.submitUsageMetricsBodySchema>>().toEqualTypeOf<
      C.SubmitUsageMetricsData['body']
    >();
  });
  test('SubmitUsageMetricsHeaders', () => {
    expectTypeOf<z.input<typeof C.submitUsageMetricsHeadersSchema>>().toEqualTypeOf<
      C.SubmitUsageMetricsData['headers']
    >();
  });
});
