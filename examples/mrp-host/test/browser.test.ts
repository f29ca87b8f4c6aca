/// <reference lib="dom" />
import { PlmIntegrationError, type PlmIntegrationErrorCode } from '@mrp-plm/mrp-integration';
import { generateFixtures, type Fixtures } from '@mrp-plm/plm-mock';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostUser } from '../src/index.js';
import { chromiumAvailable, launchChromium, saveScreenshot } from './support/chromium.js';
import { startHostHarness, TEST_MODELS, type HostHarness } from './support/hostHarness.js';

// The work-order pages in real Chromium against the host and plm-mock (issue #12, section 1):
// an operator creates work orders through the form in every mode and in a PLM outage, and model
// and trim names with markup (from MRP's tables and from PLM) render as text on every page.

const haveChromium = chromiumAvailable('the work-order pages browser tests');

/** The hostile model name of issue #12 (MRP's and PLM's name of {@link HOSTILE_MODEL}). */
const XSS = '<img src=x onerror=alert(1)>';
/** A hostile trim name (the first trim of {@link HOSTILE_MODEL}, on both sides). */
const XSS_TRIM = '<img src=y onerror=alert(2)>';
const HOSTILE_MODEL = 'M-1001';
const HOSTILE_TRIM = 'T-1001-1';
/** Bounds every wait on a page (navigation, selector): a page never waits longer. */
const PAGE_WAIT_MS = 8_000;

/** The seed's fixtures (no drift, as the host seeds itself) with PLM's names of M-1001 hostile. */
function hostileFixtures(): Fixtures {
  const fixtures = generateFixtures({ seed: 1, models: TEST_MODELS, drift: 0 });
  // The generator keeps both sides in one order (M-1001 is MDL-000001).
  const index = fixtures.mrp.models.findIndex((m) => m.id === HOSTILE_MODEL);
  return {
    ...fixtures,
    models: fixtures.models.map((m, i) =>
      i === index
        ? {
            ...m,
            name: XSS,
            trims: m.trims.map((t, j) => (j === 0 ? { ...t, name: XSS_TRIM } : t)),
          }
        : m,
    ),
  };
}

const olga: HostUser = {
  id: 'u-olga',
  username: 'olga',
  displayName: 'Olga',
  role: 'operator',
  departmentId: 'assembly',
};

/** A fresh browser context with one page, and what the page did that it must not do. */
interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Messages of every `alert`/`confirm`/`prompt` the page opened (must stay empty). */
  readonly dialogs: string[];
  /** Console messages about Content Security Policy violations (must stay empty). */
  readonly cspViolations: string[];
}

