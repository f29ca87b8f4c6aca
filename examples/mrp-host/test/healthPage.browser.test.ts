/// <reference lib="dom" />
import { generateFixtures, type Fixtures } from '@mrp-plm/plm-mock';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLM_HEALTH_PATH, SESSION_COOKIE } from '../src/index.js';
import { chromiumAvailable, launchChromium, saveScreenshot } from './support/chromium.js';
import { startHostHarness, TEST_MODELS, type HostHarness } from './support/hostHarness.js';

// The health page in real Chromium against the host and plm-mock (issue #12, section 1).

const haveChromium = chromiumAvailable('the health page browser tests');

const XSS = '<img src=x onerror=alert(1)>';
/** The model whose PLM name is {@link XSS} (MRP keeps its own name: a shadow difference). */
const XSS_MODEL = 'M-1002';
/** Bounds every wait on the page: it refreshes every second. */
const PAGE_WAIT_MS = 15_000;

/** The seed's fixtures with a 25 % drift (as the host seeds them), one PLM name hostile. */
function hostileFixtures(): Fixtures {
  const fixtures = generateFixtures({ seed: 1, models: TEST_MODELS, drift: 0.25 });
  // The generator keeps both sides in one order (M-1002 is MDL-000002).
  const index = fixtures.mrp.models.findIndex((m) => m.id === XSS_MODEL);
  return {
    ...fixtures,
    models: fixtures.models.map((m, i) => (i === index ? { ...m, name: XSS } : m)),
  };
}

