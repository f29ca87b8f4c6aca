import type { MockState } from './MockState.js';
import type { Reply, RequestContext } from './Reply.js';
import { ALL_SCOPES } from './TokenStore.js';

const oauthError = (status: number, error: string, description: string): Reply => ({
  status,
  body: { error, error_description: description },
});

/** `POST /oauth/token`: client credentials against the configured dev client. */
export function handleRequestToken(state: MockState, ctx: RequestContext): Reply {
  const form = (ctx.body ?? {}) as Record<string, string | undefined>;
  if (form['grant_type'] !== undefined && form['grant_type'] !== 'client_credentials')
    return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported.');
  const issues = state.contract.validate(
    state.contract.schemaPointer('TokenRequest') ?? '',
    form,
    '',
  );
  if (issues.some((i) => i.path === '/scope'))
    return oauthError(400, 'invalid_scope', `Scope must be a subset of: ${ALL_SCOPES.join(' ')}.`);
  if (issues.length > 0)
    return oauthError(
      400,
      'invalid_request',
      issues.map((i) => `${i.path.slice(1) || 'body'} ${i.message}`).join('; '),
    );
  if (form['client_id'] !== state.clientId || form['client_secret'] !== state.clientSecret)
    return oauthError(401, 'invalid_client', 'Client authentication failed.');
  const scopes = form['scope'] ? [...new Set(form['scope'].split(' '))] : [...ALL_SCOPES];
  const token = state.tokens.issue(scopes, state.tokenTtlSeconds);
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store' },
    body: {
      access_token: token,
      token_type: 'Bearer',
      expires_in: state.tokenTtlSeconds,
      scope: scopes.join(' '),
    },
  };
}
