/**
 * A copy of `body` with the value at the JSON Pointer `pointer` (RFC 6901) replaced; `body`
 * itself when the pointer names nothing that exists (the fault then changes nothing).
 */
export function replaceAtPointer(body: unknown, pointer: string, value: unknown): unknown {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (tokens.length === 0) return body;
  const copy: unknown = structuredClone(body);
  let parent: unknown = copy;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (typeof parent !== 'object' || parent === null) return body;
    const container = parent as Record<string, unknown>;
    if (!Object.hasOwn(container, token)) return body;
    if (i === tokens.length - 1) {
      container[token] = value;
      return copy;
    }
    parent = container[token];
  }
  return body;
}
