import { etagOf } from './CatalogStore.js';
import type { MockState } from './MockState.js';
import { problem } from './problem.js';
import type { Reply, RequestContext } from './Reply.js';
import { toModelSummary } from '../toModelSummary.js';
import { parseRfc3339 } from '@mrp-plm/contract';

interface Cursor {
  /** Last id of the previous page. */
  readonly a: string;
  /**
   * The `updatedSince` the cursor was made for, as a normalised instant (a cursor is only valid
   * with the same instant, however it is spelled).
   */
  readonly u: string | null;
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(raw: string): Cursor | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof v === 'object' && v !== null && 'a' in v && 'u' in v) {
      const { a, u } = v as Record<string, unknown>;
      if (typeof a === 'string' && (u === null || typeof u === 'string')) return { a, u };
    }
  } catch {
    // fall through: not a cursor we issued
  }
  return undefined;
}

/** The page body and its ETag for a query. */
export function catalogPage(
  state: MockState,
  query: { limit?: number; cursor?: string; updatedSince?: string },
): { body: unknown; etag: string } | { error: string; path: string } {
  const limit = query.limit ?? 100;
  const sinceMs = query.updatedSince === undefined ? undefined : parseRfc3339(query.updatedSince);
  if (query.updatedSince !== undefined && sinceMs === undefined)
    return { error: 'must be an RFC 3339 date-time', path: '/query/updatedSince' };
  const since = sinceMs === undefined ? null : new Date(sinceMs).toISOString();
  let cursor: Cursor | undefined;
  if (query.cursor !== undefined) {
    cursor = decodeCursor(query.cursor);
    if (!cursor) return { error: 'is not a cursor issued by this server', path: '/query/cursor' };
    if (cursor.u !== since)
      return { error: 'was issued for a different updatedSince', path: '/query/cursor' };
  }
  const all = state.catalog.list().filter((m) => {
    if (sinceMs === undefined) return true;
    const updated = parseRfc3339(m.updatedAt);
    return updated !== undefined && updated >= sinceMs;
  });
  let start = 0;
  if (cursor) {
    const after = cursor.a;
    start = all.findIndex((m) => m.id > after);
    if (start < 0) start = all.length;
  }
  const page = all.slice(start, start + limit);
  const last = page[page.length - 1];
  const more = start + limit < all.length && last !== undefined;
  const body = {
    items: page.map(toModelSummary),
    nextCursor: more ? encodeCursor({ a: last.id, u: since }) : null,
    totalCount: all.length,
  };
  return { body, etag: state.catalog.forcedEtag ?? etagOf(JSON.stringify(body)) };
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const strip = (t: string): string => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => strip(t) === strip(etag));
}

/** `GET /plm/catalog`: cursor pagination, `updatedSince`, `ETag` / `If-None-Match`. */
export function handleGetCatalog(state: MockState, ctx: RequestContext): Reply {
  const q = ctx.query as { limit?: number; cursor?: string; updatedSince?: string };
  const out = catalogPage(state, q);
  if ('error' in out)
    return problem(400, 'VALIDATION', '1 problem found in the request.', ctx, {
      errors: [{ path: out.path, message: out.error }],
    });
  if (matches(ctx.headers['if-none-match'], out.etag))
    return { status: 304, headers: { ETag: out.etag } };
  return { status: 200, headers: { ETag: out.etag }, body: out.body };
}
