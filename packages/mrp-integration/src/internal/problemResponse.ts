/** An RFC 9457 `application/problem+json` response (the package's HTTP handlers share it). */
export function problemResponse(
  status: number,
  title: string,
  detail: string,
  code: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, detail, code }), {
    status,
    headers: { ...headers, 'content-type': 'application/problem+json' },
  });
}
