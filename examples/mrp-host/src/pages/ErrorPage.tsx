import type { Problem } from '../http/problem.js';
import type { Session } from '../services/Users.js';
import { Layout } from './Layout.js';

/** A whole page for a problem that leaves nothing else to show (403, 404, 500 …). */
export function ErrorPage(props: {
  readonly problem: Pick<Problem, 'detail' | 'code' | 'status' | 'title'>;
  readonly session?: Session | undefined;
  readonly requestId: string;
}) {
  return (
    <Layout
      title={props.problem.title}
      session={props.session}
      banner={{ kind: 'error', problem: props.problem }}
    >
      <div class="card">
        <p>
          <a href="/work-orders">Back to the work orders</a>
        </p>
        <p class="muted small">
          If you ask IT about this, quote the request id <span class="mono">{props.requestId}</span>
          .
        </p>
      </div>
    </Layout>
  );
}
