import type { MrpModel, MrpModelConfig } from '@mrp-plm/adapter';
import { isAdmin } from '../services/Access.js';
import type { Session } from '../services/Users.js';
import { FeatureChoices, FieldErrors, NO_PROBLEMS, type FieldProblems } from './FeatureChoices.js';
import { Layout, SourceBadge, type BadgeProvenance, type PageBanner } from './Layout.js';

/** What the create form shows and what was entered. */
export interface WorkOrderFormState {
  /** The models on offer (from the integration's catalog), or undefined when it failed. */
  readonly models: readonly Pick<MrpModel, 'id' | 'name'>[] | undefined;
  readonly modelId?: string | undefined;
  /** The chosen model's configuration and where it came from. */
  readonly config?:
    { readonly data: MrpModelConfig; readonly provenance: BadgeProvenance } | undefined;
  readonly trimId?: string | undefined;
  readonly featureIds?: readonly string[] | undefined;
  readonly quantity?: string | undefined;
  readonly dueDate?: string | undefined;
  readonly departmentId?: string | undefined;
  readonly departments: readonly { readonly id: string; readonly name: string }[];
  readonly problems?: FieldProblems | undefined;
}

/**
 * The create form in two steps without any script: a GET form picks the model and trim (the trims
 * on offer come from that model's product data), then the POST form offers the trim's features as
 * the product data allows — standard ones fixed, unavailable ones disabled, rules in words — and
 * explains a rejected selection next to each field. When the product data cannot be read (PLM
 * down, nothing to fall back on) the chosen model stays chosen — by id if the model list failed
 * too — and what was entered rides along in the first form, so "Try again" resumes the order.
 */
export function WorkOrderFormPage(props: {
  readonly session: Session;
  readonly state: WorkOrderFormState;
  readonly banner?: PageBanner | undefined;
}) {
  const { session, state } = props;
  const problems = state.problems ?? NO_PROBLEMS;
  const config = state.config?.data;
  const trimId =
    config !== undefined && config.trims.some((t) => t.id === state.trimId)
      ? state.trimId
      : undefined;
  const chosenModel = state.modelId === '' ? undefined : state.modelId;
  /** A model was chosen but its product data could not be read (the banner says why). */
  const failed = config === undefined && chosenModel !== undefined;
  return (
    <Layout title="New work order" session={session} current="new" banner={props.banner}>
      <h1>New work order</h1>
      <form class="card filters" method="get" action="/work-orders/new">
        <div>
          <label for="modelId">Model</label>
          <select id="modelId" name="modelId" required>
            <option value="">choose a model…</option>
            {state.models === undefined ? (
              chosenModel === undefined ? null : (
                <option value={chosenModel} selected>
                  {chosenModel}
                </option>
              )
            ) : (
              state.models.map((m) => (
                <option value={m.id} selected={m.id === state.modelId}>
                  {m.name} ({m.id})
                </option>
              ))
            )}
          </select>
        </div>
        {failed ? (
          <>
            {state.trimId === undefined || state.trimId === '' ? null : (
              <input type="hidden" name="trimId" value={state.trimId} />
            )}
            {(state.featureIds ?? []).map((f) => (
              <input type="hidden" name="featureIds" value={f} />
            ))}
            {state.quantity === undefined || state.quantity === '' ? null : (
              <input type="hidden" name="quantity" value={state.quantity} />
            )}
            {state.dueDate === undefined || state.dueDate === '' ? null : (
              <input type="hidden" name="dueDate" value={state.dueDate} />
            )}
          </>
        ) : null}
        {config === undefined ? null : (
          <div>
            <label for="trimId">Trim</label>
            <select id="trimId" name="trimId">
              {config.trims.map((t) => (
                <option value={t.id} selected={t.id === trimId}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" class="secondary">
          {failed ? 'Try again' : config === undefined ? 'Show trims' : 'Show features'}
        </button>
        {state.config === undefined ? null : (
          <div class="small">
            Product data: <SourceBadge provenance={state.config.provenance} />
          </div>
        )}
      </form>
      {config === undefined || trimId === undefined ? (
        config === undefined ? null : (
          <div class="card">
            <FieldErrors messages={problems.trim} />
            <p class="muted">Choose a trim of {config.name} to see its features.</p>
          </div>
        )
      ) : (
        <form class="card" method="post" action="/work-orders">
          <input type="hidden" name="_csrf" value={session.csrfToken} />
          <input type="hidden" name="modelId" value={config.id} />
          <input type="hidden" name="trimId" value={trimId} />
          <h2>
            {config.name} · {config.trims.find((t) => t.id === trimId)?.name}
          </h2>
          <FieldErrors messages={problems.trim} />
          <FeatureChoices
            config={config}
            trimId={trimId}
            chosen={state.featureIds ?? []}
            problems={problems}
          />
          <div class="grid2">
            <div class="field">
              <label for="quantity">Quantity</label>
              <input
                id="quantity"
                name="quantity"
                type="number"
                min="1"
                max="100000"
                required
                value={state.quantity ?? '1'}
              />
              <FieldErrors messages={problems.fields['quantity']} />
            </div>
            <div class="field">
              <label for="dueDate">Due date</label>
              <input id="dueDate" name="dueDate" type="date" required value={state.dueDate ?? ''} />
              <FieldErrors messages={problems.fields['dueDate']} />
            </div>
          </div>
          {isAdmin(session.user) ? (
            <div class="field">
              <label for="departmentId">Department</label>
              <select id="departmentId" name="departmentId">
                {state.departments.map((d) => (
                  <option
                    value={d.id}
                    selected={d.id === (state.departmentId ?? session.user.departmentId)}
                  >
                    {d.name}
                  </option>
                ))}
              </select>
              <FieldErrors messages={problems.fields['departmentId']} />
            </div>
          ) : (
            <p class="muted small">Department: {session.user.departmentId}</p>
          )}
          <FieldErrors messages={problems.fields['form']} />
          <button type="submit">Create work order</button>
        </form>
      )}
    </Layout>
  );
}
