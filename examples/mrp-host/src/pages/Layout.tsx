import type { FallbackReason } from '@mrp-plm/mrp-integration';
import type { Child } from 'hono/jsx';
import type { VersionProvenance } from '../db/HostTables.js';
import type { Problem } from '../http/problem.js';
import { isAdmin } from '../services/Access.js';
import type { Session } from '../services/Users.js';

/** What every page's frame needs. */
export interface PageFrame {
  readonly title: string;
  /** The signed-in session, or undefined on the login page. */
  readonly session?: Session | undefined;
  /** Which navigation entry is the current one. */
  readonly current?: 'work-orders' | 'new' | 'admin' | 'audit' | undefined;
  /** A banner on top of the page (an error or a notice). */
  readonly banner?: PageBanner | undefined;
}

/** A banner: a problem (its user-facing `detail` and stable `code`) or a notice. */
export type PageBanner =
  | { readonly kind: 'error'; readonly problem: Pick<Problem, 'detail' | 'code' | 'status'> }
  | { readonly kind: 'ok' | 'info'; readonly text: string };

/**
 * A problem as a person reads it: the integration's `userMessage` (the problem's `detail`) and
 * its stable code. Never an upstream text, a stack or a URL: `problemOf` already dropped those.
 */
export function Banner({ banner }: { readonly banner: PageBanner }) {
  if (banner.kind !== 'error') {
    return (
      <div class={`banner ${banner.kind}`} role="status">
        {banner.text}
      </div>
    );
  }
  return (
    <div class="banner error" role="alert">
      <strong>{banner.problem.detail}</strong>
      <span class="code">
        {banner.problem.code} · HTTP {banner.problem.status}
      </span>
    </div>
  );
}

/** The whole HTML document with the navigation of the signed-in user. */
export function Layout(props: PageFrame & { readonly children?: Child }) {
  const { session, current } = props;
  const nav = (key: NonNullable<PageFrame['current']>, href: string, text: string) => (
    <a href={href} aria-current={current === key ? 'page' : undefined}>
      {text}
    </a>
  );
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · MRP`}</title>
        <link rel="stylesheet" href="/assets/pages.css" />
      </head>
      <body>
        <header class="top">
          <span class="brand">MRP work orders</span>
          <nav>
            {session === undefined ? null : (
              <>
                {nav('work-orders', '/work-orders', 'Work orders')}
                {nav('new', '/work-orders/new', 'New work order')}
                {isAdmin(session.user) ? (
                  <>
                    {nav('admin', '/admin', 'PLM integration')}
                    {nav('audit', '/admin/audit', 'Audit log')}
                  </>
                ) : null}
              </>
            )}
          </nav>
          {session === undefined ? null : (
            <div class="who">
              <span>
                {session.user.displayName} · {session.user.role} · {session.user.departmentId}
              </span>
              <form method="post" action="/logout">
                <input type="hidden" name="_csrf" value={session.csrfToken} />
                <button type="submit">Sign out</button>
              </form>
            </div>
          )}
        </header>
        <main>
          {props.banner === undefined ? null : <Banner banner={props.banner} />}
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** An ISO instant as people read it: `2026-12-06 17:24 UTC`. */
export const when = (iso: string): string =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso;

/** Human text of a fallback reason. */
const FALLBACK_TEXT: Record<FallbackReason, string> = {
  'not-in-plm': 'model not in PLM',
  'circuit-open': 'PLM circuit open',
  'plm-unavailable': 'PLM unavailable',
  'plm-timeout': 'PLM timed out',
  'plm-auth-failed': 'PLM sign-in failed',
  'plm-rate-limited': 'PLM rate limited',
  'plm-maintenance': 'PLM in maintenance',
  'plm-busy': 'PLM busy',
  'contract-drift': 'PLM data did not match the contract',
  'untranslatable-id': 'no PLM id for this item',
  'revision-not-effective': 'PLM revision not effective yet',
  'plm-error': 'PLM error',
};

const CACHE_TEXT: Record<VersionProvenance['cache'], string> = {
  hit: 'cached',
  miss: 'fresh',
  stale: 'stale (revalidating)',
  'stale-if-error': 'stale, PLM failing',
  none: 'live',
  frozen: 'frozen snapshot',
};

/** How old, in words. */
const ageText = (ms: number) =>
  ms < 1_000
    ? ''
    : ms < 60_000
      ? `${Math.round(ms / 1000)} s old`
      : `${Math.round(ms / 60_000)} min old`;

/** What the badge shows: a stored version's provenance or a live read's (`Provenance`). */
export interface BadgeProvenance {
  readonly dataSource: VersionProvenance['dataSource'];
  readonly cache: VersionProvenance['cache'];
  readonly ageMs: number;
  readonly fallbackReason?: string | null | undefined;
  readonly plmRevision?: string | null | undefined;
  readonly mode: VersionProvenance['mode'];
}

/**
 * The data-source badge: MRP or PLM, the PLM revision, whether the answer was cached or stale,
 * and the fallback reason when PLM could not serve.
 */
export function SourceBadge({ provenance }: { readonly provenance: BadgeProvenance }) {
  const p = provenance;
  const stale = p.cache === 'stale' || p.cache === 'stale-if-error';
  return (
    <span class="source" data-source={p.dataSource}>
      <span class={`badge ${p.dataSource}`}>{p.dataSource === 'plm' ? 'PLM' : 'MRP'}</span>
      {p.plmRevision == null ? null : <span class="badge muted">rev {p.plmRevision}</span>}
      {p.cache === 'none' || p.cache === 'miss' ? null : (
        <span class={`badge ${stale ? 'warn' : 'muted'}`}>
          {CACHE_TEXT[p.cache]}
          {p.ageMs > 0 && ageText(p.ageMs) !== '' ? ` · ${ageText(p.ageMs)}` : ''}
        </span>
      )}
      {p.fallbackReason == null ? null : (
        <span class="badge warn" data-fallback={p.fallbackReason}>
          fallback: {FALLBACK_TEXT[p.fallbackReason as FallbackReason] ?? p.fallbackReason}
        </span>
      )}
      <span class="badge muted">mode {p.mode}</span>
    </span>
  );
}
