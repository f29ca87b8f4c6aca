/*
 * The health page in real Chromium (playwright-core) against an integration wired to plm-mock:
 * it renders, refreshes, filters the diff viewer, shows a hostile model name as text, runs no
 * injected script and breaks no CSP rule. Set PLM_HEALTH_SCREENSHOT=<file.png> to keep a
 * screenshot (never committed).
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createPlmHealthHandler, type PlmHealthAccess } from '../src/index.js';
import { MODEL_IDS, startHarness, type Harness } from './support/harness.js';
import { XSS, gatedClient, readsWithLatency, shadowWithXss } from './support/healthSupport.js';
import { chromiumAvailable, launchChromium } from '../../../test-support/chromium.js';

const available = chromiumAvailable('[mrp-integration] health page in Chromium');

let mock: PlmMock;
let h: Harness;
let server: ServerType;
let browser: Browser | undefined;
let base: string;

const authorize = (request: Request): PlmHealthAccess =>
  (request.headers.get('cookie') ?? '').includes('session=admin')
    ? { status: 'allowed', actor: 'admin@example.com', canAdmin: true }
    : { status: 'unauthenticated' };

beforeAll(async () => {
  if (!available) return;
  mock = await startPlmMock({ seed: 1, models: 50 });
  const gated = gatedClient(mock);
  h = await startHarness(
    { cacheEnabled: false, timeoutMs: 10_000 },
    { client: gated.client, shadow: shadowWithXss(Date.UTC(2026, 2, 2, 10)) },
    mock,
  );
  // Some traffic: fast and slow reads, a few failures, over a couple of minutes.
  for (let i = 0; i < 12; i++) {
    await readsWithLatency(h, gated, MODEL_IDS.slice(i, i + 4), 80 + i * 40);
    if (i % 4 === 3) {
      mock.faults.set({ kind: 'error', status: 500, route: 'getModelConfig', count: 1 });
      await h.integration.getModelConfig(MODEL_IDS[i]!);
    }
    await h.clock.advance(10_000);
  }
  h.integration.countDeprecatedRead('GET /api/products');
  const handler = createPlmHealthHandler(h.integration, { authorize, actions: true });
  server = serve({ fetch: handler, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  await h?.close();
  await mock?.close();
});

test.skipIf(!available)(
  'the page renders live figures, escapes hostile names and breaks no CSP rule',
  async () => {
    const context = await browser!.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.addCookies([{ name: 'session', value: 'admin', url: base }]);
    const page = await context.newPage();
    const dialogs: string[] = [];
    const problems: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      const response = await page.goto(`${base}/admin/plm-health`);
      expect(response?.status()).toBe(200);
      // The script replaced the server's first render with the JSON's figures.
      const rows = (selector: string) => page.locator(selector).count();
      const poll = { timeout: 10_000 };
      await expect.poll(() => rows('#alerts tr'), poll).toBe(7);
      await page.waitForSelector('#chart-latency .uplot', { timeout: 10_000 });
      expect(await page.textContent('#t-mode')).toBe('enabled');
      expect(await page.textContent('#t-circuit')).toBe('closed');
      expect(await rows('#chart-errors .uplot')).toBe(1);
      // The hostile name is text in the diff viewer, never an element.
      await expect
        .poll(() => page.locator('#mismatches td').getByText(XSS, { exact: true }).count(), poll)
        .toBe(3); // the model column of its two differences and the MRP value of `name`
      expect(await rows('#mismatches img')).toBe(0);
      expect(await rows('img[src="x"]')).toBe(0);
      // Filter by severity, then by model.
      await page.selectOption('#f-severity', 'critical');
      await expect.poll(() => rows('#mismatches tr'), poll).toBe(1);
      expect(await page.textContent('#mismatches td.path')).toContain('quantity');
      await page.selectOption('#f-severity', '');
      await page.fill('#f-model', 'M-1002');
      await expect.poll(() => rows('#mismatches tr'), poll).toBe(1);
      expect(await page.textContent('#mismatches td:nth-child(2)')).toBe('M-1002');
      expect(await page.textContent('#mismatches td:nth-child(7)')).toBe('2'); // two reads, one row
      await page.fill('#f-model', '');
      await expect.poll(() => rows('#mismatches tr'), poll).toBe(3);

      const screenshot = process.env['PLM_HEALTH_SCREENSHOT'];
      if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });

      // An admin action through the page (CSRF token from the page's meta tag).
      await page.fill('#a-reason', 'browser test');
      await page.click('#b-isolate');
      await expect.poll(() => page.textContent('#t-circuit'), poll).toBe('isolated');
      expect(h.integration.stats().circuit).toBe('isolated');
      await page.click('#b-reset');
      await expect.poll(() => page.textContent('#t-circuit'), poll).toBe('closed');

      expect(dialogs).toEqual([]);
      expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  },
);
