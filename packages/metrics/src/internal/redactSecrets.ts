const REDACTED = '[REDACTED]';

/**
 * Credential shapes a receiver may echo back in an error (a `detail` quoting the request, a proxy
 * page): the value after a `Bearer`/`Basic` scheme, after a secret-looking name in a form, query
 * or JSON (`client_secret=…`, `"access_token": "…"`), and anything shaped like a JWT.
 */
const PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [
    /\b(client_secret|access_token|refresh_token|id_token|password|secret|api[_-]?key|authorization)(["']?\s*[:=]\s*["']?)[^"'&\s,;}]+/gi,
    `$1$2${REDACTED}`,
  ],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
];

/**
 * Removes credentials from text that reaches dead letters, `lastError` and the event stream.
 * Metrics never holds a secret itself; this guards against a receiver or a deliver function that
 * puts one into an error. `extra` is the user's own `redact` option, applied after the patterns.
 */
export const redactSecrets = (text: string, extra?: (text: string) => string): string => {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  if (extra === undefined) return out;
  try {
    return extra(out);
  } catch {
    // A faulty redactor must not break delivery; the built-in patterns still applied.
    return out;
  }
};
