import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The contract, parsed once; tests take their payloads from its examples instead of copying them. */
const contractPath = fileURLToPath(
  new URL('../../../../contracts/openapi/plm.v1.yaml', import.meta.url),
);

interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
}
interface ResponseObject {
  content?: Record<string, { examples?: Record<string, { value: unknown }> }>;
}

const doc = parse(readFileSync(contractPath, 'utf8')) as Doc;

/** A deep copy of the named example of an operation's response body in the contract. */
export function contractExample(
  path: string,
  method: string,
  status: string,
  name: string,
): unknown {
  const response = doc.paths[path]?.[method]?.responses[status];
  const example = response?.content?.['application/json']?.examples?.[name];
  if (example === undefined) throw new Error(`no example ${name} for ${method} ${path} ${status}`);
  return structuredClone(example.value);
}

/** The contract's examples used by the tests. */
export const examples = {
  catalogPage: () => contractExample('/plm/catalog', 'get', '200', 'firstPage'),
  modelConfig: () => contractExample('/plm/models/{modelId}/config', 'get', '200', 'atlas'),
  trim: () => contractExample('/plm/trims/{trimId}', 'get', '200', 'standard'),
  featureList: () => contractExample('/plm/features', 'get', '200', 'forTrim'),
  usageResult: () => contractExample('/plm/usage-metrics', 'post', '202', 'mixed'),
};
