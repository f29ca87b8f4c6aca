import type { z } from 'zod';
import type { IdKind, IdTranslatorOptions } from './IdTranslator.js';
import { InvalidMrpTablesError, type MrpTablesIssue } from './InvalidMrpTablesError.js';
import { InvalidSelectionError } from './InvalidSelectionError.js';
import type { MrpFeature } from './MrpFeature.js';
import type { MrpModel } from './MrpModel.js';
import { mrpModelConfigSchema, type MrpModelConfig } from './MrpModelConfig.js';
import type {
  MrpFeatureRow,
  MrpIdTranslationRow,
  MrpModelRow,
  MrpTrimRow,
} from './MrpProductTables.js';
import { mrpTrimSchema, type MrpTrim } from './MrpTrim.js';
import { jsonPointer } from './internal/jsonPointer.js';

const AVAILABILITIES: ReadonlySet<unknown> = new Set(['standard', 'optional', 'unavailable']);

/** RFC 6901 escaping of one reference token (ids may contain `/` or `~`). */
function token(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Every inconsistency between a model's rows that the DTO schemas cannot see: duplicate ids,
 * availability for unknown trims or missing for known ones, rules and BOMs naming ids the model
 * does not have, a price without a currency.
 */
function consistencyIssues(model: MrpModelRow): MrpTablesIssue[] {
  const issues: MrpTablesIssue[] = [];
  const trimIds = new Set<string>();
  model.trims.forEach((trim, i) => {
    if (trimIds.has(trim.id)) {
      issues.push({
        path: `/trims/${i}/id`,
        code: 'duplicate_id',
        message: `trim ${trim.id} is listed twice`,
      });
    }
    trimIds.add(trim.id);
    if (trim.basePrice !== undefined && (trim.currency === undefined || trim.currency === '')) {
      issues.push({
        path: `/trims/${i}/currency`,
        code: 'invalid_value',
        message: `trim ${trim.id} has a base price but no currency`,
      });
    }
  });
  const featureIds = new Set<string>();
  model.features.forEach((feature, i) => {
    if (featureIds.has(feature.id)) {
      issues.push({
        path: `/features/${i}/id`,
        code: 'duplicate_id',
        message: `feature ${feature.id} is listed twice`,
      });
    }
    featureIds.add(feature.id);
  });
  model.features.forEach((feature, i) => {
    // `Object.keys` only: an inherited or `__proto__` key is not a row of the table.
    for (const key of Object.keys(feature.availability)) {
      const path = `/features/${i}/availability/${token(key)}`;
      if (!trimIds.has(key)) {
        issues.push({
          path,
          code: 'unknown_trim',
          message: `feature ${feature.id} has availability for trim ${key}, which model ${model.id} does not have`,
        });
      } else if (!AVAILABILITIES.has(feature.availability[key])) {
        issues.push({
          path,
          code: 'invalid_value',
          message: `availability ${String(feature.availability[key])} is not standard, optional or unavailable`,
        });
      }
    }
    for (const trimId of trimIds) {
      if (!Object.hasOwn(feature.availability, trimId)) {
        issues.push({
          path: `/features/${i}/availability`,
          code: 'missing_availability',
          message: `feature ${feature.id} has no availability for trim ${trimId}`,
        });
      }
    }
    for (const kind of ['requires', 'excludes'] as const) {
      feature[kind].forEach((other, j) => {
        if (!featureIds.has(other)) {
          issues.push({
            path: `/features/${i}/${kind}/${j}`,
            code: 'unknown_feature',
            message: `feature ${feature.id} ${kind} ${other}, which model ${model.id} does not have`,
          });
        }
      });
    }
  });
  model.boms.forEach((bom, i) => {
    if (bom.trimId !== null && !trimIds.has(bom.trimId)) {
      issues.push({
        path: `/boms/${i}/trimId`,
        code: 'unknown_trim',
        message: `BOM ${i} is for trim ${bom.trimId}, which model ${model.id} does not have`,
      });
    }
  });
  return issues;
}

function trimDto(trim: MrpTrimRow): MrpTrim {
  return {
    id: trim.id,
    plmId: null,
    code: trim.code,
    name: trim.name,
    revision: null,
    basePrice:
      trim.basePrice === undefined
        ? null
        : { amount: trim.basePrice, currency: trim.currency ?? '' },
  };
}

function featureDto(model: MrpModelRow, feature: MrpFeatureRow): MrpFeature {
  return {
    id: feature.id,
    plmId: null,
    code: feature.code,
    name: feature.name,
    category: feature.category,
    revision: null,
    availability: model.trims.map((trim) => ({
      trimId: trim.id,
      availability: feature.availability[trim.id] ?? 'unavailable',
    })),
    requires: [...feature.requires],
    excludes: [...feature.excludes],
  };
}

/**
 * Checks the DTO built from the rows against its schema; a field of the wrong type becomes an
 * `invalid_value` issue at the DTO's path (the same as the row's for header, trim and feature
 * fields).
 */
function checked<T>(
  modelId: string | undefined,
  schema: z.ZodType<T>,
  value: unknown,
  earlier: readonly MrpTablesIssue[],
): T {
  const result = schema.safeParse(value);
  const issues = [...earlier];
  if (!result.success) {
    for (const issue of result.error.issues) {
      // Availability values were checked at the row's own path (keyed by trim id) already.
      if (issue.path[0] === 'features' && issue.path[2] === 'availability') continue;
      issues.push({ path: jsonPointer(issue.path), code: 'invalid_value', message: issue.message });
    }
  }
  if (issues.length > 0 || !result.success) throw new InvalidMrpTablesError({ modelId, issues });
  return result.data;
}

/**
 * Builds the adapter's {@link MrpModelConfig} from one model's MRP product-table rows: what an MRP
 * host returns from its own tables so that MRP-sourced and PLM-sourced reads have one shape. The
 * provenance fields MRP's tables do not hold (`plmId`, `revision`, `updatedAt`) are `null`; the
 * availability is listed for every trim in the rows' trim order, as MRP stored it (MRP's data
 * already has its rules applied).
 *
 * @throws {@link InvalidMrpTablesError} listing every inconsistency of the rows (duplicate ids,
 * availability for a trim the model does not have or missing for one it has, a rule or BOM naming
 * an unknown id, a value the DTO cannot hold).
 * @example
 * ```ts
 * import { generateFixtures } from '@mrp-plm/plm-mock';
 * import { mrpModelConfigFromRows } from '@mrp-plm/adapter';
 *
 * const rows = generateFixtures().mrp.models.find((m) => m.id === 'M-1001');
 * if (rows !== undefined) {
 *   const config = mrpModelConfigFromRows(rows);
 *   config.features[0]?.availability; // [{ trimId: 'T-1001-1', availability: 'optional' }, ...]
 * }
 * ```
 */
export function mrpModelConfigFromRows(model: MrpModelRow): MrpModelConfig {
  const issues = consistencyIssues(model);
  return checked(
    model.id,
    mrpModelConfigSchema,
    {
      id: model.id,
      plmId: null,
      revision: null,
      status: model.status,
      name: model.name,
      modelYear: model.modelYear,
      productLine: model.productLine,
      updatedAt: null,
      trims: model.trims.map(trimDto),
      features: model.features.map((feature) => featureDto(model, feature)),
    },
    issues,
  );
}

/**
 * Builds the catalog entry ({@link MrpModel}: trims and feature summaries) from one model's MRP
 * rows, for a host's `listModels()`. Same checks as {@link mrpModelConfigFromRows}.
 *
 * @throws {@link InvalidMrpTablesError} listing every inconsistency of the rows.
 * @example
 * ```ts
 * import { generateFixtures } from '@mrp-plm/plm-mock';
 * import { mrpModelFromRows } from '@mrp-plm/adapter';
 *
 * const catalog = generateFixtures().mrp.models.map(mrpModelFromRows);
 * ```
 */
export function mrpModelFromRows(model: MrpModelRow): MrpModel {
  // The catalog entry is the configuration with each feature reduced to its summary: built on
  // mrpModelConfigFromRows, so both check the rows the same way and cannot drift apart.
  const { features, ...header } = mrpModelConfigFromRows(model);
  return {
    ...header,
    features: features.map(({ id, plmId, code, name, category }) => ({
      id,
      plmId,
      code,
      name,
      category,
    })),
  };
}

/**
 * Builds the adapter's {@link MrpTrim} from one row of MRP's trim table (for a host's
 * `getTrim(mrpTrimId)`).
 *
 * @throws {@link InvalidMrpTablesError} when the row holds a value the DTO cannot (e.g. a price
 * without a currency).
 * @example
 * ```ts
 * import { mrpTrimFromRow } from '@mrp-plm/adapter';
 *
 * const trim = mrpTrimFromRow({
 *   id: 'T-1001-1',
 *   code: 'STD',
 *   name: 'Atlas Standard',
 *   basePrice: 43750,
 *   currency: 'EUR',
 * });
 * trim.basePrice; // { amount: 43750, currency: 'EUR' }
 * ```
 */
export function mrpTrimFromRow(row: MrpTrimRow): MrpTrim {
  const issues: MrpTablesIssue[] = [];
  if (row.basePrice !== undefined && (row.currency === undefined || row.currency === '')) {
    issues.push({
      path: '/currency',
      code: 'invalid_value',
      message: `trim ${row.id} has a base price but no currency`,
    });
  }
  return checked(undefined, mrpTrimSchema, trimDto(row), issues);
}

/**
 * The model's features as {@link MrpFeature}s (for a host's `listFeatures({ modelId, trimId })`):
 * all of them, or, with `trimId`, those `standard` or `optional` in that trim (as PLM's
 * `GET /plm/features` answers). Same checks as {@link mrpModelConfigFromRows}.
 *
 * @throws {@link InvalidSelectionError} (`unknown-trim`) when `trimId` is not a trim of the model.
 * @throws {@link InvalidMrpTablesError} listing every inconsistency of the rows.
 * @example
 * ```ts
 * import { generateFixtures } from '@mrp-plm/plm-mock';
 * import { mrpFeaturesFromRows } from '@mrp-plm/adapter';
 *
 * const rows = generateFixtures().mrp.models.find((m) => m.id === 'M-1001');
 * if (rows !== undefined) {
 *   const forTrim = mrpFeaturesFromRows(rows, { trimId: 'T-1001-1' });
 * }
 * ```
 */
export function mrpFeaturesFromRows(
  model: MrpModelRow,
  filter: { readonly trimId?: string } = {},
): MrpFeature[] {
  const config = mrpModelConfigFromRows(model);
  const { trimId } = filter;
  if (trimId === undefined) return config.features;
  if (!model.trims.some((t) => t.id === trimId)) {
    throw new InvalidSelectionError({
      problems: [{ kind: 'unknown-trim', id: trimId, otherIds: [] }],
    });
  }
  return config.features.filter((f) =>
    f.availability.some((a) => a.trimId === trimId && a.availability !== 'unavailable'),
  );
}

/**
 * The id translator's tables from MRP's id translation rows: PLM → MRP and MRP → PLM per id kind,
 * for `createIdTranslator`. Items whose PLM payload carries `externalIds.mrp` need no row.
 *
 * @throws {@link InvalidMrpTablesError} (`duplicate_id`) when a PLM id, or an MRP id, of one kind
 * appears in two rows (the translation would be ambiguous).
 * @example
 * ```ts
 * import { generateFixtures } from '@mrp-plm/plm-mock';
 * import { createIdTranslator, idTablesFromRows } from '@mrp-plm/adapter';
 *
 * const ids = createIdTranslator(idTablesFromRows(generateFixtures().mrp.idTranslation));
 * ```
 */
export function idTablesFromRows(rows: readonly MrpIdTranslationRow[]): IdTranslatorOptions {
  const toMrp = new Map<string, string>();
  const toPlm = new Map<string, string>();
  const key = (kind: IdKind, id: string) => `${kind}\u0000${id}`;
  const issues: MrpTablesIssue[] = [];
  rows.forEach((row, i) => {
    for (const [table, from, to, field] of [
      [toMrp, row.plmId, row.mrpId, 'plmId'],
      [toPlm, row.mrpId, row.plmId, 'mrpId'],
    ] as const) {
      const k = key(row.kind, from);
      if (table.has(k)) {
        issues.push({
          path: `/${i}/${field}`,
          code: 'duplicate_id',
          message: `${row.kind} ${from} is translated twice`,
        });
      }
      table.set(k, to);
    }
  });
  if (issues.length > 0) throw new InvalidMrpTablesError({ modelId: undefined, issues });
  return {
    toMrp: (id, kind) => toMrp.get(key(kind, id)),
    toPlm: (id, kind) => toPlm.get(key(kind, id)),
  };
}
