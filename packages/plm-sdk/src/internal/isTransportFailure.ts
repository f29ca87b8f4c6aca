/** Socket and DNS error codes (`ECONNRESET`, `EAI_AGAIN`, …) and undici's (`UND_ERR_SOCKET`, …). */
const TRANSPORT_CODE = /^(E[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+)$/;
/** What undici's `fetch` rejects with: no response at all, or a body cut off mid-read. */
const UNDICI_MESSAGES = new Set(['fetch failed', 'terminated']);
/** How far down the `cause` chain to look; a chain is short, a cycle must not loop. */
const MAX_CAUSES = 5;

function transportCode(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('code' in value)) return false;
  const { code } = value;
  return typeof code === 'string' && TRANSPORT_CODE.test(code);
}

/**
 * Whether `error` is a failed exchange on the wire rather than a bug: `fetch`'s `TypeError`
 * ("fetch failed", or "terminated" for a body that broke off), or any error whose `cause` chain
 * carries a socket, DNS or undici error code. A `TypeError` of any other kind ("x is not a
 * function") is a programming error and not one.
 */
export function isTransportFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && current !== undefined && current !== null; depth++) {
    if (transportCode(current)) return true;
    if (current instanceof TypeError && UNDICI_MESSAGES.has(current.message)) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
