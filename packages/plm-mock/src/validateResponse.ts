import type { ContractIssue } from './internal/ContractModel.js';
import { contractModel } from './internal/ContractModel.js';

/**
 * One problem found by {@link validateResponse} or {@link validateContractSchema}: a JSON Pointer
 * (prefixed `/body`, `/header` or `/status`) and a message.
 */
export type ContractViolation = ContractIssue;

/**
 * Checks a response against the contract: the status must be declared for the operation, the body
 * must match the declared schema (or be absent when none is declared, e.g. `304`), and — when
 * `headers` are given — every required header must be present and match its schema.
 *
 * Returns every violation found; an empty array means the response conforms. Meant for the
 * conformance suite, which calls every operation of `plm-mock` and checks every response.
 *
 * @param operationId - e.g. `getCatalog` (see {@link contractOperations}).
 * @param status - the HTTP status.
 * @param body - the parsed JSON body; `undefined` (or `''`) for no body.
 * @param headers - optional response headers (names case-insensitive); `content-type` picks the
 *   media type to validate against.
 * @throws {@link ContractLoadError} when the contract cannot be loaded.
 *
 * @example
 * ```ts
 * const res = await fetch(`${mock.url}/plm/catalog`, { headers: { authorization } });
 * const errors = validateResponse('getCatalog', res.status, await res.json(),
 *   Object.fromEntries(res.headers));
 * expect(errors).toEqual([]);
 * ```
 */
export function validateResponse(
  operationId: string,
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string | readonly string[] | undefined>>,
): ContractViolation[] {
  const model = contractModel();
  const op = model.operation(operationId);
  if (!op) return [{ path: '/operation', message: `unknown operationId ${operationId}` }];
  const response =
    op.responses.get(String(status)) ??
    op.responses.get(`${String(status).charAt(0)}XX`) ??
    op.responses.get('default');
  if (!response)
    return [{ path: '/status', message: `status ${status} is not declared for ${operationId}` }];

  const issues: ContractViolation[] = [];
  const lower = new Map(
    Object.entries(headers ?? {}).map(([k, v]) => [
      k.toLowerCase(),
      Array.isArray(v) ? v.join(', ') : (v as string | undefined),
    ]),
  );
  const hasBody = body !== undefined && body !== '';
  if (response.content.size === 0) {
    if (hasBody) issues.push({ path: '/body', message: `status ${status} must not have a body` });
  } else if (!hasBody) {
    issues.push({ path: '/body', message: `status ${status} requires a body` });
  } else {
    const contentType = lower.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    let ptr = contentType ? response.content.get(contentType) : undefined;
    if (contentType && !ptr)
      issues.push({
        path: '/header/content-type',
        message: `${contentType} is not declared; expected ${[...response.content.keys()].join(' or ')}`,
      });
    ptr ??= [...response.content.values()][0];
    if (ptr) issues.push(...model.validate(ptr, body, '/body'));
  }
  if (headers) {
    for (const [name, h] of response.headers) {
      const value = lower.get(name.toLowerCase());
      if (value === undefined) {
        if (h.required) issues.push({ path: `/header/${name}`, message: 'is required' });
        continue;
      }
      issues.push(...model.validate(h.schemaPtr, value, `/header/${name}`));
    }
  }
  return issues;
}

/**
 * Validates `value` against `components/schemas/<schemaName>` of the contract (e.g.
 * `CatalogChangedEvent` for webhook bodies). Returns every violation; empty when valid.
 *
 * @example
 * ```ts
 * validateContractSchema('CatalogChangedEvent', JSON.parse(rawBody)); // []
 * ```
 */
export function validateContractSchema(schemaName: string, value: unknown): ContractViolation[] {
  const model = contractModel();
  const ptr = model.schemaPointer(schemaName);
  if (!ptr) return [{ path: '/schema', message: `unknown schema ${schemaName}` }];
  return model.validate(ptr, value, '');
}
