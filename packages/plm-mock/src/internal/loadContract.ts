import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ContractLoadError } from '../ContractLoadError.js';

/** An OpenAPI document, loosely typed: we only walk the parts we need. */
export type OpenApiDoc = Record<string, unknown>;

/** A loaded contract: the parsed document, where it came from and its version. */
export interface LoadedContract {
  readonly doc: OpenApiDoc;
  readonly path: string;
  /** `info.version`, sent as `PLM-Schema-Version`. */
  readonly version: string;
}

const FILE = 'plm.v1.yaml';
const cache = new Map<string, LoadedContract>();

/**
 * Where the contract may be: `PLM_CONTRACT_PATH`; a copy next to the built module (`dist/`, put
 * there by the build so the published package is self-contained); otherwise
 * `contracts/openapi/plm.v1.yaml` in the nearest ancestor directory (the monorepo, in development).
 */
function candidates(): string[] {
  const out: string[] = [];
  const env = process.env['PLM_CONTRACT_PATH'];
  if (env) out.push(resolve(env));
  let dir = dirname(fileURLToPath(import.meta.url));
  out.push(join(dir, FILE));
  for (;;) {
    out.push(join(dir, 'contracts', 'openapi', FILE));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

/** Loads (once) and returns the PLM contract. */
export function loadContract(path?: string): LoadedContract {
  const tried = path ? [resolve(path)] : candidates();
  const found = tried.find((p) => existsSync(p));
  if (!found) throw new ContractLoadError(`PLM contract ${FILE} not found`, tried);
  const cached = cache.get(found);
  if (cached) return cached;
  let doc: unknown;
  try {
    doc = parse(readFileSync(found, 'utf8'));
  } catch (cause) {
    throw new ContractLoadError(`PLM contract at ${found} could not be parsed`, tried, { cause });
  }
  if (typeof doc !== 'object' || doc === null || !('paths' in doc))
    throw new ContractLoadError(`${found} is not an OpenAPI document`, tried);
  const info = (doc as { info?: { version?: unknown } }).info;
  const version = typeof info?.version === 'string' ? info.version : '0.0.0';
  const loaded: LoadedContract = { doc, path: found, version };
  cache.set(found, loaded);
  return loaded;
}
