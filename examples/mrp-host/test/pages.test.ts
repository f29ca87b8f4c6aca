import type { MrpModelConfig } from '@mrp-plm/adapter';
import {
  PlmIntegrationError,
  plmIntegrationUserMessages,
  type PlmIntegrationErrorCode,
} from '@mrp-plm/mrp-integration';
import { generateFixtures } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loginToken, pageClient, signIn } from './pageSession.js';
import { startHostHarness, type HostHarness } from './support/hostHarness.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** A model/trim whose optional features include two that exclude each other. */
function clashOf(configs: readonly MrpModelConfig[]) {
  for (const config of configs) {
    for (const trim of config.trims) {
      const optional = (id: string) =>
        config.features
          .find((f) => f.id === id)
          ?.availability.some((a) => a.trimId === trim.id && a.availability === 'optional') ===
        true;
      for (const f of config.features) {
        const other = f.excludes.find((x) => optional(x));
        if (optional(f.id) && other !== undefined) {
          return { modelId: config.id, trimId: trim.id, a: f.id, b: other };
        }
      }
    }
  }
  throw new Error('no clashing features in the fixtures');
}

describe('pages over HTTP (SQLite, plm-mock)', () => {
  let pair: HostHarness;
  let base: string;
  let configs: MrpModelConfig[];

  beforeAll(async () => {
    // PLM names model 1 with markup; MRP's table does too (below): both must render as text.
    const fixtures = generateFixtures({ seed: 1, models: 12, drift: 0.1 });
    const hostile = structuredClone<typeof fixtures>(fixtures);
    (hostile.models[0] as { name: string }).name = HOSTILE;
    pair = await startHostHarness(
      'sqlite',
      { PLM_MODE: 'shadow', MRP_SEED_DRIFT: '0.1' },
      { mockFixtures: hostile },
    );
    base = pair.server.url;
    await pair.host.database.db
      .updateTable('mrp_models')
      .set({ name: HOSTILE })
      .where('id', '=', 'M-1001')
      .execute();
    configs = [];
    for (const id of ['M-1002', 'M-1003', 'M-1004', 'M-1005', 'M-1006']) {
      configs.push((await pair.host.integration.getModelConfig(id)).data);
    }
  });
  afterAll(async () => {
    await pair?.close();
  });

  test('logged out: pages redirect to the login page, which offers a CSRF-protected form', async () => {
    const client = pageClient(base);
    for (const path of [
      '/work-orders',
      '/work-orders/new',
      '/work-orders/WO-000001',
      '/admin',
      '/admin/audit',
    ]) {
      const res = await client.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    const post = await client.post('/work-orders', { modelId: 'M-1002' }, { csrf: 'x' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toMatch(/^\/login/);
    const login = await client.get('/login');
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(login.headers.get('content-security-policy')).not.toContain('script-src');
    const text = await login.text();
    expect(text.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(text).not.toContain('<script');
    expect(client.cookies.has('mrp_login_csrf')).toBe(true);
  });

  test('login: a wrong password or a missing login token is refused with a banner; a good one sets an HttpOnly SameSite=Strict cookie', async () => {
    const client = pageClient(base);
    const token = await loginToken(client, '/login');
    const wrong = await client.post('/login', {
      username: 'ada',
      password: 'nope',
      _csrf: token,
      next: '/admin',
    });
    expect(wrong.status).toBe(401);
    const wrongText = await wrong.text();
    expect(wrongText).toContain('Unknown user or wrong password.');
    expect(wrongText).toContain('NOT_AUTHENTICATED');
    expect(wrongText).not.toContain('nope');
    const forged = await pageClient(base).post('/login', {
      username: 'ada',
      password: 'ada-demo',
      _csrf: 'forged',
    });
    expect(forged.status).toBe(403);
    const fresh = pageClient(base);
    const t2 = await loginToken(fresh, '/login?next=%2Fadmin');
    const ok = await fresh.post('/login', {
      username: 'ada',
      password: 'ada-demo',
      _csrf: t2,
      next: '/admin',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin');
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('mrp_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // Another origin is never a redirect target.
    const evil = pageClient(base);
    const t4 = await loginToken(evil);
    const away = await evil.post('/login', {
      username: 'ada',
      password: 'ada-demo',
      _csrf: t4,
      next: '//evil.example/x',
    });
    expect(away.headers.get('location')).toBe('/work-orders');
    // Sign out ends the session.
    const out = await fresh.post('/logout', {});
    expect(out.status).toBe(303);
    expect((await fresh.get('/work-orders')).status).toBe(303);
  });

  test('operators see their department only; admin pages answer 403; no edit or cancel forms', async () => {
    const olga = await signIn(base, 'olga');
    const list = await (await olga.get('/work-orders')).text();
    const rows = [...list.matchAll(/<td>(assembly|paint)<\/td>/g)].map((m) => m[1]);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows)).toEqual(new Set(['assembly']));
    // WO-000002 is paint's (seeded by otto): as unknown as a missing one.
    const other = await olga.get('/work-orders/WO-000002');
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('NOT_FOUND');
    const own = await (await olga.get('/work-orders/WO-000001')).text();
    // Who created it shows by name (WO-000001 is seeded by olga), not by user id.
    expect(own).toContain('by Olga Operator');
    expect(own).not.toContain('u-olga');
    expect(own).not.toContain('/edit"');
    expect(own).not.toContain('/cancel"');
    for (const path of ['/admin', '/admin/audit']) {
      const res = await olga.get(path);
      expect(res.status, path).toBe(403);
      const text = await res.text();
      expect(text).toContain('FORBIDDEN');
      expect(text).toContain('role="alert"');
    }
    const mode = await olga.post('/admin/plm-mode', { mode: 'enabled', reason: 'try' });
    expect(mode.status).toBe(403);
    expect(pair.host.integration.mode).toBe('shadow');
    // Another department's list is refused, not silently emptied.
    expect((await olga.get('/work-orders?departmentId=paint')).status).toBe(403);
    // The nav offers no admin links.
    expect(list).not.toContain('href="/admin"');
  });

  test('create form: trims and features as the product data allows; a rule violation is explained next to the feature', async () => {
    const olga = await signIn(base, 'olga');
    const clash = clashOf(configs);
    const form = await (
      await olga.get(`/work-orders/new?modelId=${clash.modelId}&trimId=${clash.trimId}`)
    ).text();
    const config = configs.find((c) => c.id === clash.modelId)!;
    for (const t of config.trims) expect(form).toContain(`value="${t.id}"`);
    for (const f of config.features) {
      const availability =
        f.availability.find((a) => a.trimId === clash.trimId)?.availability ?? 'unavailable';
      const item = new RegExp(`<li[^>]*data-feature="${f.id}"[^>]*>[\\s\\S]*?</li>`).exec(form)![0];
      if (availability === 'optional') expect(item).not.toContain('disabled');
      else expect(item).toContain('disabled');
      if (availability === 'unavailable') expect(item).toContain('not available in this trim');
    }
    const rejected = await olga.post('/work-orders', {
      modelId: clash.modelId,
      trimId: clash.trimId,
      featureIds: [clash.a, clash.b],
      quantity: '2',
      dueDate: '2027-02-01',
    });
    expect(rejected.status).toBe(422);
    const text = await rejected.text();
    expect(text).toContain('INVALID_SELECTION');
    const item = new RegExp(`<li[^>]*data-feature="${clash.a}"[^>]*>[\\s\\S]*?</li>`).exec(
      text,
    )![0];
    expect(item).toContain('class="field-error"');
    expect(item).toContain('cannot be combined with');
    // What was entered stays entered.
    expect(text).toContain('value="2027-02-01"');
    const badQuantity = await olga.post('/work-orders', {
      modelId: clash.modelId,
      trimId: clash.trimId,
      quantity: 'lots',
      dueDate: '2027-02-01',
    });
    expect(badQuantity.status).toBe(400);
    expect(await badQuantity.text()).toContain('Enter a whole number from 1 to 100000.');
    const created = await olga.post('/work-orders', {
      modelId: clash.modelId,
      trimId: clash.trimId,
      featureIds: [clash.a],
      quantity: '2',
      dueDate: '2027-02-01',
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/work-orders\/WO-\d{6}\?done=created$/);
    const detail = await (await olga.get(location)).text();
    expect(detail).toContain('Work order created.');
    expect(detail).toMatch(/data-source="mrp"/);
    expect(detail).toContain('mode shadow');
  });

  test('supervisors edit and cancel through CSRF-protected forms; without the token the form is refused', async () => {
    const sam = await signIn(base, 'sam');
    const page = await (await sam.get('/work-orders/WO-000001')).text();
    expect(page).toContain('action="/work-orders/WO-000001/edit"');
    expect(page).toContain('action="/work-orders/WO-000001/cancel"');
    const noToken = await sam.post(
      '/work-orders/WO-000001/cancel',
      { reason: 'x' },
      { csrf: false },
    );
    expect(noToken.status).toBe(403);
    expect(noToken.headers.get('content-type')).toContain('text/html');
    expect(await noToken.text()).toContain('CSRF');
    const edited = await sam.post('/work-orders/WO-000001/edit', {
      trimId: 'T-1001-1',
      quantity: '7',
      dueDate: '2027-04-01',
      expectedVersion: '1',
    });
    expect(edited.status).toBe(303);
    const after = await (await sam.get(edited.headers.get('location')!)).text();
    expect(after).toContain('Saved as a new version.');
    expect(after).toContain('frozen snapshot');
    const stale = await sam.post('/work-orders/WO-000001/edit', {
      quantity: '8',
      expectedVersion: '1',
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('CONFLICT');
    const cancelled = await sam.post('/work-orders/WO-000001/cancel', {
      reason: 'customer withdrew',
    });
    expect(cancelled.status).toBe(303);
    const list = await (await sam.get('/work-orders?status=cancelled')).text();
    expect(list).toContain('WO-000001');
    expect(list).not.toContain('WO-000003');
    // Paint's work order is not the assembly supervisor's to change.
    expect((await sam.post('/work-orders/WO-000002/cancel', {})).status).toBe(404);
  });

  test('the list pages', async () => {
    const ada = await signIn(base, 'ada');
    const first = await (await ada.get('/work-orders?pageSize=2')).text();
    expect(first).toContain('href="/work-orders?pageSize=2&amp;page=2"');
    const second = await (await ada.get('/work-orders?pageSize=2&page=2')).text();
    expect(second).toContain('Page 2 of');
    expect(second).toContain('← Newer');
    const paint = await (await ada.get('/work-orders?departmentId=paint')).text();
    expect([...paint.matchAll(/<td>(assembly|paint)<\/td>/g)].map((m) => m[1])).not.toContain(
      'assembly',
    );
  });

  test('admin: the mode switch goes through the service and the audit log; the health link is there', async () => {
    const ada = await signIn(base, 'ada');
    const page = await (await ada.get('/admin')).text();
    expect(page).toContain('href="/admin/plm-health"');
    expect(page).toContain('data-mode="shadow"');
    const noReason = await ada.post('/admin/plm-mode', { mode: 'enabled', reason: '' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('say why');
    expect(pair.host.integration.mode).toBe('shadow');
    const flipped = await ada.post('/admin/plm-mode', {
      mode: 'enabled',
      models: '',
      reason: 'pages test',
    });
    expect(flipped.status).toBe(303);
    expect(pair.host.integration.mode).toBe('enabled');
    const audit = await (await ada.get('/admin/audit?action=plm.mode-changed')).text();
    expect(audit).toContain('plm.mode-changed');
    expect(audit).toContain('pages test');
    expect(audit).toContain('u-ada');
  });

  test('enabled: a PLM-sourced work order shows the PLM badge with its revision; in an outage MRP data serves and the badge names the fallback', async () => {
    const ada = await signIn(base, 'ada');
    pair.host.integration.setMode('enabled', { by: 'test', reason: 'pages test' });
    const plm = await ada.post('/work-orders', {
      modelId: 'M-1002',
      trimId: 'T-1002-1',
      quantity: '1',
      dueDate: '2027-05-01',
      departmentId: 'paint',
    });
    expect(plm.status).toBe(303);
    const detail = await (await ada.get(plm.headers.get('location')!)).text();
    expect(detail).toMatch(/data-source="plm"/);
    expect(detail).toMatch(/rev [A-Z0-9.]+/);
    // Otto (paint) sees it, Olga (assembly) does not: the same rules for PLM-sourced orders.
    const id = /WO-\d{6}/.exec(plm.headers.get('location')!)![0];
    expect((await (await signIn(base, 'otto')).get(`/work-orders/${id}`)).status).toBe(200);
    expect((await (await signIn(base, 'olga')).get(`/work-orders/${id}`)).status).toBe(404);

    // PLM down: with fallback on (the default), MRP data serves and the badge says why.
    await pair.host.integration.invalidateModels(pair.mock.fixtures.models.map((m) => m.id));
    const fault = await fetch(`${pair.mock.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'outage', route: '/plm/**' }),
    });
    expect(fault.status).toBe(201);
    try {
      const fellBack = await ada.post('/work-orders', {
        modelId: 'M-1005',
        trimId: 'T-1005-1',
        quantity: '1',
        dueDate: '2027-05-01',
      });
      expect(fellBack.status).toBe(303);
      const fb = await (await ada.get(fellBack.headers.get('location')!)).text();
      expect(fb).toMatch(/data-source="mrp"/);
      expect(fb).toMatch(/data-fallback="(plm-maintenance|plm-unavailable|circuit-open)"/);
    } finally {
      await fetch(`${pair.mock.url}/__admin/faults`, { method: 'DELETE' });
    }
  });

  test('a model named with markup renders as text on every page (MRP name and PLM name)', async () => {
    const ada = await signIn(base, 'ada');
    const escaped = '&lt;img src=x onerror=alert(1)&gt;';
    const pages: string[] = [];
    for (const mode of ['shadow', 'enabled'] as const) {
      pair.host.integration.setMode(mode, { by: 'test', reason: 'xss test' });
      const created = await ada.post('/work-orders', {
        modelId: 'M-1001',
        trimId: 'T-1001-1',
        quantity: '1',
        dueDate: '2027-06-01',
      });
      expect(created.status, mode).toBe(303);
      const location = created.headers.get('location')!;
      const detail = await (await ada.get(location)).text();
      expect(detail).toMatch(mode === 'enabled' ? /data-source="plm"/ : /data-source="mrp"/);
      pages.push(
        detail,
        await (await ada.get('/work-orders/new?modelId=M-1001')).text(),
        await (await ada.get('/work-orders')).text(),
        await (await ada.get('/admin/audit')).text(),
      );
    }
    for (const text of pages) expect(text).not.toMatch(/<img/i);
    expect(pages[0]).toContain(escaped);
    expect(pages[1]).toContain(escaped);
    expect(pages[4]).toContain(escaped);
    expect(pages[5]).toContain(escaped);
    pair.host.integration.setMode('shadow', { by: 'test', reason: 'xss test' });
  });
});

describe('pages when PLM fails and nothing can serve', () => {
  let pair: HostHarness;
  beforeAll(async () => {
    pair = await startHostHarness('sqlite', { PLM_FALLBACK_ENABLED: 'false' });
  });
  afterAll(async () => {
    await pair?.close();
  });

  test("the banner shows the integration's userMessage and code, never upstream text, stacks or URLs", async () => {
    const olga = await signIn(pair.server.url, 'olga');
    const before = /(\d+) work orders/.exec(await (await olga.get('/work-orders')).text())?.[1];
    expect(before).toBeDefined();
    // The seeded work orders cached some models: drop them so PLM must be asked.
    await pair.host.integration.invalidateModels(pair.mock.fixtures.models.map((m) => m.id));
    const fault = await fetch(`${pair.mock.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'outage', route: '/plm/**' }),
    });
    expect(fault.status).toBe(201);
    const form = await olga.get('/work-orders/new?modelId=M-1003');
    const formText = await form.text();
    const res = await olga.post('/work-orders', {
      modelId: 'M-1003',
      trimId: 'T-1003-1',
      quantity: '1',
      dueDate: '2027-05-01',
    });
    expect(res.status).toBeGreaterThanOrEqual(500);
    const text = await res.text();
    for (const page of [formText, text]) {
      const banner =
        /<div class="banner error" role="alert"><strong>([^<]*)<\/strong><span class="code">([A-Z_]+)/.exec(
          page,
        );
      expect(banner).not.toBeNull();
      // Exactly the integration's userMessage for its code (maintenance names its end).
      const code = banner![2] as PlmIntegrationErrorCode;
      expect(Object.keys(plmIntegrationUserMessages)).toContain(code);
      const endsAt = /until (\d{4}-\d\d-\d\dT?[\d: ]+(?:UTC|Z))\. Try again after that\.$/.exec(
        banner![1] ?? '',
      )?.[1];
      const expected = new PlmIntegrationError({
        code,
        ...(endsAt === undefined ? {} : { maintenanceEndsAt: endsAt }),
      }).userMessage;
      expect(banner![1]).toBe(expected);
      expect(page).not.toContain(pair.mock.url);
      expect(page).not.toContain('127.0.0.1:');
      expect(page).not.toMatch(/\bat [\w.<>]+ \(/);
    }
    // Nothing was created.
    const total = async () =>
      /(\d+) work orders/.exec(await (await olga.get('/work-orders')).text())?.[1];
    expect(await total()).toBe(before);
  });
});
