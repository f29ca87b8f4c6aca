/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- the API's JSON bodies are read loosely; the assertions check their shape */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_LOG_PATHS } from '../src/index.js';
import { firstTrimOf, startHostHarness, type HostHarness } from './support/hostHarness.js';
import { testEngines } from './support/postgres.js';

const USERS = ['olga', 'sam', 'ada', 'otto', 'pete'] as const;
type User = (typeof USERS)[number];

/** Who may do what with a work order of the assembly department (olga's and sam's). */
const MATRIX: Record<'view' | 'edit' | 'cancel', Record<User, number>> = {
  view: { olga: 200, sam: 200, ada: 200, otto: 404, pete: 404 },
  edit: { olga: 403, sam: 200, ada: 200, otto: 404, pete: 404 },
  cancel: { olga: 403, sam: 200, ada: 200, otto: 404, pete: 404 },
};

describe.each(testEngines)('roles and departments (%s)', (engine) => {
  let h: HostHarness;
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    h = await startHostHarness(
      engine,
      { PLM_ENABLED_FOR_MODELS: 'M-1001' },
      {
        logger: pino(
          { level: 'info', redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } },
          sink,
        ),
      },
    );
  });
  afterAll(() => h?.close());

  const createIn = async (creator: User, modelId: string, departmentId?: string) =>
    h.api(await h.token(creator), 'POST', '/api/work-orders', {
      modelId,
      trimId: firstTrimOf(h, modelId),
      quantity: 1,
      dueDate: '2027-03-01',
      ...(departmentId === undefined ? {} : { departmentId }),
    });

  for (const [modelId, source] of [
    ['M-1001', 'plm'],
    ['M-1002', 'mrp'],
  ] as const) {
    it(`view, edit and cancel follow the matrix for a ${source}-sourced work order`, async () => {
      for (const user of USERS) {
        const created = await createIn('olga', modelId);
        expect(created.status).toBe(201);
        expect(created.body.dataSource).toBe(source);
        const id = created.body.id as string;
        const token = await h.token(user);
        const view = await h.api(token, 'GET', `/api/work-orders/${id}`);
        expect(view.status, `${user} view`).toBe(MATRIX.view[user]);
        const edit = await h.api(token, 'PATCH', `/api/work-orders/${id}`, { quantity: 3 });
        expect(edit.status, `${user} edit`).toBe(MATRIX.edit[user]);
        const replay = await h.api(token, 'GET', `/api/work-orders/${id}/versions/1/replay`);
        expect(replay.status, `${user} replay`).toBe(MATRIX.view[user]);
        const cancel = await h.api(token, 'POST', `/api/work-orders/${id}/cancel`, {});
        expect(cancel.status, `${user} cancel`).toBe(MATRIX.cancel[user]);
      }
    });
  }

  it('operators and supervisors create in their own department only; admins anywhere', async () => {
    expect((await createIn('olga', 'M-1002', 'paint')).status).toBe(403);
    expect((await createIn('sam', 'M-1001', 'paint')).status).toBe(403);
    expect((await createIn('otto', 'M-1001')).body.departmentId).toBe('paint');
    expect((await createIn('pete', 'M-1002', 'paint')).status).toBe(201);
    expect((await createIn('ada', 'M-1001', 'paint')).status).toBe(201);
  });

  it('lists show the own department only, except to admins', async () => {
    const otto = await h.api(await h.token('otto'), 'GET', '/api/work-orders?pageSize=100');
    expect(otto.body.items.length).toBeGreaterThan(0);
    expect(otto.body.items.every((w: { departmentId: string }) => w.departmentId === 'paint')).toBe(
      true,
    );
    const foreign = await h.api(
      await h.token('otto'),
      'GET',
      '/api/work-orders?departmentId=assembly',
    );
    expect(foreign.status).toBe(403);
    const ada = await h.api(await h.token('ada'), 'GET', '/api/work-orders?pageSize=100');
    const departments = new Set(
      ada.body.items.map((w: { departmentId: string }) => w.departmentId),
    );
    expect(departments).toEqual(new Set(['assembly', 'paint']));
  });

  it('only admins read the audit log, the PLM status and change the mode (audited)', async () => {
    for (const user of ['olga', 'sam', 'otto', 'pete'] as const) {
      const token = await h.token(user);
      expect((await h.api(token, 'GET', '/api/admin/audit')).status).toBe(403);
      expect((await h.api(token, 'GET', '/api/admin/plm')).status).toBe(403);
      expect(
        (await h.api(token, 'POST', '/api/admin/plm-mode', { mode: 'disabled', reason: 'x' }))
          .status,
      ).toBe(403);
    }
    expect((await h.api(undefined, 'GET', '/api/admin/audit')).status).toBe(401);
    const ada = await h.token('ada');
    const changed = await h.api(ada, 'POST', '/api/admin/plm-mode', {
      mode: 'shadow',
      reason: 'rehearse the rollback',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.mode).toBe('shadow');
    expect(h.host.integration.mode).toBe('shadow');
    const status = await h.api(ada, 'GET', '/api/admin/plm');
    expect(status.body).toMatchObject({ mode: 'shadow', archive: { archived: false } });
    // The audit row is written by the integration's subscriber: poll the API, bounded.
    let entry: { actor: string; details: { to: string; reason: string } } | undefined;
    for (let i = 0; i < 50 && entry === undefined; i++) {
      const audit = await h.api(ada, 'GET', '/api/admin/audit?action=plm.mode-changed');
      entry = audit.body.items[0];
    }
    expect(entry).toMatchObject({
      actor: 'u-ada',
      details: { to: 'shadow', reason: 'rehearse the rollback' },
    });
    const logins = await h.api(ada, 'GET', '/api/admin/audit?action=login');
    expect(logins.body.items.length).toBeGreaterThan(0);
    h.host.integration.setMode('enabled', { by: 'test', reason: 'restore', models: ['M-1001'] });
  });

  it('a wrong password is one 401 for unknown users and wrong passwords, audited without the password', async () => {
    const wrong = await h.api(undefined, 'POST', '/api/login', {
      username: 'olga',
      password: 'hunter2-wrong',
    });
    const unknown = await h.api(undefined, 'POST', '/api/login', {
      username: 'nobody',
      password: 'x',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    const audit = await h.api(await h.token('ada'), 'GET', '/api/admin/audit?action=login.failed');
    expect(audit.body.items.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit.body)).not.toContain('hunter2-wrong');
  });

  it('page sessions use an HttpOnly SameSite=Strict cookie and need the CSRF token to change anything', async () => {
    const login = await fetch(`${h.server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sam', password: 'sam-demo', session: 'cookie' }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/mrp_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = setCookie.split(';')[0]!;
    const body = JSON.stringify({
      modelId: 'M-1002',
      trimId: firstTrimOf(h, 'M-1002'),
      quantity: 1,
      dueDate: '2027-03-01',
    });
    const without = await fetch(`${h.server.url}/api/work-orders`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body,
    });
    expect(without.status).toBe(403);
    const withToken = await fetch(`${h.server.url}/api/work-orders`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body,
    });
    expect(withToken.status).toBe(201);
    // A cookie token is not a bearer token.
    const asBearer = await h.api(cookie.split('=')[1], 'GET', '/api/me');
    expect(asBearer.status).toBe(401);
  });

  it('no password or token ever reaches a log line', async () => {
    const token = await h.token('pete');
    await h.api(token, 'GET', '/api/me');
    const all = logLines.join('\n');
    expect(all).toContain('"msg":"request"');
    for (const secret of ['olga-demo', 'sam-demo', 'pete-demo', 'mrp-secret', token]) {
      expect(all).not.toContain(secret);
    }
  });
});
