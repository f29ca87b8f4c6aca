/** The MRP DTOs the adapter produces. */
export type MrpDtoName =
  | 'MrpCatalog'
  | 'MrpModel'
  | 'MrpTrim'
  | 'MrpFeature'
  | 'MrpModelConfig'
  | 'MrpBom'
  | 'MrpBomLine'
  | 'PLM UsageEvent';

/**
 * How one field of an MRP DTO is filled: from which PLM fields (`Schema.path`, `[]` for array
 * items, as named in `plm.v1.yaml`), in which unit, by which rule.
 */
export interface FieldMapping {
  /** The DTO the field belongs to. */
  readonly dto: MrpDtoName;
  /** The DTO field. */
  readonly field: string;
  /** The PLM fields it comes from (`''`-free `Schema.path` strings; empty for derived fields). */
  readonly plm: readonly string[];
  /** The unit of the value, when it has one. */
  readonly unit?: string;
  /** The rule applied. */
  readonly rule: string;
}

const ID_RULE =
  '`externalIds.mrp` when present, else the caller’s translation table; untranslatable → `IdTranslationError`';
const TABLE_RULE =
  'the caller’s translation table (no `externalIds` here); untranslatable → `IdTranslationError`';
const STATUS_RULE =
  '`obsolete` when obsolete or past `effectiveTo`; `planned` when not yet effective or not `released`; else `active` (at the mapping date)';
const REVISION = 'revision label of the effective revision (not-effective items are left out)';

/**
 * Every DTO field's mapping, declared once. `docs/mapping.md` is rendered from this list by
 * `renderMappingTable`, and the tests check it against the DTO schemas and the contract's schemas,
 * so neither the table nor the docs can drift from the code.
 */
