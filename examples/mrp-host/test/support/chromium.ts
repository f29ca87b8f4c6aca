import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The host's browser tests drive Debian's Chromium (never a downloaded build) through
 * playwright-core. `CHROMIUM_PATH` points elsewhere when it lives elsewhere.
 */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Where the browser tests save their screenshots (gitignored `test-artifacts/`; look at them). */
export const BROWSER_ARTIFACTS = fileURLToPath(
  new URL('../../test-artifacts/browser/', import.meta.url),
);

/**
 * Whether `suite` can run in Chromium. Without Chromium it throws under `CI=true` (a browser test
 * CI cannot run is a failure, not a pass) and otherwise says why the suite is skipped.
 *
 * @example
 * ```ts
 * describe.skipIf(!chromiumAvailable('work-order pages'))('work-order pages in Chromium', () => {});
 * ```
 */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env['CI'] === 'true') {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH} (CI=true): ${suite} cannot run`);
  }
  console.warn(
    `[mrp-host] ${suite} skipped: Chromium is missing at ${CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH)`,
  );
  return false;
}

/**
 * Launches headless Chromium with the sandbox and every background service off (no update,
 * sync or network chatter of its own: the tests see only the host's traffic), and makes sure
 * {@link BROWSER_ARTIFACTS} exists. One launch per test file; a fresh context per test.
 */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
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
}

/** Saves a full-page screenshot as `<name>.png` in {@link BROWSER_ARTIFACTS}. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${BROWSER_ARTIFACTS}${name}.png`, fullPage: true });
}
