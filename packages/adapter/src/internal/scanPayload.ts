import { jsonPointer } from './jsonPointer.js';

/** The parts of a zod 4 schema definition the scan reads. */
interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, unknown>;
  readonly element?: unknown;
  readonly innerType?: unknown;
  readonly valueType?: unknown;
  readonly getter?: () => unknown;
  readonly in?: unknown;
}

/**
 * A schema compiled down to what the scan needs: which keys an object may have, and where
 * objects can nest. Compiled once per schema and cached.
 */
type Node =
  | { readonly kind: 'leaf' }
  | ObjectNode
  | { readonly kind: 'array'; readonly element: Node }
  | { readonly kind: 'record'; readonly value: Node }
  | { readonly kind: 'lazy'; readonly resolve: () => Node };

/**
 * An object schema: the keys it defines, plus the key orders (layouts) already seen in payloads
 * that held only defined keys. Payloads from one producer repeat a handful of layouts, so most
 * objects are checked by comparing their key list with a known layout (interned strings, compared
 * by identity) instead of looking up each key. A layout is derived from the schema's own key set
 * (it is only recorded when every key was found there), so it can never let an unknown key pass.
 */
interface ObjectNode {
  readonly kind: 'object';
  readonly fields: Map<string, Node>;
  readonly layouts: Layout[];
}

/** One key order of an object schema, with the child node of each key. */
interface Layout {
  readonly keys: readonly string[];
  readonly children: readonly Node[];
}

/** Layouts remembered per object schema (a few: optional fields give each schema some). */
const MAX_LAYOUTS = 8;

const LEAF: Node = { kind: 'leaf' };
const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'readonly',
  'nonoptional',
  'catch',
  'prefault',
]);
const compiled = new WeakMap<object, Node>();

function defOf(schema: unknown): SchemaDef | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  return (schema as { _zod?: { def?: SchemaDef } })._zod?.def;
}

function compile(schema: unknown): Node {
  if (typeof schema !== 'object' || schema === null) return LEAF;
  const cached = compiled.get(schema);
  if (cached !== undefined) return cached;
  const def = defOf(schema);
  let node: Node = LEAF;
  if (def === undefined) {
    node = LEAF;
  } else if (WRAPPERS.has(def.type)) {
    node = compile(def.innerType);
  } else if (def.type === 'pipe') {
    node = compile(def.in);
  } else if (def.type === 'lazy' && def.getter !== undefined) {
    const getter = def.getter;
    let target: Node | undefined;
    // Resolved on first use, so recursive schemas compile without recursing forever.
    node = { kind: 'lazy', resolve: () => (target ??= compile(getter())) };
  } else if (def.type === 'object' && def.shape !== undefined) {
    const fields = new Map<string, Node>();
    node = { kind: 'object', fields, layouts: [] };
    compiled.set(schema, node);
    for (const key of Object.keys(def.shape)) fields.set(key, compile(def.shape[key]));
  } else if (def.type === 'array') {
    node = { kind: 'array', element: compile(def.element) };
  } else if (def.type === 'record') {
    node = { kind: 'record', value: compile(def.valueType) };
  }
  compiled.set(schema, node);
  return node;
}

/** What {@link scanPayload} found. */
export interface ScanResult {
  /** JSON Pointers of properties the schema does not define (at most `maxReported`). */
  readonly unknownFields: string[];
  /** JSON Pointers of values nested deeper than allowed. */
  readonly tooDeep: string[];
}

interface ScanState {
  readonly path: (string | number)[];
  readonly unknownFields: string[];
  readonly tooDeep: string[];
  readonly maxLazyDepth: number;
  readonly maxReported: number;
}

