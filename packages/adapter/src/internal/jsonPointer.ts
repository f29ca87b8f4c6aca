/** A JSON Pointer (RFC 6901) from path segments. */
export function jsonPointer(segments: readonly PropertyKey[]): string {
  let pointer = '';
  for (const segment of segments) {
    pointer += '/' + String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
  }
  return pointer;
}
