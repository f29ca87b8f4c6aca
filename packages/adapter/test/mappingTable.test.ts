import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as sdk from '@mrp-plm/plm-sdk';
import { describe, expect, it } from 'vitest';
import {
  fieldMappings,
  mrpBomLineSchema,
  mrpBomSchema,
  mrpCatalogSchema,
  mrpFeatureSchema,
  mrpModelConfigSchema,
  mrpModelSchema,
  mrpTrimSchema,
  renderMappingTable,
  unitConversions,
  type MrpDtoName,
} from '../src/index.js';

const dtoSchemas: Record<MrpDtoName, { shape: Record<string, unknown> }> = {
  MrpCatalog: mrpCatalogSchema,
  MrpModel: mrpModelSchema,
  MrpTrim: mrpTrimSchema,
  MrpFeature: mrpFeatureSchema,
  MrpModelConfig: mrpModelConfigSchema,
  MrpBom: mrpBomSchema,
  MrpBomLine: mrpBomLineSchema,
  'PLM UsageEvent': sdk.usageEventSchema,
};

const plmSchemas: Record<string, unknown> = {
  CatalogPage: sdk.catalogPageSchema,
  ModelSummary: sdk.modelSummarySchema,
  ModelConfig: sdk.modelConfigSchema,
  Trim: sdk.trimSchema,
  Feature: sdk.featureSchema,
  Bom: sdk.bomSchema,
  BomLine: sdk.bomLineSchema,
  UsageEvent: sdk.usageEventSchema,
};

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  getter?: () => unknown;
}
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'nullable') current = def.innerType;
    else if (def.type === 'lazy') current = def.getter!();
    else return current;
  }
}

/** Whether `Schema.a.b[].c` names a field of the contract's zod schemas. */
function resolves(path: string): boolean {
  const [name, ...segments] = path.split('.');
  let schema = plmSchemas[name!];
  if (schema === undefined) return false;
  for (const segment of segments) {
    const isArray = segment.endsWith('[]');
    const key = isArray ? segment.slice(0, -2) : segment;
    const def = defOf(unwrap(schema));
    if (def.type !== 'object' || !Object.hasOwn(def.shape!, key)) return false;
    schema = unwrap(def.shape![key]);
    if (isArray) {
      const arrayDef = defOf(schema);
      if (arrayDef.type !== 'array') return false;
      schema = arrayDef.element;
    }
  }
  return true;
}

describe('the mapping table', () => {
  it('declares every field of every DTO, and nothing else', () => {
    for (const [dto, schema] of Object.entries(dtoSchemas)) {
      const declared = fieldMappings.filter((m) => m.dto === dto).map((m) => m.field);
      expect(new Set(declared).size, `${dto} declares a field twice`).toBe(declared.length);
      expect([...declared].sort(), dto).toEqual(Object.keys(schema.shape).sort());
    }
  });

  it('names only PLM fields that exist in the contract', () => {
    const unknown = fieldMappings.flatMap((m) => m.plm).filter((p) => !resolves(p));
    expect(unknown).toEqual([]);
    expect(resolves('ModelConfig.trims[].colour')).toBe(false);
    expect(resolves('BomLine.children[].appliesWhen.all')).toBe(true);
  });

  it('docs/mapping.md is the rendering of the declarations (run `npm run generate:mapping`)', () => {
    const committed = readFileSync(
      fileURLToPath(new URL('../../../docs/mapping.md', import.meta.url)),
      'utf8',
    );
    expect(committed).toBe(renderMappingTable());
  });

  it('renders one row per declaration and the unit table', () => {
    const rendered = renderMappingTable();
    expect(
      rendered.split('\n').filter((l) => l.startsWith('| `') && l.includes('` | `')).length,
    ).toBe(fieldMappings.length + Object.keys(unitConversions).length);
    expect(rendered).toContain('| `MM` | `M` | 0.001 |');
  });
});
