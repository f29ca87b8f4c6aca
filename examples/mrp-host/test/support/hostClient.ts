import type { PlmMock } from '@mrp-plm/plm-mock';

/** One answer of the host as load tests read it. */
export interface HostAnswer {
  readonly status: number;
  readonly contentType: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  readonly body: any;
}

/** Calls the host's JSON API (bounded by `timeoutMs`; a network failure rejects). */
export async function callHost(
  baseUrl: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<HostAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // kept as text: a non-JSON answer is itself a finding
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: parsed,
  };
}

/** A demo user's bearer token (demo passwords are `<username>-demo`). */
export async function loginAs(baseUrl: string, username: string): Promise<string> {
  const res = await callHost(baseUrl, undefined, 'POST', '/api/login', {
    username,
    password: `${username}-demo`,
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return (res.body as { token: string }).token;
}

/** MRP id of a PLM model (its `externalIds.mrp`, else the id translation table). */
export function mrpModelIdOf(mock: PlmMock, plmModelId: string): string {
  const model = mock.fixtures.models.find((m) => m.id === plmModelId);
  const direct = model?.externalIds?.mrp;
  if (direct !== undefined) return direct;
  const row = mock.fixtures.mrp.idTranslation.find(
    (e) => e.kind === 'model' && e.plmId === plmModelId,
  );
  if (row === undefined) throw new Error(`no MRP id for ${plmModelId}`);
  return row.mrpId;
}

/** Orderable selections: each MRP model's first trim, no optional feature. */
export function selectionsOf(mock: PlmMock): { modelId: string; trimId: string }[] {
  return mock.fixtures.mrp.models.flatMap((m) =>
    m.trims[0] === undefined ? [] : [{ modelId: m.id, trimId: m.trims[0].id }],
  );
}

/**
 * Waits until `done()` holds, polling every `intervalMs`, at most `attempts` times (bounded in
 * count and time); resolves to whether it held.
 */
export async function waitFor(
  done: () => boolean | Promise<boolean>,
  { attempts = 200, intervalMs = 250 }: { attempts?: number; intervalMs?: number } = {},
): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return done();
}
