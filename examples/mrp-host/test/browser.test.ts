import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHostHarness, type HostHarness } from './support/hostHarness.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') {
  throw new Error(`${CHROMIUM} is missing (CI=true): the browser test cannot run`);
}
if (!available) {
  console.warn(
    `[mrp-host] browser test skipped: ${CHROMIUM} is missing (install Debian's chromium)`,
  );
}

describe.skipIf(!available)('pages in headless Chromium', () => {
  let pair: HostHarness;
  let browser: Browser;
  beforeAll(async () => {
    // Chromium judges the session cookie's expiry by the real clock: start the test clock there.
    pair = await startHostHarness('sqlite', { PLM_MODE: 'shadow' }, { clockStart: Date.now() });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await pair?.close();
  });

  test('an operator logs in and creates a work order through the form', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(8_000);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${pair.server.url}/work-orders/new`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#username', 'olga');
    await page.fill('#password', 'olga-demo');
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/work-orders\/new$/);
    // The stylesheet applied under the CSP (the header bar is dark, not the default white).
    const bar = await page.evaluate<string>(
      "getComputedStyle(document.querySelector('header.top')).backgroundColor",
    );
    expect(bar).toBe('rgb(24, 36, 58)');

    await page.selectOption('#modelId', 'M-1002');
    await page.click('form.filters button[type=submit]');
    await page.waitForSelector('form[action="/work-orders"]');
    await page.fill('#quantity', '3');
    await page.fill('#dueDate', '2027-02-15');
    await page.click('form[action="/work-orders"] button[type=submit]');
    await page.waitForURL(/\/work-orders\/WO-\d{6}\?done=created$/);
    expect(await page.textContent('.banner.ok')).toContain('Work order created.');
    expect(await page.textContent('h1')).toMatch(/Work order WO-\d{6}/);
    expect(await page.getAttribute('.source', 'data-source')).toBe('mrp');
    const id = /WO-\d{6}/.exec(page.url())![0];
    const stored = await pair.host.workOrders.get(
      {
        id: 'u-olga',
        username: 'olga',
        displayName: 'Olga',
        role: 'operator',
        departmentId: 'assembly',
      },
      id,
    );
    expect(stored).toMatchObject({
      modelId: 'M-1002',
      trimId: 'T-1002-1',
      quantity: 3,
      dueDate: '2027-02-15',
    });
    expect(violations).toEqual([]);
  });
});
