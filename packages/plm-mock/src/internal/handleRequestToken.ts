import type { MockState } from './MockState.js';
import type { Reply, RequestContext } from './Reply.js';
import { ALL_SCOPES } from './TokenStore.js';

const oauthError = (
  status: number,
  error: string,
  description: string,
  headers?: Record<string, string>,
): Reply => ({
  status,
  ...(headers ? { headers } : {}),
  body: { error, error_description: description },
});

/** The challenge of a failed HTTP Basic client authentication (RFC 6749 §5.2). */
const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="plm", charset="UTF-8"' };

/** Form-urlencoding decode (RFC 6749 Appendix B): `+` is a space, then percent-decoding. */
function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * The client credentials of an `Authorization: Basic` header (RFC 6749 §2.3.1: the id and the
 * secret are form-urlencoded, then joined by `:` and base64-encoded), `undefined` without one, or
 * `'malformed'`.
 */
function basicCredentials(
  header: string | undefined,
): { id: string; secret: string } | 'malformed' | undefined {
  if (header === undefined) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (!m?.[1]) return /^Basic\b/i.test(header) ? 'malformed' : undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id === undefined || secret === undefined ? 'malformed' : { id, secret };
}

/**
 * `POST /oauth/token`: client credentials against the configured dev client, authenticated with
 * HTTP Basic or with form fields (never both). Unknown form parameters are ignored (RFC 6749 §3.2).
 */
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
  const basic = basicCredentials(ctx.headers['authorization']);
  const inForm = form['client_id'] !== undefined || form['client_secret'] !== undefined;
  if (basic === 'malformed')
    return oauthError(
      401,
      'invalid_client',
      'The Basic credentials are malformed.',
      BASIC_CHALLENGE,
    );
  if (basic && inForm)
    return oauthError(
      400,
      'invalid_request',
      'Use one client authentication method: HTTP Basic or client_id/client_secret, not both.',
    );
  if (!basic && (form['client_id'] === undefined || form['client_secret'] === undefined))
    return oauthError(
      400,
      'invalid_request',
      'client_id and client_secret are required without HTTP Basic authentication.',
    );
  const id = basic ? basic.id : form['client_id'];
  const secret = basic ? basic.secret : form['client_secret'];
  if (id !== state.clientId || secret !== state.clientSecret)
    return oauthError(
      401,
      'invalid_client',
      'Client authentication failed.',
      basic ? BASIC_CHALLENGE : undefined,
    );
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
