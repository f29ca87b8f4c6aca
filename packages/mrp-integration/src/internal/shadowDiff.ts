/*
 * Normalisation and difference of the two sides of a shadow read, in MRP DTO terms. Both sides
 * become the same small tree (objects, leaves, lists keyed by id/trim/part number), so ordering
 * never hides or invents a difference; ordering is then compared on its own and reported as a
 * minor difference. Quantities are normalised by the adapter's `normalizeQuantity` (exact decimal
 * arithmetic, MRP units) on both sides: a PLM `250 MM` equals an MRP `0.25 M`.
 */
import type { BomLine, FeatureCondition, ModelConfig } from '@mrp-plm/contract';
import type { PlmResource } from '../AuditEvent.js';
import type { ShadowSeverity } from '../ShadowResult.js';
import {
  isEffective,
  normalizeQuantity,
  unitConversions,
  type MrpCatalog,
  type MrpConfigurableModel,
  type MrpFeature,
  type MrpModel,
  type MrpModelConfig,
  type MrpTrim,
} from './adapter.js';

/**
 * A BOM line, compared by a dedicated function instead of as a tree of nodes: a 5,000-line BOM
 * would otherwise allocate some twenty objects per line on each side before comparing anything.
 */
interface Line {
  readonly t: 'line';
  readonly line: BomLineInput;
}

/** A value compared as a whole (arrays and objects by their canonical JSON). */
interface Leaf {
  readonly t: 'leaf';
  readonly value: unknown;
  readonly severity: ShadowSeverity;
}

/** An object compared field by field. */
interface Obj {
  readonly t: 'obj';
  /** Fields in a fixed order (both sides are built by the same function). */
  readonly fields: readonly (readonly [string, Node])[];
}

/** A list whose items are matched by a key (`trims[id=…]`, `lines[partNumber=…]`). */
interface Keyed {
  readonly t: 'keyed';
  /** Name of the key in paths (`id`, `trim`, `partNumber`). */
  readonly keyName: string;
  readonly items: ReadonlyMap<string, Node>;
  /** Whether the order of the items means something (reported as a minor difference). */
  readonly ordered: boolean;
}

/** A normalised side of a comparison. */
export type Node = Leaf | Line | Obj | Keyed;

/** One difference, with the list keys of its path generalised (`[id=*]`). */
export interface RawDifference {
  readonly path: string;
  readonly generalPath: string;
  readonly severity: ShadowSeverity;
  readonly mrp: unknown;
  readonly plm: unknown;
}

const leaf = (value: unknown, severity: ShadowSeverity): Leaf => ({ t: 'leaf', value, severity });

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

const obj = (fields: readonly (readonly [string, Node])[]): Obj => ({ t: 'obj', fields });

function keyed<T>(
  keyName: string,
  items: readonly T[],
  keyOf: (item: T) => string,
  node: (item: T) => Node,
  ordered = true,
): Keyed {
  const map = new Map<string, Node>();
  for (const item of items) {
    const base = keyOf(item);
    // A key repeated within one list (the same part twice among siblings) gets an occurrence
    // suffix, so both sides pair their first, second, … occurrences.
    let key = base;
    for (let n = 2; map.has(key); n++) key = `${base}#${n}`;
    map.set(key, node(item));
  }
  return { t: 'keyed', keyName, items: map, ordered };
}

const sorted = (values: readonly string[]): string[] => [...values].sort();

// ---- model header, trims, features ------------------------------------------------------------

function trimNode(trim: MrpTrim): Obj {
  return obj([
    ['code', leaf(trim.code, 'minor')],
    ['name', leaf(trim.name, 'minor')],
    [
      'basePrice',
      trim.basePrice === null
        ? leaf(null, 'minor')
        : obj([
            ['amount', leaf(trim.basePrice.amount, 'minor')],
            ['currency', leaf(trim.basePrice.currency, 'minor')],
          ]),
    ],
  ]);
}

function featureSummaryFields(f: {
  code: string;
  name: string;
  category: string;
}): [string, Node][] {
  return [
    ['code', leaf(f.code, 'minor')],
    ['name', leaf(f.name, 'minor')],
    ['category', leaf(f.category, 'minor')],
  ];
}

