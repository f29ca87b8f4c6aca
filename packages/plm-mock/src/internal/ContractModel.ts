import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { LoadedContract, OpenApiDoc } from './loadContract.js';
import { loadContract } from './loadContract.js';

// ajv-formats ships CJS with `exports.default`; under NodeNext the default import is the module.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

/** One validation problem: a JSON Pointer into the request or response part, and a message. */
export interface ContractIssue {
  readonly path: string;
  readonly message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
const pointer = (segments: readonly string[]): string =>
  segments.map((s) => `/${encodeURIComponent(escape(s))}`).join('');

/** Percent-decodes a path segment; a malformed escape leaves it as sent (validation rejects it). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

interface Located {
  readonly value: Obj;
  /** URI-fragment JSON Pointer of `value` in the document. */
  readonly ptr: string;
}

export interface ParameterInfo {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schemaPtr: string;
}

export interface ResponseInfo {
  /** Media type → schema pointer. */
  readonly content: ReadonlyMap<string, string>;
  /** Header name → { required, schema pointer }. */
  readonly headers: ReadonlyMap<string, { required: boolean; schemaPtr: string }>;
}

export interface OperationInfo {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly regex: RegExp;
  readonly pathParams: readonly string[];
  readonly parameters: readonly ParameterInfo[];
  /** Media type → schema pointer. */
  readonly requestBody: ReadonlyMap<string, string>;
  readonly requestBodyRequired: boolean;
  readonly responses: ReadonlyMap<string, ResponseInfo>;
  /** Scopes required by the operation's security; empty when the operation is public. */
  readonly scopes: readonly string[];
}

