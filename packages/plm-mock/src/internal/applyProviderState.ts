import type {
  ProviderStateAction,
  ProviderStateParams,
  ProviderStateResult,
} from '../ProviderState.js';
import { PROVIDER_STATES } from '../ProviderState.js';
import { UnknownProviderStateError } from '../UnknownProviderStateError.js';
import type { PlmModelConfig } from '../PlmModelConfig.js';
import { currentCatalogEtag } from './changeCatalog.js';
import { cloneModel } from './cloneModel.js';
import { generatePlmModel } from './generatePlmModel.js';
import type { MockState } from './MockState.js';
import { ALL_SCOPES } from './TokenStore.js';

const templates = PROVIDER_STATES.map((s) => {
  const names: string[] = [];
  const re = new RegExp(
    `^${s.name
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const m = /^\{([^}]+)\}$/.exec(part);
        if (m?.[1]) {
          names.push(m[1]);
          return '(.+?)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('')}$`,
    'i',
  );
  return { name: s.name, re, names };
});

/** RFC 9110 entity-tag: optional `W/`, then visible ASCII except `"` between double quotes. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e]*"$/;

/** Parameters as strings (numbers and booleans stringified; objects dropped). */
function stringParams(params: ProviderStateParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      out[k] = String(v);
  return out;
}

/** Resolves a state string to its template name and parameters. */
function resolve(
  state: string,
  params: ProviderStateParams,
): { name: string; params: Record<string, string> } {
  const trimmed = state.trim();
  for (const t of templates) {
    if (t.name.toLowerCase() === trimmed.toLowerCase()) {
      const out = stringParams(params);
      return { name: t.name, params: out };
    }
    const m = t.re.exec(trimmed);
    if (m) {
      const out = stringParams(params);
      t.names.forEach((n, i) => {
        const v = m[i + 1];
        // A value written into the name wins unless it is still a placeholder like "${modelId}".
        if (v !== undefined && !/^\$?\{.*\}$/.test(v)) out[n] = v;
      });
      return { name: t.name, params: out };
    }
  }
  throw new UnknownProviderStateError(state);
}

/** Highest `MDL-<n>` generated as the natural model (generating its prefix costs ~0.2 ms a model). */
const NATURAL_LIMIT = 5_000;

/** FNV-1a, to pick a generated model for an id that names no index. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The model a provider state creates for `modelId`, generated as fixtures would: `MDL-000123` is
 * exactly the model that fixtures of the mock's seed with 123 or more models hold (trim-specific
 * BOMs, obsolete revisions and all), so verification sees what a natural catalog holds rather than
 * a copy of one hand-picked model. Any other id gets a generated model chosen by a hash of the id,
 * renamed after it.
 */
function naturalModel(state: MockState, modelId: string): PlmModelConfig {
  const seed = state.fixtures.seed;
  const m = /^MDL-(\d{6})$/.exec(modelId);
  const index = m ? Number(m[1]) : 0;
  if (index >= 1 && index <= NATURAL_LIMIT) {
    // Feature ids are numbered across the catalog: count the features of the models before it.
    let featureNo = 1;
    for (let i = 1; i < index; i++) featureNo += generatePlmModel(seed, i, featureNo).featureCount;
    return generatePlmModel(seed, index, featureNo).model;
  }
  const pick = 1 + (hashOf(modelId) % NATURAL_LIMIT);
  return cloneModel(generatePlmModel(seed, pick, 1).model, modelId);
}

function ensureModel(state: MockState, modelId: string): PlmModelConfig {
  const existing = state.catalog.get(modelId);
  if (existing) return existing;
  const model = naturalModel(state, modelId);
  state.catalog.put(model);
  return model;
}

function need(params: Record<string, string>, name: string, state: string): string {
  const v = params[name];
  if (v === undefined || v === '')
    throw new UnknownProviderStateError(`${state} (missing param ${name})`);
  return v;
}

/** Clears what the states leave behind (faults, token flags, forced ETag, lenient metrics). */
export function teardownProviderStates(state: MockState): void {
  state.faults.clear();
  state.tokens.allTokensExpired = false;
  state.catalog.forcedEtag = undefined;
  state.acceptUnknownModels = false;
}

