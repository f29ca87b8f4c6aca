import { expect, test } from 'vitest';
import { createPlmHealthHandler, type PlmHealth, type PlmHealthHandler } from '../src/index.js';
import { startHarness, useSharedMock, type Harness } from './support/harness.js';
import { XSS, authorizeByHeader, shadowWithXss } from './support/healthSupport.js';

const plmMock = useSharedMock();

async function withHandler(run: (h: Harness, handler: PlmHealthHandler) => Promise<void>) {
  const h = await startHarness({}, { shadow: shadowWithXss(Date.UTC(2026, 2, 2, 10)) }, plmMock());
  try {
    await h.integration.getModelConfig('M-1001');
    await run(
      h,
      createPlmHealthHandler(h.integration, { authorize: authorizeByHeader, actions: true }),
    );
  } finally {
    await h.close();
  }
}

const BASE = 'http://mrp.local/admin/plm-health';
const get = (handler: PlmHealthHandler, path: string, user?: string) =>
  handler(
    new Request(`${BASE}${path}`, { headers: user === undefined ? {} : { 'x-test-user': user } }),
  );
const post = (
  handler: PlmHealthHandler,
  path: string,
  body: unknown,
  headers: Record<string, string>,
) =>
  handler(
    new Request(`${BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );

test('authorize decides every request: 401 and 403 as problem+json, for the page, JSON, assets and actions', async () => {
  await withHandler(async (_h, handler) => {
    for (const path of ['', '/plm-health.json', '/mismatches.json', '/assets/uplot.min.js']) {
      const anonymous = await get(handler, path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
      expect(await anonymous.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      const guest = await get(handler, path, 'guest');
      expect(guest.status).toBe(403);
      expect(await guest.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await get(handler, path, 'viewer')).status).toBe(200);
    }
    const viewerAction = await post(
      handler,
      '/actions/mode',
      { mode: 'disabled', reason: 'x' },
      {
        'x-test-user': 'viewer',
      },
    );
    expect(viewerAction.status).toBe(403);
    expect((await get(handler, '/nope', 'viewer')).status).toBe(404);
    const outside = await handler(
      new Request('http://mrp.local/admin/other', { headers: { 'x-test-user': 'viewer' } }),
    );
    expect(outside.status).toBe(404);
  });
});

test('admin actions need the CSRF token of the signed-in actor; each is audited with the actor', async () => {
  await withHandler(async (h, handler) => {
    const page = await (await get(handler, '', 'admin')).text();
    const token = /name="plm-health-csrf" content="([^"]+)"/.exec(page)?.[1];
    expect(token).toBeDefined();
    // The viewer's page has no token and no admin section.
    const viewerPage = await (await get(handler, '', 'viewer')).text();
    expect(viewerPage).not.toContain('plm-health-csrf');
    expect(viewerPage).not.toContain('id="admin"');

    const body = { mode: 'shadow', reason: 'PLM deploy' };
    const missing = await post(handler, '/actions/mode', body, { 'x-test-user': 'admin' });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ code: 'CSRF_INVALID' });
    const wrong = await post(handler, '/actions/mode', body, {
      'x-test-user': 'admin',
      'x-csrf-token': `${token!.slice(0, -2)}xx`,
    });
    expect(wrong.status).toBe(403);
    expect(h.integration.mode).toBe('enabled');

    const ok = await post(handler, '/actions/mode', body, {
      'x-test-user': 'admin',
      'x-csrf-token': token!,
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as PlmHealth).mode.mode).toBe('shadow');
    expect(h.integration.mode).toBe('shadow');
    expect(h.audit.filter((e) => e.type === 'mode.changed')).toEqual([
      expect.objectContaining({
        from: 'enabled',
        to: 'shadow',
        by: 'admin@example.com',
        reason: 'PLM deploy',
      }),
    ]);

    const headers = { 'x-test-user': 'admin', 'x-csrf-token': token! };
    expect(
      (await post(handler, '/actions/circuit-isolate', { reason: 'drill' }, headers)).status,
    ).toBe(200);
    expect(h.integration.stats().circuit).toBe('isolated');
    expect(
      (await post(handler, '/actions/circuit-reset', { reason: 'drill over' }, headers)).status,
    ).toBe(200);
    expect(h.integration.stats().circuit).toBe('closed');
    expect((await post(handler, '/actions/guard-reset', { reason: 'x' }, headers)).status).toBe(
      200,
    );
    const noReason = await post(handler, '/actions/mode', { mode: 'enabled' }, headers);
    expect(noReason.status).toBe(400);
    const badMode = await post(handler, '/actions/mode', { mode: 'on', reason: 'x' }, headers);
    expect(badMode.status).toBe(400);
    expect(
      h.audit
        .filter((e) => e.type === 'circuit.admin')
        .map((e) => e.type === 'circuit.admin' && e.by),
    ).toEqual(['admin@example.com', 'admin@example.com']);
  });
});

test('a model named <img src=x onerror=alert(1)> is escaped in the page and inert in the JSON; strict CSP', async () => {
  await withHandler(async (_h, handler) => {
    const response = await get(handler, '', 'viewer');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).not.toContain(XSS);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    // No inline script or style at all: every <script> has a src on the handler.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBe(2);
    for (const tag of scripts) expect(tag).toMatch(/src="\/admin\/plm-health\/assets\/[a-z.]+"/);
    expect(html).not.toMatch(/<style|style="/);
    // The same drift of M-1002 seen on two reads is one row of the first render, seen twice.
    const m1002 = [...html.matchAll(/<tr><td>[^<]*<\/td><td>M-1002<\/td>.*?<\/tr>/g)];
    expect(m1002).toHaveLength(1);
    expect(m1002[0]![0]).toContain('<td class="num">2</td>');

    const mismatches = await get(handler, '/mismatches.json?severity=critical', 'viewer');
    expect(mismatches.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const raw = await mismatches.text();
    expect(raw).not.toContain('<');
    const parsed = JSON.parse(raw) as { modelId: string }[];
    expect(parsed.map((m) => m.modelId)).toEqual([XSS]);
    const byModel = (await (
      await get(handler, '/mismatches.json?model=M-1002', 'viewer')
    ).json()) as unknown[];
    expect(byModel).toHaveLength(2); // the JSON lists every mismatch; the page groups them
    expect((await get(handler, '/mismatches.json?severity=major', 'viewer')).status).toBe(400);
  });
});

test('health JSON and page never carry a secret; assets come from the handler', async () => {
  await withHandler(async (_h, handler) => {
    const json = await (await get(handler, '/plm-health.json', 'admin')).text();
    const html = await (await get(handler, '', 'admin')).text();
    for (const text of [json, html]) {
      expect(text).not.toContain('mrp-secret');
      expect(text.toLowerCase()).not.toContain('bearer');
    }
    expect(JSON.parse(json)).toMatchObject({ mode: { mode: 'enabled' }, shadow: { compared: 20 } });
    const uplot = await get(handler, '/assets/uplot.min.js', 'viewer');
    expect(uplot.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await uplot.text()).toContain('uPlot');
    expect((await get(handler, '/assets/uplot.min.css', 'viewer')).status).toBe(200);
    const script = await (await get(handler, '/assets/health.js', 'viewer')).text();
    expect(script).toContain('textContent');
    expect(script).not.toContain('innerHTML');
    expect((await get(handler, '/assets/../../package.json', 'viewer')).status).toBe(404);
  });
});