describe.skipIf(!haveChromium)('work-order pages in headless Chromium', () => {
  /** Fallback to MRP on (the default); starts in `disabled`; M-1001 is hostile on both sides. */
  let h: HostHarness;
  /** Fallback off: in an outage nothing can serve. */
  let strict: HostHarness;
  let browser: Browser;

  beforeAll(async () => {
    // Chromium judges the session cookie's expiry by the real clock: the test clocks start there.
    const clockStart = Date.now();
    [h, strict] = await Promise.all([
      startHostHarness(
        'sqlite',
        { PLM_MODE: 'disabled' },
        { clockStart, mockFixtures: hostileFixtures() },
      ),
      startHostHarness('sqlite', { PLM_FALLBACK_ENABLED: 'false' }, { clockStart }),
    ]);
    const db = h.host.database.db;
    await db.updateTable('mrp_models').set({ name: XSS }).where('id', '=', HOSTILE_MODEL).execute();
    await db
      .updateTable('mrp_trims')
      .set({ name: XSS_TRIM })
      .where('id', '=', HOSTILE_TRIM)
      .execute();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([h?.close(), strict?.close()]);
  });

  /** Signs `username` in through the login form in a fresh context; `run` gets the page. */
  async function asUser(
    harness: HostHarness,
    username: string,
    run: (session: Session) => Promise<void>,
  ): Promise<void> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(PAGE_WAIT_MS);
      const session: Session = { context, page, dialogs: [], cspViolations: [] };
      page.on('dialog', (dialog) => {
        session.dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) session.cspViolations.push(m.text());
      });
      await page.goto(`${harness.server.url}/work-orders/new`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('#username', username);
      await page.fill('#password', `${username}-demo`);
      await page.click('main button[type=submit]');
      await page.waitForURL(/\/work-orders\/new$/);
      await run(session);
      expect(session.dialogs).toEqual([]);
      expect(session.cspViolations).toEqual([]);
    } finally {
      await context.close();
    }
  }

  async function setMode(harness: HostHarness, mode: 'disabled' | 'shadow' | 'enabled') {
    const res = await harness.api(await harness.token('ada'), 'POST', '/api/admin/plm-mode', {
      mode,
      models: [],
      reason: `browser test: ${mode}`,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  /** Picks a model on the form's first step and waits for its trims and features. */
  async function chooseModel(page: Page, modelId: string): Promise<void> {
    await page.selectOption('#modelId', modelId);
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(new RegExp(`/work-orders/new\\?modelId=${modelId}`));
  }

  /** Fills and submits the form's second step. */
  async function submitOrder(page: Page, quantity: string, dueDate: string): Promise<void> {
    await page.fill('#quantity', quantity);
    await page.fill('#dueDate', dueDate);
    await page.click('form[action="/work-orders"] button[type=submit]');
    await page.waitForLoadState('domcontentloaded');
  }

  /** The page has no element made from markup in a name, and no dialog opened. */
  async function expectNoInjectedElement(session: Session): Promise<void> {
    const { page } = session;
    expect(await page.$$eval('img', (els) => els.length)).toBe(0);
    expect(await page.$$eval('[onerror]', (els) => els.length)).toBe(0);
    expect(session.dialogs).toEqual([]);
  }

  /** Page text a person must never see: upstream URLs, hosts, stacks, raw problem documents. */
  function expectNoUpstreamText(text: string, harness: HostHarness): void {
    expect(text).not.toContain(harness.mock.url);
    expect(text).not.toContain('127.0.0.1:');
    expect(text).not.toMatch(/\bat [\w.<>]+ \(/);
    expect(text).not.toMatch(/problem\+json|ECONNREFUSED|Service Unavailable|upstream/i);
  }

  test.for([
    { mode: 'disabled', source: 'mrp' },
    { mode: 'shadow', source: 'mrp' },
    { mode: 'enabled', source: 'plm' },
  ] as const)(
    'in $mode mode an operator creates a work order through the form and sees the $source badge',
    async ({ mode, source }) => {
      await setMode(h, mode);
      await h.host.shadow?.idle();
      const plmRequestsBefore = h.mock.stats().totalRequests;
      await asUser(h, 'olga', async ({ page }) => {
        // The stylesheet applied under the CSP (the header bar is dark, not the default white).
        const bar = await page.evaluate<string>(
          "getComputedStyle(document.querySelector('header.top')).backgroundColor",
        );
        expect(bar).toBe('rgb(24, 36, 58)');
        await chooseModel(page, 'M-1002');
        // The form says where the product data on offer comes from.
        const formBadge = page.locator('form.filters .source');
        expect(await formBadge.getAttribute('data-source')).toBe(source);
        expect(await formBadge.textContent()).toContain(`mode ${mode}`);
        expect(await formBadge.locator('[data-fallback]').count()).toBe(0);
        await saveScreenshot(page, `work-order-form-${mode}`);

        await submitOrder(page, '3', '2027-02-15');
        await page.waitForURL(/\/work-orders\/WO-\d{6}\?done=created$/);
        expect(await page.textContent('.banner.ok')).toContain('Work order created.');
        expect(await page.textContent('h1')).toMatch(/Work order WO-\d{6}/);
        const badge = page.locator('.card .source').first();
        expect(await badge.getAttribute('data-source')).toBe(source);
        expect(await badge.textContent()).toContain(`mode ${mode}`);
        expect(await badge.textContent()).toMatch(source === 'plm' ? /rev \S+/ : /^MRP/);
        expect(await badge.locator('[data-fallback]').count()).toBe(0);
        expect(await page.locator('.source .badge').first().isVisible()).toBe(true);
        await saveScreenshot(page, `work-order-detail-${mode}`);

        const id = /WO-\d{6}/.exec(page.url())![0];
        const stored = await h.host.workOrders.get(olga, id);
        expect(stored).toMatchObject({
          modelId: 'M-1002',
          trimId: 'T-1002-1',
          quantity: 3,
          dueDate: '2027-02-15',
          dataSource: source,
        });
      });
      // disabled: MRP data only, not one PLM call (counted at the mock).
      if (mode === 'disabled') expect(h.mock.stats().totalRequests).toBe(plmRequestsBefore);
    },
  );

  test.for(['shadow', 'enabled'] as const)(
    'in %s mode a model and trim named with markup show as text on the form, the detail and the list',
    async (mode) => {
      await setMode(h, mode);
      let id = '';
      await asUser(h, 'olga', async (session) => {
        const { page } = session;
        // The form's model choices: the name is the option's text, not an element.
        const option = page.locator(`#modelId option[value="${HOSTILE_MODEL}"]`);
        expect(await option.textContent()).toBe(`${XSS} (${HOSTILE_MODEL})`);
        await expectNoInjectedElement(session);

        await chooseModel(page, HOSTILE_MODEL);
        // Chosen: the closed select shows the name; the trim choices and the heading show theirs.
        expect(
          await page.$eval('#modelId', (s: HTMLSelectElement) => s.selectedOptions[0]?.text),
        ).toBe(`${XSS} (${HOSTILE_MODEL})`);
        expect(
          await page.$eval('#trimId', (s: HTMLSelectElement) => s.selectedOptions[0]?.text),
        ).toBe(XSS_TRIM);
        const heading = page.locator('form[action="/work-orders"] h2');
        expect(await heading.textContent()).toBe(`${XSS} · ${XSS_TRIM}`);
        expect(await heading.isVisible()).toBe(true);
        await expectNoInjectedElement(session);
        await saveScreenshot(page, `work-order-form-hostile-${mode}`);

        await submitOrder(page, '1', '2027-06-01');
        await page.waitForURL(/\/work-orders\/WO-\d{6}\?done=created$/);
        id = /WO-\d{6}/.exec(page.url())![0];
        const model = page.locator('dl.facts dd').first();
        expect(await model.textContent()).toBe(`${XSS} ${HOSTILE_MODEL}`);
        expect(await model.isVisible()).toBe(true);
        expect(await page.getByText(XSS_TRIM).first().isVisible()).toBe(true);
        // The versions table names the trim; the edit form is a supervisor's (below).
        expect(await page.locator('table tbody tr td').nth(3).textContent()).toContain(XSS_TRIM);
        expect(await page.locator('form[action$="/edit"]').count()).toBe(0);
        await expectNoInjectedElement(session);
        await saveScreenshot(page, `work-order-detail-hostile-${mode}`);

        // The list names models by id; the hostile one's row is there and made no element.
        await page.goto(`${h.server.url}/work-orders`);
        expect(await page.locator(`a[href="/work-orders/${id}"]`).isVisible()).toBe(true);
        await expectNoInjectedElement(session);
        await saveScreenshot(page, `work-order-list-hostile-${mode}`);
      });
      // A supervisor sees the edit form, whose trim choices carry the hostile name as text too.
      await asUser(h, 'sam', async (session) => {
        const { page } = session;
        await page.goto(`${h.server.url}/work-orders/${id}`);
        expect(
          await page.$eval('form[action$="/edit"] #trimId', (s: HTMLSelectElement) =>
            Array.from(s.options, (o) => o.text),
          ),
        ).toContain(XSS_TRIM);
        await expectNoInjectedElement(session);
      });
    },
  );

  test('PLM outage with fallback on: the form and the work order show MRP data with the fallback badge, never an upstream error', async () => {
    await setMode(h, 'enabled');
    // Nothing cached: PLM must be asked, and it is down.
    await h.host.integration.invalidateModels(h.mock.fixtures.models.map((m) => m.id));
    // PLM unreachable: plm-mock drops every connection.
    h.mock.faults.set({ kind: 'outage', route: '/plm/**', response: 'reset' });
    try {
      await asUser(h, 'olga', async ({ page }) => {
        await chooseModel(page, 'M-1003');
        const formBadge = page.locator('form.filters .source');
        expect(await formBadge.getAttribute('data-source')).toBe('mrp');
        const formFallback = await formBadge
          .locator('[data-fallback]')
          .getAttribute('data-fallback');
        expect(formFallback).toMatch(/^(plm-unavailable|circuit-open)$/);
        expect(await formBadge.locator('[data-fallback]').isVisible()).toBe(true);
        expectNoUpstreamText((await page.textContent('body')) ?? '', h);
        await saveScreenshot(page, 'work-order-form-outage-fallback');

        await submitOrder(page, '2', '2027-03-01');
        await page.waitForURL(/\/work-orders\/WO-\d{6}\?done=created$/);
        const badge = page.locator('.card .source').first();
        expect(await badge.getAttribute('data-source')).toBe('mrp');
        expect(await badge.locator('[data-fallback]').textContent()).toMatch(/^fallback: PLM /);
        expect(await badge.textContent()).toContain('mode enabled');
        expectNoUpstreamText((await page.textContent('body')) ?? '', h);
        await saveScreenshot(page, 'work-order-detail-outage-fallback');
      });
    } finally {
      h.mock.faults.clear();
    }
  });

  test("PLM outage with fallback off: creating shows the integration's friendly message and code, nothing is created, and the operator resumes once PLM is back", async () => {
    const count = async () => (await strict.host.workOrders.list(olga, { pageSize: 1 })).total;
    await asUser(strict, 'olga', async ({ context, page }) => {
      // PLM is up while the operator picks the model; it goes down before the form is sent
      // (plm-mock's outage answers 503 MAINTENANCE with Retry-After).
      await chooseModel(page, 'M-1004');
      expect(await page.getAttribute('form.filters .source', 'data-source')).toBe('plm');
      const before = await count();
      await strict.host.integration.invalidateModels(strict.mock.fixtures.models.map((m) => m.id));
      strict.mock.faults.set({ kind: 'outage', route: '/plm/**' });
      try {
        await submitOrder(page, '2', '2027-03-01');
        expect(new URL(page.url()).pathname).toBe('/work-orders');
        const banner = page.locator('.banner.error[role=alert]');
        expect(await banner.isVisible()).toBe(true);
        const message = (await banner.locator('strong').textContent()) ?? '';
        const code = /^[A-Z_]+/.exec((await banner.locator('.code').textContent()) ?? '')?.[0];
        // Exactly the integration's userMessage for its code (maintenance names its end).
        const endsAt = /until (\d{4}-\d\d-\d\dT?[\d: ]+(?:UTC|Z))\. Try again after that\.$/.exec(
          message,
        )?.[1];
        expect(message).toBe(
          new PlmIntegrationError({
            code: code as PlmIntegrationErrorCode,
            ...(endsAt === undefined ? {} : { maintenanceEndsAt: endsAt }),
          }).userMessage,
        );
        expectNoUpstreamText((await page.textContent('body')) ?? '', strict);
        expect(await count()).toBe(before);
        // The model list could not be read either, yet the chosen model stays chosen.
        expect(await page.inputValue('#modelId')).toBe('M-1004');
        expect(await page.textContent('form.filters button[type=submit]')).toBe('Try again');
        await saveScreenshot(page, 'work-order-create-outage-no-fallback');

        // Opening the form afresh during the outage: the same kind of message, no upstream text.
        const fresh = await context.newPage();
        await fresh.goto(`${strict.server.url}/work-orders/new?modelId=M-1005`);
        expect(await fresh.locator('.banner.error[role=alert] strong').isVisible()).toBe(true);
        expect(await fresh.inputValue('#modelId')).toBe('M-1005');
        expectNoUpstreamText((await fresh.textContent('body')) ?? '', strict);
        await saveScreenshot(fresh, 'work-order-form-outage-no-fallback');
        await fresh.close();
      } finally {
        strict.mock.faults.clear();
      }
      // PLM is back (and the circuit the failures opened may probe again): "Try again" resumes
      // with what was entered, and the order goes through with PLM data.
      await strict.clock.advance(31_000);
      await page.click('form.filters button[type=submit]');
      await page.waitForURL(/\/work-orders\/new\?modelId=M-1004/);
      expect(await page.getAttribute('form.filters .source', 'data-source')).toBe('plm');
      expect(await page.inputValue('#quantity')).toBe('2');
      expect(await page.inputValue('#dueDate')).toBe('2027-03-01');
      await page.click('form[action="/work-orders"] button[type=submit]');
      await page.waitForURL(/\/work-orders\/WO-\d{6}\?done=created$/);
      expect(await page.getAttribute('.card .source', 'data-source')).toBe('plm');
      expect(await count()).toBe(before + 1);
    });
  });
});
