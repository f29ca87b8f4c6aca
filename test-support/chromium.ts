/**
 * The one way this repository's browser tests start Chromium: Debian's build (never a downloaded
 * one) through playwright-core, headless, with the sandbox and every background service off (no
 * update, sync or network chatter of its own: a test sees only its own traffic). Test code only,
 * shared by the packages' and the examples' browser tests; nothing published imports it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere when it lives elsewhere. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The flags every launch uses. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Whether a browser suite can run. Without Chromium it throws under `CI=true` (a browser test CI
 * cannot run is a failure, not a pass) and otherwise warns, naming the suite, why it is skipped.
 *
 * @example
 * ```ts
 * describe.skipIf(!chromiumAvailable('[mrp-host] work-order pages'))('work-order pages', () => {});
 * ```
 */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env['CI'] === 'true') {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH} (CI=true): ${suite} cannot run`);
  }
  console.warn(
    `${suite} skipped: Chromium is missing at ${CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH)`,
  );
  return false;
}

/**
 * Launches headless Chromium; creates `artifactsDir` (where the caller saves screenshots) first
 * when one is given. One launch per test file; a fresh context per test.
 */
export async function launchChromium(artifactsDir?: string): Promise<Browser> {
  if (artifactsDir !== undefined) mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}