/**
 * Sets a provider state up (or tears the transient ones down). Returns the resolved name and
 * params, and the values the state provides for provider-state injected values.
 */
export function applyProviderState(
  state: MockState,
  stateName: string,
  params: ProviderStateParams = {},
  action: ProviderStateAction = 'setup',
): ProviderStateResult {
  const resolved = resolve(stateName, params);
  if (action === 'teardown') {
    teardownProviderStates(state);
    return { state: resolved.name, params: resolved.params, values: {} };
  }
  const values: Record<string, string> = {};
  const p = resolved.params;
  const retry = (): {
    retryAfterSeconds: number;
    retryAfterFormat: 'seconds' | 'http-date';
    count: number;
  } => ({
    retryAfterSeconds: p['retryAfterSeconds'] ? Number(p['retryAfterSeconds']) : 30,
    retryAfterFormat: p['retryAfterFormat'] === 'http-date' ? 'http-date' : 'seconds',
    count: p['count'] ? Number(p['count']) : 1,
  });
  switch (resolved.name) {
    case 'a model with id {modelId} exists':
      ensureModel(state, need(p, 'modelId', resolved.name));
      break;
    case 'a trim with id {trimId} exists': {
      const trimId = need(p, 'trimId', resolved.name);
      if (state.catalog.trim(trimId)) break;
      const derived = /^TRM-(.+)-\d+$/.exec(trimId)?.[1];
      const modelId = p['modelId'] ?? (derived ? `MDL-${derived}` : 'MDL-PACT-000001');
      const model = ensureModel(state, modelId);
      const first = model.trims[0];
      if (!first) {
        state.catalog.put(cloneModel(naturalModel(state, modelId), modelId, trimId));
        break;
      }
      state.catalog.put({
        ...model,
        trims: [...model.trims, { ...first, id: trimId, code: `T${model.trims.length + 1}` }],
        features: model.features.map((f) => ({
          ...f,
          availability: [
            ...f.availability,
            {
              trimId,
              availability:
                f.availability.find((a) => a.trimId === first.id)?.availability ?? 'optional',
            },
          ],
        })),
      });
      break;
    }
    case 'no model with id {modelId} exists':
      state.catalog.delete(need(p, 'modelId', resolved.name));
      break;
    case 'the catalog is unchanged since {etag}': {
      const etag = p['etag'];
      if (!etag) break;
      const quoted = etag.startsWith('"') || etag.startsWith('W/') ? etag : `"${etag}"`;
      // It becomes a response header: anything but a well-formed entity-tag would break every page.
      if (!ENTITY_TAG.test(quoted))
        throw new UnknownProviderStateError(`${resolved.name} (invalid param etag)`);
      state.catalog.forcedEtag = quoted;
      values['etag'] = quoted;
      break;
    }
    case 'the catalog has a current ETag':
      // Nothing changes the catalog until teardown; the request replays this value.
      values['etag'] = currentCatalogEtag(state);
      break;
    case 'the access token is expired':
      // Every token counts as expired until teardown, whoever issued it; the tokens themselves are
      // left alone, so a token a verifier injects works again for the next interaction.
      state.tokens.allTokensExpired = true;
      break;
    case 'PLM is rate limiting':
      state.faults.set({ kind: 'rateLimit', route: '/plm/**', ...retry() });
      break;
    case 'PLM is under maintenance':
      state.faults.set({ kind: 'maintenance', route: '/plm/**', ...retry() });
      break;
    case 'usage metrics are accepted':
      state.ledger.reset();
      state.acceptUnknownModels = true;
      if (p['modelId']) ensureModel(state, p['modelId']);
      break;
    case 'a valid access token {accessToken} exists': {
      const scopes = p['scope'] ? p['scope'].split(' ') : [...ALL_SCOPES];
      state.tokens.issue(scopes, state.tokenTtlSeconds, need(p, 'accessToken', resolved.name));
      break;
    }
    default:
      throw new UnknownProviderStateError(stateName);
  }
  return { state: resolved.name, params: p, values };
}
