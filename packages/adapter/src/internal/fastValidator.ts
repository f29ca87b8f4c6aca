import { Ajv2020 } from 'ajv/dist/2020.js';
import * as z from 'zod';

/**
 * A check that can only say "this input is valid for the schema, and the schema would return it
 * unchanged". `false` means "ask zod": zod then decides and names every failing path.
 */
export type FastCheck = (input: unknown) => boolean;

/** The parts of a zod 4 schema definition the eligibility walk reads. */
interface Def {
  readonly type: string;
  readonly check?: string;
  readonly pattern?: RegExp;
  readonly checks?: readonly { readonly _zod: { readonly def: Def } }[];
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: unknown;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly getter?: () => z.ZodType;
}

/**
 * Schema types whose output is their input: nothing is added (defaults), changed (transforms,
 * pipes, catch) or checked by code JSON Schema cannot express (refinements).
 */
const PLAIN_TYPES = new Set([
  'string',
  'number',
  'boolean',
  'null',
  'object',
  'array',
  'enum',
  'literal',
  'nullable',
  'optional',
  'lazy',
  'union',
]);

/** Check kinds JSON Schema expresses exactly (`overwrite`, e.g. `trim()`, and `custom` are not). */
const PLAIN_CHECKS = new Set([
  'min_length',
  'max_length',
  'length_equals',
  'string_format',
  'greater_than',
  'less_than',
  'number_format',
  'multiple_of',
]);

function plainCheck(def: Def): boolean {
  if (def.check === undefined) return true;
  if (!PLAIN_CHECKS.has(def.check)) return false;
  // A flag (`i`, `u`, ...) would be lost in the JSON Schema `pattern`.
  return def.pattern === undefined || def.pattern.flags === '';
}

/** Whether every part of `schema` is plain (see {@link PLAIN_TYPES}); lazy cycles are followed once. */
function isPlain(schema: z.ZodType, seen: Set<z.ZodType>): boolean {
  if (seen.has(schema)) return true;
  seen.add(schema);
  const def = schema._zod.def as unknown as Def;
  if (!PLAIN_TYPES.has(def.type) || !plainCheck(def)) return false;
  if (def.checks?.some((check) => !plainCheck(check._zod.def)) === true) return false;
  const children: z.ZodType[] = [];
  switch (def.type) {
    case 'object':
      // Only the default (strip) object: loose and strict objects treat unknown keys differently.
      if (def.catchall !== undefined) return false;
      children.push(...Object.values(def.shape ?? {}));
      break;
    case 'array':
      if (def.element !== undefined) children.push(def.element);
      break;
    case 'nullable':
    case 'optional':
      if (def.innerType !== undefined) children.push(def.innerType);
      break;
    case 'union':
      children.push(...(def.options ?? []));
      break;
    case 'lazy':
      if (def.getter !== undefined) children.push(def.getter());
      break;
  }
  return children.every((child) => isPlain(child, seen));
}

/** Whether every `format` in the JSON Schema also carries the `pattern` zod checks it with. */
function formatsHavePatterns(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(formatsHavePatterns);
  if (typeof node !== 'object' || node === null) return true;
  const record = node as Record<string, unknown>;
  // A string `format` is the keyword; an object there is a property that happens to be named so.
  if (typeof record['format'] === 'string' && typeof record['pattern'] !== 'string') return false;
  return Object.values(record).every(formatsHavePatterns);
}

function compile(schema: z.ZodType): FastCheck | undefined {
  if (!isPlain(schema, new Set())) return undefined;
  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw', cycles: 'ref' });
  } catch {
    return undefined;
  }
  if (!formatsHavePatterns(jsonSchema)) return undefined;
  const ajv = new Ajv2020({
    allErrors: false,
    strict: false,
    // As zod: NaN and Infinity are not numbers, string lengths count code points (ajv's default),
    // patterns are JavaScript regular expressions without the `u` flag, and formats are checked by
    // their pattern.
    strictNumbers: true,
    unicodeRegExp: false,
    validateFormats: false,
    logger: false,
  });
  try {
    const validate = ajv.compile(jsonSchema);
    return (input) => validate(input) === true;
  } catch {
    return undefined;
  }
}

const compiled = new WeakMap<z.ZodType, FastCheck | null>();

/**
 * A fast validity check for a contract schema of the SDK, compiled (once per schema, on first use)
 * with ajv from the JSON Schema that zod derives from that same schema, so it is never a hand copy.
 * Validating a catalog page this way is about ten times faster than zod, which copies every object
 * it returns.
 *
 * Only schemas whose output equals their input qualify: no defaults, transforms, refinements,
 * loose or strict objects, or pattern flags anywhere. For any other schema, and if the JSON Schema
 * cannot be derived or compiled, the result is `undefined` and callers use zod alone.
 */
export function fastValidator(schema: z.ZodType): FastCheck | undefined {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema) ?? null;
    compiled.set(schema, check);
  }
  return check ?? undefined;
}
