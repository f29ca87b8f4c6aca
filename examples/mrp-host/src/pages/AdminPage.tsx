import type { PlmIntegrationStats, PlmMode } from '@mrp-plm/mrp-integration';
import type { UsageMetricsStats } from '@mrp-plm/metrics';
import type { DeprecatedProductReads } from '../services/DeprecatedProducts.js';
import type { Session } from '../services/Users.js';
import { Layout, when, type PageBanner } from './Layout.js';
import { FieldErrors, type FieldProblems } from './FeatureChoices.js';

const MODES: readonly { readonly mode: PlmMode; readonly text: string }[] = [
  { mode: 'disabled', text: 'MRP data only; no PLM calls (the roll-back position).' },
  { mode: 'shadow', text: 'MRP data served; PLM read beside it and compared.' },
  { mode: 'enabled', text: 'PLM primary (for the listed models, or all); MRP as fallback.' },
];

/**
 * The admin page of the PLM integration: the current mode and allowlist, live figures (circuit,
 * reads by source, fallbacks, usage outbox, deprecated API reads), the mode switch (through the
 * same service as `POST /api/admin/plm-mode`, audited), and links to the health page and the
 * audit log.
 */
export function AdminPage(props: {
  readonly session: Session;
  readonly mode: PlmMode;
  readonly enabledForModels: readonly string[];
  readonly stats: PlmIntegrationStats;
  readonly usage: UsageMetricsStats | undefined;
  readonly deprecatedReads: DeprecatedProductReads;
  readonly banner?: PageBanner | undefined;
  readonly problems?: FieldProblems | undefined;
}) {
  const { stats } = props;
  const fallbacks = Object.entries(stats.fallbacks);
  return (
    <Layout title="PLM integration" session={props.session} current="admin" banner={props.banner}>
      <h1>PLM integration</h1>
      <div class="grid2">
        <div class="card">
          <h2>Now</h2>
          <dl class="facts">
            <dt>Mode</dt>
            <dd>
              <span class="badge plm" data-mode={props.mode}>
                {props.mode}
              </span>
            </dd>
            <dt>PLM for models</dt>
            <dd>
              {props.enabledForModels.length === 0 ? 'all' : props.enabledForModels.join(', ')}
            </dd>
            <dt>Circuit</dt>
            <dd>
              <span
                class={`badge ${stats.circuit === 'closed' ? 'muted' : 'warn'}`}
                data-circuit={stats.circuit}
              >
                {stats.circuit}
              </span>
            </dd>
            <dt>Served by PLM / MRP</dt>
            <dd>
              {stats.plmServed} / {stats.mrpServed}
            </dd>
            <dt>Fallbacks</dt>
            <dd>
              {fallbacks.length === 0
                ? 'none'
                : fallbacks.map(([reason, n]) => `${reason}: ${n}`).join(', ')}
            </dd>
            <dt>Shadow reads</dt>
            <dd>{stats.shadowReads}</dd>
            <dt>Usage outbox</dt>
            <dd>
              {props.usage === undefined
                ? 'unavailable'
                : `${props.usage.pending} pending, ${props.usage.delivered} delivered, ${props.usage.deadLettered} dead-lettered`}
            </dd>
            <dt>Deprecated product API</dt>
            <dd>
              {props.deprecatedReads.total} reads since {when(props.deprecatedReads.since)}
              {props.deprecatedReads.gone > 0 ? `, ${props.deprecatedReads.gone} answered 410` : ''}
            </dd>
          </dl>
          <p>
            <a href="/admin/plm-health">PLM health page</a> · <a href="/admin/audit">Audit log</a>
          </p>
        </div>
        <form class="card" method="post" action="/admin/plm-mode">
          <h2>Change the mode</h2>
          <input type="hidden" name="_csrf" value={props.session.csrfToken} />
          <fieldset>
            <legend>Mode</legend>
            {MODES.map((m) => (
              <div>
                <input
                  type="radio"
                  id={`mode-${m.mode}`}
                  name="mode"
                  value={m.mode}
                  checked={m.mode === props.mode}
                />{' '}
                <label for={`mode-${m.mode}`}>{m.mode}</label>{' '}
                <span class="muted small">{m.text}</span>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for="models">PLM for models (comma-separated MRP model ids; empty = all)</label>
            <input
              id="models"
              name="models"
              type="text"
              value={props.enabledForModels.join(', ')}
            />
            <FieldErrors messages={props.problems?.fields['models']} />
          </div>
          <div class="field">
            <label for="reason">Reason (goes to the audit log)</label>
            <input id="reason" name="reason" type="text" required maxlength={500} />
            <FieldErrors messages={props.problems?.fields['reason']} />
          </div>
          <button type="submit">Change mode</button>
          <p class="muted small">
            Rolling back is this switch alone: set <b>disabled</b> (or <b>shadow</b>). Work orders
            keep the product data they were created with.
          </p>
        </form>
      </div>
    </Layout>
  );
}