function featureNode(f: MrpFeature): Obj {
  return obj([
    ...featureSummaryFields(f),
    [
      'availability',
      keyed(
        'trim',
        f.availability,
        (a) => a.trimId,
        (a) => leaf(a.availability, 'critical'),
        false,
      ),
    ],
    ['requires', leaf(sorted(f.requires), 'critical')],
    ['excludes', leaf(sorted(f.excludes), 'critical')],
  ]);
}

function headerFields(m: {
  name: string;
  modelYear: number;
  productLine: string;
  status: string;
}): [string, Node][] {
  return [
    ['name', leaf(m.name, 'minor')],
    ['modelYear', leaf(m.modelYear, 'minor')],
    ['productLine', leaf(m.productLine, 'minor')],
    // Whether a model can be built at all.
    ['status', leaf(m.status, 'critical')],
  ];
}

// ---- BOMs ---------------------------------------------------------------------------------------

/** A BOM line in MRP terms, before it becomes a node. */
interface BomLineInput {
  readonly findNumber: number;
  readonly partNumber: string;
  readonly description: string;
  /** Exact decimal string and the contract unit it is in. */
  readonly quantity: string;
  readonly unit: string;
  readonly referenceDesignators: readonly string[];
  readonly when: { allOf: string[]; anyOf: string[]; noneOf: string[] } | null;
  readonly children: readonly BomLineInput[];
}

/** One side's BOMs in MRP ids: lines per MRP trim id (`*` for the BOMs of every trim). */
export type NormalisedBoms = ReadonlyMap<string, readonly BomLineInput[]>;

type ContractUnit = keyof typeof unitConversions;

/** The quantity in MRP's unit (the adapter's exact conversion), or as given when it is not one. */
/** A quantity as given: exact decimal string and contract unit. */
interface Quantity {
  readonly quantity: string;
  readonly unit: string;
}

/**
 * Two quantities are equal when their units are the same and their decimals are (textually,
 * after trimming zeros), else when the adapter's `normalizeQuantity` gives the same MRP quantity
 * and unit: exact, and the decimal arithmetic runs only where units differ or a value is shown.
 */
function normalised(q: Quantity): { quantity: unknown; unit: unknown } {
  try {
    return normalizeQuantity(q.quantity, q.unit as ContractUnit);
  } catch {
    // Not a contract decimal or unit: compared as given, so the difference still shows.
    return { quantity: q.quantity, unit: q.unit };
  }
}

/** `007.250` → `7.25`: the same decimal written one way (formatting, no arithmetic). */
function trimmedDecimal(d: string): string {
  const [int = '', frac = ''] = d.split('.');
  const i = int.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  return f === '' ? i : `${i}.${f}`;
}

function sameQuantity(a: Quantity, b: Quantity): boolean {
  if (a.unit === b.unit && trimmedDecimal(a.quantity) === trimmedDecimal(b.quantity)) return true;
  const x = normalised(a);
  const y = normalised(b);
  return x.quantity === y.quantity && x.unit === y.unit;
}

const mrpUnitOf = (unit: string): string =>
  Object.hasOwn(unitConversions, unit) ? unitConversions[unit as ContractUnit].unit : unit;

function linesNode(lines: readonly BomLineInput[]): Keyed {
  return keyed(
    'partNumber',
    lines,
    (l) => l.partNumber,
    (line): Line => ({ t: 'line', line }),
  );
}

const EMPTY_LINES = linesNode([]);

/** A line as plain JSON, in MRP units (the value shown for a line present on one side only). */
function lineJson(line: BomLineInput): unknown {
  return {
    findNumber: line.findNumber,
    description: line.description,
    quantity: normalised(line).quantity,
    unit: mrpUnitOf(line.unit),
    referenceDesignators: sorted(line.referenceDesignators),
    condition: line.when,
    children: line.children.map(lineJson),
  };
}

function sameDesignators(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  const x = sorted(a);
  const y = sorted(b);
  return x.every((v, i) => v === y[i]);
}

