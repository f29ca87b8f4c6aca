import type { MrpModelConfig } from '@mrp-plm/adapter';
import { canChange } from '../services/Access.js';
import type { Session } from '../services/Users.js';
import type { WorkOrderDetail } from '../services/WorkOrders.js';
import { Layout, SourceBadge, when, type PageBanner } from './Layout.js';
import { FeatureChoices, FieldErrors, type FieldProblems } from './FeatureChoices.js';

const nameOf = (config: MrpModelConfig, id: string): string =>
  config.trims.find((t) => t.id === id)?.name ??
  config.features.find((f) => f.id === id)?.name ??
  id;

/**
 * One work order: its facts, the data-source badge of its frozen product data, every version
 * (oldest first) with what changed and its BOM, and — for supervisors of its department and
 * admins — the edit and cancel forms. Edits are checked against the frozen snapshot (ADR 0002).
 */
export function WorkOrderDetailPage(props: {
  readonly session: Session;
  readonly workOrder: WorkOrderDetail;
  readonly banner?: PageBanner | undefined;
  /** Problems of a rejected edit, shown next to the fields. */
  readonly problems?: FieldProblems | undefined;
  /** Display names by user id, for who created each version (the id shows when unknown). */
  readonly userNames?: ReadonlyMap<string, string> | undefined;
}) {
  const { workOrder: wo, session } = props;
  const who = (id: string) => props.userNames?.get(id) ?? id;
  const last = wo.versions.at(-1)!;
  const first = wo.versions[0]!;
  const config = last.snapshot.mrp;
  const mayChange = canChange(session.user, wo.departmentId) && wo.status === 'open';
  return (
    <Layout title={wo.id} session={session} current="work-orders" banner={props.banner}>
      <div class="actions">
        <h1>
          Work order {wo.id} <span class={`badge ${wo.status}`}>{wo.status}</span>
        </h1>
      </div>
      <div class="grid2">
        <div class="card">
          <dl class="facts">
            <dt>Model</dt>
            <dd>
              {config.name} <span class="muted mono">{wo.modelId}</span>
            </dd>
            <dt>Trim</dt>
            <dd>
              {nameOf(config, wo.trimId)} <span class="muted mono">{wo.trimId}</span>
            </dd>
            <dt>Features</dt>
            <dd>
              {wo.featureIds.length === 0
                ? 'none chosen (standard features only)'
                : wo.featureIds.map((f) => nameOf(config, f)).join(', ')}
            </dd>
            <dt>Quantity</dt>
            <dd>{wo.quantity}</dd>
            <dt>Due</dt>
            <dd>{wo.dueDate}</dd>
            <dt>Department</dt>
            <dd>{wo.departmentId}</dd>
            <dt>Created</dt>
            <dd>
              {when(wo.createdAt)} by {who(wo.createdBy)}
            </dd>
          </dl>
        </div>
        <div class="card">
          <h2>Product data</h2>
          <p>
            <SourceBadge provenance={first.provenance} />
          </p>
          <p class="small muted">
            Frozen when the work order was created; edits reuse it and never switch source.
            {first.provenance.plmCorrelationId === null
              ? ''
              : ` PLM correlation id ${first.provenance.plmCorrelationId}.`}
          </p>
          <p class="small">
            <a href={`/api/work-orders/${wo.id}/versions/${last.version}/replay`}>
              Replay version {last.version} from its snapshot (JSON)
            </a>
          </p>
        </div>
      </div>
      <h2>Versions</h2>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Change</th>
            <th>When, who</th>
            <th>Trim · features</th>
            <th>Qty</th>
            <th>Due</th>
            <th>Product data</th>
            <th>BOM lines</th>
          </tr>
        </thead>
        <tbody>
          {wo.versions.map((v) => (
            <tr>
              <td class="num">{v.version}</td>
              <td>{v.change}</td>
              <td class="small">
                {when(v.createdAt)}
                <br />
                {who(v.createdBy)}
              </td>
              <td class="small">
                {nameOf(config, v.trimId)}
                {v.featureIds.length === 0
                  ? ''
                  : ` · ${v.featureIds.map((f) => nameOf(config, f)).join(', ')}`}
              </td>
              <td class="num">{v.quantity}</td>
              <td class="nowrap">{v.dueDate}</td>
              <td>
                <SourceBadge provenance={v.provenance} />
              </td>
              <td class="num">{v.bom.lines.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>Bill of materials of version {last.version}</summary>
        <table>
          <thead>
            <tr>
              <th>Find</th>
              <th>Part</th>
              <th>Description</th>
              <th>Qty (per unit)</th>
              <th>Unit</th>
            </tr>
          </thead>
          <tbody>
            {last.bom.lines.map((l) => (
              <tr>
                <td class="mono">{l.findPath}</td>
                <td class="mono">{l.partNumber}</td>
                <td>{l.description}</td>
                <td class="num">{l.extendedQuantity}</td>
                <td>{l.unit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {mayChange ? (
        <div class="grid2">
          <form class="card" method="post" action={`/work-orders/${wo.id}/edit`}>
            <h2>Edit (version {wo.currentVersion + 1})</h2>
            <input type="hidden" name="_csrf" value={session.csrfToken} />
            <input type="hidden" name="expectedVersion" value={String(wo.currentVersion)} />
            <div class="field">
              <label for="trimId">Trim</label>
              <select id="trimId" name="trimId">
                {config.trims.map((t) => (
                  <option value={t.id} selected={t.id === wo.trimId}>
                    {t.name}
                  </option>
                ))}
              </select>
              <FieldErrors messages={props.problems?.trim} />
            </div>
            <FeatureChoices
              config={config}
              trimId={wo.trimId}
              chosen={wo.featureIds}
              problems={props.problems}
            />
            <div class="field">
              <label for="quantity">Quantity</label>
              <input
                id="quantity"
                name="quantity"
                type="number"
                min="1"
                max="100000"
                value={String(wo.quantity)}
              />
              <FieldErrors messages={props.problems?.fields['quantity']} />
            </div>
            <div class="field">
              <label for="dueDate">Due date</label>
              <input id="dueDate" name="dueDate" type="date" value={wo.dueDate} />
              <FieldErrors messages={props.problems?.fields['dueDate']} />
            </div>
            <button type="submit">Save as version {wo.currentVersion + 1}</button>
          </form>
          <form class="card" method="post" action={`/work-orders/${wo.id}/cancel`}>
            <h2>Cancel</h2>
            <input type="hidden" name="_csrf" value={session.csrfToken} />
            <div class="field">
              <label for="reason">Reason</label>
              <textarea id="reason" name="reason" maxlength={500}></textarea>
            </div>
            <button type="submit" class="danger">
              Cancel work order
            </button>
          </form>
        </div>
      ) : null}
    </Layout>
  );
}
