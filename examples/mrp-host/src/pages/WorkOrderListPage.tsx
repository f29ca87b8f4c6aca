import { isAdmin } from '../services/Access.js';
import type { Session } from '../services/Users.js';
import type { WorkOrderPage } from '../services/WorkOrders.js';
import { Layout, type PageBanner } from './Layout.js';

/** The list's filters as the query string holds them. */
export interface ListFilters {
  readonly status?: 'open' | 'cancelled' | undefined;
  readonly departmentId?: string | undefined;
  /** Rows per page. @default 20 */
  readonly pageSize?: string | undefined;
}

const queryOf = (filters: ListFilters, page: number): string => {
  const q = new URLSearchParams();
  if (filters.status !== undefined) q.set('status', filters.status);
  if (filters.departmentId !== undefined) q.set('departmentId', filters.departmentId);
  if (filters.pageSize !== undefined) q.set('pageSize', filters.pageSize);
  if (page > 1) q.set('page', String(page));
  const text = q.toString();
  return text === '' ? '/work-orders' : `/work-orders?${text}`;
};

/**
 * The work-order list, paged, filtered by status (and by department for admins; everyone else
 * sees their own department only, as the API decides).
 */
export function WorkOrderListPage(props: {
  readonly session: Session;
  readonly page: WorkOrderPage;
  readonly filters: ListFilters;
  readonly departments: readonly { readonly id: string; readonly name: string }[];
  readonly banner?: PageBanner | undefined;
}) {
  const { page, filters, session } = props;
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const admin = isAdmin(session.user);
  return (
    <Layout title="Work orders" session={session} current="work-orders" banner={props.banner}>
      <div class="actions">
        <h1>Work orders</h1>
      </div>
      <p class="muted small">
        {admin
          ? 'You see the work orders of every department.'
          : `You see the work orders of department ${session.user.departmentId}.`}
      </p>
      <form class="filters" method="get" action="/work-orders">
        <div>
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="" selected={filters.status === undefined}>
              any
            </option>
            <option value="open" selected={filters.status === 'open'}>
              open
            </option>
            <option value="cancelled" selected={filters.status === 'cancelled'}>
              cancelled
            </option>
          </select>
        </div>
        {filters.pageSize === undefined ? null : (
          <input type="hidden" name="pageSize" value={filters.pageSize} />
        )}
        {admin ? (
          <div>
            <label for="departmentId">Department</label>
            <select id="departmentId" name="departmentId">
              <option value="" selected={filters.departmentId === undefined}>
                all
              </option>
              {props.departments.map((d) => (
                <option value={d.id} selected={filters.departmentId === d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" class="secondary">
          Filter
        </button>
        <a class="button" href="/work-orders/new">
          New work order
        </a>
      </form>
      {page.items.length === 0 ? (
        <div class="card">No work orders match.</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Work order</th>
              <th>Model</th>
              <th>Trim</th>
              <th>Qty</th>
              <th>Due</th>
              <th>Department</th>
              <th>Source</th>
              <th>Status</th>
              <th>Version</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((wo) => (
              <tr>
                <td>
                  <a href={`/work-orders/${wo.id}`}>{wo.id}</a>
                </td>
                <td>{wo.modelId}</td>
                <td>{wo.trimId}</td>
                <td class="num">{wo.quantity}</td>
                <td>{wo.dueDate}</td>
                <td>{wo.departmentId}</td>
                <td>
                  <span class={`badge ${wo.dataSource}`}>{wo.dataSource.toUpperCase()}</span>
                </td>
                <td>
                  <span class={`badge ${wo.status}`}>{wo.status}</span>
                </td>
                <td class="num">{wo.currentVersion}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        {page.page > 1 ? <a href={queryOf(filters, page.page - 1)}>← Newer</a> : null}
        <span class="muted small">
          Page {page.page} of {pages} · {page.total} work orders
        </span>
        {page.page < pages ? <a href={queryOf(filters, page.page + 1)}>Older →</a> : null}
      </div>
    </Layout>
  );
}