function diffLine(a: BomLineInput, b: BomLineInput, at: At, out: RawDifference[]): void {
  if (a.findNumber !== b.findNumber) {
    report(out, field(at, 'findNumber'), 'minor', a.findNumber, b.findNumber);
  }
  if (a.description !== b.description) {
    report(out, field(at, 'description'), 'minor', a.description, b.description);
  }
  if (!sameQuantity(a, b)) {
    report(out, field(at, 'quantity'), 'critical', normalised(a).quantity, normalised(b).quantity);
  }
  const unitA = mrpUnitOf(a.unit);
  const unitB = mrpUnitOf(b.unit);
  if (unitA !== unitB) report(out, field(at, 'unit'), 'critical', unitA, unitB);
  if (!sameDesignators(a.referenceDesignators, b.referenceDesignators)) {
    report(
      out,
      field(at, 'referenceDesignators'),
      'critical',
      sorted(a.referenceDesignators),
      sorted(b.referenceDesignators),
    );
  }
  if (!sameValue(a.when, b.when)) report(out, field(at, 'condition'), 'critical', a.when, b.when);
  if (a.children.length > 0 || b.children.length > 0) {
    walk(
      a.children.length > 0 ? linesNode(a.children) : EMPTY_LINES,
      b.children.length > 0 ? linesNode(b.children) : EMPTY_LINES,
      field(at, 'children'),
      out,
    );
  }
}

function bomsNode(boms: NormalisedBoms): Keyed {
  return keyed(
    'trim',
    [...boms],
    ([trim]) => trim,
    ([, lines]) => obj([['lines', linesNode(lines)]]),
    false,
  );
}

