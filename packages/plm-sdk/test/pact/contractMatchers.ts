import { MatchersV3, type Matcher } from '@pact-foundation/pact';

/**
 * Pact matchers for the PLM v1 payloads. Each pattern is the contract's own (so that every example
 * here validates against the OpenAPI document, which the conformance suite checks), and each example
 * is taken from the contract's examples. Optional properties are left out: the consumer does not
 * depend on them, and Pact lets the provider send more than a pact names.
 */
const { eachLike, atLeastLike, integer, like, regex } = MatchersV3;

export const PATTERNS = {
  masterId: '^[A-Z]{2,4}-[0-9A-Z-]{3,32}$',
  revision: '^[A-Z0-9][A-Z0-9.-]{0,15}$',
  lifecycleState: '^(in_work|in_review|released|obsolete)$',
  timestamp:
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$',
  trimCode: '^[A-Z0-9_-]{1,16}$',
  featureCode: '^[A-Z0-9_-]{1,32}$',
  availability: '^(standard|optional|unavailable)$',
  ruleKind: '^(requires|excludes)$',
  quantity: '^[0-9]+(\\.[0-9]+)?$',
  unitOfMeasure: '^(EA|M|MM|CM|KG|G|L|ML|SET)$',
  requestId: '^[A-Za-z0-9._:-]{1,128}$',
  schemaVersion: '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$',
  entityTag: '^(W/)?"[!#-~]*"$',
  retryAfterSeconds: '^[0-9]+$',
  retryAfterDate:
    '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$',
  bearer: '^Bearer [A-Za-z0-9._~+/-]+=*$',
  idempotencyKey: '^[A-Za-z0-9._:-]{8,128}$',
  usageStatus: '^(accepted|duplicate|rejected)$',
  uuid: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  problemJson: '^application/problem\\+json(;.*)?$',
} as const;

const id = (example: string) => regex(PATTERNS.masterId, example);
const timestamp = (example: string) => regex(PATTERNS.timestamp, example);

/**
 * `null` or a string matching `pattern` — what the contract's `type: [string, 'null']` allows.
 * Pact has no "one of" matcher; its regex matcher compares a non-string value by its JSON text, so
 * `^(null|…)$` accepts `null` and every string the pattern accepts, and still rejects numbers,
 * objects and strings the pattern does not accept. (It would also accept the string `"null"`, which
 * the contract's own patterns reject: the offline OpenAPI comparison covers that gap.)
 */
export const nullable = (
  pattern: string,
  example: string | null,
): Matcher<string | null> & { regex: string } => ({
  'pact:matcher:type': 'regex',
  regex: `^(null|${pattern.replace(/^\^/, '').replace(/\$$/, '')})$`,
  value: example,
});

/**
 * A `Revision`. The consumer reads every lifecycle state and both open-ended (`effectiveTo: null`)
 * and closed revisions, so the pact asks for no more than the contract allows.
 */
export const revision = (rev: string, from: string) => ({
  revision: regex(PATTERNS.revision, rev),
  lifecycleState: regex(PATTERNS.lifecycleState, 'released'),
  effectiveFrom: timestamp(from),
  effectiveTo: nullable(PATTERNS.timestamp, null),
});

/** A `Trim`; `trimId` is a literal (the trim asked for) or a matcher (any trim of the model). */
export const trim = (trimId: unknown, modelId: string) => ({
  id: trimId,
  modelId: id(modelId),
  revision: revision('B', '2026-01-15T00:00:00Z'),
  name: like('Atlas Standard'),
  code: regex(PATTERNS.trimCode, 'STD'),
});

export const feature = {
  id: id('FTR-000045'),
  revision: revision('D', '2026-01-15T00:00:00Z'),
  name: like('Enclosed cab with HVAC'),
  code: regex(PATTERNS.featureCode, 'CAB_HVAC'),
  category: like('Operator station'),
  availability: eachLike({
    trimId: id('TRM-000123-01'),
    availability: regex(PATTERNS.availability, 'optional'),
  }),
  // Rules may be empty for a feature; the example shows one.
  rules: atLeastLike(
    { kind: regex(PATTERNS.ruleKind, 'requires'), featureIds: eachLike(id('FTR-000046')) },
    0,
    1,
  ),
};