const DOC_ID = 'https://plm-mock.invalid/plm.v1.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** The contract compiled for the mock: operations, validators and lookups. */
export class ContractModel {
  readonly version: string;
  readonly operations: readonly OperationInfo[];
  private readonly byId = new Map<string, OperationInfo>();
  private readonly ajv: Ajv2020;
  private readonly coercingAjv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly contract: LoadedContract) {
    this.version = contract.version;
    const make = (coerce: boolean): Ajv2020 => {
      const ajv = new Ajv2020({
        strict: false,
        allErrors: true,
        validateSchema: false,
        coerceTypes: coerce,
      });
      addFormats(ajv);
      ajv.addSchema(contract.doc, DOC_ID);
      return ajv;
    };
    this.ajv = make(false);
    this.coercingAjv = make(true);
    this.operations = this.readOperations(contract.doc);
    for (const op of this.operations) this.byId.set(op.operationId, op);
  }

  operation(operationId: string): OperationInfo | undefined {
    return this.byId.get(operationId);
  }

  /** The operation whose path template matches `path`, and its path parameters. */
  match(path: string): { op: OperationInfo; params: Record<string, string> }[] {
    const out: { op: OperationInfo; params: Record<string, string> }[] = [];
    for (const op of this.operations) {
      const m = op.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      op.pathParams.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] ?? '');
      });
      out.push({ op, params });
    }
    return out;
  }

  /** Validates `value` against the schema at `ptr`; issue paths are prefixed with `prefix`. */
  validate(ptr: string, value: unknown, prefix: string, coerce = false): ContractIssue[] {
    const key = `${coerce ? 'c' : 'n'}${ptr}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = (coerce ? this.coercingAjv : this.ajv).compile({ $ref: `${DOC_ID}#${ptr}` });
      this.compiled.set(key, fn);
    }
    if (fn(value)) return [];
    return toIssues(fn.errors ?? [], prefix);
  }

  /** Validates against an object schema built from several parameter schemas (coercing strings). */
  validateParameters(
    params: readonly ParameterInfo[],
    values: Record<string, unknown>,
    prefix: string,
  ): ContractIssue[] {
    const key = `p${params.map((p) => `${p.name}:${p.schemaPtr}:${p.required}`).join('|')}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.coercingAjv.compile({
        type: 'object',
        properties: Object.fromEntries(
          params.map((p) => [p.name, { $ref: `${DOC_ID}#${p.schemaPtr}` }]),
        ),
        required: params.filter((p) => p.required).map((p) => p.name),
      });
      this.compiled.set(key, fn);
    }
    if (fn(values)) return [];
    return toIssues(fn.errors ?? [], prefix);
  }

  /** The pointer of `components/schemas/<name>`, or undefined when there is no such schema. */
  schemaPointer(name: string): string | undefined {
    const schemas = (this.contract.doc['components'] as Obj | undefined)?.['schemas'];
    return isObj(schemas) && isObj(schemas[name])
      ? pointer(['components', 'schemas', name])
      : undefined;
  }

  private resolve(value: unknown, ptr: string): Located | undefined {
    let v = value;
    let p = ptr;
    for (let guard = 0; guard < 10 && isObj(v) && typeof v['$ref'] === 'string'; guard++) {
      const ref = v['$ref'];
      if (!ref.startsWith('#/')) return undefined;
      const segs = ref
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      let cur: unknown = this.contract.doc;
      for (const s of segs) cur = isObj(cur) ? cur[s] : undefined;
      v = cur;
      p = pointer(segs);
    }
    return isObj(v) ? { value: v, ptr: p } : undefined;
  }

  private readOperations(doc: OpenApiDoc): OperationInfo[] {
    const out: OperationInfo[] = [];
    const paths = doc['paths'];
    if (!isObj(paths)) return out;
    for (const [path, item] of Object.entries(paths)) {
      if (!isObj(item)) continue;
      for (const method of METHODS) {
        const opRaw = item[method];
        if (!isObj(opRaw)) continue;
        const opPtr = ['paths', path, method];
        const pathParams: string[] = [];
        const regex = new RegExp(
          `^${path
            .split(/(\{[^}]+\})/)
            .map((part) => {
              const m = /^\{([^}]+)\}$/.exec(part);
              if (m?.[1]) {
                pathParams.push(m[1]);
                return '([^/]+)';
              }
              return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
            })
            .join('')}$`,
        );
        const parameters: ParameterInfo[] = [];
        const rawParams = [
          ...(Array.isArray(item['parameters']) ? item['parameters'] : []).map(
            (p, i) => [p, [...['paths', path], 'parameters', String(i)]] as const,
          ),
          ...(Array.isArray(opRaw['parameters']) ? opRaw['parameters'] : []).map(
            (p, i) => [p, [...opPtr, 'parameters', String(i)]] as const,
          ),
        ];
        for (const [raw, segs] of rawParams) {
          const loc = this.resolve(raw, pointer(segs));
          if (!loc) continue;
          const { value } = loc;
          if (typeof value['name'] !== 'string' || typeof value['in'] !== 'string') continue;
          parameters.push({
            name: value['name'],
            in: value['in'] as ParameterInfo['in'],
            required: value['required'] === true,
            schemaPtr: `${loc.ptr}/schema`,
          });
        }
        const requestBody = new Map<string, string>();
        let requestBodyRequired = false;
        const rb = this.resolve(opRaw['requestBody'], pointer([...opPtr, 'requestBody']));
        if (rb && isObj(rb.value['content'])) {
          requestBodyRequired = rb.value['required'] === true;
          for (const media of Object.keys(rb.value['content']))
            requestBody.set(media, `${rb.ptr}${pointer(['content', media, 'schema'])}`);
        }
        const responses = new Map<string, ResponseInfo>();
        const rawResponses = opRaw['responses'];
        if (isObj(rawResponses)) {
          for (const [status, r] of Object.entries(rawResponses)) {
            const loc = this.resolve(r, pointer([...opPtr, 'responses', status]));
            if (!loc) continue;
            const content = new Map<string, string>();
            if (isObj(loc.value['content']))
              for (const media of Object.keys(loc.value['content']))
                content.set(media, `${loc.ptr}${pointer(['content', media, 'schema'])}`);
            const headers = new Map<string, { required: boolean; schemaPtr: string }>();
            if (isObj(loc.value['headers']))
              for (const [name, h] of Object.entries(loc.value['headers'])) {
                const hl = this.resolve(h, `${loc.ptr}${pointer(['headers', name])}`);
                if (hl)
                  headers.set(name, {
                    required: hl.value['required'] === true,
                    schemaPtr: `${hl.ptr}/schema`,
                  });
              }
            responses.set(status, { content, headers });
          }
        }
        const security = Array.isArray(opRaw['security'])
          ? opRaw['security']
          : Array.isArray(doc['security'])
            ? doc['security']
            : [];
        const scopes = security.flatMap((s: unknown) =>
          isObj(s)
            ? Object.values(s).flatMap((v) =>
                Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [],
              )
            : [],
        );
        out.push({
          operationId:
            typeof opRaw['operationId'] === 'string' ? opRaw['operationId'] : `${method} ${path}`,
          method: method.toUpperCase(),
          path,
          regex,
          pathParams,
          parameters,
          requestBody,
          requestBodyRequired,
          responses,
          scopes,
        });
      }
    }
    return out;
  }
}

function toIssues(errors: readonly ErrorObject[], prefix: string): ContractIssue[] {
  const seen = new Set<string>();
  const out: ContractIssue[] = [];
  for (const e of errors) {
    const params = e.params as Record<string, unknown>;
    let path = e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      path += `/${escape(params['missingProperty'])}`;
      message = 'is required';
    } else if (
      e.keyword === 'additionalProperties' &&
      typeof params['additionalProperty'] === 'string'
    ) {
      path += `/${escape(params['additionalProperty'])}`;
      message = 'is not allowed (unknown property)';
    }
    const full = `${prefix}${path}` || '/';
    const key = `${full}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: full, message });
  }
  return out;
}

const models = new Map<string, ContractModel>();

/** The (cached) compiled contract. */
export function contractModel(path?: string): ContractModel {
  const loaded = loadContract(path);
  let model = models.get(loaded.path);
  if (!model) {
    model = new ContractModel(loaded);
    models.set(loaded.path, model);
  }
  return model;
}