function walk(node: Node, value: unknown, lazyDepth: number, state: ScanState): void {
  // Only objects and arrays can hold unknown fields; zod reports values of the wrong type.
  if (typeof value !== 'object' || value === null) return;
  switch (node.kind) {
    case 'leaf':
      return;
    case 'lazy':
      if (lazyDepth + 1 > state.maxLazyDepth) {
        state.tooDeep.push(jsonPointer(state.path));
        return;
      }
      walk(node.resolve(), value, lazyDepth + 1, state);
      return;
    case 'array':
      if (!Array.isArray(value) || node.element === LEAF) return;
      for (let i = 0; i < value.length; i += 1) {
        state.path.push(i);
        walk(node.element, (value as unknown[])[i], lazyDepth, state);
        state.path.pop();
      }
      return;
    case 'object':
    case 'record': {
      if (Array.isArray(value)) return;
      const record = value as Record<string, unknown>;
      // Fast path: the object's keys, enumerated without allocating a key array, match a layout.
      const seen = node.kind === 'object' ? seenLayout(node, record) : undefined;
      if (seen !== undefined) {
        walkLayout(seen, record, lazyDepth, state);
        return;
      }
      // Own keys only; a `__proto__` or `constructor` key is compared by name like any other.
      const keys = Object.keys(record);
      const layout = node.kind === 'object' ? knownLayout(node, keys) : undefined;
      if (layout !== undefined) {
        walkLayout(layout, record, lazyDepth, state);
        return;
      }
      // Collects this object's layout when it may still be recorded.
      let children: Node[] | undefined =
        node.kind === 'object' && node.layouts.length < MAX_LAYOUTS ? [] : undefined;
      for (let k = 0; k < keys.length; k += 1) {
        const key = keys[k]!;
        const child = node.kind === 'object' ? node.fields.get(key) : node.value;
        if (child === undefined) {
          children = undefined;
          if (state.unknownFields.length < state.maxReported) {
            state.path.push(key);
            state.unknownFields.push(jsonPointer(state.path));
            state.path.pop();
          }
          continue;
        }
        children?.push(child);
        if (child !== LEAF) {
          state.path.push(key);
          walk(child, record[key], lazyDepth, state);
          state.path.pop();
        }
      }
      if (children !== undefined && node.kind === 'object') node.layouts.push({ keys, children });
      return;
    }
  }
}

/** Walks the children of an object whose keys are exactly `layout.keys`, in order. */
function walkLayout(
  layout: Layout,
  record: Record<string, unknown>,
  lazyDepth: number,
  state: ScanState,
): void {
  const { keys, children } = layout;
  for (let k = 0; k < keys.length; k += 1) {
    const child = children[k]!;
    if (child === LEAF) continue;
    state.path.push(keys[k]!);
    walk(child, record[keys[k]!], lazyDepth, state);
    state.path.pop();
  }
}

/**
 * The recorded layout whose keys `for...in` enumerates, in order, if any. `for...in` reads the
 * keys without allocating an array (most objects of a payload take this path); it also yields
 * enumerable inherited keys, so an object with any of those never matches here and takes the
 * `Object.keys` path, which compares own keys only.
 */
function seenLayout(node: ObjectNode, record: Record<string, unknown>): Layout | undefined {
  const { layouts } = node;
  for (let l = 0; l < layouts.length; l += 1) {
    const layout = layouts[l]!;
    const known = layout.keys;
    let k = 0;
    let same = true;
    for (const key in record) {
      if (k >= known.length || key !== known[k]) {
        same = false;
        break;
      }
      k += 1;
    }
    if (same && k === known.length) return layout;
  }
  return undefined;
}

/** The recorded layout whose keys are exactly `keys`, in order, if any. */
function knownLayout(node: ObjectNode, keys: readonly string[]): Layout | undefined {
  const { layouts } = node;
  for (let l = 0; l < layouts.length; l += 1) {
    const layout = layouts[l]!;
    const known = layout.keys;
    if (known.length !== keys.length) continue;
    let k = 0;
    while (k < keys.length && keys[k] === known[k]) k += 1;
    if (k === keys.length) return layout;
  }
  return undefined;
}

/**
 * Walks raw JSON alongside a zod schema and reports properties the schema does not define, and
 * recursive (`z.lazy`) nesting deeper than `maxLazyDepth`, which it does not enter. The walk only
 * follows the schema, so its depth is bounded by the schema's own depth plus the lazy limit:
 * hostile nesting elsewhere (in unknown fields, or where the schema wants a string) is never
 * entered. Values of the wrong type are skipped: zod reports those.
 */
export function scanPayload(
  schema: unknown,
  value: unknown,
  maxLazyDepth: number,
  maxReported = 1000,
): ScanResult {
  const state: ScanState = { path: [], unknownFields: [], tooDeep: [], maxLazyDepth, maxReported };
  walk(compile(schema), value, 0, state);
  return { unknownFields: state.unknownFields, tooDeep: state.tooDeep };
}