describe.skipIf(!haveChromium)('/admin/plm-health in Chromium', () => {
  let h: HostHarness;
  let browser: Browser;
  let fixtures: Fixtures;
  let ada: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    fixtures = hostileFixtures();
    h = await startHostHarness(
      'sqlite',
      {
        PLM_MODE: 'shadow',
        PLM_SHADOW_SAMPLE_RATE: '1',
        PLM_CACHE_ENABLED: 'false',
        MRP_SEED_DRIFT: '0.25',
      },
      { mockFixtures: fixtures, host: { healthRefreshMs: 1000 } },
    );
    browser = await launchChromium();
    ada = await h.token('ada');
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  /** A browser context signed in (cookie session, as a page gets it), or signed out. */
  async function contextOf(username: string | undefined): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    if (username !== undefined) {
      const login = await context.request.post(`${h.server.url}/api/login`, {
        data: { username, password: `${username}-demo`, session: 'cookie' },
      });
      expect(login.status()).toBe(200);
      // The cookie's expiry comes from the host's test clock (days before the browser's real
      // date), so Chromium drops it: give the context the same session as a session cookie.
      const token = /mrp_session=([^;]+)/.exec(login.headers()['set-cookie'] ?? '')?.[1];
      expect(token).toBeDefined();
      await context.addCookies([
        {
          name: SESSION_COOKIE,
          value: token!,
          url: h.server.url,
          httpOnly: true,
          sameSite: 'Strict',
        },
      ]);
    }
    return context;
  }

  async function openHealthPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const response = await page.goto(`${h.server.url}${PLM_HEALTH_PATH}`);
    expect(response?.status()).toBe(200);
    return page;
  }

  /** Waits (bounded) until the element's text satisfies the pattern. */
  async function waitForText(page: Page, selector: string, pattern: RegExp): Promise<string> {
    await page.waitForFunction(
      ([sel, source, flags]) =>
        new RegExp(source!, flags).test(document.querySelector(sel!)?.textContent ?? ''),
      [selector, pattern.source, pattern.flags],
      { timeout: PAGE_WAIT_MS, polling: 100 },
    );
    return (await page.textContent(selector)) ?? '';
  }

  /** The diff viewer's rows: when, model, severity, path, MRP value, PLM value, times seen. */
  const mismatchRows = (page: Page): Promise<string[][]> =>
    page.$$eval('#mismatches tr', (rows: Element[]) =>
      rows.map((r) => Array.from(r.children, (td: Element) => td.textContent ?? '')),
    );

  /** Reads every model's configuration through the host's API (always answered with data). */
  async function readAllModels(): Promise<void> {
    for (const model of fixtures.mrp.models) {
      const res = await h.api(ada, 'GET', `/api/product-configs/${model.id}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  }

  it('the diff viewer lists the drifted models with both values side by side; a hostile PLM name is text', async () => {
    await readAllModels();
    await h.host.shadow!.idle();
    const context = await contextOf('ada');
    try {
      const page = await openHealthPage(context);
      // The server renders the first list; then the page's script refreshes it (textContent only).
      await waitForText(page, '#updated', /^as of \d/);
      await waitForText(page, '#mismatches', new RegExp(XSS_MODEL));
      const rows = await mismatchRows(page);
      const models = new Set(rows.map((r) => r[1]));
      const drifted = fixtures.drift.map((d) => d.mrpModelId);
      expect([...models].sort()).toEqual([...drifted, XSS_MODEL].sort());
      // Each drift of the mock's report is shown with the MRP and the PLM value side by side.
      for (const record of fixtures.drift) {
        const ofModel = rows.filter((r) => r[1] === record.mrpModelId);
        const shown = ofModel.some(
          (r) =>
            `${r[3]} ${r[4]}`.includes(String(record.mrpValue)) &&
            `${r[3]} ${r[5]}`.includes(String(record.plmValue)),
        );
        expect(shown, `${record.description}: ${JSON.stringify(ofModel)}`).toBe(true);
      }
      const mrpName = fixtures.mrp.models.find((m) => m.id === XSS_MODEL)!.name;
      const hostile = rows.find((r) => r[1] === XSS_MODEL && r[3] === 'name');
      expect(hostile?.slice(4, 6)).toEqual([mrpName, XSS]);
      // The name is text: no element was created from it and no dialog fired.
      expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
      expect(await page.$$eval('[onerror]', (els) => els.length)).toBe(0);
      await page.fill('#f-model', XSS_MODEL);
      await waitForText(page, '#mismatches', /^(?!.*M-1001)/);
      expect((await mismatchRows(page)).every((r) => r[1] === XSS_MODEL)).toBe(true);
      expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
      await page.fill('#f-model', '');
      await saveScreenshot(page, 'health-diff-viewer');
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows live data: the circuit opening in a PLM outage, the fallback share rising, the alert firing, and recovery', async () => {
    const enabled = await h.api(ada, 'POST', '/api/admin/plm-mode', {
      mode: 'enabled',
      models: [],
      reason: 'browser test: PLM primary',
    });
    expect(enabled.status).toBe(200);
    const context = await contextOf('ada');
    try {
      const page = await openHealthPage(context);
      await readAllModels();
      await waitForText(page, '#t-mode', /^enabled$/);
      await waitForText(page, '#t-circuit', /^closed$/);
      await waitForText(page, '#status', /^ok$/);
      const before = await waitForText(page, '#fallbacks', /fallbacks0 \(0\.0 %\)/);
      expect(before).toContain('reads');
      await saveScreenshot(page, 'health-live');

      // Outage: every PLM call fails; reads keep answering (MRP fallback), the circuit opens.
      h.mock.faults.set({ kind: 'outage' });
      await readAllModels();
      await readAllModels();
      await waitForText(page, '#t-circuit', /^open$/);
      const share = await waitForText(page, '#fallbacks', /fallbacks[1-9]\d* \(\d/);
      expect(Number(/\(([\d.]+) %\)/.exec(share)?.[1])).toBeGreaterThan(0);
      await waitForText(page, '#transitions', /closed → open/);
      // Alerts are evaluated every 10 s of the clock: the availability alert is pending, then
      // fires once its condition has held for a minute.
      await h.clock.advance(10_000);
      await waitForText(page, '#t-alerts-sub', /plm-availability/);
      await h.clock.advance(70_000);
      await waitForText(page, '#alerts', /plm-availabilityfiring/);
      await waitForText(page, '#status', /^critical$/);
      await saveScreenshot(page, 'health-outage');

      // Recovery: the mock is healthy again; the half-open probe closes the circuit and, once
      // the failures left the 5-minute window, the alert resolves.
      h.mock.faults.clear();
      await h.clock.advance(31_000);
      await readAllModels();
      await waitForText(page, '#t-circuit', /^closed$/);
      await h.clock.advance(310_000);
      await readAllModels();
      await readAllModels();
      await h.clock.advance(10_000);
      await waitForText(page, '#alerts', /plm-availabilityresolved/);
      // PLM is healthy again. Only the critical drift the shadow comparison found in the first
      // test may keep an alert active (for its 15-minute window); the page says what the JSON says.
      const health = h.host.integration.health();
      expect(health.activeAlerts.filter((a) => a !== 'shadow-critical-diffs')).toEqual([]);
      await waitForText(page, '#status', new RegExp(`^${health.status}$`));
      await saveScreenshot(page, 'health-recovered');
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a non-admin gets 403 and sees no data', async () => {
    const context = await contextOf('olga');
    try {
      const page = await context.newPage();
      const response = await page.goto(`${h.server.url}${PLM_HEALTH_PATH}`);
      expect(response?.status()).toBe(403);
      const text = (await page.textContent('body')) ?? '';
      expect(text).toContain('FORBIDDEN');
      expect(text).not.toMatch(/M-10\d\d|circuit|fallback/i);
      for (const path of ['plm-health.json', 'mismatches.json', 'assets/health.js']) {
        const res = await context.request.get(`${h.server.url}${PLM_HEALTH_PATH}/${path}`);
        expect(res.status(), path).toBe(403);
        expect(await res.text()).not.toMatch(/M-10\d\d/);
      }
      await saveScreenshot(page, 'health-forbidden');
    } finally {
      await context.close();
    }
  });

  it('a signed-out visitor is sent to the login page; the JSON answers 401', async () => {
    const context = await contextOf(undefined);
    try {
      const page = await context.newPage();
      const response = await page.goto(`${h.server.url}${PLM_HEALTH_PATH}`);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe(PLM_HEALTH_PATH);
      const text = (await page.textContent('body')) ?? '';
      expect(text).not.toMatch(/M-10\d\d|circuit/i);
      const json = await context.request.get(`${h.server.url}${PLM_HEALTH_PATH}/plm-health.json`);
      expect(json.status()).toBe(401);
      await saveScreenshot(page, 'health-signed-out');
    } finally {
      await context.close();
    }
  });
});
