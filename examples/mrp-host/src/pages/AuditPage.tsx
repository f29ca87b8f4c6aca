import type { AuditEntry } from '../services/AuditLog.js';
import type { Session } from '../services/Users.js';
import { Layout, when } from './Layout.js';

/** The audit log for admins: newest first, filtered by action, paged by id. */
export function AuditPage(props: {
  readonly session: Session;
  readonly entries: readonly AuditEntry[];
  readonly action: string | undefined;
  readonly actions: readonly string[];
  readonly pageSize: number;
}) {
  const last = props.entries.at(-1);
  const older = new URLSearchParams();
  if (props.action !== undefined) older.set('action', props.action);
  if (last !== undefined) older.set('beforeId', String(last.id));
  return (
    <Layout title="Audit log" session={props.session} current="audit">
      <h1>Audit log</h1>
      <form class="filters" method="get" action="/admin/audit">
        <div>
          <label for="action">Action</label>
          <select id="action" name="action">
            <option value="" selected={props.action === undefined}>
              all
            </option>
            {props.actions.map((a) => (
              <option value={a} selected={a === props.action}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          Filter
        </button>
      </form>
      {props.entries.length === 0 ? (
        <div class="card">No entries.</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Subject</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr>
                <td class="num">{e.id}</td>
                <td class="small nowrap">{when(e.at)}</td>
                <td>{e.actor}</td>
                <td>
                  <span class="badge muted">{e.action}</span>
                </td>
                <td class="nowrap">{e.subject ?? ''}</td>
                <td class="small mono">
                  {Object.entries(e.details)
                    .filter(([, v]) => v !== null && v !== undefined && v !== '')
                    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        {props.entries.length === props.pageSize && last !== undefined ? (
          <a href={`/admin/audit?${older.toString()}`}>Older →</a>
        ) : (
          <span class="muted small">End of the log.</span>
        )}
      </div>
    </Layout>
  );
}