export const fieldMappings: readonly FieldMapping[] = [
  {
    dto: 'MrpCatalog',
    field: 'models',
    plm: ['CatalogPage.items'],
    rule: 'each effective model as `MrpModel`, in PLM order',
  },
  { dto: 'MrpCatalog', field: 'nextCursor', plm: ['CatalogPage.nextCursor'], rule: 'copied' },
  {
    dto: 'MrpCatalog',
    field: 'totalCount',
    plm: ['CatalogPage.totalCount'],
    rule: 'copied (counts models before effectivity filtering)',
  },

  {
    dto: 'MrpModel',
    field: 'id',
    plm: ['ModelSummary.id', 'ModelSummary.externalIds.mrp'],
    rule: ID_RULE,
  },
  { dto: 'MrpModel', field: 'plmId', plm: ['ModelSummary.id'], rule: 'copied' },
  { dto: 'MrpModel', field: 'revision', plm: ['ModelSummary.revision.revision'], rule: REVISION },
  {
    dto: 'MrpModel',
    field: 'status',
    plm: [
      'ModelSummary.revision.lifecycleState',
      'ModelSummary.revision.effectiveFrom',
      'ModelSummary.revision.effectiveTo',
    ],
    rule: STATUS_RULE,
  },
  { dto: 'MrpModel', field: 'name', plm: ['ModelSummary.name'], rule: 'copied' },
  { dto: 'MrpModel', field: 'modelYear', plm: ['ModelSummary.modelYear'], rule: 'copied' },
  { dto: 'MrpModel', field: 'productLine', plm: ['ModelSummary.productLine'], rule: 'copied' },
  {
    dto: 'MrpModel',
    field: 'updatedAt',
    plm: ['ModelSummary.updatedAt'],
    unit: 'ISO 8601 UTC',
    rule: 'normalised to UTC (`toISOString`)',
  },
  {
    dto: 'MrpModel',
    field: 'trims',
    plm: ['ModelSummary.trims'],
    rule: 'effective trims; `id` by ' + 'the translation table, `basePrice: null`',
  },
  {
    dto: 'MrpModel',
    field: 'features',
    plm: ['ModelSummary.features'],
    rule: '`{ id, plmId, code, name, category }`; `id` by the translation table',
  },

  {
    dto: 'MrpTrim',
    field: 'id',
    plm: ['Trim.id', 'Trim.externalIds.mrp'],
    rule: ID_RULE + ' (catalog trims: ' + TABLE_RULE + ')',
  },
  { dto: 'MrpTrim', field: 'plmId', plm: ['Trim.id'], rule: 'copied' },
  { dto: 'MrpTrim', field: 'code', plm: ['Trim.code'], rule: 'copied' },
  { dto: 'MrpTrim', field: 'name', plm: ['Trim.name'], rule: 'copied' },
  { dto: 'MrpTrim', field: 'revision', plm: ['Trim.revision.revision'], rule: REVISION },
  {
    dto: 'MrpTrim',
    field: 'basePrice',
    plm: ['Trim.basePrice.amount', 'Trim.basePrice.currency'],
    unit: 'currency of the amount',
    rule: '`{ amount: number, currency }` (MRP holds money as a number); `null` when absent',
  },

  { dto: 'MrpFeature', field: 'id', plm: ['Feature.id', 'Feature.externalIds.mrp'], rule: ID_RULE },
  { dto: 'MrpFeature', field: 'plmId', plm: ['Feature.id'], rule: 'copied' },
  { dto: 'MrpFeature', field: 'code', plm: ['Feature.code'], rule: 'copied' },
  { dto: 'MrpFeature', field: 'name', plm: ['Feature.name'], rule: 'copied' },
  { dto: 'MrpFeature', field: 'category', plm: ['Feature.category'], rule: 'copied' },
  { dto: 'MrpFeature', field: 'revision', plm: ['Feature.revision.revision'], rule: REVISION },
  {
    dto: 'MrpFeature',
    field: 'availability',
    plm: [
      'Feature.availability[].trimId',
      'Feature.availability[].availability',
      'Feature.rules[].kind',
      'Feature.rules[].featureIds',
    ],
    rule: 'one entry per effective trim (unlisted trim → `unavailable`), then rules applied until stable: optional requiring an unavailable feature or excluding a standard one → `unavailable`; required by a standard feature → `standard`; contradictions (A requires B and B excludes A, standard requires unavailable, standard excludes standard, requires an unknown feature) → `ContradictoryFeatureRulesError`',
  },
  {
    dto: 'MrpFeature',
    field: 'requires',
    plm: ['Feature.rules[].featureIds'],
    rule: 'MRP ids of `requires` rules, effective features only',
  },
  {
    dto: 'MrpFeature',
    field: 'excludes',
    plm: ['Feature.rules[].featureIds'],
    rule: 'MRP ids of `excludes` rules, effective features only',
  },

  {
    dto: 'MrpModelConfig',
    field: 'id',
    plm: ['ModelConfig.id', 'ModelConfig.externalIds.mrp'],
    rule: ID_RULE,
  },
  { dto: 'MrpModelConfig', field: 'plmId', plm: ['ModelConfig.id'], rule: 'copied' },
  {
    dto: 'MrpModelConfig',
    field: 'revision',
    plm: ['ModelConfig.revision.revision'],
    rule: "revision label of the model's current revision, effective or not (`status` tells which; `mapBom` refuses a not-effective model with `RevisionNotEffectiveError`)",
  },
  {
    dto: 'MrpModelConfig',
    field: 'status',
    plm: [
      'ModelConfig.revision.lifecycleState',
      'ModelConfig.revision.effectiveFrom',
      'ModelConfig.revision.effectiveTo',
    ],
    rule: STATUS_RULE,
  },
  { dto: 'MrpModelConfig', field: 'name', plm: ['ModelConfig.name'], rule: 'copied' },
  { dto: 'MrpModelConfig', field: 'modelYear', plm: ['ModelConfig.modelYear'], rule: 'copied' },
  { dto: 'MrpModelConfig', field: 'productLine', plm: ['ModelConfig.productLine'], rule: 'copied' },
  {
    dto: 'MrpModelConfig',
    field: 'updatedAt',
    plm: ['ModelConfig.updatedAt'],
    unit: 'ISO 8601 UTC',
    rule: 'normalised to UTC (`toISOString`)',
  },
  {
    dto: 'MrpModelConfig',
    field: 'trims',
    plm: ['ModelConfig.trims'],
    rule: 'effective trims as `MrpTrim`',
  },
  {
    dto: 'MrpModelConfig',
    field: 'features',
    plm: ['ModelConfig.features'],
    rule: 'effective features as `MrpFeature`',
  },

  {
    dto: 'MrpBom',
    field: 'modelId',
    plm: ['ModelConfig.id', 'ModelConfig.externalIds.mrp'],
    rule: ID_RULE,
  },
  {
    dto: 'MrpBom',
    field: 'trimId',
    plm: ['Bom.trimId', 'Trim.externalIds.mrp'],
    rule: 'the selected trim; BOMs with `trimId: null` (all trims) and those of the selected trim are used',
  },
  {
    dto: 'MrpBom',
    field: 'featureIds',
    plm: ['Feature.id'],
    rule: 'the selection plus the trim’s standard features, MRP ids, sorted; checked against availability and rules (`InvalidSelectionError`)',
  },
  {
    dto: 'MrpBom',
    field: 'sources',
    plm: ['Bom.id', 'Bom.revision.revision'],
    rule: 'effective BOMs used (obsolete / not yet effective BOMs left out)',
  },
  {
    dto: 'MrpBom',
    field: 'lines',
    plm: ['Bom.lines'],
    rule: 'flattened depth first in find-number order; a line whose `appliesWhen` fails is dropped with its children',
  },
  {
    dto: 'MrpBom',
    field: 'totals',
    plm: ['BomLine.partNumber', 'BomLine.quantity', 'BomLine.unitOfMeasure'],
    unit: 'MRP unit',
    rule: 'sum of extended quantities per part and MRP unit, exact decimal (`0.1 + 0.2 = 0.3`)',
  },

  { dto: 'MrpBomLine', field: 'bomId', plm: ['Bom.id'], rule: 'copied (PLM BOM id)' },
  {
    dto: 'MrpBomLine',
    field: 'findPath',
    plm: ['BomLine.findNumber'],
    rule: 'find numbers from the top level down, joined with `.`',
  },
  { dto: 'MrpBomLine', field: 'findNumber', plm: ['BomLine.findNumber'], rule: 'copied' },
  {
    dto: 'MrpBomLine',
    field: 'level',
    plm: ['BomLine.children'],
    rule: '1 at the top, +1 per `children` level; deeper than `maxBomDepth` (64) → `PlmContractError` `too_deep`',
  },
  { dto: 'MrpBomLine', field: 'partNumber', plm: ['BomLine.partNumber'], rule: 'copied' },
  { dto: 'MrpBomLine', field: 'description', plm: ['BomLine.description'], rule: 'copied' },
  {
    dto: 'MrpBomLine',
    field: 'quantity',
    plm: ['BomLine.quantity', 'BomLine.unitOfMeasure'],
    unit: '`unit` per parent’s MRP unit',
    rule: 'decimal string × unit factor ÷ parent’s unit factor, exact, then a number',
  },
  {
    dto: 'MrpBomLine',
    field: 'extendedQuantity',
    plm: ['BomLine.quantity', 'BomLine.unitOfMeasure'],
    unit: '`unit` per product',
    rule: 'product of the raw quantities down the path × unit factor, exact, then a number',
  },
  {
    dto: 'MrpBomLine',
    field: 'unit',
    plm: ['BomLine.unitOfMeasure'],
    rule: 'MM/CM/M → M, G/KG → KG, ML/L → L, EA, SET (see unit table)',
  },
  {
    dto: 'MrpBomLine',
    field: 'referenceDesignators',
    plm: ['BomLine.referenceDesignators'],
    rule: 'copied',
  },

  {
    dto: 'PLM UsageEvent',
    field: 'eventId',
    plm: ['UsageEvent.eventId'],
    rule: 'copied from the MRP record',
  },
  { dto: 'PLM UsageEvent', field: 'type', plm: ['UsageEvent.type'], rule: 'copied' },
  {
    dto: 'PLM UsageEvent',
    field: 'occurredAt',
    plm: ['UsageEvent.occurredAt'],
    unit: 'ISO 8601 UTC',
    rule: '`Date` or ISO string → ISO 8601 UTC string',
  },
  {
    dto: 'PLM UsageEvent',
    field: 'workOrderId',
    plm: ['UsageEvent.workOrderId'],
    rule: 'copied (MRP work-order id)',
  },
  {
    dto: 'PLM UsageEvent',
    field: 'modelId',
    plm: ['UsageEvent.modelId'],
    rule: 'MRP id → PLM id: pairs learned from `externalIds.mrp`, else the reverse table',
  },
  {
    dto: 'PLM UsageEvent',
    field: 'trimId',
    plm: ['UsageEvent.trimId'],
    rule: 'MRP id → PLM id, when present',
  },
  {
    dto: 'PLM UsageEvent',
    field: 'featureIds',
    plm: ['UsageEvent.featureIds'],
    rule: 'MRP ids → PLM ids, when present',
  },
  {
    dto: 'PLM UsageEvent',
    field: 'quantity',
    plm: ['UsageEvent.quantity'],
    unit: 'units on the work order',
    rule: 'copied (integer ≥ 1)',
  },
  {
    dto: 'PLM UsageEvent',
    field: 'plant',
    plm: ['UsageEvent.plant'],
    rule: 'copied, when present',
  },
  {
    dto: 'PLM UsageEvent',
    field: 'attributes',
    plm: ['UsageEvent.attributes'],
    rule: 'copied (≤ 50 string attributes)',
  },
];
