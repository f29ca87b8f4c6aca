import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import {
  CHROMIUM_PATH,
  chromiumAvailable as available,
  launchChromium as launch,
} from '../../../../test-support/chromium.js';

/** The host's browser tests: the repository's one Chromium launcher, with the host's artefacts. */
export { CHROMIUM_PATH };

/** Where the browser tests save their screenshots (gitignored `test-artifacts/`; look at them). */
export const BROWSER_ARTIFACTS = fileURLToPath(
  new URL('../../test-artifacts/browser/', import.meta.url),
);

/**
 * Whether `suite` can run in Chromium: throws under `CI=true` without it, else warns and skips.
 *
 * @example
 * ```ts
 * describe.skipIf(!chromiumAvailable('work-order pages'))('work-order pages in Chromium', () => {});
 * ```
 */
export const chromiumAvailable = (suite: string): boolean => available(`[mrp-host] ${suite}`);

/** Launches headless Chromium and makes sure {@link BROWSER_ARTIFACTS} exists. */
export const launchChromium = (): Promise<Browser> => launch(BROWSER_ARTIFACTS);

/** Saves a full-page screenshot as `<name>.png` in {@link BROWSER_ARTIFACTS}. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${BROWSER_ARTIFACTS}${name}.png`, fullPage: true });
}