const bomLine = {
  findNumber: integer(10),
  partNumber: like('PN-100200'),
  description: like('Chassis weldment'),
  quantity: regex(PATTERNS.quantity, '1'),
  unitOfMeasure: regex(PATTERNS.unitOfMeasure, 'EA'),
  referenceDesignators: atLeastLike(like('A1'), 0, 1),
};

/** `GET /plm/models/{modelId}/config` → `ModelConfig` for the model asked for. */
export const modelConfig = (modelId: string) => ({
  id: modelId,
  revision: revision('C', '2026-01-15T00:00:00Z'),
  name: like('Atlas Compact Tractor'),
  modelYear: integer(2026),
  productLine: like('Compact Tractors'),
  updatedAt: timestamp('2026-03-02T09:41:17Z'),
  trims: eachLike(trim(id('TRM-000123-01'), modelId)),
  features: eachLike(feature),
  boms: eachLike({
    id: id('BOM-000123-01'),
    modelId: id(modelId),
    // Model-wide (`null`) or for one trim: the contract allows both on any BOM.
    trimId: nullable(PATTERNS.masterId, null),
    revision: revision('F', '2026-02-20T00:00:00Z'),
    lines: eachLike(bomLine),
  }),
});

/** `GET /plm/catalog` → one `CatalogPage` with a further page to follow. */
export const catalogPage = {
  items: eachLike({
    id: id('MDL-000123'),
    revision: revision('C', '2026-01-15T00:00:00Z'),
    name: like('Atlas Compact Tractor'),
    modelYear: integer(2026),
    productLine: like('Compact Tractors'),
    updatedAt: timestamp('2026-03-02T09:41:17Z'),
    trims: eachLike({
      id: id('TRM-000123-01'),
      revision: revision('B', '2026-01-15T00:00:00Z'),
      name: like('Atlas Standard'),
      code: regex(PATTERNS.trimCode, 'STD'),
    }),
    features: atLeastLike(
      {
        id: id('FTR-000045'),
        name: like('Enclosed cab with HVAC'),
        code: regex(PATTERNS.featureCode, 'CAB_HVAC'),
        category: like('Operator station'),
      },
      0,
      1,
    ),
  }),
  nextCursor: like('eyJhZnRlciI6Ik1ETC0wMDAxMjMifQ'),
  totalCount: integer(42),
};

/** `GET /plm/features` → `FeatureList`. */
export const featureList = { items: eachLike(feature) };

/** `POST /plm/usage-metrics` → `202 UsageMetricsResult`. */
export const usageMetricsResult = (eventId: string) => ({
  batchId: like('BAT-20260302-000981'),
  results: eachLike({
    eventId: regex(PATTERNS.uuid, eventId),
    status: regex(PATTERNS.usageStatus, 'accepted'),
  }),
});

/** Problem details with a fixed `code` (the consumer branches on it) and `status`. */
export const problem = (
  status: number,
  code: string,
  example: { title: string; detail: string; instance: string },
) => ({
  type: like(`https://plm.example.com/problems/${code.toLowerCase().replaceAll('_', '-')}`),
  title: like(example.title),
  status,
  detail: like(example.detail),
  instance: like(example.instance),
  code,
});

/** Headers every PLM response carries. */
export const plmResponseHeaders = (requestId: string) => ({
  'X-Request-Id': regex(PATTERNS.requestId, requestId),
  'PLM-Schema-Version': regex(PATTERNS.schemaVersion, '1.0.0'),
});

/** Headers every authenticated request carries. */
export const authenticatedRequestHeaders = (token: string, requestId: string) => ({
  Authorization: regex(PATTERNS.bearer, `Bearer ${token}`),
  'X-Request-Id': regex(PATTERNS.requestId, requestId),
});