/** A number as a plain decimal string (`1e-7` → `0.0000001`), the way MRP meant it. */
function decimalOf(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const fixed = n.toFixed(20);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function condition(
  when:
    | { allOf?: readonly string[]; anyOf?: readonly string[]; noneOf?: readonly string[] }
    | undefined,
): BomLineInput['when'] {
  if (when === undefined) return null;
  return {
    allOf: sorted(when.allOf ?? []),
    anyOf: sorted(when.anyOf ?? []),
    noneOf: sorted(when.noneOf ?? []),
  };
}

/** MRP's BOM rows as normalised BOMs. */
export function bomsFromRows(model: MrpConfigurableModel): NormalisedBoms {
  type Row = MrpConfigurableModel['boms'][number]['lines'][number];
  // Bounded: MRP data nests as deep as it nests, but never past this (a cycle cannot hang us).
  const convert = (row: Row, depth: number): BomLineInput => ({
    findNumber: row.lineNo,
    partNumber: row.partNumber,
    description: row.description,
    quantity: decimalOf(row.quantity),
    unit: row.unit,
    referenceDesignators: row.referenceDesignators,
    when: condition(row.when),
    children: depth >= 64 ? [] : row.children.map((c) => convert(c, depth + 1)),
  });
  const out = new Map<string, BomLineInput[]>();
  for (const bom of model.boms) {
    const key = bom.trimId ?? '*';
    const lines = out.get(key) ?? [];
    for (const row of bom.lines) lines.push(convert(row, 1));
    out.set(key, lines);
  }
  return out;
}

/**
 * PLM's BOMs (from the raw model-config payload) in MRP ids, taking the id pairs from the mapped
 * MRP DTO of the same answer; only BOMs effective at `asOf` for an effective trim count, as in
 * the adapter's `mapBom`.
 */
export function bomsFromPayload(
  payload: unknown,
  mapped: MrpModelConfig,
  asOf: Date,
): NormalisedBoms {
  const config = payload as Partial<ModelConfig> | null;
  const trimIds = new Map(mapped.trims.map((t) => [t.plmId ?? '', t.id]));
  const featureIds = new Map(mapped.features.map((f) => [f.plmId ?? '', f.id]));
  // A feature not in the mapped DTO (not effective) keeps its PLM id, marked.
  const feature = (id: string): string => featureIds.get(id) ?? `plm:${id}`;
  const cond = (c: FeatureCondition | undefined): BomLineInput['when'] =>
    c === undefined
      ? null
      : {
          allOf: sorted((c.all ?? []).map(feature)),
          anyOf: sorted((c.any ?? []).map(feature)),
          noneOf: sorted((c.none ?? []).map(feature)),
        };
  const convert = (line: BomLine, depth: number): BomLineInput => ({
    findNumber: line.findNumber,
    partNumber: line.partNumber,
    description: line.description,
    quantity: line.quantity,
    unit: line.unitOfMeasure,
    referenceDesignators: line.referenceDesignators,
    when: cond(line.appliesWhen),
    children: depth >= 64 ? [] : (line.children ?? []).map((c) => convert(c, depth + 1)),
  });
  const out = new Map<string, BomLineInput[]>();
  for (const bom of config?.boms ?? []) {
    let effective = true;
    try {
      effective = isEffective(bom.revision, asOf);
    } catch {
      effective = true;
    }
    if (!effective) continue;
    const key = bom.trimId === null ? '*' : trimIds.get(bom.trimId);
    if (key === undefined) continue;
    const lines = out.get(key) ?? [];
    for (const line of bom.lines) lines.push(convert(line, 1));
    out.set(key, lines);
  }
  return out;
}

// ---- resources ----------------------------------------------------------------------------------

/** A model configuration (with its BOMs when both sides have them) as a node. */
export function modelConfigNode(config: MrpModelConfig, boms: NormalisedBoms | undefined): Node {
  return obj([
    ...headerFields(config),
    ['trims', keyed('id', config.trims, (t) => t.id, trimNode)],
    ['features', keyed('id', config.features, (f) => f.id, featureNode)],
    ...(boms === undefined ? [] : ([['boms', bomsNode(boms)]] as [string, Node][])),
  ]);
}

function catalogModelNode(model: MrpModel): Obj {
  return obj([
    ...headerFields(model),
    // PLM's catalog summaries carry no prices: only code and name are comparable there.
    [
      'trims',
      keyed(
        'id',
        model.trims,
        (t) => t.id,
        (t) =>
          obj([
            ['code', leaf(t.code, 'minor')],
            ['name', leaf(t.name, 'minor')],
          ]),
      ),
    ],
    [
      'features',
      keyed(
        'id',
        model.features,
        (f) => f.id,
        (f) => obj(featureSummaryFields(f)),
      ),
    ],
  ]);
}

/** Both sides of any resource as nodes (model configurations without BOMs). */
export function resourceNodes(
  resource: PlmResource,
  mrp: unknown,
  plm: unknown,
): { readonly mrp: Node; readonly plm: Node } {
  switch (resource) {
    case 'modelConfig':
      return {
        mrp: modelConfigNode(mrp as MrpModelConfig, undefined),
        plm: modelConfigNode(plm as MrpModelConfig, undefined),
      };
    case 'catalog': {
      // PLM's catalog lists the models effective today; MRP's lists every model. A model that is
      // not active in MRP and not listed by PLM is that rule, not a difference.
      const listed = new Set((plm as MrpCatalog).models.map((m) => m.id));
      const mrpModels = (mrp as MrpCatalog).models.filter(
        (m) => m.status === 'active' || listed.has(m.id),
      );
      const node = (models: readonly MrpModel[]): Node =>
        obj([['models', keyed('id', models, (m) => m.id, catalogModelNode)]]);
      return { mrp: node(mrpModels), plm: node((plm as MrpCatalog).models) };
    }
    case 'trim':
      return { mrp: trimNode(mrp as MrpTrim), plm: trimNode(plm as MrpTrim) };
    case 'features': {
      const node = (features: readonly MrpFeature[]): Node =>
        obj([['features', keyed('id', features, (f) => f.id, featureNode)]]);
      return { mrp: node(mrp as MrpFeature[]), plm: node(plm as MrpFeature[]) };
    }
  }
}

// ---- difference ---------------------------------------------------------------------------------

/** A node back as plain JSON (the value shown for an item present on one side only). */
export function plain(node: Node): unknown {
  switch (node.t) {
    case 'leaf':
      return node.value;
    case 'line':
      return lineJson(node.line);
    case 'obj':
      return Object.fromEntries(node.fields.map(([k, v]) => [k, plain(v)]));
    case 'keyed':
      return [...node.items.values()].map(plain);
  }
}

/**
 * Where the walk is, as a chain built only as deep as it goes: the path strings are made only
 * for a difference (most nodes are equal, and string building dominated the walk).
 */
interface At {
  readonly up: At | undefined;
  /** A field name (`.name`, `.$order`), or a list's key name (`[name=key]`). */
  readonly name: string;
  /** The item's key, for a list item. */
  readonly key: string | undefined;
}

function pathsOf(at: At | undefined): { path: string; generalPath: string } {
  const segments: At[] = [];
  for (let a = at; a !== undefined; a = a.up) segments.push(a);
  let path = '';
  let generalPath = '';
  for (let i = segments.length - 1; i >= 0; i--) {
    const { name, key } = segments[i]!;
    path += key === undefined ? `.${name}` : `[${name}=${key}]`;
    generalPath += key === undefined ? `.${name}` : `[${name}=*]`;
  }
  // The root's fields have no leading dot.
  return {
    path: path.startsWith('.') ? path.slice(1) : path,
    generalPath: generalPath.startsWith('.') ? generalPath.slice(1) : generalPath,
  };
}

const field = (up: At | undefined, name: string): At => ({ up, name, key: undefined });

/**
 * Every difference between two normalised sides. Items present on one side only are reported
 * once (critical), without descending into them.
 */
export function diffNodes(mrp: Node, plm: Node): RawDifference[] {
  const out: RawDifference[] = [];
  walk(mrp, plm, undefined, out);
  return out;
}

function report(
  out: RawDifference[],
  at: At | undefined,
  severity: ShadowSeverity,
  mrp: unknown,
  plm: unknown,
): void {
  out.push({ ...pathsOf(at), severity, mrp, plm });
}

/** Whether the keys both lists share come in the same order. */
function sameOrder(a: Keyed, b: Keyed): boolean {
  const x = a.items.keys();
  const y = b.items.keys();
  for (;;) {
    let kx = x.next();
    while (!kx.done && !b.items.has(kx.value)) kx = x.next();
    let ky = y.next();
    while (!ky.done && !a.items.has(ky.value)) ky = y.next();
    if (kx.done === true || ky.done === true) return kx.done === ky.done;
    if (kx.value !== ky.value) return false;
  }
}

function walk(a: Node, b: Node, at: At | undefined, out: RawDifference[]): void {
  if (a.t === 'leaf' && b.t === 'leaf') {
    if (!sameValue(a.value, b.value)) {
      const critical = a.severity === 'critical' || b.severity === 'critical';
      report(out, at, critical ? 'critical' : 'minor', a.value, b.value);
    }
    return;
  }
  if (a.t === 'line' && b.t === 'line') {
    // Lines are only ever reached as list items, so `at` is set.
    diffLine(a.line, b.line, at!, out);
    return;
  }
  if (a.t === 'obj' && b.t === 'obj') {
    a.fields.forEach(([name, av], i) => {
      const same = b.fields[i];
      const bv = same?.[0] === name ? same[1] : b.fields.find(([n]) => n === name)?.[1];
      if (bv === undefined) report(out, field(at, name), severityOf(av), plain(av), undefined);
      else walk(av, bv, field(at, name), out);
    });
    for (const [name, bv] of b.fields) {
      if (a.fields.some(([n]) => n === name)) continue;
      report(out, field(at, name), severityOf(bv), undefined, plain(bv));
    }
    return;
  }
  if (a.t === 'keyed' && b.t === 'keyed') {
    const item = (key: string): At => ({ up: at, name: a.keyName, key });
    for (const [key, av] of a.items) {
      const bv = b.items.get(key);
      if (bv === undefined) report(out, item(key), 'critical', plain(av), undefined);
      else walk(av, bv, item(key), out);
    }
    for (const [key, bv] of b.items) {
      if (!a.items.has(key)) report(out, item(key), 'critical', undefined, plain(bv));
    }
    if (a.ordered && b.ordered && !sameOrder(a, b)) {
      const common = (x: Keyed, y: Keyed): string[] =>
        [...x.items.keys()].filter((k) => y.items.has(k));
      report(out, field(at, '$order'), 'minor', common(a, b), common(b, a));
    }
    return;
  }
  // Different shapes (a price on one side, none on the other).
  const critical = severityOf(a) === 'critical' || severityOf(b) === 'critical';
  report(out, at, critical ? 'critical' : 'minor', plain(a), plain(b));
}

function severityOf(node: Node): ShadowSeverity {
  switch (node.t) {
    case 'leaf':
      return node.severity;
    case 'line':
    case 'keyed':
      return 'critical';
    case 'obj':
      return node.fields.some(([, child]) => severityOf(child) === 'critical')
        ? 'critical'
        : 'minor';
  }
}
