import { InvalidSelectionError, type MrpModelConfig } from '@mrp-plm/adapter';
import { InvalidRequestError } from '../errors/InvalidRequestError.js';

/** A rejected form's problems, sorted by the field they belong to. */
export interface FieldProblems {
  /** Messages next to the trim field. */
  readonly trim: readonly string[];
  /** Messages next to each feature (by MRP feature id). */
  readonly features: Readonly<Record<string, readonly string[]>>;
  /** Messages next to the other fields (`quantity`, `dueDate`, `departmentId` …). */
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

/** No problems. */
export const NO_PROBLEMS: FieldProblems = { trim: [], features: {}, fields: {} };

/** A field's problems, one line each, under the field (nothing when there are none). */
export const FieldErrors = ({ messages }: { readonly messages: readonly string[] | undefined }) => (
  <>
    {(messages ?? []).map((m) => (
      <div class="field-error">{m}</div>
    ))}
  </>
);

/**
 * Explains a rejected form's error next to the fields it is about, with the model's own trim and
 * feature names: the adapter's selection problems (`InvalidSelectionError`) and the request's
 * invalid fields (`InvalidRequestError`). Any other error has no field problems.
 */
export function fieldProblemsOf(
  config: MrpModelConfig | undefined,
  trimId: string,
  error: unknown,
): FieldProblems {
  const selection = error instanceof InvalidSelectionError ? error.problems : [];
  const issues = error instanceof InvalidRequestError ? error.issues : [];
  const name = (id: string) =>
    config?.features.find((f) => f.id === id)?.name ??
    config?.trims.find((t) => t.id === id)?.name ??
    id;
  const names = (ids: readonly string[]) => ids.map(name).join(', ');
  const trim: string[] = [];
  const features: Record<string, string[]> = {};
  const add = (id: string, message: string) => (features[id] ??= []).push(message);
  const trimName = name(trimId);
  for (const p of selection) {
    switch (p.kind) {
      case 'unknown-trim':
        trim.push('This trim is not offered for this model (any more). Choose another.');
        break;
      case 'unknown-feature':
        trim.push(`Feature ${p.id} is not part of this model (any more).`);
        break;
      case 'unavailable':
        add(p.id, `${name(p.id)} is not available in the ${trimName} trim.`);
        break;
      case 'missing-required':
        add(p.id, `${name(p.id)} requires ${names(p.otherIds)}: select it as well.`);
        for (const other of p.otherIds) add(other, `Required by ${name(p.id)}.`);
        break;
      case 'excluded':
        add(p.id, `${name(p.id)} cannot be combined with ${names(p.otherIds)}.`);
        for (const other of p.otherIds) add(other, `Cannot be combined with ${name(p.id)}.`);
        break;
    }
  }
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.split('/')[1] ?? '';
    (fields[key === '' ? 'form' : key] ??= []).push(issue.message);
  }
  return { trim, features, fields };
}

/**
 * The feature checkboxes of one trim: standard features ticked and fixed, optional ones free,
 * unavailable ones shown but disabled; each with its `requires`/`excludes` rules in words and
 * the problems of a rejected submission next to it.
 */
export function FeatureChoices(props: {
  readonly config: MrpModelConfig;
  readonly trimId: string;
  readonly chosen: readonly string[];
  readonly problems?: FieldProblems | undefined;
}) {
  const { config, trimId } = props;
  const name = (id: string) => config.features.find((f) => f.id === id)?.name ?? id;
  const chosen = new Set(props.chosen);
  return (
    <fieldset>
      <legend>Features</legend>
      {config.features.length === 0 ? <p class="muted">This model has no features.</p> : null}
      <ul class="features">
        {config.features.map((f) => {
          const availability =
            f.availability.find((a) => a.trimId === trimId)?.availability ?? 'unavailable';
          const problems = props.problems?.features[f.id] ?? [];
          const id = `feature-${f.id}`;
          return (
            <li
              class={[availability, problems.length > 0 ? 'problem' : ''].join(' ').trim()}
              data-feature={f.id}
            >
              <input
                type="checkbox"
                id={id}
                name="featureIds"
                value={f.id}
                checked={availability === 'standard' || chosen.has(f.id)}
                disabled={availability !== 'optional'}
              />{' '}
              <label for={id}>{f.name}</label>{' '}
              <span class="muted small">
                {availability === 'standard'
                  ? '(standard in this trim)'
                  : availability === 'unavailable'
                    ? '(not available in this trim)'
                    : `(${f.category})`}
              </span>
              {f.requires.length > 0 ? (
                <div class="rules">requires {f.requires.map(name).join(', ')}</div>
              ) : null}
              {f.excludes.length > 0 ? (
                <div class="rules">excludes {f.excludes.map(name).join(', ')}</div>
              ) : null}
              <FieldErrors messages={problems} />
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
